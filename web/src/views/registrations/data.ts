import { computed } from 'vue'
import type { SearchField, TableColumn } from '@/components/schema'
import { collegeOptions, loadPlanCollegeOptions, planOptions } from '@/composables/usePlanCollegeOptions'
import type { Registration, RegistrationStatus } from '@/api/registrations'
import type { Id } from '@/api/types'
import type { Option } from '@/constants/dicts'
import { useSessionStore } from '@/stores/session'

export const canEdit = () => useSessionStore().hasPerm('registration:edit')
/** Organisations and administrators look across colleges. */
export const seesColleges = () => !canEdit()

export const STATUS_OPTIONS: Option<RegistrationStatus>[] = [
  { label: '未排考', value: 'unarranged' },
  { label: '待考试', value: 'waiting' },
  { label: '考试中', value: 'ongoing' },
  { label: '已结束', value: 'finished' },
]

const STATUS_TAG: Record<RegistrationStatus, 'info' | 'warning' | 'success' | 'primary'> = {
  unarranged: 'info',
  waiting: 'warning',
  ongoing: 'success',
  finished: 'primary',
}

export const PAID_OPTIONS: Option<string>[] = [
  { label: '未缴费', value: '0' },
  { label: '已缴费', value: '1' },
]

export const loadFilterOptions = () => loadPlanCollegeOptions(seesColleges())

// ---------------------------------------------------------------- list

export interface RegistrationSearch {
  planId: Id | ''
  collegeId: Id | ''
  name: string
  studentNo: string
  idNumber: string
  status: RegistrationStatus | ''
  paid: '0' | '1' | ''
}

export const searchDefaults = (): RegistrationSearch => ({
  planId: '',
  collegeId: '',
  name: '',
  studentNo: '',
  idNumber: '',
  status: '',
  paid: '',
})

export const searchFields: SearchField[] = [
  { prop: 'planId', label: '考试计划', type: 'select', options: computed(() => planOptions.value), width: '240px' },
  {
    prop: 'collegeId',
    label: '所属院校',
    type: 'select',
    options: computed(() => collegeOptions.value),
    width: '200px',
    visible: seesColleges,
  },
  { prop: 'name', label: '考生姓名', type: 'input', width: '140px' },
  { prop: 'studentNo', label: '考生编号', type: 'input', width: '180px' },
  { prop: 'idNumber', label: '身份证号', type: 'input', width: '200px' },
  { prop: 'status', label: '考试状态', type: 'select', options: STATUS_OPTIONS, width: '130px' },
  { prop: 'paid', label: '缴费状态', type: 'select', options: PAID_OPTIONS, width: '130px' },
]

export const columns: TableColumn<Registration>[] = [
  { label: '考试计划', prop: 'planName', minWidth: 180 },
  { label: '考生姓名', prop: 'studentName', minWidth: 84 },
  { label: '考生编号', prop: 'studentNo', minWidth: 140 },
  { label: '身份证号', prop: 'idNumber', width: 172 },
  { label: '考生类型', prop: 'studentType', width: 90 },
  { label: '所属院校', prop: 'collegeName', minWidth: 120 },
  { label: '所属考点', prop: 'siteName', minWidth: 160 },
  { label: '准考证号', prop: 'ticketNo', minWidth: 200 },
  { label: '证书等级', prop: 'levelName', minWidth: 220 },
  { label: '报考科目', prop: 'subjectName', minWidth: 150 },
  { label: '考试方式', prop: 'examMode', width: 96 },
  { label: '考核单位', prop: 'orgName', minWidth: 180 },
  // The two states stay in view beside 操作 however wide the row (a dozen columns scroll).
  {
    label: '考试状态',
    width: 90,
    align: 'center',
    fixed: 'right',
    tag: (row) => ({ text: row.statusName, type: STATUS_TAG[row.status] }),
  },
  {
    label: '缴费状态',
    width: 90,
    align: 'center',
    fixed: 'right',
    tag: (row) => ({ text: row.paidName, type: row.paid ? 'success' : 'info' }),
  },
  { label: '操作', slot: 'actions', width: 80, fixed: 'right', align: 'center', tooltip: false, visible: canEdit },
]

/** REG-4 as the page shows it before asking the server: why a row cannot be deleted, or ''. */
export function whyKept(row: Registration): string {
  if (row.status !== 'unarranged') return '已排考的报考不能删除'
  if (row.paid) return '已缴费的报考不能删除'
  if (row.inApplication) return '已在缴费申请单中的报考不能删除'
  return ''
}
