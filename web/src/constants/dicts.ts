/** Code lists shared by search forms, edit forms and table cells. */
import type { OrgType, Role } from '@/api/auth'
import type { CertLevel, ExamMode, PassCondition } from '@/api/certificates'
import type { PlanMode, PlanPhase, PlanStatus } from '@/api/plans'
import type { SiteStatus } from '@/api/sites'
import type { StudentType } from '@/api/students'
import type { PaymentMode, PaymentStatus } from '@/api/payments'
import type { RoomStatus, RoomType } from '@/api/rooms'

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

export const STUDENT_TYPE_OPTIONS: Option<StudentType>[] = [
  { label: '院校考生', value: '院校考生' },
  { label: '社会考生', value: '社会考生' },
]

export const GENDER_OPTIONS: Option<string>[] = [
  { label: '男', value: '男' },
  { label: '女', value: '女' },
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

export const PLAN_MODE_OPTIONS: Option<PlanMode>[] = [
  { label: '按证书报考', value: 'certificate' },
  { label: '按科目报考', value: 'subject' },
]

export const PLAN_STATUS_OPTIONS: Option<PlanStatus>[] = [
  { label: '草稿', value: 'draft' },
  { label: '已发布', value: 'published' },
  { label: '已取消', value: 'cancelled' },
]

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** Colour of each plan phase: grey before and after, blue while registering, orange while arranging and examining. */
export const PLAN_PHASE_TAG: Record<PlanPhase, TagType> = {
  draft: 'info',
  cancelled: 'danger',
  upcoming: 'info',
  registration: 'primary',
  arranging: 'warning',
  examining: 'warning',
  scoring: 'success',
  publicity: 'success',
  finished: 'info',
}

export const SITE_STATUS_OPTIONS: Option<SiteStatus>[] = [
  { label: '待审核', value: 'pending' },
  { label: '已通过', value: 'approved' },
  { label: '已退回', value: 'returned' },
]

export const SITE_STATUS_TAG: Record<SiteStatus, TagType> = {
  pending: 'warning',
  approved: 'success',
  returned: 'danger',
}

export const PAYMENT_MODE_OPTIONS: Option<PaymentMode>[] = [
  { label: '按证书缴费', value: 'certificate' },
  { label: '按科目缴费', value: 'subject' },
]

export const PAYMENT_STATUS_OPTIONS: Option<PaymentStatus>[] = [
  { label: '待确认', value: 'pending' },
  { label: '已确认', value: 'confirmed' },
]
export const ROOM_TYPE_OPTIONS: Option<RoomType>[] = [
  { label: '笔试', value: '笔试' },
  { label: '机考', value: '机考' },
  { label: '实操', value: '实操' },
  { label: '笔试+实操', value: '笔试+实操' },
  { label: '机考+实操', value: '机考+实操' },
]

export const ROOM_STATUS_OPTIONS: Option<RoomStatus>[] = [
  { label: '未排考', value: 'unarranged' },
  { label: '排考中', value: 'arranging' },
  { label: '已结束', value: 'finished' },
]

export const ROOM_STATUS_TAG: Record<RoomStatus, TagType> = {
  unarranged: 'info',
  arranging: 'warning',
  finished: 'success',
}
