import { ref } from 'vue'
import type { Option, SearchField, TableColumn } from '@/components/schema'
import type { ArrangementDetail, ArrangementSubject, RoomSlot, SubjectState } from '@/api/arrangements'
import type { Id } from '@/api/types'

export const SUBJECT_STATE_OPTIONS: Option[] = [
  { label: '未开始', value: 'not_started' },
  { label: '未排考', value: 'unarranged' },
  { label: '排考中', value: 'arranging' },
  { label: '已排完', value: 'arranged' },
  { label: '已结束', value: 'ended' },
]

export const SUBJECT_STATE_TAG: Record<SubjectState, 'info' | 'warning' | 'primary' | 'success'> = {
  not_started: 'info',
  unarranged: 'warning',
  arranging: 'primary',
  arranged: 'success',
  ended: 'info',
}

/** Filled by the pages from the plans the user can see. */
export const planOptions = ref<Option[]>([])

export interface SubjectSearch {
  planId: Id | ''
  keyword: string
  state: SubjectState | ''
}
export const subjectDefaults = (): SubjectSearch => ({ planId: '', keyword: '', state: '' })
export const subjectSearchFields: SearchField[] = [
  { prop: 'planId', label: '考试计划', type: 'select', options: planOptions, width: '260px' },
  { prop: 'keyword', label: '科目', type: 'input', placeholder: '科目名称或编号', width: '180px' },
  { prop: 'state', label: '状态', type: 'select', options: SUBJECT_STATE_OPTIONS, width: '120px' },
]
export const subjectColumns: TableColumn<ArrangementSubject>[] = [
  { label: '考试计划', prop: 'planName', minWidth: 200 },
  { label: '科目编号', prop: 'subjectCode', width: 120 },
  { label: '科目名称', prop: 'subjectName', minWidth: 150 },
  { label: '考试证书', prop: 'certificateName', minWidth: 200 },
  { label: '考试方式', prop: 'mode', width: 100 },
  { label: '报考人数', prop: 'registered', width: 90, align: 'center' },
  { label: '考试时段', prop: 'slot', minWidth: 170 },
  { label: '已排考考位个数', prop: 'seats', width: 120, align: 'center' },
  { label: '已排考考人数', prop: 'arranged', width: 110, align: 'center' },
  {
    label: '状态',
    prop: 'stateName',
    width: 90,
    align: 'center',
    fixed: 'right',
    tag: (row) => ({ text: row.stateName, type: SUBJECT_STATE_TAG[row.state] }),
  },
  { label: '操作', slot: 'actions', width: 230, fixed: 'right', align: 'center', tooltip: false },
]

export interface RoomSlotSearch {
  planId: Id | ''
  keyword: string
}
export const roomSlotDefaults = (): RoomSlotSearch => ({ planId: '', keyword: '' })
export const roomSlotSearchFields: SearchField[] = [
  { prop: 'planId', label: '考试计划', type: 'select', options: planOptions, width: '260px' },
  { prop: 'keyword', label: '考场名称', type: 'input', width: '180px' },
]
const people = (row: RoomSlot) => row.invigilators.map((p) => p.label).join('、')
export const roomSlotColumns: TableColumn<RoomSlot>[] = [
  { label: '考试计划', prop: 'planName', minWidth: 200 },
  { label: '考场名称', prop: 'roomName', minWidth: 140 },
  { label: '所属院校', prop: 'collegeName', minWidth: 130 },
  { label: '所在地区', prop: 'region', minWidth: 150 },
  { label: '考核站点', prop: 'siteName', minWidth: 200 },
  { label: '考试单位', prop: 'orgName', minWidth: 180 },
  { label: '考试证书', prop: 'certificateName', minWidth: 200 },
  { label: '考试科目', prop: 'subjectNames', minWidth: 150 },
  { label: '考试时间', prop: 'slot', minWidth: 170 },
  { label: '排考人数', prop: 'arranged', width: 90, align: 'center' },
  { label: '监考人员', formatter: people, minWidth: 200 },
  { label: '操作', slot: 'actions', width: 300, fixed: 'right', align: 'center', tooltip: false },
]

export interface DetailSearch {
  planId: Id | ''
  keyword: string
}
export const detailDefaults = (): DetailSearch => ({ planId: '', keyword: '' })
export const detailSearchFields: SearchField[] = [
  { prop: 'planId', label: '考试计划', type: 'select', options: planOptions, width: '260px' },
  { prop: 'keyword', label: '考生', type: 'input', placeholder: '姓名、考生编号、身份证号或准考证号', width: '260px' },
]
export const detailColumns: TableColumn<ArrangementDetail>[] = [
  { label: '考试计划', prop: 'planName', minWidth: 200 },
  { label: '考生姓名', prop: 'studentName', width: 100 },
  { label: '考生编号', prop: 'studentNo', minWidth: 160 },
  { label: '身份证号', prop: 'idNumber', minWidth: 170 },
  { label: '准考证号', prop: 'ticketNo', minWidth: 210 },
  { label: '考试证书', prop: 'certificateName', minWidth: 200 },
  { label: '证书等级', prop: 'level', width: 90 },
  { label: '考试科目', prop: 'subjectName', minWidth: 150 },
  { label: '考试方式', prop: 'mode', width: 100 },
  { label: '考试时间', prop: 'slot', minWidth: 170 },
  { label: '考核站点', prop: 'siteName', minWidth: 200 },
  { label: '考场名称', prop: 'roomName', minWidth: 130 },
  { label: '座位号', prop: 'seatNo', width: 76, align: 'center' },
  { label: '考点地址', prop: 'siteAddress', minWidth: 200 },
]
