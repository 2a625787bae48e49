import { ref } from 'vue'
import { ElCascader, ElInput, ElInputNumber, ElSelectV2 } from 'element-plus'
import type { FormField, Option, SearchField, TableColumn } from '@/components/schema'
import type { Room, RoomInput, RoomOptions, RoomStatus, RoomType } from '@/api/rooms'
import type { Id } from '@/api/types'
import { ROOM_STATUS_OPTIONS, ROOM_STATUS_TAG, ROOM_TYPE_OPTIONS } from '@/constants/dicts'
import { regionPath, regions, regionText } from '@/constants/regions'
import { useSessionStore } from '@/stores/session'

export const canEdit = () => useSessionStore().hasPerm('room:edit')

// ---------------------------------------------------------------- list

export interface RoomSearch {
  planId: Id | ''
  siteId: Id | ''
  name: string
  type: RoomType | ''
  status: RoomStatus | ''
}

export const searchDefaults = (): RoomSearch => ({ planId: '', siteId: '', name: '', type: '', status: '' })

/** Filled by the page from the plans and sites the user can see. */
export const planFilterOptions = ref<Option[]>([])
export const siteFilterOptions = ref<Option[]>([])

export const searchFields: SearchField[] = [
  { prop: 'planId', label: '考试计划', type: 'select', options: planFilterOptions, width: '240px' },
  { prop: 'siteId', label: '考核站点', type: 'select', options: siteFilterOptions, width: '240px' },
  { prop: 'name', label: '考场名称', type: 'input', width: '160px' },
  { prop: 'type', label: '考场类型', type: 'select', options: ROOM_TYPE_OPTIONS, width: '130px' },
  { prop: 'status', label: '状态', type: 'select', options: ROOM_STATUS_OPTIONS, width: '120px' },
]

export const columns: TableColumn<Room>[] = [
  { label: '所属考试计划', prop: 'planName', minWidth: 200 },
  { label: '所属考场地点', prop: 'siteName', minWidth: 200 },
  { label: '所属院校', prop: 'collegeName', minWidth: 120 },
  { label: '考场名称', prop: 'name', minWidth: 120 },
  { label: '考场类型', prop: 'typesText', minWidth: 120 },
  { label: '考位数', prop: 'seats', width: 76, align: 'center' },
  { label: '考场地址', prop: 'region', minWidth: 150 },
  { label: '详细地址', prop: 'address', minWidth: 130 },
  { label: '本次组织考试的证书', prop: 'certificateName', minWidth: 200 },
  {
    label: '状态',
    prop: 'statusName',
    width: 86,
    align: 'center',
    // Kept in sight beside the actions however far the wide table scrolls.
    fixed: 'right',
    tag: (row) => ({ text: row.statusName, type: ROOM_STATUS_TAG[row.status] }),
  },
  // Editors get 编辑 and 删除 beside 查看.
  { label: '操作', slot: 'actions', width: 150, fixed: 'right', align: 'center', tooltip: false, visible: canEdit },
  { label: '操作', slot: 'actions', width: 80, fixed: 'right', align: 'center', tooltip: false, visible: () => !canEdit() },
]

// ---------------------------------------------------------------- edit form

export interface RoomForm {
  id?: Id
  version?: number
  /** The room's state when it was opened: 排考中 locks everything but 考位数 (and only upwards). */
  status?: RoomStatus
  minSeats: number
  planId: Id | ''
  certificateId: Id | ''
  siteId: Id | ''
  name: string
  types: RoomType[]
  seats: number | undefined
  /** 考场地址 picked from the list. */
  region: string[]
  /**
   * The room's stored 考场地址 when the list has no such path (an imported or older room): shown
   * and sent back as it is, unless the user clears it and picks from the list.
   */
  storedRegion: string
  address: string
}

export const emptyForm = (): RoomForm => ({
  status: undefined,
  minSeats: 1,
  planId: '',
  certificateId: '',
  siteId: '',
  name: '',
  types: [],
  seats: undefined,
  region: [],
  storedRegion: '',
  address: '',
})

/** Call after loadRegions(): a region the list does not know is kept as stored text. */
export function formFromRoom(r: Room): RoomForm {
  const path = regionPath(r.region)
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    minSeats: r.status === 'arranging' ? r.seats : 1,
    planId: r.planId,
    certificateId: r.certificateId,
    siteId: r.siteId,
    name: r.name,
    types: [...r.types],
    seats: r.seats,
    region: path,
    storedRegion: path.length > 0 ? '' : r.region,
    address: r.address,
  }
}

export function toInput(form: RoomForm): RoomInput {
  return {
    planId: form.planId as Id,
    certificateId: form.certificateId as Id,
    siteId: form.siteId as Id,
    name: form.name.trim(),
    types: form.types,
    seats: form.seats ?? 0,
    region: form.region.length > 0 ? regionText(form.region) : form.storedRegion.trim(),
    address: form.address.trim(),
  }
}

/** ROOM-3: a room being arranged (排考中) takes only more seats, so only those are sent. */
export const seatsOnly = (form: RoomForm) => ({ seats: form.seats ?? 0, version: form.version ?? 0 })

/**
 * The choices of the add form, loaded from /rooms/options. A room being edited may sit in a plan
 * the list no longer offers; its own plan, certificate and site are kept as choices.
 */
export const formOptions = ref<RoomOptions>({ plans: [], types: [] })
export const currentRoom = ref<Room | null>(null)

function planChoices(): Option[] {
  const out: Option[] = formOptions.value.plans.map((p) => ({ label: p.name, value: p.id }))
  const r = currentRoom.value
  if (r && !out.some((o) => o.value === r.planId)) out.unshift({ label: r.planName, value: r.planId })
  return out
}

function certificateChoices(m: RoomForm): Option[] {
  const plan = formOptions.value.plans.find((p) => p.id === m.planId)
  const out: Option[] = (plan?.certificates ?? []).map((c) => ({ label: c.name, value: c.id }))
  const r = currentRoom.value
  if (r && r.planId === m.planId && !out.some((o) => o.value === r.certificateId)) {
    out.unshift({ label: r.certificateName, value: r.certificateId })
  }
  return out
}

function siteChoices(m: RoomForm): Option[] {
  const plan = formOptions.value.plans.find((p) => p.id === m.planId)
  const cert = plan?.certificates.find((c) => c.id === m.certificateId)
  const out: Option[] = (cert?.sites ?? []).map((s) => ({ label: s.name, value: s.id }))
  const r = currentRoom.value
  if (r && r.certificateId === m.certificateId && !out.some((o) => o.value === r.siteId)) {
    out.unshift({ label: r.siteName, value: r.siteId })
  }
  return out
}

const locked = (m: RoomForm) => m.status === 'arranging'
const required = (message: string, trigger: 'blur' | 'change' = 'change') => [{ required: true, message, trigger }]

export const roomFields: FormField<RoomForm>[] = [
  {
    prop: 'planId',
    label: '考试计划',
    type: 'component',
    component: ElSelectV2,
    props: () => ({ options: planChoices(), placeholder: '请选择考试计划', filterable: true }),
    disabled: locked,
    rules: required('请选择考试计划'),
    onChange: (m) => {
      m.certificateId = ''
      m.siteId = ''
    },
  },
  {
    prop: 'certificateId',
    label: '本次组织考试的证书',
    type: 'component',
    component: ElSelectV2,
    props: (m) => ({ options: certificateChoices(m), placeholder: m.planId ? '请选择证书' : '请先选择考试计划' }),
    disabled: (m) => locked(m) || !m.planId,
    rules: required('请选择本次组织考试的证书'),
    onChange: (m) => {
      m.siteId = ''
    },
  },
  {
    prop: 'siteId',
    label: '所属考场地点',
    type: 'component',
    component: ElSelectV2,
    props: (m) => ({
      options: siteChoices(m),
      placeholder: m.certificateId ? '请选择该证书审核通过的考核站点' : '请先选择证书',
      noDataText: '本院校暂无该证书审核通过的考核站点',
    }),
    disabled: (m) => locked(m) || !m.certificateId,
    rules: required('请选择所属考场地点'),
  },
  {
    prop: 'name',
    label: '考场名称',
    type: 'input',
    maxlength: 50,
    placeholder: '请输入考场名称',
    disabled: locked,
    rules: [{ required: true, whitespace: true, message: '请输入考场名称', trigger: 'blur' }],
  },
  {
    prop: 'types',
    label: '考场类型',
    type: 'component',
    component: ElSelectV2,
    props: () => ({ options: ROOM_TYPE_OPTIONS, multiple: true, placeholder: '可多选' }),
    disabled: locked,
    rules: [{ type: 'array', required: true, min: 1, message: '请选择考场类型', trigger: 'change' }],
  },
  {
    prop: 'seats',
    label: '考位数',
    type: 'component',
    component: ElInputNumber,
    props: (m) => ({ min: m.minSeats, max: 999, step: 1, stepStrictly: true, controlsPosition: 'right' }),
    rules: required('请输入考位数（1–999）', 'blur'),
  },
  {
    prop: 'region',
    label: '考场地址',
    type: 'component',
    component: ElCascader,
    props: () => ({ options: regions.value, placeholder: '请选择省 / 市 / 区', filterable: true, style: { width: '100%' } }),
    visible: (m) => !m.storedRegion,
    disabled: locked,
    rules: [{ type: 'array', required: true, min: 1, message: '请选择考场地址', trigger: 'change' }],
  },
  {
    prop: 'storedRegion',
    label: '考场地址',
    type: 'component',
    component: ElInput,
    props: () => ({ clearable: true, placeholder: '请选择省 / 市 / 区' }),
    hint: '该地址不在省市区列表中，保存时保持原样；清空后可从列表重新选择',
    visible: (m) => !!m.storedRegion,
    disabled: locked,
    rules: [{ required: true, whitespace: true, message: '请选择考场地址', trigger: 'blur' }],
  },
  {
    prop: 'address',
    label: '详细地址',
    type: 'input',
    maxlength: 120,
    placeholder: '例如：学院路30号 机电楼101',
    disabled: locked,
    rules: [{ required: true, whitespace: true, message: '请输入详细地址', trigger: 'blur' }],
  },
]
