import type { Ref } from 'vue'
import { ElCascader, ElInput } from 'element-plus'
import type { FormField, SearchField, TableColumn } from '@/components/schema'
import type { Organization } from '@/api/organizations'
import type { OrgType } from '@/api/auth'
import type { Id } from '@/api/types'
import {
  COLLEGE_TYPE_OPTIONS,
  CREATABLE_ORG_TYPE_OPTIONS,
  ORG_TYPE_OPTIONS,
  type Option,
} from '@/constants/dicts'
import { regionPath, regions, regionText } from '@/constants/regions'
import { useSessionStore } from '@/stores/session'

export interface OrganizationSearch {
  type: OrgType | ''
  keyword: string
}

export const searchDefaults = (): OrganizationSearch => ({ type: '', keyword: '' })

export const searchFields: SearchField[] = [
  { prop: 'type', label: '机构类型', type: 'select', options: ORG_TYPE_OPTIONS },
  { prop: 'keyword', label: '名称', type: 'input', placeholder: '请输入机构名称' },
]

export const columns: TableColumn<Organization>[] = [
  { label: '机构名称', prop: 'name', minWidth: 180 },
  { label: '机构类型', prop: 'typeName', width: 140 },
  { label: '院校类型', prop: 'collegeType', width: 90 },
  { label: '所属省份', prop: 'provinceName', minWidth: 130 },
  { label: '所在地区', prop: 'region', minWidth: 120 },
  { label: '联系人', prop: 'contactName', width: 90 },
  { label: '联系电话', prop: 'contactPhone', width: 125 },
  {
    label: '状态',
    width: 80,
    align: 'center',
    tag: (row) => (row.enabled ? { text: '启用', type: 'success' } : { text: '停用', type: 'info' }),
  },
  { label: '创建时间', prop: 'createdAt', width: 165 },
  {
    label: '操作',
    slot: 'actions',
    width: 70,
    fixed: 'right',
    align: 'center',
    visible: () => useSessionStore().hasPerm('org:edit'),
  },
]

export interface OrganizationForm {
  id?: Id
  type: OrgType | ''
  name: string
  collegeType: string
  provinceId: Id | ''
  /** 所在地区 picked from the list: a province, a city or a district. */
  region: string[]
  /** The stored 所在地区 when the list has no such path: kept as it is unless cleared. */
  storedRegion: string
  contactName: string
  contactPhone: string
  bankAccountName: string
  bankName: string
  bankAccount: string
  enabled: boolean
  version?: number
}

export const emptyForm = (): OrganizationForm => ({
  type: '',
  name: '',
  collegeType: '',
  provinceId: '',
  region: [],
  storedRegion: '',
  contactName: '',
  contactPhone: '',
  bankAccountName: '',
  bankName: '',
  bankAccount: '',
  enabled: true,
})

/** The 所在地区 to send: the picked path's names joined, or the stored text kept as it is. */
export const regionOf = (form: OrganizationForm): string =>
  form.region.length > 0 ? regionText(form.region) : form.storedRegion.trim()

/** Call after loadRegions(): a region the list does not know is kept as stored text. */
export function formFromRow(row: Organization): OrganizationForm {
  const path = regionPath(row.region ?? '', regions.value, true)
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    collegeType: row.collegeType ?? '',
    provinceId: row.provinceId ?? '',
    region: path,
    storedRegion: path.length > 0 ? '' : (row.region ?? ''),
    contactName: row.contactName ?? '',
    contactPhone: row.contactPhone ?? '',
    bankAccountName: row.bankAccountName ?? '',
    bankName: row.bankName ?? '',
    bankAccount: row.bankAccount ?? '',
    enabled: row.enabled,
    version: row.version,
  }
}

const isCollege = (m: OrganizationForm) => m.type === 'college'
/** Training organisations receive the fees: their account is printed on the 缴费通知单. */
const isPayee = (m: OrganizationForm) => m.type === 'org'
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/

export function formFields(provinces: Ref<Option<Id>[]>): FormField<OrganizationForm>[] {
  return [
    {
      prop: 'type',
      label: '机构类型',
      type: 'select',
      // The type of an existing organisation is fixed; the list also shows the platform's.
      options: () => CREATABLE_ORG_TYPE_OPTIONS,
      disabled: (_m, mode) => mode === 'edit',
      rules: [{ required: true, message: '请选择机构类型', trigger: 'change' }],
      placeholder: '请选择机构类型',
    },
    {
      prop: 'name',
      label: '机构名称',
      type: 'input',
      maxlength: 100,
      rules: [{ required: true, whitespace: true, message: '请输入机构名称', trigger: 'blur' }],
    },
    {
      prop: 'collegeType',
      label: '院校类型',
      type: 'select',
      options: COLLEGE_TYPE_OPTIONS,
      visible: isCollege,
      rules: [{ required: true, message: '请选择院校类型', trigger: 'change' }],
    },
    {
      prop: 'provinceId',
      label: '所属省份',
      type: 'select',
      options: provinces,
      visible: isCollege,
      rules: [{ required: true, message: '请选择所属省份', trigger: 'change' }],
    },
    {
      prop: 'region',
      label: '所在地区',
      type: 'component',
      component: ElCascader,
      props: () => ({
        options: regions.value,
        props: { checkStrictly: true },
        clearable: true,
        filterable: true,
        placeholder: '选填：省 / 市 / 区，可只选到省或市',
        style: { width: '100%' },
      }),
      visible: (m) => !m.storedRegion,
    },
    {
      prop: 'storedRegion',
      label: '所在地区',
      type: 'component',
      component: ElInput,
      props: () => ({ clearable: true, placeholder: '选填：省 / 市 / 区' }),
      hint: '该地区不在省市区列表中，保存时保持原样；清空后可从列表重新选择',
      visible: (m) => !!m.storedRegion,
    },
    { prop: 'contactName', label: '联系人', type: 'input', maxlength: 50 },
    {
      prop: 'contactPhone',
      label: '联系电话',
      type: 'input',
      maxlength: 20,
      rules: [{ pattern: PHONE, message: '请输入正确的手机号码或固定电话', trigger: 'blur' }],
    },
    { prop: 'bankAccountName', label: '收款户名', type: 'input', maxlength: 60, visible: isPayee, placeholder: '印在缴费通知单上' },
    { prop: 'bankName', label: '开户行', type: 'input', maxlength: 60, visible: isPayee, placeholder: '如：中国工商银行北京海淀支行' },
    {
      prop: 'bankAccount',
      label: '收款账号',
      type: 'input',
      maxlength: 40,
      visible: isPayee,
      rules: [{ pattern: /^[\d -]*$/, message: '收款账号只能包含数字、空格和 -', trigger: 'blur' }],
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
}

export function provinceOptions(items: Organization[]): Option<Id>[] {
  return items.map((p) => ({ label: p.name, value: p.id }))
}
