import { ref } from 'vue'
import { listOrganizations } from '@/api/organizations'
import type { FormField, SearchField, TableColumn } from '@/components/schema'
import type { Student, StudentAccountState, StudentInput, StudentType } from '@/api/students'
import type { Id } from '@/api/types'
import { GENDER_OPTIONS, STUDENT_TYPE_OPTIONS, type Option } from '@/constants/dicts'
import { useSessionStore } from '@/stores/session'

export const canEdit = () => useSessionStore().hasPerm('student:edit')
/** The platform sees every college's students, with 所属院校 to tell them apart. */
const acrossColleges = () => useSessionStore().account?.role === 'admin'

/** The colleges for the 所属院校 filter, loaded once when the platform opens the page. */
const collegeOptions = ref<Option<Id>[]>([])
export async function loadCollegeOptions() {
  if (!acrossColleges() || collegeOptions.value.length) return
  const page = await listOrganizations({ type: 'college', page: 1, pageSize: 500 })
  collegeOptions.value = page.items.map((c) => ({ label: c.name, value: c.id }))
}

// ---------------------------------------------------------------- list

export interface StudentSearch {
  collegeId: Id | ''
  name: string
  studentNo: string
  idNumber: string
  major: string
  className: string
  type: StudentType | ''
}

export const searchDefaults = (): StudentSearch => ({
  collegeId: '',
  name: '',
  studentNo: '',
  idNumber: '',
  major: '',
  className: '',
  type: '',
})

export const searchFields: SearchField[] = [
  { prop: 'collegeId', label: '所属院校', type: 'select', options: collegeOptions, width: '200px', visible: acrossColleges },
  { prop: 'name', label: '姓名', type: 'input', width: '140px' },
  { prop: 'studentNo', label: '考生编号', type: 'input', width: '160px' },
  { prop: 'idNumber', label: '身份证号', type: 'input', width: '200px' },
  { prop: 'major', label: '专业', type: 'input', width: '160px' },
  { prop: 'className', label: '班级', type: 'input', width: '140px' },
  { prop: 'type', label: '考生类型', type: 'select', options: STUDENT_TYPE_OPTIONS, width: '140px' },
]

export const columns: TableColumn<Student>[] = [
  { label: '所属院校', prop: 'collegeName', minWidth: 140, visible: acrossColleges },
  { label: '考生编号', prop: 'studentNo', minWidth: 140 },
  { label: '姓名', prop: 'name', minWidth: 76 },
  { label: '性别', prop: 'gender', width: 56, align: 'center' },
  { label: '身份证号', prop: 'idNumber', width: 172 },
  { label: '考生类型', prop: 'type', width: 90 },
  { label: '专业', prop: 'major', minWidth: 96 },
  { label: '班级', prop: 'className', minWidth: 88 },
  { label: '手机号码', prop: 'phone', width: 116 },
  { label: '出生日期', prop: 'birthDate', width: 100 },
  { label: '登录账号', prop: 'accountState', width: 112, formatter: (row) => accountStateText(row.accountState) },
  // Editors get 编辑, 初始密码 and 删除 beside 查看.
  { label: '操作', slot: 'actions', width: 220, fixed: 'right', align: 'center', tooltip: false, visible: canEdit },
  { label: '操作', slot: 'actions', width: 80, fixed: 'right', align: 'center', tooltip: false, visible: () => !canEdit() },
]

const ACCOUNT_STATES: Record<StudentAccountState, string> = {
  none: '未开通',
  no_password: '未发放初始密码',
  must_change: '待首次登录改密',
  active: '已启用',
  disabled: '已停用',
}

export function accountStateText(state?: StudentAccountState): string {
  return state ? ACCOUNT_STATES[state] : '—'
}

// ---------------------------------------------------------------- edit form

export interface StudentForm {
  id?: Id
  version?: number
  studentNo: string
  name: string
  idNumber: string
  gender: string
  type: StudentType | ''
  major: string
  className: string
  phone: string
}

export const emptyForm = (): StudentForm => ({
  studentNo: '',
  name: '',
  idNumber: '',
  gender: '',
  type: '',
  major: '',
  className: '',
  phone: '',
})

export function formFromStudent(s: Student): StudentForm {
  return {
    id: s.id,
    version: s.version,
    studentNo: s.studentNo ?? '',
    name: s.name,
    idNumber: s.idNumber,
    gender: s.gender ?? '',
    type: s.type,
    major: s.major ?? '',
    className: s.className ?? '',
    phone: s.phone ?? '',
  }
}

/** 男 or 女 from the 17th digit of an 18-character 身份证号 (odd 男, even 女), or '' when it cannot tell. */
export function genderFromIdNumber(idNumber: string): string {
  const id = idNumber.trim()
  if (id.length !== 18) return ''
  const digit = Number(id[16])
  if (!Number.isInteger(digit) || id[16] === ' ') return ''
  return digit % 2 === 1 ? '男' : '女'
}

export function toInput(form: StudentForm): StudentInput {
  const body: StudentInput = {
    name: form.name.trim(),
    idNumber: form.idNumber.trim().toUpperCase(),
    type: form.type as StudentType,
    major: form.major.trim(),
    className: form.className.trim(),
    phone: form.phone.trim(),
  }
  const studentNo = form.studentNo.trim()
  if (studentNo) body.studentNo = studentNo
  if (form.gender) body.gender = form.gender
  return body
}

export const studentFields: FormField<StudentForm>[] = [
  // Limits as the server's (students/model.hpp kMaxStudentNo, kMaxName).
  { prop: 'studentNo', label: '考生编号', type: 'input', maxlength: 30, placeholder: '不填则自动生成' },
  {
    prop: 'name',
    label: '姓名',
    type: 'input',
    maxlength: 30,
    placeholder: '请输入姓名',
    rules: [{ required: true, whitespace: true, message: '请输入姓名', trigger: 'blur' }],
  },
  {
    prop: 'idNumber',
    label: '身份证号',
    type: 'input',
    maxlength: 18,
    placeholder: '18 位居民身份证号码',
    rules: [{ required: true, whitespace: true, message: '请输入身份证号', trigger: 'blur' }],
  },
  {
    prop: 'gender',
    label: '性别',
    type: 'select',
    options: GENDER_OPTIONS,
    placeholder: '按身份证号自动填写',
  },
  {
    prop: 'type',
    label: '考生类型',
    type: 'select',
    options: STUDENT_TYPE_OPTIONS,
    placeholder: '请选择考生类型',
    rules: [{ required: true, message: '请选择考生类型', trigger: 'change' }],
  },
  {
    prop: 'major',
    label: '专业',
    type: 'input',
    maxlength: 60,
    placeholder: '请输入专业',
    rules: [{ required: true, whitespace: true, message: '请输入专业', trigger: 'blur' }],
  },
  { prop: 'className', label: '班级', type: 'input', maxlength: 60, placeholder: '选填' },
  {
    prop: 'phone',
    label: '手机号码',
    type: 'input',
    maxlength: 11,
    placeholder: '选填',
    rules: [{ pattern: /^1\d{10}$/, message: '请输入 11 位手机号码', trigger: 'blur' }],
  },
]
