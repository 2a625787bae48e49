import { ref } from 'vue'
import { ElCascader, ElSelectV2 } from 'element-plus'
import type { FormField, Option, SearchField, TableColumn } from '@/components/schema'
import type { Invigilator, InvigilatorInput, InvigilatorKind } from '@/api/invigilators'
import type { Id } from '@/api/types'
import { regionPath, regions, regionText } from '@/constants/regions'
import { minuteOf } from '@/utils/format'
import UnavailableEditor from './UnavailableEditor.vue'
import { useSessionStore } from '@/stores/session'

export const canEdit = () => useSessionStore().hasPerm('invigilator:edit')
export const canReview = () => useSessionStore().hasPerm('invigilator:certify')

// ---------------------------------------------------------------- list

export interface InvigilatorSearch {
  name: string
  teacherNo: string
  phone: string
  certificateId: Id | ''
  collegeId: Id | ''
  status: string
}

export const searchDefaults = (): InvigilatorSearch => ({
  name: '',
  teacherNo: '',
  phone: '',
  certificateId: '',
  collegeId: '',
  status: '',
})

/** Filled by the page from the certificates (and, for an organisation, the colleges) it can see. */
export const certificateFilterOptions = ref<Option[]>([])
export const collegeFilterOptions = ref<Option[]>([])

const STATUS_OPTIONS: Option[] = [
  { label: '已认证', value: 'certified' },
  { label: '未认证', value: 'uncertified' },
  { label: '未提交', value: 'unsubmitted' },
  { label: '待认证', value: 'pending' },
  { label: '已退回', value: 'returned' },
]

export const searchFields: SearchField[] = [
  { prop: 'name', label: '姓名', type: 'input', width: '140px' },
  { prop: 'teacherNo', label: '教师编号', type: 'input', width: '140px' },
  { prop: 'phone', label: '手机号码', type: 'input', width: '140px' },
  { prop: 'collegeId', label: '所属院校', type: 'select', options: collegeFilterOptions, width: '200px', visible: canReview },
  { prop: 'certificateId', label: '证书', type: 'select', options: certificateFilterOptions, width: '240px' },
  { prop: 'status', label: '认证状态', type: 'select', options: STATUS_OPTIONS, width: '120px' },
]

/** The certificates of a person as one line: 证书（初级）已认证；… */
export const certificatesText = (p: Invigilator) =>
  p.certificates.map((c) => `${c.certificateName}（${c.level}）${c.certified ? '已认证' : '未认证'}`).join('；')

export const columns: TableColumn<Invigilator>[] = [
  { label: '教师编号', prop: 'teacherNo', width: 110 },
  { label: '教师姓名', prop: 'name', minWidth: 90 },
  { label: '人员类型', prop: 'kind', width: 90 },
  { label: '手机号码', prop: 'phone', width: 120 },
  { label: '所属院校', prop: 'collegeName', minWidth: 140 },
  { label: '所在区域', prop: 'region', minWidth: 150 },
  { label: '申请的证书与认证状态', slot: 'certificates', minWidth: 320, tooltip: false },
  { label: '操作', slot: 'actions', width: 200, fixed: 'right', align: 'center', tooltip: false },
]

// ---------------------------------------------------------------- edit form

export interface InvigilatorForm {
  id?: Id
  version?: number
  kind: InvigilatorKind | ''
  name: string
  idNumber: string
  phone: string
  region: string[]
  levelIds: Id[]
  /** Levels certified when the form opened: INV-2 keeps them, and 姓名 and 身份证号 with them. */
  certifiedLevelIds: Id[]
  /** 不可监考时间 as [start, end] pairs. */
  unavailable: [string, string][]
}

export const emptyForm = (): InvigilatorForm => ({
  kind: '',
  name: '',
  idNumber: '',
  phone: '',
  region: [],
  levelIds: [],
  certifiedLevelIds: [],
  unavailable: [],
})

/** Call after loadRegions(). */
export function formFromPerson(p: Invigilator): InvigilatorForm {
  return {
    id: p.id,
    version: p.version,
    kind: p.kind,
    name: p.name,
    idNumber: p.idNumber,
    phone: p.phone,
    region: regionPath(p.region),
    levelIds: p.certificates.map((c) => c.levelId),
    certifiedLevelIds: p.certificates.filter((c) => c.certified).map((c) => c.levelId),
    unavailable: p.unavailable.map((u) => [minuteOf(u.start), minuteOf(u.end)] as [string, string]),
  }
}

export function toInput(form: InvigilatorForm): InvigilatorInput {
  return {
    kind: form.kind as InvigilatorKind,
    name: form.name.trim(),
    idNumber: form.idNumber.trim(),
    phone: form.phone.trim(),
    region: regionText(form.region),
    levelIds: form.levelIds,
    // A period left blank is dropped; the server checks the rest.
    unavailable: form.unavailable.filter(([start, end]) => start && end).map(([start, end]) => ({ start, end })),
  }
}

/** The levels of enabled certificates, from /invigilators/options. */
export const levelOptions = ref<Option[]>([])

const identityLocked = (m: InvigilatorForm) => m.certifiedLevelIds.length > 0
const required = (message: string, trigger: 'blur' | 'change' = 'change') => [{ required: true, message, trigger }]

export const personFields: FormField<InvigilatorForm>[] = [
  {
    prop: 'kind',
    label: '人员类型',
    type: 'select',
    options: [
      { label: '监考老师', value: '监考老师' },
      { label: '巡考老师', value: '巡考老师' },
    ],
    rules: required('请选择人员类型'),
  },
  {
    prop: 'name',
    label: '姓名',
    type: 'input',
    maxlength: 30,
    disabled: identityLocked,
    rules: [{ required: true, whitespace: true, message: '请输入姓名', trigger: 'blur' }],
  },
  {
    prop: 'idNumber',
    label: '身份证号',
    type: 'input',
    maxlength: 18,
    disabled: identityLocked,
    hint: '有已认证的证书时不能修改姓名与身份证号',
    rules: [{ required: true, whitespace: true, message: '请输入身份证号', trigger: 'blur' }],
  },
  {
    prop: 'phone',
    label: '手机号码',
    type: 'input',
    maxlength: 11,
    rules: [{ required: true, pattern: /^1\d{10}$/, message: '请输入 11 位手机号码', trigger: 'blur' }],
  },
  {
    prop: 'region',
    label: '所在区域',
    type: 'component',
    component: ElCascader,
    props: () => ({ options: regions.value, placeholder: '请选择省 / 市 / 区', filterable: true, style: { width: '100%' } }),
    rules: [{ type: 'array', required: true, min: 1, message: '请选择所在区域', trigger: 'change' }],
  },
  {
    prop: 'levelIds',
    label: '申请监考的证书',
    type: 'component',
    component: ElSelectV2,
    // A certified level is shown disabled: INV-2 keeps it.
    props: (m) => ({
      options: levelOptions.value.map((o) => ({ ...o, disabled: m.certifiedLevelIds.includes(o.value as Id) })),
      multiple: true,
      filterable: true,
      placeholder: '可多选',
    }),
    hint: '已认证的证书不能删除',
    onChange: (m, value) => {
      const chosen = value as Id[]
      const kept = m.certifiedLevelIds.filter((id) => !chosen.includes(id))
      if (kept.length > 0) m.levelIds = [...kept, ...chosen]
    },
    rules: [{ type: 'array', required: true, min: 1, message: '请选择至少一个证书等级', trigger: 'change' }],
  },
  {
    prop: 'unavailable',
    label: '不可监考时间',
    type: 'component',
    component: UnavailableEditor,
    hint: '选填：排考时不会在这些时间安排该人员监考',
  },
]
