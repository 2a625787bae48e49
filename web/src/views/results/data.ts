import { ref } from 'vue'
import type { Option, SearchField, TableColumn } from '@/components/schema'
import type { CertResult, IssueState, ResultStatus } from '@/api/results'
import type { Id } from '@/api/types'

export const RESULT_STATUS_OPTIONS: Option[] = [
  { label: '考核中', value: 'pending' },
  { label: '已通过', value: 'passed' },
  { label: '未通过', value: 'failed' },
  { label: '缺考', value: 'absent' },
]
export const RESULT_STATUS_TAG: Record<ResultStatus, 'info' | 'warning' | 'danger' | 'success'> = {
  pending: 'info',
  passed: 'success',
  failed: 'danger',
  absent: 'warning',
}
export const ISSUE_OPTIONS: Option[] = [
  { label: '待签发', value: 'none' },
  { label: '待站点确认', value: 'signed' },
  { label: '已发证', value: 'issued' },
  { label: '已退回', value: 'returned' },
]
export const ISSUE_TAG: Record<IssueState, 'info' | 'warning' | 'primary' | 'success'> = {
  none: 'info',
  signed: 'primary',
  issued: 'success',
  returned: 'warning',
}

export interface ResultSearch {
  planId: Id | ''
  certificateId: Id | ''
  studentName: string
  studentNo: string
  status: ResultStatus | ''
  issue: IssueState | ''
}
export const searchDefaults = (): ResultSearch => ({
  planId: '',
  certificateId: '',
  studentName: '',
  studentNo: '',
  status: '',
  issue: '',
})

export const planOptions = ref<Option[]>([])
export const certificateOptions = ref<Option[]>([])

export const searchFields: SearchField[] = [
  { prop: 'planId', label: '考试计划', type: 'select', options: planOptions, width: '240px' },
  { prop: 'certificateId', label: '报考证书', type: 'select', options: certificateOptions, width: '220px' },
  { prop: 'studentName', label: '考生姓名', type: 'input', width: '140px' },
  { prop: 'studentNo', label: '考生编号', type: 'input', width: '200px' },
  { prop: 'status', label: '考核状态', type: 'select', options: RESULT_STATUS_OPTIONS, width: '120px' },
  { prop: 'issue', label: '发证状态', type: 'select', options: ISSUE_OPTIONS, width: '130px' },
]

export const columns: TableColumn<CertResult>[] = [
  { label: '考试计划', prop: 'planName', minWidth: 200 },
  { label: '考生姓名', prop: 'studentName', width: 100 },
  { label: '考生编号', prop: 'studentNo', minWidth: 200 },
  { label: '身份证号', prop: 'idNumber', minWidth: 170 },
  { label: '学生类型', prop: 'studentType', width: 90 },
  { label: '所属院校', prop: 'collegeName', minWidth: 130 },
  { label: '报考证书', prop: 'certificateName', minWidth: 200 },
  { label: '证书等级', prop: 'level', width: 80 },
  { label: '考核单位', prop: 'orgName', minWidth: 180 },
  { label: '通过条件', prop: 'condition', minWidth: 120 },
  {
    label: '考核状态',
    prop: 'statusName',
    width: 90,
    align: 'center',
    fixed: 'right',
    tag: (row) => ({ text: row.statusName, type: RESULT_STATUS_TAG[row.status] }),
  },
  {
    label: '发证状态',
    prop: 'issueName',
    width: 100,
    align: 'center',
    fixed: 'right',
    tag: (row) => (row.issueState ? { text: row.issueName, type: ISSUE_TAG[row.issueState] } : { text: '—', type: 'info' }),
  },
  { label: '操作', slot: 'actions', width: 150, fixed: 'right', align: 'center', tooltip: false },
]
