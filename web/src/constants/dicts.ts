/** Code lists shared by search forms, edit forms and table cells. */
import type { OrgType, Role } from '@/api/auth'
import type { CertLevel, ExamMode, PassCondition } from '@/api/certificates'

export interface Option<V = string | number | boolean> {
  label: string
  value: V
}

export const ROLE_OPTIONS: Option<Role>[] = [
  { label: '平台管理员', value: 'admin' },
  { label: '培训评价组织', value: 'org' },
  { label: '试点院校', value: 'college' },
  { label: '省级教育行政部门', value: 'province' },
  { label: '考生', value: 'student' },
  { label: '教师', value: 'teacher' },
]

export const ORG_TYPE_OPTIONS: Option<OrgType>[] = [
  { label: '省级教育行政部门', value: 'province' },
  { label: '培训评价组织', value: 'org' },
  { label: '试点院校', value: 'college' },
  { label: '平台', value: 'platform' },
]

/** Organisation types that can be added from the page; the platform itself exists from the start. */
export const CREATABLE_ORG_TYPE_OPTIONS = ORG_TYPE_OPTIONS.filter((o) => o.value !== 'platform')

/** The kind of organisation an account of each role belongs to. */
export const ROLE_ORG_TYPE: Record<Role, OrgType> = {
  admin: 'platform',
  org: 'org',
  college: 'college',
  student: 'college',
  teacher: 'college',
  province: 'province',
}

export const COLLEGE_TYPE_OPTIONS: Option<string>[] = [
  { label: '本科院校', value: '本科院校' },
  { label: '高职院校', value: '高职院校' },
  { label: '中职学校', value: '中职学校' },
]

export const ENABLED_OPTIONS: Option<boolean>[] = [
  { label: '启用', value: true },
  { label: '停用', value: false },
]

export function optionLabel<V>(options: readonly Option<V>[], value: V | null | undefined): string {
  return options.find((o) => o.value === value)?.label ?? (value == null ? '' : String(value))
}

export const CERT_LEVEL_OPTIONS: Option<CertLevel>[] = [
  { label: '初级', value: '初级' },
  { label: '中级', value: '中级' },
  { label: '高级', value: '高级' },
]

export const EXAM_MODE_OPTIONS: Option<ExamMode>[] = [
  { label: '笔试', value: '笔试' },
  { label: '机考', value: '机考' },
  { label: '实操', value: '实操' },
  { label: '笔试+实操', value: '笔试+实操' },
  { label: '机考+实操', value: '机考+实操' },
]

export const PASS_CONDITION_OPTIONS: Option<PassCondition>[] = [
  { label: '各科成绩合格', value: 'all_subjects' },
  { label: '总分达到分数线', value: 'total' },
]
