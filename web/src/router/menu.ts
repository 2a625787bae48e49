import type { Component } from 'vue'
import { Calendar, House, Medal, Notebook, Setting, User } from '@element-plus/icons-vue'
import type { Router } from 'vue-router'

/** One entry of the side menu: a page (path) or a group of pages (children). */
export interface MenuItem {
  title: string
  icon?: Component
  path?: string
  children?: MenuItem[]
}

/**
 * The side menu. Which entries a user sees follows the `perm` of the page's route, so the menu
 * and the route guard never disagree.
 */
export const MENU: MenuItem[] = [
  { title: '首页', icon: House, path: '/' },
  {
    title: '证书管理',
    icon: Medal,
    children: [{ title: '证书信息管理', path: '/certificates' }],
  },
  {
    title: '考务管理',
    icon: Calendar,
    children: [
      { title: '考试计划', path: '/plans' },
      { title: '考核站点', path: '/sites' },
      { title: '考生管理', path: '/students' },
      { title: '考场管理', path: '/rooms' },
      { title: '监考人员', path: '/invigilators' },
      { title: '监考人员认证', path: '/invigilators/review' },
      { title: '报考管理', path: '/registrations' },
      { title: '缴费管理', path: '/payments' },
      { title: '排考管理', path: '/arranging' },
      { title: '考核站点编排', path: '/arrangement-subjects' },
      { title: '考场编排', path: '/room-slots' },
      { title: '排考明细', path: '/arrangements' },
      { title: '科目成绩', path: '/scores' },
      { title: '考证结果', path: '/results' },
      { title: '我的考试', path: '/my/exams' },
      { title: '我的成绩', path: '/my/scores' },
    ],
  },
  {
    title: '周报管理',
    icon: Notebook,
    children: [
      { title: '提交周报', path: '/weekly-reports' },
      { title: '周报审核', path: '/weekly-reports/review' },
      { title: '提交情况', path: '/weekly-reports/overview' },
    ],
  },
  {
    title: '师资管理',
    icon: User,
    children: [
      { title: '教师管理', path: '/teachers' },
      { title: '短信记录', path: '/sms-messages' },
      { title: '我的资料', path: '/my/teacher' },
    ],
  },
  {
    title: '系统管理',
    icon: Setting,
    children: [
      { title: '机构管理', path: '/system/organizations' },
      { title: '账号管理', path: '/system/accounts' },
      { title: '审计日志', path: '/system/audit' },
    ],
  },
]

/** The menu as one user sees it: pages they may open, groups with at least one such page. */
export function visibleMenu(router: Router, hasPerm: (perm?: string) => boolean, items = MENU): MenuItem[] {
  const result: MenuItem[] = []
  for (const item of items) {
    if (item.children) {
      const children = visibleMenu(router, hasPerm, item.children)
      if (children.length > 0) result.push({ ...item, children })
    } else if (item.path && hasPerm(router.resolve(item.path).meta.perm)) {
      result.push(item)
    }
  }
  return result
}
