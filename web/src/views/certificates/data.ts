import { markRaw } from 'vue'
import type { SearchField, TableColumn } from '@/components/schema'
import OrgSelect from '@/components/OrgSelect.vue'
import type {
  CertLevel,
  Certificate,
  CertificateDetail,
  CertificateInput,
  ExamMode,
  PassCondition,
} from '@/api/certificates'
import type { Id } from '@/api/types'
import { CERT_LEVEL_OPTIONS, ENABLED_OPTIONS } from '@/constants/dicts'
import { useSessionStore } from '@/stores/session'

const canEdit = () => useSessionStore().hasPerm('cert:edit')

// ---------------------------------------------------------------- list

export interface CertificateSearch {
  keyword: string
  orgId: Id | ''
  enabled: boolean | ''
}

export const searchDefaults = (): CertificateSearch => ({ keyword: '', orgId: '', enabled: '' })

/** Colleges and provinces only ever see enabled certificates; organisations and the platform see all. */
const seesDisabled = () => canEdit() || useSessionStore().account?.role === 'admin'

export const searchFields: SearchField[] = [
  { prop: 'keyword', label: '证书', type: 'input', placeholder: '证书编号或名称', width: '220px' },
  {
    prop: 'orgId',
    label: '颁证机构',
    type: 'component',
    component: markRaw(OrgSelect),
    props: { type: 'org', placeholder: '输入机构名称搜索' },
    width: '240px',
    // Organisations see only their own certificates; only those who may list organisations can pick one.
    visible: () => !canEdit() && useSessionStore().hasPerm('org:view'),
  },
  { prop: 'enabled', label: '状态', type: 'select', options: ENABLED_OPTIONS, width: '140px', visible: seesDisabled },
]

export const columns: TableColumn<Certificate>[] = [
  { label: '证书编号', prop: 'code', width: 90 },
  { label: '证书名称', prop: 'name', minWidth: 130 },
  { label: '颁证机构', prop: 'orgName', minWidth: 130 },
  { label: '证书等级', prop: 'levelNames', width: 104 },
  { label: '科目数', prop: 'subjectCount', width: 72, align: 'center' },
  { label: '可报考专业数', slot: 'majors', width: 112, align: 'center' },
  { label: '通过条件', prop: 'passConditionName', width: 112 },
  {
    label: '状态',
    width: 72,
    align: 'center',
    tag: (row) => (row.enabled ? { text: '启用', type: 'success' } : { text: '停用', type: 'info' }),
  },
  { label: '更新时间', prop: 'updatedAt', width: 160 },
  // Editors get 编辑 and 停用/启用 beside 查看.
  { label: '操作', slot: 'actions', width: 150, fixed: 'right', align: 'center', visible: canEdit },
  { label: '操作', slot: 'actions', width: 80, fixed: 'right', align: 'center', visible: () => !canEdit() },
]

// ---------------------------------------------------------------- edit form

/** A subject row being edited; numbers stay undefined until typed so empty cells look empty. */
export interface SubjectRow {
  /** Stable key of the table row (rows move when one above is removed). */
  key: number
  code: string
  name: string
  mode: ExamMode | ''
  durationMinutes?: number
  fullMark?: number
  passMark?: number
  fee?: number
}

export interface LevelForm {
  level: CertLevel
  /** 证书编号 of the level; empty: generated when saved (or kept when editing). */
  code: string
  fee?: number
  /** '' takes the certificate's 通过条件. */
  passCondition: PassCondition | ''
  passTotal?: number
  subjects: SubjectRow[]
}

export interface MajorRow {
  key: number
  name: string
  code: string
}

export interface CertificateForm {
  id?: Id
  version?: number
  code: string
  name: string
  description: string
  passCondition: PassCondition
  passTotal?: number
  /** In rank order. */
  levels: LevelForm[]
  majors: MajorRow[]
}

let nextKey = 1
const key = () => nextKey++

export const LEVEL_ORDER: CertLevel[] = CERT_LEVEL_OPTIONS.map((o) => o.value)

export function emptySubject(): SubjectRow {
  return { key: key(), code: '', name: '', mode: '', durationMinutes: undefined, fullMark: 100, passMark: 60 }
}

export function emptyLevel(level: CertLevel): LevelForm {
  return { level, code: '', fee: undefined, passCondition: '', passTotal: undefined, subjects: [emptySubject()] }
}

export function emptyMajor(name = '', code = ''): MajorRow {
  return { key: key(), name, code }
}

export const emptyForm = (): CertificateForm => ({
  code: '',
  name: '',
  description: '',
  passCondition: 'all_subjects',
  passTotal: undefined,
  levels: [emptyLevel('初级')],
  majors: [],
})

const money = (yuan: string | undefined): number | undefined =>
  yuan === undefined || yuan === '' ? undefined : Number(yuan)

export function formFromDetail(d: CertificateDetail): CertificateForm {
  return {
    id: d.id,
    version: d.version,
    code: d.code,
    name: d.name,
    description: d.description ?? '',
    passCondition: d.passCondition,
    passTotal: d.passTotal ?? undefined,
    levels: d.levels.map((l) => ({
      level: l.level,
      code: l.code ?? '',
      fee: money(l.fee),
      // A level holding the certificate's condition follows it; a different one is its own.
      passCondition:
        l.passCondition === d.passCondition && (l.passTotal ?? null) === (d.passTotal ?? null) ? '' : l.passCondition,
      passTotal: l.passTotal ?? undefined,
      subjects: l.subjects.map((s) => ({
        key: key(),
        code: s.code,
        name: s.name,
        mode: s.mode,
        durationMinutes: s.durationMinutes,
        fullMark: s.fullMark,
        passMark: s.passMark,
        fee: money(s.fee),
      })),
    })),
    majors: d.majors.map((m) => emptyMajor(m.name, m.code ?? '')),
  }
}

const yuan = (value: number | undefined) => (value === undefined || value === null ? '0.00' : value.toFixed(2))

/** The request body; the form has been checked, so every required number is there. */
export function toInput(form: CertificateForm): CertificateInput {
  const body: CertificateInput = {
    code: form.code.trim(),
    name: form.name.trim(),
    description: form.description.trim(),
    passCondition: form.passCondition,
    levels: form.levels.map((l) => ({
      level: l.level,
      ...(l.code.trim() ? { code: l.code.trim() } : {}),
      fee: yuan(l.fee),
      ...(l.passCondition ? { passCondition: l.passCondition } : {}),
      ...(l.passCondition === 'total' ? { passTotal: l.passTotal } : {}),
      subjects: l.subjects.map((s) => ({
        code: s.code.trim(),
        name: s.name.trim(),
        mode: s.mode as ExamMode,
        durationMinutes: s.durationMinutes ?? 0,
        fullMark: s.fullMark ?? 0,
        passMark: s.passMark ?? 0,
        fee: yuan(s.fee),
      })),
    })),
    majors: form.majors
      .filter((m) => m.name.trim() !== '')
      .map((m) => ({ name: m.name.trim(), code: m.code.trim() })),
  }
  if (form.passCondition === 'total') body.passTotal = form.passTotal
  return body
}

/** The smallest sum of full marks over the levels: the highest pass line every level can reach. */
export function lowestLevelTotal(form: CertificateForm): number | undefined {
  const totals = form.levels.map((l) => l.subjects.reduce((sum, s) => sum + (s.fullMark ?? 0), 0))
  return totals.length ? Math.min(...totals) : undefined
}

export const CERT_CODE = /^\d{8}$/
export const SUBJECT_CODE = /^\d{11}$/

/**
 * The first obvious mistake in the levels and subjects, worded like the server's messages
 * (「初级：第 1 个科目的科目代码须为 11 位数字」), or '' when there is none. The server checks
 * everything again.
 */
export function subjectProblem(form: CertificateForm): string {
  if (form.levels.length === 0) return '请至少设置一个证书等级（初级、中级、高级）'
  const seen = new Set<string>()
  const codes = new Set<string>()
  for (const level of form.levels) {
    const code = level.code.trim()
    if (code && !/^\d{8}$/.test(code)) return `证书等级「${level.level}」的编号须为 8 位数字，例如 50000101`
    if (code && codes.has(code)) return `证书等级编号 ${code} 重复`
    codes.add(code)
  }
  for (const level of form.levels) {
    const where = `${level.level}：`
    if (level.subjects.length === 0) return `${where}请至少设置一个考试科目`
    for (const [i, s] of level.subjects.entries()) {
      const at = `${where}第 ${i + 1} 个科目`
      const code = s.code.trim()
      if (!SUBJECT_CODE.test(code)) return `${at}的科目代码须为 11 位数字，例如 50000002202`
      if (seen.has(code)) return `科目代码 ${code} 重复`
      seen.add(code)
      if (!s.name.trim()) return `${at}：请填写科目名称`
      const named = `${at}「${s.name.trim()}」`
      if (!s.mode) return `${named}：请选择考试方式`
      if (!s.durationMinutes) return `${named}：请填写考试时长（分钟）`
      if (!s.fullMark) return `${named}：请填写满分`
      if (s.passMark === undefined || s.passMark === null) return `${named}：请填写及格分`
      if (s.passMark > s.fullMark) return `${named}的及格分不能高于满分`
    }
  }
  return ''
}

/** A major named twice, worded like the server's message, or ''. */
export function majorProblem(form: CertificateForm): string {
  const seen = new Set<string>()
  for (const m of form.majors) {
    const name = m.name.trim()
    if (!name) {
      if (m.code.trim()) return `专业代码 ${m.code.trim()} 缺少专业名称`
      continue
    }
    if (seen.has(name)) return `专业「${name}」重复`
    seen.add(name)
  }
  return ''
}

/** Which cells `subjectProblem` would point at, to mark them red. */
export function cellInvalid(form: CertificateForm, row: SubjectRow, field: keyof SubjectRow): boolean {
  switch (field) {
    case 'code': {
      const code = row.code.trim()
      if (!SUBJECT_CODE.test(code)) return true
      let count = 0
      for (const l of form.levels) for (const s of l.subjects) if (s.code.trim() === code) count++
      return count > 1
    }
    case 'name':
      return !row.name.trim()
    case 'mode':
      return !row.mode
    case 'durationMinutes':
      return !row.durationMinutes
    case 'fullMark':
      return !row.fullMark
    case 'passMark':
      return row.passMark === undefined || row.passMark === null || (row.fullMark !== undefined && row.passMark > row.fullMark)
    default:
      return false
  }
}

/**
 * Majors pasted as text: one per line, or several on a line separated by 、，,；; a line copied from
 * a spreadsheet as 「名称<Tab>代码」 keeps its code.
 */
export function parseMajors(text: string): { name: string; code: string }[] {
  const out: { name: string; code: string }[] = []
  for (const line of text.split(/\r?\n/)) {
    if (line.includes('\t')) {
      const [name, code = ''] = line.split('\t').map((part) => part.trim())
      if (name) out.push({ name, code })
      continue
    }
    for (const part of line.split(/[、，,；;]/)) {
      const name = part.trim()
      if (name) out.push({ name, code: '' })
    }
  }
  return out
}
