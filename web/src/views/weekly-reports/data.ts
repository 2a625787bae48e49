import { ref } from 'vue'
import type { Option, SearchField, TableColumn } from '@/components/schema'
import type { Period, WeeklyReport, WeeklyStatus } from '@/api/weeklyReports'
import type { Id } from '@/api/types'
import { orEmpty } from '@/utils/format'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** The list's state buttons, in the seed's order. */
export const STATUS_BUTTONS: { value: WeeklyStatus | ''; label: string; count: 'all' | WeeklyStatus }[] = [
  { value: '', label: '全部', count: 'all' },
  { value: 'draft', label: '未提交', count: 'draft' },
  { value: 'pending', label: '待审核', count: 'pending' },
  { value: 'approved', label: '审核通过', count: 'approved' },
  { value: 'returned', label: '审核退回', count: 'returned' },
]

export const STATUS_OPTIONS: Option<WeeklyStatus>[] = STATUS_BUTTONS.filter((b) => b.value !== '').map((b) => ({
  label: b.label,
  value: b.value as WeeklyStatus,
}))

export const STATUS_TAG: Record<WeeklyStatus | 'none', TagType> = {
  none: 'info',
  draft: 'info',
  pending: 'warning',
  approved: 'success',
  returned: 'danger',
}

/** 2021-09-06 → 「2021年09月 第二周（09-06 至 09-12）」 for the period selects. */
export function periodOption(p: Period): Option<string> {
  return { label: `${p.label}（${p.start.slice(5)} 至 ${p.end.slice(5)}）`, value: p.key }
}

/** Filled by the pages from the periods of the province. */
export const periodOptions = ref<Option<string>[]>([])
/** Filled by the review page from the colleges of the province. */
export const collegeOptions = ref<Option<Id>[]>([])

export interface WeeklySearch {
  status: WeeklyStatus | ''
  period: string
  dates: string[]
  collegeId: Id | ''
}

export const searchDefaults = (): WeeklySearch => ({ status: '', period: '', dates: [], collegeId: '' })

/** The date range becomes from/to (periods that overlap it). */
export function toFilter(form: WeeklySearch) {
  return {
    status: form.status,
    period: form.period,
    from: form.dates?.[0] ?? '',
    to: form.dates?.[1] ?? '',
    collegeId: form.collegeId,
  }
}

export const collegeSearchFields: SearchField[] = [
  { prop: 'period', label: '周报周期', type: 'select', options: periodOptions, width: '300px' },
  { prop: 'dates', label: '周期日期', type: 'daterange' },
]

export const provinceSearchFields: SearchField[] = [
  { prop: 'period', label: '周报周期', type: 'select', options: periodOptions, width: '300px' },
  { prop: 'collegeId', label: '院校', type: 'select', options: collegeOptions, width: '200px' },
  { prop: 'status', label: '状态', type: 'select', options: STATUS_OPTIONS, width: '130px' },
  { prop: 'dates', label: '周期日期', type: 'daterange' },
]

const statusColumn: TableColumn<WeeklyReport> = {
  label: '状态',
  prop: 'statusName',
  width: 100,
  align: 'center',
  tag: (row) => ({ text: row.statusName, type: STATUS_TAG[row.status] }),
}

export const collegeColumns: TableColumn<WeeklyReport>[] = [
  { label: '周报周期', prop: 'periodLabel', minWidth: 160 },
  { label: '周期日期', minWidth: 190, formatter: (r) => `${r.period.start} 至 ${r.period.end}` },
  { label: '工作进展', prop: 'progress', minWidth: 220 },
  { label: '提交时间', minWidth: 160, formatter: (r) => orEmpty(r.submittedAt) },
  statusColumn,
  { label: '操作', slot: 'actions', width: 260, fixed: 'right', align: 'center', tooltip: false },
]

export const provinceColumns: TableColumn<WeeklyReport>[] = [
  { label: '周报周期', prop: 'periodLabel', minWidth: 160 },
  { label: '提交院校', prop: 'collegeName', minWidth: 160 },
  { label: '院校类型', prop: 'collegeType', width: 100 },
  { label: '工作进展', prop: 'progress', minWidth: 200 },
  { label: '提交时间', minWidth: 160, formatter: (r) => orEmpty(r.submittedAt) },
  statusColumn,
  { label: '操作', slot: 'actions', width: 180, fixed: 'right', align: 'center', tooltip: false },
]

/** 1536 → 1.5 KB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
