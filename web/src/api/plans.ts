import { ApiError, get, post, put } from './http'
import type { Id, Page, PageQuery } from './types'
import type { ExamMode, CertLevel } from './certificates'

export type PlanMode = 'certificate' | 'subject'
export type PlanStatus = 'draft' | 'published' | 'cancelled'
/** Derived by the server from its clock and the plan's windows. */
export type PlanPhase =
  | 'draft'
  | 'cancelled'
  | 'upcoming'
  | 'registration'
  | 'arranging'
  | 'examining'
  | 'scoring'
  | 'publicity'
  | 'finished'

/** The eight time windows of a plan, 'YYYY-MM-DD HH:mm'. */
export interface PlanWindows {
  registrationStart: string
  registrationEnd: string
  arrangingStart: string
  arrangingEnd: string
  scoreStart: string
  scoreEnd: string
  publicityStart: string
  publicityEnd: string
}

/** A row of the plan list. */
export interface Plan {
  id: Id
  orgId: Id
  orgName: string
  name: string
  mode: PlanMode
  /** 按证书报考 / 按科目报考. */
  modeName: string
  payeeOrgId: Id
  /** 收费对象. */
  payeeName: string
  paymentBeforeArranging: boolean
  /** 每考场监考老师人数. */
  invigilatorsPerRoom: number
  /** 每考点每场次巡考老师人数. */
  patrolsPerSite: number
  status: PlanStatus
  statusName: string
  phase: PlanPhase
  /** 报考中, 排考中 … */
  phaseName: string
  windows: PlanWindows
  firstExamAt: string | null
  lastExamEndAt: string | null
  /** 「网店运营推广职业技能等级证书(初级)；…」. */
  levelNames: string
  collegeCount: number
  version: number
  createdAt: string
  updatedAt: string
}

export interface PlanLevel {
  levelId: Id
  certificateId: Id
  certificateCode: string
  certificateName: string
  level: CertLevel
}

export interface PlanSubject {
  subjectId: Id
  levelId: Id
  code: string
  name: string
  mode: ExamMode
  certificateName: string
  level: CertLevel
  start: string
  end: string
  /** '2021-09-18 08:00-09:00'. */
  slot: string
}

export interface CollegeRef {
  id: Id
  name: string
  /** 所属省级教育行政部门, where known (the college directory gives it). */
  provinceName?: string | null
}

export interface PlanDetail extends Plan {
  notes: string
  examNotice: string
  levels: PlanLevel[]
  subjects: PlanSubject[]
  colleges: CollegeRef[]
}

export interface PlanQuery extends Partial<PageQuery> {
  keyword?: string
  status?: PlanStatus | ''
  /** 阶段 as the list shows it: 报考中, 考试中, … */
  phase?: string
  certificateId?: Id | ''
  orgId?: Id | ''
}

export interface PlanInput {
  name: string
  mode: PlanMode
  payeeOrgId?: Id
  paymentBeforeArranging: boolean
  invigilatorsPerRoom: number
  patrolsPerSite: number
  notes: string
  examNotice: string
  windows: PlanWindows
  levelIds: Id[]
  subjects: { subjectId: Id; start: string; end: string }[]
  collegeIds: Id[]
}

export interface PlanUpdate extends PlanInput {
  version: number
}

export function listPlans(query: PlanQuery): Promise<Page<Plan>> {
  return get<Page<Plan>>('/plans', query)
}

export function getPlan(id: Id, options: { silent?: boolean } = {}): Promise<PlanDetail> {
  return get<PlanDetail>(`/plans/${id}`, undefined, options)
}

export function createPlan(body: PlanInput): Promise<PlanDetail> {
  return post<PlanDetail>('/plans', body)
}

export function updatePlan(id: Id, body: PlanUpdate): Promise<PlanDetail> {
  return put<PlanDetail>(`/plans/${id}`, body)
}

export function publishPlan(id: Id): Promise<PlanDetail> {
  return post<PlanDetail>(`/plans/${id}/publish`, {})
}

export function cancelPlan(id: Id): Promise<PlanDetail> {
  return post<PlanDetail>(`/plans/${id}/cancel`, {})
}

/** A new draft named 「…（副本）」. */
export function copyPlan(id: Id): Promise<PlanDetail> {
  return post<PlanDetail>(`/plans/${id}/copy`, {})
}

const unavailable = (error: unknown) => error instanceof ApiError && (error.status === 403 || error.status === 404)

function itemsOf<T>(data: Page<T> | T[]): T[] {
  return Array.isArray(data) ? data : (data.items ?? [])
}

/**
 * Colleges a plan may invite, or null when the account may not list colleges. Tries the
 * college list meant for organisations first, then the organisation list (platform, provinces).
 */
export async function listCollegeChoices(): Promise<CollegeRef[] | null> {
  try {
    const data = await get<Page<CollegeRef> | CollegeRef[]>('/colleges', { page: 1, pageSize: 500 }, { silent: true })
    return itemsOf(data).map((c) => ({ id: c.id, name: c.name, provinceName: c.provinceName ?? null }))
  } catch (error) {
    if (!unavailable(error)) throw error
  }
  try {
    const data = await get<Page<CollegeRef>>('/organizations', { type: 'college', page: 1, pageSize: 100 }, { silent: true })
    return itemsOf(data).map((c) => ({ id: c.id, name: c.name, provinceName: c.provinceName ?? null }))
  } catch (error) {
    if (!unavailable(error)) throw error
    return null
  }
}

/** Training and evaluation organisations that may collect the fees, or null when they cannot be listed. */
export async function listPayeeChoices(): Promise<CollegeRef[] | null> {
  try {
    const data = await get<Page<CollegeRef>>('/training-orgs', { page: 1, pageSize: 500 }, { silent: true })
    return itemsOf(data).map((c) => ({ id: c.id, name: c.name }))
  } catch (error) {
    if (!unavailable(error)) throw error
    return null
  }
}
