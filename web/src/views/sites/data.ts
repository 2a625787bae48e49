import { computed, ref } from 'vue'
import { ElCascader, ElInput } from 'element-plus'
import type { FormField, SearchField, TableColumn } from '@/components/schema'
import { listCertificates } from '@/api/certificates'
import type { Site, SiteStatus } from '@/api/sites'
import type { Id } from '@/api/types'
import type { Option } from '@/constants/dicts'
import { SITE_STATUS_OPTIONS, SITE_STATUS_TAG } from '@/constants/dicts'
import { regionPath, regions, regionText } from '@/constants/regions'
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
  /** 考点地区 picked from the list (省/市/区), as the room form's 考场地址. */
  region: string[]
  /**
   * The site's stored 考点地区 when the list has no such path (a site applied for before regions
   * were checked): shown and sent back as it is, unless the user clears it and picks from the list.
   */
  storedRegion: string
  address: string
}

export const emptySiteForm = (): SiteForm => ({ certificateId: '', name: '', region: [], storedRegion: '', address: '' })

/** Call after loadRegions(): a region the list does not know is kept as stored text. */
export function regionFields(stored: string): Pick<SiteForm, 'region' | 'storedRegion'> {
  const path = regionPath(stored)
  return { region: path, storedRegion: path.length > 0 ? '' : stored }
}

/** The 考点地区 to send: the picked path's names joined, or the stored text kept as it is. */
export const regionOf = (form: SiteForm): string =>
  form.region.length > 0 ? regionText(form.region) : form.storedRegion.trim()

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
    type: 'component',
    component: ElCascader,
    props: () => ({ options: regions.value, placeholder: '请选择省 / 市 / 区', filterable: true, style: { width: '100%' } }),
    visible: (m) => !m.storedRegion,
    rules: [{ type: 'array', required: true, min: 1, message: '请选择考点地区', trigger: 'change' }],
  },
  {
    prop: 'storedRegion',
    label: '考点地区',
    type: 'component',
    component: ElInput,
    props: () => ({ clearable: true, placeholder: '请选择省 / 市 / 区' }),
    hint: '该地区不在省市区列表中，保存时保持原样；清空后可从列表重新选择',
    visible: (m) => !!m.storedRegion,
    rules: [{ required: true, whitespace: true, message: '请选择考点地区', trigger: 'blur' }],
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
