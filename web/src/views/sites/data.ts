import { computed, ref } from 'vue'
import type { FormField, SearchField, TableColumn } from '@/components/schema'
import { listCertificates } from '@/api/certificates'
import type { Site, SiteStatus } from '@/api/sites'
import type { Id } from '@/api/types'
import type { Option } from '@/constants/dicts'
import { SITE_STATUS_OPTIONS, SITE_STATUS_TAG } from '@/constants/dicts'
import { useSessionStore } from '@/stores/session'

export const canApply = () => useSessionStore().hasPerm('site:apply')
export const canReview = () => useSessionStore().hasPerm('site:review')

/** Certificates to apply for or filter by: those the account can see (enabled ones for colleges). */
export const certificateOptions = ref<Option<Id>[]>([])

export async function loadCertificateOptions(): Promise<void> {
  try {
    const page = await listCertificates({ page: 1, pageSize: 100 })
    certificateOptions.value = page.items.map((c) => ({ label: `${c.name}（${c.code}）`, value: c.id }))
  } catch {
    // message shown; the select stays empty
  }
}

// ---------------------------------------------------------------- list

export interface SiteSearch {
  keyword: string
  status: SiteStatus | ''
  certificateId: Id | ''
}

export const searchDefaults = (): SiteSearch => ({ keyword: '', status: '', certificateId: '' })

export const searchFields: SearchField[] = [
  { prop: 'keyword', label: '站点名称', type: 'input', placeholder: '输入站点名称', width: '200px' },
  { prop: 'certificateId', label: '证书', type: 'select', options: computed(() => certificateOptions.value), width: '240px' },
  { prop: 'status', label: '状态', type: 'select', options: SITE_STATUS_OPTIONS, width: '130px' },
]

export const columns: TableColumn<Site>[] = [
  { label: '站点名称', prop: 'name', minWidth: 220 },
  { label: '申请院校', prop: 'collegeName', minWidth: 140 },
  { label: '证书', prop: 'certificateName', minWidth: 150 },
  { label: '考点地址', prop: 'fullAddress', minWidth: 200 },
  { label: '服务院校', minWidth: 160, formatter: (row) => row.servedColleges.map((c) => c.name).join('、') || '—' },
  { label: '状态', width: 90, align: 'center', tag: (row) => ({ text: row.statusName, type: SITE_STATUS_TAG[row.status] }) },
  { label: '退回原因', prop: 'returnReason', minWidth: 160 },
  { label: '申请时间', prop: 'createdAt', width: 160 },
  { label: '操作', slot: 'actions', width: 150, fixed: 'right', align: 'center', visible: () => canApply() || canReview() },
]

// ---------------------------------------------------------------- apply / edit

export interface SiteForm {
  id?: Id
  version?: number
  certificateId: Id | ''
  name: string
  region: string
  address: string
}

export const emptySiteForm = (): SiteForm => ({ certificateId: '', name: '', region: '', address: '' })

export const siteFields: FormField<SiteForm>[] = [
  {
    prop: 'certificateId',
    label: '证书',
    type: 'select',
    options: certificateOptions,
    placeholder: '请选择要设考核站点的证书',
    rules: [{ required: true, message: '请选择证书', trigger: 'change' }],
    disabled: (_model, mode) => mode === 'edit',
  },
  {
    prop: 'name',
    label: '站点名称',
    type: 'input',
    maxlength: 80,
    placeholder: '选填',
    hint: '已按本院校该证书的现有站点建议一个未被使用的名称，可修改',
  },
  {
    prop: 'region',
    label: '考点地区',
    type: 'input',
    maxlength: 60,
    placeholder: '例如：北京市海淀区',
    rules: [{ required: true, whitespace: true, message: '请输入考点地区', trigger: 'blur' }],
  },
  {
    prop: 'address',
    label: '详细地址',
    type: 'input',
    maxlength: 200,
    placeholder: '例如：学院路30号',
    rules: [{ required: true, whitespace: true, message: '请输入详细地址', trigger: 'blur' }],
  },
]
