import { del, get, post, put } from './http'
import type { BatchResult, Id, Page, PageQuery, Versioned } from './types'

export type InvigilatorKind = '监考老师' | '巡考老师'
export type CertificateStatus = 'unsubmitted' | 'pending' | 'certified' | 'returned'

/** One certificate level a person applied for, with its own state (未提交 / 待认证 / 已认证 / 已退回). */
export interface InvigilatorCertificate {
  /** The application's id: what the organisation certifies or returns. */
  id: Id
  levelId: Id
  level: string
  certificateId: Id
  certificateCode: string
  certificateName: string
  orgId: Id
  orgName: string
  status: CertificateStatus
  statusName: string
  certified: boolean
  /** The organisation's reason when returned. */
  reason: string
  reviewedBy: string
  reviewedAt: string | null
}

/** 监考人员: a teacher of a college proposed to invigilate (监考老师) or patrol (巡考老师) exams. */
export interface Invigilator {
  id: Id
  /** 教师编号: JK or KK and six digits. */
  teacherNo: string
  kind: InvigilatorKind
  name: string
  gender: string
  idNumber: string
  phone: string
  collegeId: Id
  collegeName: string
  /** 所在区域, e.g. 北京市北京市丰台区. */
  region: string
  certificates: InvigilatorCertificate[]
  /** 不可监考时间, by start: "2021-09-18 08:00". */
  unavailable: { start: string; end: string }[]
  version: number
  createdAt: string
  updatedAt: string
}

export interface InvigilatorQuery extends Partial<PageQuery> {
  name?: string
  teacherNo?: string
  phone?: string
  certificateId?: Id | ''
  collegeId?: Id | ''
  /** certified 已认证, uncertified 未认证, or one state. */
  status?: string
}

export interface InvigilatorInput {
  kind: InvigilatorKind
  name: string
  idNumber: string
  phone: string
  region: string
  levelIds: Id[]
  unavailable: { start: string; end: string }[]
}

export interface InvigilatorOptions {
  kinds: InvigilatorKind[]
  levels: { id: Id; level: string; certificateId: Id; certificateName: string }[]
}

/** A duty of a person still to come, as the arrangement stored it. */
export interface InvigilatorDuty {
  planId: Id
  planName: string
  siteName: string
  /** Empty for a patrol (巡考) of the whole site. */
  roomName: string
  role: 'room' | 'patrol'
  /** 考场监考 | 巡考 */
  roleName: string
  start: string
  end: string
  /** 回避 was not possible: candidates of the person's own college sit there. */
  ownCollege: boolean
}

/** The person's duties that have not ended (an organisation sees those in its own plans). */
export function invigilatorDuties(id: Id): Promise<{ items: InvigilatorDuty[] }> {
  return get<{ items: InvigilatorDuty[] }>(`/invigilators/${id}/duties`)
}

export function listInvigilators(query: InvigilatorQuery): Promise<Page<Invigilator>> {
  return get<Page<Invigilator>>('/invigilators', query)
}

export function invigilatorOptions(): Promise<InvigilatorOptions> {
  return get<InvigilatorOptions>('/invigilators/options')
}

export function createInvigilator(body: InvigilatorInput): Promise<Invigilator> {
  return post<Invigilator>('/invigilators', body)
}

/** levelIds is the whole list: a certified level left out is refused (INV-2). */
export function updateInvigilator(id: Id, body: Partial<InvigilatorInput> & { version: number }): Promise<Invigilator> {
  return put<Invigilator>(`/invigilators/${id}`, body)
}

export function submitInvigilator(person: Versioned): Promise<Invigilator> {
  return post<Invigilator>(`/invigilators/${person.id}/submit`, { version: person.version })
}

export function deleteInvigilator(person: Versioned): Promise<void> {
  return del(`/invigilators/${person.id}`, { params: { version: person.version } })
}

export function deleteInvigilators(people: Versioned[]): Promise<BatchResult> {
  return post('/invigilators/batch-delete', { items: people.map(({ id, version }) => ({ id, version })) })
}

/**
 * The organisation certifies or returns (with a reason) pending certificate applications by id,
 * or withdraws a certification (revoke, with a reason).
 */
export function reviewCertificates(
  ids: Id[],
  decision: 'certify' | 'return' | 'revoke',
  reason = '',
): Promise<BatchResult> {
  return post('/invigilators/review', { ids, decision, reason })
}
