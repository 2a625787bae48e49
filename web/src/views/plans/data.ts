import type { SearchField, TableColumn } from '@/components/schema'
import type { CertificateDetail, Level, Subject } from '@/api/certificates'
import type { Id } from '@/api/types'
import { minuteOf, orEmpty } from '@/utils/format'
import type { Plan, PlanDetail, PlanInput, PlanMode, PlanStatus, PlanWindows } from '@/api/plans'
import { ref } from 'vue'
import { listCertificates } from '@/api/certificates'
import { listOrganizations } from '@/api/organizations'
import { PLAN_STATUS_OPTIONS, type Option } from '@/constants/dicts'
import { useSessionStore } from '@/stores/session'

export const canEdit = () => useSessionStore().hasPerm('plan:edit')

// ---------------------------------------------------------------- list

export interface PlanSearch {
  keyword: string
  status: PlanStatus | ''
  phase: string
  certificateId: Id | ''
  orgId: Id | ''
}

export const searchDefaults = (): PlanSearch => ({ keyword: '', status: '', phase: '', certificateId: '', orgId: '' })

const PHASE_OPTIONS: Option<string>[] = [
  { label: '未开始', value: 'upcoming' },
  { label: '报考中', value: 'registration' },
  { label: '排考中', value: 'arranging' },
  { label: '考试中', value: 'examining' },
  { label: '成绩登记中', value: 'scoring' },
  { label: '公示中', value: 'publicity' },
  { label: '已结束', value: 'finished' },
]
const isAdmin = () => useSessionStore().account?.role === 'admin'
const certificateOptions = ref<Option<Id>[]>([])
const orgOptions = ref<Option<Id>[]>([])

/** Options of the 证书 and 培训评价组织 filters, for those who may list them. */
export async function loadFilterOptions() {
  if ((canEdit() || isAdmin()) && !certificateOptions.value.length) {
    const page = await listCertificates({ page: 1, pageSize: 100 })
    certificateOptions.value = page.items.map((c) => ({ label: c.name, value: c.id }))
  }
  if (isAdmin() && !orgOptions.value.length) {
    const page = await listOrganizations({ type: 'org', page: 1, pageSize: 200 })
    orgOptions.value = page.items.map((o) => ({ label: o.name, value: o.id }))
  }
}

export const searchFields: SearchField[] = [
  { prop: 'keyword', label: '计划名称', type: 'input', placeholder: '输入计划名称', width: '220px' },
  { prop: 'phase', label: '阶段', type: 'select', options: PHASE_OPTIONS, width: '130px' },
  {
    prop: 'certificateId',
    label: '证书',
    type: 'select',
    options: certificateOptions,
    width: '220px',
    visible: () => canEdit() || isAdmin(),
  },
  { prop: 'orgId', label: '培训评价组织', type: 'select', options: orgOptions, width: '220px', visible: isAdmin },
  // Only organisations have drafts and cancelled plans; the others see published ones.
  { prop: 'status', label: '状态', type: 'select', options: PLAN_STATUS_OPTIONS, width: '140px', visible: canEdit },
]

export const columns: TableColumn<Plan>[] = [
  { label: '计划名称', prop: 'name', minWidth: 160 },
  { label: '证书等级', prop: 'levelNames', minWidth: 200 },
  { label: '报考方式', prop: 'modeName', width: 100 },
  { label: '阶段', slot: 'phase', width: 100, align: 'center' },
  { label: '报考时间', slot: 'registration', width: 150 },
  { label: '首场考试', prop: 'firstExamAt', width: 140, formatter: (row) => orEmpty(minuteOf(row.firstExamAt)) },
  { label: '参考院校数', prop: 'collegeCount', width: 96, align: 'center' },
  { label: '收费对象', prop: 'payeeName', minWidth: 150 },
  { label: '操作', slot: 'actions', width: 230, fixed: 'right', align: 'center', visible: canEdit },
  { label: '操作', slot: 'actions', width: 80, fixed: 'right', align: 'center', visible: () => !canEdit() },
]

// ---------------------------------------------------------------- time

/** 'YYYY-MM-DD HH:mm': the wizard edits times to the minute (the API takes it, and gives 'YYYY-MM-DD HH:mm:ss'). */
export const MINUTE_FORMAT = 'YYYY-MM-DD HH:mm'

const pad = (n: number) => String(n).padStart(2, '0')

export function formatMinute(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export function parseMinute(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text ?? '')
  return m ? new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) : null
}

export function addMinutes(text: string, minutes: number): string {
  const date = parseMinute(text)
  return date ? formatMinute(new Date(date.getTime() + minutes * 60_000)) : ''
}

/** Whole days from `text` (midnight of its day plus `days`) at `hh:mm`. */
function dayAt(text: string, days: number, time: string): string {
  const date = parseMinute(text)
  if (!date) return ''
  const [h, m] = time.split(':').map(Number)
  return formatMinute(new Date(date.getFullYear(), date.getMonth(), date.getDate() + days, h, m))
}

// ---------------------------------------------------------------- windows

export interface WindowPair {
  title: string
  start: keyof PlanWindows
  end: keyof PlanWindows
  startLabel: string
  endLabel: string
  hint: string
}

export const WINDOW_PAIRS: WindowPair[] = [
  {
    title: '报考',
    start: 'registrationStart',
    end: 'registrationEnd',
    startLabel: '报考开始时间',
    endLabel: '报考结束时间',
    hint: '院校在此期间为考生报考；发布计划时报考尚未结束。',
  },
  {
    title: '排考',
    start: 'arrangingStart',
    end: 'arrangingEnd',
    startLabel: '排考开始时间',
    endLabel: '排考结束时间',
    hint: '报考结束时间不能晚于排考结束时间；排考须在首场考试前结束。',
  },
  {
    title: '成绩登记',
    start: 'scoreStart',
    end: 'scoreEnd',
    startLabel: '成绩登记开始时间',
    endLabel: '成绩登记结束时间',
    hint: '成绩登记须在最后一场考试结束之后开始。',
  },
  {
    title: '成绩公示',
    start: 'publicityStart',
    end: 'publicityEnd',
    startLabel: '公示开始时间',
    endLabel: '公示结束时间',
    hint: '公示期不能早于成绩登记开始。',
  },
]

export const emptyWindows = (): PlanWindows => ({
  registrationStart: '',
  registrationEnd: '',
  arrangingStart: '',
  arrangingEnd: '',
  scoreStart: '',
  scoreEnd: '',
  publicityStart: '',
  publicityEnd: '',
})

// ---------------------------------------------------------------- wizard form

export interface Slot {
  start: string
  end: string
}

export interface PlanForm {
  id?: Id
  version?: number
  status?: PlanStatus
  name: string
  mode: PlanMode
  payeeOrgId: Id | ''
  paymentBeforeArranging: boolean
  /** 每考场监考老师人数 and 每考点每场次巡考老师人数. */
  invigilatorsPerRoom: number
  patrolsPerSite: number
  notes: string
  examNotice: string
  levelIds: Id[]
  /** Exam slot of each subject, by subject id; kept when a level is unticked and ticked again. */
  slots: Record<string, Slot>
  windows: PlanWindows
  collegeIds: Id[]
}

export const emptyForm = (payeeOrgId: Id | ''): PlanForm => ({
  name: '',
  mode: 'certificate',
  payeeOrgId,
  paymentBeforeArranging: false,
  invigilatorsPerRoom: 2,
  patrolsPerSite: 1,
  notes: '',
  examNotice: '',
  levelIds: [],
  slots: {},
  windows: emptyWindows(),
  collegeIds: [],
})

export function formFromDetail(d: PlanDetail): PlanForm {
  const slots: Record<string, Slot> = {}
  for (const s of d.subjects) slots[String(s.subjectId)] = { start: minuteOf(s.start), end: minuteOf(s.end) }
  const windows = emptyWindows()
  for (const key of Object.keys(windows) as (keyof PlanWindows)[]) windows[key] = minuteOf(d.windows[key])
  return {
    id: d.id,
    version: d.version,
    status: d.status,
    name: d.name,
    mode: d.mode,
    payeeOrgId: d.payeeOrgId,
    paymentBeforeArranging: d.paymentBeforeArranging,
    invigilatorsPerRoom: d.invigilatorsPerRoom ?? 2,
    patrolsPerSite: d.patrolsPerSite ?? 1,
    notes: d.notes ?? '',
    examNotice: d.examNotice ?? '',
    levelIds: d.levels.map((l) => l.levelId),
    slots,
    windows,
    collegeIds: d.colleges.map((c) => c.id),
  }
}

/** A subject of a chosen level, with what the wizard and the summary show beside it. */
export interface ChosenSubject {
  certificate: CertificateDetail
  level: Level
  subject: Subject
}

export function chosenSubjects(form: PlanForm, certificates: CertificateDetail[]): ChosenSubject[] {
  const chosen = new Set(form.levelIds.map(String))
  const out: ChosenSubject[] = []
  for (const certificate of certificates) {
    for (const level of certificate.levels) {
      if (!chosen.has(String(level.id))) continue
      for (const subject of level.subjects) out.push({ certificate, level, subject })
    }
  }
  return out
}

export function slotOf(form: PlanForm, subjectId: Id): Slot {
  const key = String(subjectId)
  if (!form.slots[key]) form.slots[key] = { start: '', end: '' }
  return form.slots[key]
}

export function toInput(form: PlanForm, subjects: ChosenSubject[]): PlanInput {
  const body: PlanInput = {
    name: form.name.trim(),
    mode: form.mode,
    paymentBeforeArranging: form.paymentBeforeArranging,
    invigilatorsPerRoom: form.invigilatorsPerRoom,
    patrolsPerSite: form.patrolsPerSite,
    notes: form.notes.trim(),
    examNotice: form.examNotice.trim(),
    windows: { ...form.windows },
    levelIds: [...form.levelIds],
    subjects: subjects.map(({ subject }) => ({ subjectId: subject.id, ...slotOf(form, subject.id) })),
    collegeIds: [...form.collegeIds],
  }
  if (form.payeeOrgId !== '') body.payeeOrgId = form.payeeOrgId
  return body
}

/** First and last minute of the exams, or '' when no slot is set. */
export function examSpan(form: PlanForm, subjects: ChosenSubject[]): { first: string; last: string } {
  let first = ''
  let last = ''
  for (const { subject } of subjects) {
    const slot = slotOf(form, subject.id)
    if (slot.start && (!first || slot.start < first)) first = slot.start
    if (slot.end && (!last || slot.end > last)) last = slot.end
  }
  return { first, last }
}

/** The first obvious mistake in the chosen levels and exam slots, worded like the server, or ''. */
export function subjectsProblem(form: PlanForm, subjects: ChosenSubject[]): string {
  if (form.levelIds.length === 0) return '请至少选择一个证书等级'
  for (const { subject } of subjects) {
    const slot = slotOf(form, subject.id)
    const what = `科目「${subject.name}」`
    if (!slot.start || !slot.end) return `请设置${what}的考试时间`
    if (slot.start >= slot.end) return `${what}的考试开始时间须早于结束时间`
  }
  // A candidate takes every subject of a level: its slots must not overlap.
  const byLevel = new Map<string, ChosenSubject[]>()
  for (const s of subjects) {
    const key = String(s.level.id)
    byLevel.set(key, [...(byLevel.get(key) ?? []), s])
  }
  for (const list of byLevel.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = slotOf(form, list[i].subject.id)
        const b = slotOf(form, list[j].subject.id)
        if (a.start < b.end && b.start < a.end) {
          return `同一证书等级的科目「${list[i].subject.name}」与「${list[j].subject.name}」考试时间重叠，考生无法同时参加`
        }
      }
    }
  }
  return ''
}

/** The first mistake in the windows, worded like the server, or ''. */
export function windowsProblem(form: PlanForm, subjects: ChosenSubject[]): string {
  const w = form.windows
  for (const pair of WINDOW_PAIRS) {
    if (!w[pair.start]) return `请设置${pair.startLabel}`
    if (!w[pair.end]) return `请设置${pair.endLabel}`
    if (w[pair.start] >= w[pair.end]) return `${pair.startLabel}须早于${pair.endLabel}`
  }
  if (w.registrationEnd > w.arrangingEnd) return '报考结束时间不能晚于排考结束时间'
  if (w.publicityStart < w.scoreStart) return '公示期不能早于成绩登记开始'
  const { first, last } = examSpan(form, subjects)
  if (first && first < w.arrangingEnd) {
    return `首场考试 ${first} 早于排考结束时间 ${w.arrangingEnd}，排考须在考试前结束`
  }
  if (last && w.scoreStart < last) return `成绩登记须在最后一场考试结束（${last}）之后开始`
  return ''
}

/**
 * Windows that fit the exam slots: registration from today until a week before the first exam,
 * arranging in the ten days before it, score entry the week after the last exam, then ten days
 * of publicity. Windows already set are kept.
 */
export function suggestWindows(form: PlanForm, subjects: ChosenSubject[], now = new Date()): void {
  const { first, last } = examSpan(form, subjects)
  if (!first || !last) return
  const today = formatMinute(new Date(now.getFullYear(), now.getMonth(), now.getDate(), 0, 0))
  const suggested: PlanWindows = {
    registrationStart: today,
    registrationEnd: dayAt(first, -7, '18:00'),
    arrangingStart: dayAt(first, -10, '08:00'),
    arrangingEnd: dayAt(first, -1, '18:00'),
    scoreStart: dayAt(last, 1, '08:00'),
    scoreEnd: dayAt(last, 8, '18:00'),
    publicityStart: dayAt(last, 9, '08:00'),
    publicityEnd: dayAt(last, 19, '18:00'),
  }
  if (suggested.registrationEnd <= today) suggested.registrationEnd = dayAt(first, -1, '12:00')
  if (suggested.arrangingStart <= today) suggested.arrangingStart = today
  for (const key of Object.keys(suggested) as (keyof PlanWindows)[]) {
    if (!form.windows[key]) form.windows[key] = suggested[key]
  }
}
