import type { SearchField, TableColumn } from '@/components/schema'
import type { AuditFilter, AuditLog } from '@/api/audit'
import { optionLabel, type Option } from '@/constants/dicts'
import { EMPTY, orEmpty } from '@/utils/format'

/** Common actions; the select also takes any other code the server records. */
export const ACTION_OPTIONS: Option<string>[] = [
  { label: '新增', value: 'create' },
  { label: '修改', value: 'update' },
  { label: '删除', value: 'delete' },
  { label: '登录', value: 'login' },
  { label: '登录失败', value: 'login_failed' },
  { label: '退出登录', value: 'logout' },
  { label: '修改密码', value: 'change_password' },
  { label: '重置密码', value: 'reset_password' },
  { label: '解锁', value: 'unlock' },
  { label: '启用', value: 'enable' },
  { label: '停用', value: 'disable' },
  { label: '导入', value: 'import' },
  { label: '导出', value: 'export' },
  { label: '发布', value: 'publish' },
  { label: '审核通过', value: 'approve' },
  { label: '退回', value: 'return' },
  { label: '确认缴费', value: 'confirm' },
  { label: '提交', value: 'submit' },
  { label: '撤回', value: 'withdraw' },
  { label: '取消', value: 'cancel' },
  { label: '设置系统时间', value: 'set_clock' },
]

export const ENTITY_OPTIONS: Option<string>[] = [
  { label: '机构', value: 'organization' },
  { label: '账号', value: 'account' },
  { label: '任务', value: 'job' },
  { label: '证书', value: 'certificate' },
  { label: '考试计划', value: 'plan' },
  { label: '考核站点', value: 'site' },
  { label: '考生', value: 'student' },
  { label: '考场', value: 'room' },
  { label: '报考', value: 'registration' },
  { label: '缴费申请', value: 'payment' },
  { label: '监考人员', value: 'invigilator' },
  { label: '教师', value: 'teacher' },
  { label: '考场签到', value: 'checkin' },
  { label: '周报', value: 'weekly_report' },
  { label: '系统', value: 'system' },
]

export function actionText(row: AuditLog): string {
  return row.actionName || optionLabel(ACTION_OPTIONS, row.action)
}

/** The business object as the server names it (考生 王小二 (202600070000002)). */
export function entityText(row: AuditLog): string {
  if (row.object) return row.object
  const name = row.entityName || optionLabel(ENTITY_OPTIONS, row.entity)
  return row.entityId === null || row.entityId === undefined || row.entityId === '' ? name : `${name} #${row.entityId}`
}

export function operatorText(row: AuditLog): string {
  if (!row.username && !row.displayName) return EMPTY
  if (row.username && row.displayName && row.displayName !== row.username) return `${row.username}（${row.displayName}）`
  return row.username || row.displayName || EMPTY
}

export interface AuditSearch {
  keyword: string
  action: string
  entity: string
  range: [string, string] | null
}

export const searchDefaults = (): AuditSearch => ({ keyword: '', action: '', entity: '', range: null })

export function toFilter(form: AuditSearch): AuditFilter {
  return {
    keyword: form.keyword.trim(),
    action: form.action,
    entity: form.entity,
    from: form.range?.[0],
    to: form.range?.[1],
  }
}

export const searchFields: SearchField[] = [
  { prop: 'keyword', label: '关键字', type: 'input', placeholder: '操作人、对象或摘要' },
  { prop: 'action', label: '操作类型', type: 'select', options: ACTION_OPTIONS, allowCreate: true, width: '150px' },
  { prop: 'entity', label: '对象类型', type: 'select', options: ENTITY_OPTIONS, allowCreate: true, width: '150px' },
  { prop: 'range', label: '时间范围', type: 'datetimerange' },
]

export const columns: TableColumn<AuditLog>[] = [
  { label: '时间', prop: 'at', width: 170 },
  { label: '操作人', minWidth: 150, formatter: operatorText },
  { label: '角色', prop: 'roleName', width: 130 },
  { label: '所属机构', prop: 'orgName', minWidth: 160 },
  { label: '操作', width: 100, formatter: actionText },
  { label: '对象', minWidth: 200, formatter: entityText },
  { label: '摘要', prop: 'summary', minWidth: 240, formatter: (row) => orEmpty(row.summary) },
  { label: 'IP', prop: 'ip', width: 130 },
  { label: '详情', slot: 'actions', width: 80, fixed: 'right', align: 'center' },
]
