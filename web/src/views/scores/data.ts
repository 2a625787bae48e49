import { ref } from 'vue'
import type { Option, SearchField, TableColumn } from '@/components/schema'
import type { Score, ScoreState } from '@/api/scores'
import type { Id } from '@/api/types'
import { useSessionStore } from '@/stores/session'

export const canEnter = () => useSessionStore().hasPerm('score:edit')

export const SCORE_STATE_OPTIONS: Option[] = [
  { label: '未登记', value: 'missing' },
  { label: '已登记', value: 'entered' },
  { label: '公示中', value: 'publicity' },
  { label: '已锁定', value: 'locked' },
]

export const SCORE_STATE_TAG: Record<ScoreState, 'info' | 'warning' | 'primary' | 'success'> = {
  missing: 'warning',
  entered: 'primary',
  publicity: 'success',
  locked: 'info',
  unpublished: 'info',
}

export interface ScoreSearch {
  planId: Id | ''
  certificateId: Id | ''
  subjectId: Id | ''
  studentName: string
  studentNo: string
  state: ScoreState | ''
}
export const searchDefaults = (): ScoreSearch => ({
  planId: '',
  certificateId: '',
  subjectId: '',
  studentName: '',
  studentNo: '',
  state: '',
})

/** Filled by the page: the plans and certificates the user sees, the chosen plan's subjects. */
export const planOptions = ref<Option[]>([])
export const certificateOptions = ref<Option[]>([])
export const subjectOptions = ref<Option[]>([])

export const searchFields: SearchField[] = [
  { prop: 'planId', label: '考试计划', type: 'select', options: planOptions, width: '240px' },
  { prop: 'certificateId', label: '证书', type: 'select', options: certificateOptions, width: '220px' },
  { prop: 'subjectId', label: '科目', type: 'select', options: subjectOptions, width: '200px' },
  { prop: 'studentName', label: '考生姓名', type: 'input', width: '140px' },
  { prop: 'studentNo', label: '考生编号', type: 'input', width: '200px' },
  { prop: 'state', label: '成绩状态', type: 'select', options: SCORE_STATE_OPTIONS, width: '120px' },
]

export const columns: TableColumn<Score>[] = [
  { label: '考试计划', prop: 'planName', minWidth: 200 },
  { label: '考生姓名', prop: 'studentName', width: 100 },
  { label: '考生编号', prop: 'studentNo', minWidth: 200 },
  { label: '证件号码', prop: 'idNumber', minWidth: 170 },
  { label: '准考证号', prop: 'ticketNo', minWidth: 210 },
  { label: '考生类型', prop: 'studentType', width: 90 },
  { label: '所属院校', prop: 'collegeName', minWidth: 130 },
  { label: '科目编号', prop: 'subjectCode', minWidth: 120 },
  { label: '科目名称', prop: 'subjectName', minWidth: 160 },
  { label: '考试方式', prop: 'mode', width: 90 },
  { label: '报考证书', prop: 'certificateName', minWidth: 200 },
  { label: '证书等级', prop: 'level', width: 80 },
  { label: '考核单位', prop: 'orgName', minWidth: 180 },
  { label: '考试通过条件', prop: 'passCondition', minWidth: 120 },
  { label: '成绩', prop: 'scoreText', width: 100, align: 'center', fixed: 'right' },
  {
    label: '成绩状态',
    prop: 'stateName',
    width: 90,
    align: 'center',
    fixed: 'right',
    tag: (row) => ({ text: row.stateName, type: SCORE_STATE_TAG[row.state] }),
  },
  { label: '操作', slot: 'actions', width: 130, fixed: 'right', align: 'center', tooltip: false },
]
