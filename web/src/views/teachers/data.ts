import { ref } from 'vue'
import { listOrganizations } from '@/api/organizations'
import type { FormField, SearchField, TableColumn } from '@/components/schema'
import type { Teacher, TeacherAccountState, TeacherInput } from '@/api/teachers'
import type { Id } from '@/api/types'
import { GENDER_OPTIONS, type Option } from '@/constants/dicts'
import { useSessionStore } from '@/stores/session'

export const canEdit = () => useSessionStore().hasPerm('teacher:edit')
const acrossColleges = () => useSessionStore().account?.role === 'admin'

const collegeOptions = ref<Option<Id>[]>([])
export async function loadCollegeOptions() {
  if (!acrossColleges() || collegeOptions.value.length) return
  const page = await listOrganizations({ type: 'college', page: 1, pageSize: 500 })
  collegeOptions.value = page.items.map((c) => ({ label: c.name, value: c.id }))
}

export const STATE_OPTIONS: Option<TeacherAccountState>[] = [
  { label: '未激活', value: 'inactive' },
  { label: '已激活', value: 'active' },
  { label: '已停用', value: 'disabled' },
]

export interface TeacherSearch {
  collegeId: Id | ''
  name: string
  phone: string
  department: string
  title: string
  state: TeacherAccountState | ''
}

export const searchDefaults = (): TeacherSearch => ({ collegeId: '', name: '', phone: '', department: '', title: '', state: '' })

export const searchFields: SearchField[] = [
  { prop: 'collegeId', label: '所属院校', type: 'select', options: collegeOptions, width: '200px', visible: acrossColleges },
  { prop: 'name', label: '姓名', type: 'input', width: '140px' },
  { prop: 'phone', label: '手机号', type: 'input', width: '150px' },
  { prop: 'department', label: '学院', type: 'input', width: '160px' },
  { prop: 'title', label: '职称', type: 'input', width: '120px' },
  { prop: 'state', label: '账号状态', type: 'select', options: STATE_OPTIONS, width: '120px' },
]

const STATE_TAGS = { inactive: 'warning', active: 'success', disabled: 'info' } as const

export const columns: TableColumn<Teacher>[] = [
  { label: '所属院校', prop: 'collegeName', minWidth: 140, visible: acrossColleges },
  { label: '姓名', prop: 'name', minWidth: 80 },
  { label: '性别', prop: 'gender', width: 56, align: 'center' },
  { label: '学院', prop: 'department', minWidth: 140 },
  { label: '职称', prop: 'title', minWidth: 80 },
  { label: '职务', prop: 'position', minWidth: 80 },
  { label: '手机号（登录账号）', prop: 'phone', width: 150 },
  { label: '账号状态', prop: 'accountState', width: 96, tag: (row) => ({ text: row.accountStateName, type: STATE_TAGS[row.accountState] }) },
  { label: '激活时间', prop: 'activatedAt', width: 160 },
  { label: '账号短信', prop: 'smsState', minWidth: 120, slot: 'sms', tooltip: false },
  { label: '操作', slot: 'actions', width: 250, fixed: 'right', align: 'center', tooltip: false, visible: canEdit },
  { label: '操作', slot: 'actions', width: 80, fixed: 'right', align: 'center', tooltip: false, visible: () => !canEdit() },
]

export interface TeacherForm extends TeacherInput {
  id?: Id
  version?: number
}

export const emptyForm = (): TeacherForm => ({
  name: '', idNumber: '', gender: '', education: '', department: '', title: '', position: '',
  phone: '', email: '', research: '', achievements: '', address: '',
})

export function formFromTeacher(t: Teacher): TeacherForm {
  return {
    id: t.id, version: t.version, name: t.name, idNumber: t.idNumber, gender: t.gender, education: t.education,
    department: t.department, title: t.title, position: t.position, phone: t.phone, email: t.email,
    research: t.research, achievements: t.achievements, address: t.address,
  }
}

export function toInput(form: TeacherForm): TeacherInput {
  const { id: _id, version: _version, ...body } = form
  const trimmed = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as unknown as TeacherInput
  trimmed.idNumber = trimmed.idNumber.toUpperCase()
  if (!trimmed.gender) delete trimmed.gender
  return trimmed
}

/** The optional fields, which the teacher may edit on the own profile too. */
export const optionalFields: FormField<TeacherForm>[] = [
  { prop: 'education', label: '学历', type: 'input', maxlength: 20, placeholder: '选填' },
  { prop: 'title', label: '职称', type: 'input', maxlength: 30, placeholder: '选填' },
  { prop: 'position', label: '职务', type: 'input', maxlength: 30, placeholder: '选填' },
  {
    prop: 'email',
    label: '邮箱',
    type: 'input',
    maxlength: 60,
    placeholder: '选填',
    rules: [{ type: 'email', message: '请输入正确的邮箱', trigger: 'blur' }],
  },
  { prop: 'research', label: '研究方向', type: 'textarea', maxlength: 100, placeholder: '选填，最多 100 个字' },
  { prop: 'achievements', label: '主要成果', type: 'textarea', maxlength: 100, placeholder: '选填，最多 100 个字' },
  { prop: 'address', label: '居住地址', type: 'input', maxlength: 100, placeholder: '选填' },
]

/** The seed's form 修改教师资料. */
export const teacherFields: FormField<TeacherForm>[] = [
  { prop: 'name', label: '姓名', type: 'input', maxlength: 30, rules: [{ required: true, whitespace: true, message: '请输入姓名', trigger: 'blur' }] },
  {
    prop: 'idNumber',
    label: '身份证号',
    type: 'input',
    maxlength: 18,
    placeholder: '18 位居民身份证号码',
    rules: [{ required: true, whitespace: true, message: '请输入身份证号', trigger: 'blur' }],
  },
  { prop: 'gender', label: '性别', type: 'select', options: GENDER_OPTIONS, placeholder: '按身份证号自动填写' },
  optionalFields[0],
  { prop: 'department', label: '学院', type: 'input', maxlength: 60, rules: [{ required: true, whitespace: true, message: '请输入学院', trigger: 'blur' }] },
  optionalFields[1],
  optionalFields[2],
  {
    prop: 'phone',
    label: '手机号',
    type: 'input',
    maxlength: 11,
    hint: '注: 请填写教师真实使用的手机（登录账号即此手机号，账号和初始密码以短信发送）',
    rules: [
      { required: true, message: '请输入手机号', trigger: 'blur' },
      { pattern: /^1\d{10}$/, message: '请输入 11 位手机号', trigger: 'blur' },
    ],
  },
  ...optionalFields.slice(3),
]
