import { computed } from 'vue'
import type { SearchField, TableColumn } from '@/components/schema'
import type { Id } from '@/api/types'
import { minuteOf } from '@/utils/format'
import { collegeOptions, loadPlanCollegeOptions, planOptions } from '@/composables/usePlanCollegeOptions'
import type { Payment, PaymentMode, PaymentStatus } from '@/api/payments'
import { PAYMENT_MODE_OPTIONS, PAYMENT_STATUS_OPTIONS } from '@/constants/dicts'
import { useSessionStore } from '@/stores/session'

export const canGenerate = () => useSessionStore().hasPerm('payment:edit')
export const canConfirm = () => useSessionStore().hasPerm('payment:confirm')
const isCollege = () => useSessionStore().account?.role === 'college'

export const loadFilterOptions = () => loadPlanCollegeOptions(!isCollege())

export interface PaymentSearch {
  planId: Id | ''
  collegeId: Id | ''
  number: string
  mode: PaymentMode | ''
  status: PaymentStatus | ''
}

export const searchDefaults = (): PaymentSearch => ({ planId: '', collegeId: '', number: '', mode: '', status: '' })

export const searchFields: SearchField[] = [
  { prop: 'planId', label: '考试计划', type: 'select', options: computed(() => planOptions.value), width: '240px' },
  {
    prop: 'collegeId',
    label: '缴费院校',
    type: 'select',
    options: computed(() => collegeOptions.value),
    width: '200px',
    visible: () => !isCollege(),
  },
  { prop: 'number', label: '缴费单号', type: 'input', width: '160px' },
  { prop: 'mode', label: '缴费方式', type: 'select', options: PAYMENT_MODE_OPTIONS, width: '140px' },
  { prop: 'status', label: '缴费状态', type: 'select', options: PAYMENT_STATUS_OPTIONS, width: '120px' },
]

export const columns: TableColumn<Payment>[] = [
  { label: '缴费单号', prop: 'number', width: 120 },
  { label: '缴费院校', prop: 'collegeName', minWidth: 140, visible: () => !isCollege() },
  { label: '考试计划', prop: 'planName', minWidth: 180 },
  { label: '考核证书', prop: 'certificateName', minWidth: 180 },
  { label: '缴费人数', prop: 'headCount', width: 90, align: 'right' },
  { label: '金额（元）', prop: 'amount', width: 110, align: 'right' },
  { label: '申请时间', prop: 'appliedAt', width: 140, formatter: (row) => minuteOf(row.appliedAt) },
  { label: '收费对象', prop: 'payeeName', minWidth: 160 },
  { label: '缴费方式', prop: 'modeName', width: 100 },
  {
    label: '缴费状态',
    prop: 'statusName',
    width: 90,
    fixed: 'right',
    tag: (row) => ({ text: row.statusName, type: row.status === 'confirmed' ? 'success' : 'warning' }),
  },
  { label: '操作', slot: 'actions', width: 220, fixed: 'right', align: 'center', tooltip: false },
]
