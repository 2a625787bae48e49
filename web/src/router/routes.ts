import type { RouteRecordRaw } from 'vue-router'
import MainLayout from '@/layouts/MainLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title, also used by the menu and the breadcrumb. */
    title?: string
    /** Reachable without a session. */
    public?: boolean
    /** Permission needed to open the page; the same string the server checks. */
    perm?: string
    /** Breadcrumb parent shown before the title. */
    group?: string
    /** Side-menu entry to highlight when the page itself has none (e.g. an edit page). */
    menu?: string
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/verify',
    name: 'verify',
    component: () => import('@/views/verify/VerifyView.vue'),
    meta: { title: '准考证校验', public: true },
  },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('@/views/change-password/ChangePasswordView.vue'),
    meta: { title: '修改密码' },
  },
  {
    path: '/checkin/:id(\\d+)',
    name: 'checkin',
    component: () => import('@/views/checkin/CheckinView.vue'),
    meta: { title: '考场签到', perm: 'teacher:self' },
  },
  {
    path: '/',
    component: MainLayout,
    children: [
      {
        path: '',
        name: 'dashboard',
        component: () => import('@/views/dashboard/DashboardView.vue'),
        meta: { title: '首页', perm: 'dashboard:view' },
      },
      {
        path: 'certificates',
        name: 'certificates',
        component: () => import('@/views/certificates/CertificatesView.vue'),
        meta: { title: '证书信息管理', perm: 'cert:view', group: '证书管理' },
      },
      {
        path: 'certificates/new',
        name: 'certificate-create',
        component: () => import('@/views/certificates/CertificateFormView.vue'),
        meta: { title: '新增证书', perm: 'cert:edit', group: '证书管理', menu: '/certificates' },
      },
      {
        path: 'certificates/:id/edit',
        name: 'certificate-edit',
        component: () => import('@/views/certificates/CertificateFormView.vue'),
        meta: { title: '编辑证书', perm: 'cert:edit', group: '证书管理', menu: '/certificates' },
      },
      {
        path: 'plans',
        name: 'plans',
        component: () => import('@/views/plans/PlansView.vue'),
        meta: { title: '考试计划', perm: 'plan:view', group: '考务管理' },
      },
      {
        path: 'plans/new',
        name: 'plan-create',
        component: () => import('@/views/plans/PlanFormView.vue'),
        meta: { title: '新增考试计划', perm: 'plan:edit', group: '考务管理', menu: '/plans' },
      },
      {
        path: 'plans/:id/edit',
        name: 'plan-edit',
        component: () => import('@/views/plans/PlanFormView.vue'),
        meta: { title: '编辑考试计划', perm: 'plan:edit', group: '考务管理', menu: '/plans' },
      },
      {
        path: 'sites',
        name: 'sites',
        component: () => import('@/views/sites/SitesView.vue'),
        meta: { title: '考核站点', perm: 'site:view', group: '考务管理' },
      },
      {
        path: 'students',
        name: 'students',
        component: () => import('@/views/students/StudentsView.vue'),
        meta: { title: '考生管理', perm: 'student:view', group: '考务管理' },
      },
      {
        path: 'rooms',
        name: 'rooms',
        component: () => import('@/views/rooms/RoomsView.vue'),
        meta: { title: '考场管理', perm: 'room:view', group: '考务管理' },
      },
      {
        path: 'invigilators',
        name: 'invigilators',
        component: () => import('@/views/invigilators/InvigilatorsView.vue'),
        meta: { title: '监考人员', perm: 'invigilator:edit', group: '考务管理' },
      },
      {
        path: 'invigilators/review',
        name: 'invigilator-review',
        component: () => import('@/views/invigilators/InvigilatorsView.vue'),
        meta: { title: '监考人员认证', perm: 'invigilator:certify', group: '考务管理' },
      },
      {
        path: 'registrations',
        name: 'registrations',
        component: () => import('@/views/registrations/RegistrationsView.vue'),
        meta: { title: '报考管理', perm: 'registration:view', group: '考务管理' },
      },
      {
        path: 'payments',
        name: 'payments',
        component: () => import('@/views/payments/PaymentsView.vue'),
        meta: { title: '缴费管理', perm: 'payment:view', group: '考务管理' },
      },
      {
        path: 'arranging',
        name: 'arranging',
        component: () => import('@/views/arrangements/SubjectArrangementsView.vue'),
        meta: { title: '排考管理', perm: 'arrangement:run', group: '考务管理' },
      },
      {
        path: 'arrangement-subjects',
        name: 'arrangement-subjects',
        component: () => import('@/views/arrangements/SubjectArrangementsView.vue'),
        meta: { title: '考核站点编排', perm: 'arrangement:track', group: '考务管理' },
      },
      {
        path: 'room-slots',
        name: 'room-slots',
        component: () => import('@/views/arrangements/RoomSlotsView.vue'),
        meta: { title: '考场编排', perm: 'arrangement:view', group: '考务管理' },
      },
      {
        path: 'arrangements',
        name: 'arrangements',
        component: () => import('@/views/arrangements/ArrangementDetailsView.vue'),
        meta: { title: '排考明细', perm: 'arrangement:view', group: '考务管理' },
      },
      {
        path: 'my/exams',
        name: 'my-exams',
        component: () => import('@/views/my/MyExamsView.vue'),
        meta: { title: '我的考试', perm: 'exam:self', group: '考务管理' },
      },
      {
        path: 'scores',
        name: 'scores',
        component: () => import('@/views/scores/ScoresView.vue'),
        meta: { title: '科目成绩', perm: 'score:view', group: '考务管理' },
      },
      {
        path: 'results',
        name: 'results',
        component: () => import('@/views/results/ResultsView.vue'),
        meta: { title: '考证结果', perm: 'result:view', group: '考务管理' },
      },
      {
        path: 'my/scores',
        name: 'my-scores',
        component: () => import('@/views/my/MyScoresView.vue'),
        meta: { title: '我的成绩', perm: 'exam:self', group: '考务管理' },
      },
      {
        path: 'weekly-reports',
        name: 'weekly-reports',
        component: () => import('@/views/weekly-reports/WeeklyReportsView.vue'),
        meta: { title: '提交周报', perm: 'weekly:edit', group: '周报管理' },
      },
      {
        path: 'weekly-reports/new',
        name: 'weekly-report-create',
        component: () => import('@/views/weekly-reports/WeeklyReportFormView.vue'),
        meta: { title: '提交周报', perm: 'weekly:edit', group: '周报管理', menu: '/weekly-reports' },
      },
      {
        path: 'weekly-reports/:id/edit',
        name: 'weekly-report-edit',
        component: () => import('@/views/weekly-reports/WeeklyReportFormView.vue'),
        meta: { title: '编辑周报', perm: 'weekly:edit', group: '周报管理', menu: '/weekly-reports' },
      },
      {
        path: 'weekly-reports/review',
        name: 'weekly-review',
        component: () => import('@/views/weekly-reports/WeeklyReviewView.vue'),
        meta: { title: '周报审核', perm: 'weekly:review', group: '周报管理' },
      },
      {
        path: 'weekly-reports/overview',
        name: 'weekly-overview',
        component: () => import('@/views/weekly-reports/WeeklyOverviewView.vue'),
        meta: { title: '提交情况', perm: 'weekly:review', group: '周报管理' },
      },
      {
        path: 'weekly-reports/:id(\\d+)',
        name: 'weekly-report-view',
        component: () => import('@/views/weekly-reports/WeeklyReportDetailView.vue'),
        meta: { title: '查看周报', perm: 'weekly:view', group: '周报管理' },
      },
      {
        path: 'teachers',
        name: 'teachers',
        component: () => import('@/views/teachers/TeachersView.vue'),
        meta: { title: '教师管理', perm: 'teacher:view', group: '师资管理' },
      },
      {
        path: 'sms-messages',
        name: 'sms-messages',
        component: () => import('@/views/sms/SmsMessagesView.vue'),
        meta: { title: '短信记录', perm: 'sms:view', group: '师资管理' },
      },
      {
        path: 'my/teacher',
        name: 'my-teacher',
        component: () => import('@/views/my/MyTeacherView.vue'),
        meta: { title: '我的资料', perm: 'teacher:self', group: '师资培训门户' },
      },
      {
        path: 'system/organizations',
        name: 'organizations',
        component: () => import('@/views/system/organizations/OrganizationsView.vue'),
        meta: { title: '机构管理', perm: 'org:view', group: '系统管理' },
      },
      {
        path: 'system/accounts',
        name: 'accounts',
        component: () => import('@/views/system/accounts/AccountsView.vue'),
        meta: { title: '账号管理', perm: 'account:view', group: '系统管理' },
      },
      {
        path: 'system/audit',
        name: 'audit',
        component: () => import('@/views/system/audit/AuditView.vue'),
        meta: { title: '审计日志', perm: 'audit:view', group: '系统管理' },
      },
      {
        path: '403',
        name: 'forbidden',
        component: () => import('@/views/error/ForbiddenView.vue'),
        meta: { title: '无权访问' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/error/NotFoundView.vue'),
        meta: { title: '页面不存在' },
      },
    ],
  },
]
