import { markRaw } from 'vue'
import type { FormField, SearchField, TableColumn } from '@/components/schema'
import OrgSelect from '@/components/OrgSelect.vue'
import type { Account, Role } from '@/api/auth'
import type { Id } from '@/api/types'
import { ENABLED_OPTIONS, ROLE_OPTIONS, ROLE_ORG_TYPE } from '@/constants/dicts'
import { orEmpty, yesNo } from '@/utils/format'
import { useSessionStore } from '@/stores/session'

export interface AccountSearch {
  role: Role | ''
  orgId: Id | ''
  keyword: string
  enabled: boolean | ''
}

export const searchDefaults = (): AccountSearch => ({ role: '', orgId: '', keyword: '', enabled: '' })

export const searchFields: SearchField[] = [
  { prop: 'role', label: '角色', type: 'select', options: ROLE_OPTIONS, width: '170px' },
  {
    prop: 'orgId',
    label: '所属机构',
    type: 'component',
    component: markRaw(OrgSelect),
    props: { placeholder: '输入机构名称搜索' },
    width: '220px',
  },
  { prop: 'keyword', label: '用户名/姓名', type: 'input', placeholder: '请输入用户名或姓名' },
  { prop: 'enabled', label: '状态', type: 'select', options: ENABLED_OPTIONS, width: '120px' },
]

export const columns: TableColumn<Account>[] = [
  { label: '用户名', prop: 'username', minWidth: 130 },
  { label: '姓名', prop: 'displayName', width: 110 },
  { label: '角色', prop: 'roleName', width: 140 },
  { label: '所属机构', prop: 'orgName', minWidth: 180 },
  { label: '手机号码', prop: 'phone', width: 130 },
  {
    label: '状态',
    width: 80,
    align: 'center',
    tag: (row) => (row.enabled ? { text: '启用', type: 'success' } : { text: '停用', type: 'info' }),
  },
  {
    label: '需修改密码',
    width: 100,
    align: 'center',
    formatter: (row) => yesNo(row.mustChangePassword),
  },
  { label: '登录受限至', width: 170, formatter: (row) => orEmpty(row.lockedUntil) },
  { label: '最近登录', prop: 'lastLoginAt', width: 170 },
  { label: '创建时间', prop: 'createdAt', width: 170 },
  {
    label: '操作',
    slot: 'actions',
    width: 230,
    fixed: 'right',
    visible: () => useSessionStore().hasPerm('account:edit'),
  },
]

export interface AccountForm {
  id?: Id
  username: string
  displayName: string
  role: Role | ''
  orgId: Id | ''
  /** Name of the chosen organisation, shown before the options are loaded. */
  orgName: string
  phone: string
  password: string
  mustChangePassword: boolean
  enabled: boolean
}

export const emptyForm = (): AccountForm => ({
  username: '',
  displayName: '',
  role: '',
  orgId: '',
  orgName: '',
  phone: '',
  password: '',
  mustChangePassword: true,
  enabled: true,
})

export function formFromRow(row: Account): AccountForm {
  return {
    ...emptyForm(),
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    orgId: row.orgId,
    orgName: row.orgName,
    phone: row.phone ?? '',
    enabled: row.enabled,
  }
}

export const PASSWORD_RULE_TEXT = '至少 8 位，须同时包含字母和数字'
const STRONG_PASSWORD = /^(?=.*[A-Za-z])(?=.*\d).{8,}$/
const MOBILE = /^1\d{10}$/
const USERNAME = /^[A-Za-z0-9_.@-]{2,50}$/

const creating = (_m: AccountForm, mode: string) => mode === 'create'

export const formFields: FormField<AccountForm>[] = [
  {
    prop: 'username',
    label: '用户名',
    type: 'input',
    maxlength: 50,
    disabled: (_m, mode) => mode === 'edit',
    rules: [
      { required: true, message: '请输入用户名', trigger: 'blur' },
      { pattern: USERNAME, message: '用户名由字母、数字或 _ . @ - 组成，2 至 50 位', trigger: 'blur' },
    ],
  },
  {
    prop: 'displayName',
    label: '姓名',
    type: 'input',
    maxlength: 50,
    rules: [{ required: true, whitespace: true, message: '请输入姓名', trigger: 'blur' }],
  },
  {
    prop: 'role',
    label: '角色',
    type: 'select',
    options: ROLE_OPTIONS,
    disabled: (_m, mode) => mode === 'edit',
    rules: [{ required: true, message: '请选择角色', trigger: 'change' }],
    // An organisation of the previous role's type no longer fits.
    onChange: (model) => {
      model.orgId = ''
      model.orgName = ''
    },
  },
  {
    prop: 'orgId',
    label: '所属机构',
    type: 'component',
    component: markRaw(OrgSelect),
    props: (model, mode) => ({
      type: model.role ? ROLE_ORG_TYPE[model.role] : '',
      label: model.orgName,
      disabled: mode === 'edit' || !model.role,
      placeholder: model.role ? '输入机构名称搜索' : '请先选择角色',
    }),
    rules: [{ required: true, message: '请选择所属机构', trigger: 'change' }],
  },
  {
    prop: 'phone',
    label: '手机号码',
    type: 'input',
    maxlength: 11,
    rules: [{ pattern: MOBILE, message: '请输入 11 位手机号码', trigger: 'blur' }],
  },
  {
    prop: 'password',
    label: '初始密码',
    type: 'password',
    placeholder: '留空则由系统生成',
    hint: `留空时由系统生成；自定义密码${PASSWORD_RULE_TEXT}`,
    visible: creating,
    rules: [{ pattern: STRONG_PASSWORD, message: `密码${PASSWORD_RULE_TEXT}`, trigger: 'blur' }],
  },
  {
    prop: 'mustChangePassword',
    label: '首次登录须修改密码',
    type: 'checkbox',
    visible: creating,
  },
  {
    prop: 'enabled',
    label: '状态',
    type: 'switch',
    activeText: '启用',
    inactiveText: '停用',
    visible: (_m, mode) => mode === 'edit',
  },
]
