import { get, post, del } from './http'
import type { BatchResult, Id, Page, PageQuery, Versioned } from './types'

/** REG-1: 未排考 → 待考试 → 考试中 → 已结束, derived by the server from the arrangement and the clock. */
export type RegistrationStatus = 'unarranged' | 'waiting' | 'ongoing' | 'finished'

/** 报考: one student x plan x subject. */
export interface Registration {
  id: Id
  version: number
  planId: Id
  planName: string
  orgName: string
  collegeId: Id
  collegeName: string
  studentId: Id
  studentName: string
  studentNo: string
  idNumber: string
  studentType: string
  certificateId: Id
  certificateName: string
  levelId: Id
  level: string
  levelName: string
  subjectId: Id
  subjectCode: string
  subjectName: string
  examMode: string
  mode: 'certificate' | 'subject'
  modeName: string
  siteName: string
  ticketNo: string
  slot: string
  status: RegistrationStatus
  statusName: string
  paid: boolean
  paidName: string
  inApplication: boolean
  createdAt: string
}

export interface RegistrationQuery extends Partial<PageQuery> {
  planId?: Id | ''
  collegeId?: Id | ''
  certificateId?: Id | ''
  name?: string
  studentNo?: string
  idNumber?: string
  status?: RegistrationStatus | ''
  paid?: '0' | '1' | ''
}

/** A plan open for registration now, as the college may choose it. */
export interface OpenPlan {
  id: Id
  name: string
  mode: 'certificate' | 'subject'
  modeName: string
  registrationStart: string
  registrationEnd: string
  levels: { levelId: Id; certificateId: Id; certificateName: string; level: string; label: string }[]
  certificates: { id: Id; code: string; name: string }[]
  subjects: { subjectId: Id; levelId: Id; certificateId: Id; code: string; name: string; mode: string; level: string; slot: string }[]
}

export interface RegistrationInput {
  planId: Id
  studentId: Id
  levelId?: Id
  subjectIds?: Id[]
}

export function listRegistrations(query: RegistrationQuery): Promise<Page<Registration>> {
  return get<Page<Registration>>('/registrations', query)
}

export async function listOpenPlans(): Promise<OpenPlan[]> {
  return (await get<{ plans: OpenPlan[] }>('/registrations/options')).plans
}

// One registration per subject: the created ones, as a list.
export function createRegistration(body: RegistrationInput): Promise<Registration[]> {
  return post<Registration[]>('/registrations', body)
}

/** What deleting a registration takes with it: in a 按证书报考 plan every subject of its level. */
export interface DeletionScope {
  ids: Id[]
  subjects: string[]
  level: string
  whole: boolean
}

export function registrationDeletionScope(id: Id): Promise<DeletionScope> {
  return get<DeletionScope>(`/registrations/${id}/deletion-scope`)
}

export function deleteRegistration(registration: Versioned): Promise<void> {
  return del(`/registrations/${registration.id}`, { params: { version: registration.version } })
}

export function batchDeleteRegistrations(registrations: Versioned[]): Promise<BatchResult> {
  return post<BatchResult>('/registrations/batch-delete', {
    items: registrations.map(({ id, version }) => ({ id, version })),
  })
}
