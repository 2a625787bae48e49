import { get, post, put, del } from './http'
import type { Id, Page, PageQuery } from './types'
import type { Job } from './jobs'

export type SubjectState = 'not_started' | 'unarranged' | 'arranging' | 'arranged' | 'ended'

/** 考核站点编排: one subject of a plan with its arrangement state (SCH-1). */
export interface ArrangementSubject {
  /** The plan and subject together (list and export key). */
  id: Id
  planId: Id
  planName: string
  subjectId: Id
  subjectCode: string
  subjectName: string
  certificateId: Id
  certificateName: string
  level: string
  /** 考试方式. */
  mode: string
  /** 报考人数. */
  registered: number
  /** 考试时段, e.g. 2021-09-18 08:00-09:00. */
  slot: string
  slotStart: string
  slotEnd: string
  /** 已排考考位个数. */
  seats: number
  /** 已排考考人数. */
  arranged: number
  state: SubjectState
  stateName: string
}

export interface SubjectQuery extends Partial<PageQuery> {
  planId?: Id | ''
  certificateId?: Id | ''
  keyword?: string
  state?: SubjectState | ''
}

export interface SubjectSite {
  siteId: Id
  siteName: string
  address: string
  rooms: number
  arranged: number
}

export interface Person {
  id: Id
  name: string
  teacherNo: string
  region: string
  collegeName: string
  /** 回避 was impossible: the person's college sits in the room. */
  ownCollege: boolean
  /** 张丽 (KK867114). */
  label: string
}

/** 考场编排: a room during one exam slot, with its candidates' count and its invigilators. */
export interface RoomSlot {
  id: Id
  planId: Id
  planName: string
  roomId: Id
  roomName: string
  collegeName: string
  region: string
  siteId: Id
  siteName: string
  siteAddress: string
  orgName: string
  certificateId: Id
  certificateName: string
  subjectNames: string
  slot: string
  slotStart: string
  slotEnd: string
  /** 排考人数. */
  arranged: number
  invigilators: Person[]
  patrols: Person[]
}

export interface Seat {
  id: Id
  seatNo: number
  studentName: string
  studentNo: string
  ticketNo: string
  collegeName: string
  subjectName: string
}

export interface RoomSlotDetail extends RoomSlot {
  seats: Seat[]
}

export interface RoomSlotQuery extends Partial<PageQuery> {
  planId?: Id | ''
  siteId?: Id | ''
  keyword?: string
}

/** 排考明细: one arranged candidate-subject. */
export interface ArrangementDetail {
  id: Id
  planName: string
  studentName: string
  studentNo: string
  /** Masked. */
  idNumber: string
  ticketNo: string
  certificateName: string
  level: string
  subjectName: string
  mode: string
  slot: string
  siteName: string
  roomName: string
  seatNo: number
  siteAddress: string
}

export interface DetailQuery extends Partial<PageQuery> {
  planId?: Id | ''
  subjectId?: Id | ''
  roomSlotId?: Id | ''
  keyword?: string
}

export interface RunSummary {
  offered?: number
  placed?: number
  kept?: number
  unplaced?: number
  reasons?: { reason: string; reasonName: string; count: number }[]
  roomsUsed?: number
  roomSlots?: number
  invigilatorShortage?: number
  invigilatorMinLoad?: number
  invigilatorMaxLoad?: number
  ownCollegeAssignments?: number
}

export interface ArrangementRun {
  id: Id
  planId: Id
  scope: 'plan' | 'subject' | 'site'
  scopeName: string
  jobId: Id | null
  state: 'running' | 'succeeded' | 'failed'
  stateName: string
  error: string
  summary: RunSummary
  createdAt: string
  finishedAt: string | null
  unplacedItems?: {
    registrationId: Id
    studentName: string
    studentNo: string
    collegeName: string
    subjectName: string
    subjectCode: string
    reasonName: string
  }[]
  loads?: { name: string; teacherNo: string; kind: string; collegeName: string; duties: number }[]
  shortages?: { kind: string; siteName: string; roomName: string; slot: string; missing: number }[]
}

export interface MyExam {
  registrationId: Id
  planId: Id
  planName: string
  certificateName: string
  level: string
  subjectName: string
  mode: string
  slot: string
  paid: boolean
  arranged: boolean
  stateName: string
  ticketNo: string
  roomName: string
  seatNo: number | null
  siteName: string
  siteAddress: string
}

export const listArrangementSubjects = (q: SubjectQuery) => get<Page<ArrangementSubject>>('/arrangement-subjects', q)
export const subjectSites = (id: Id) =>
  get<{ subject: ArrangementSubject; sites: SubjectSite[] }>(`/arrangement-subjects/${id}`)
export const listRoomSlots = (q: RoomSlotQuery) => get<Page<RoomSlot>>('/room-slots', q)
export const getRoomSlot = (id: Id) => get<RoomSlotDetail>(`/room-slots/${id}`)
export const listArrangements = (q: DetailQuery) => get<Page<ArrangementDetail>>('/arrangements', q)
export const startRun = (body: { planId: Id; subjectId?: Id; siteId?: Id }) =>
  post<{ run: ArrangementRun; job: Job }>('/arrangement-runs', body)
export const listRuns = (planId: Id) => get<{ items: ArrangementRun[] }>('/arrangement-runs', { planId })
export const getRun = (id: Id) => get<ArrangementRun>(`/arrangement-runs/${id}`)
export const clearArrangements = (body: { planId: Id; subjectId?: Id; siteId?: Id }) =>
  post<{ cleared: number }>('/arrangements/clear', body)
export const moveArrangement = (id: Id, body: { roomId: Id; seatNo: number }) => post(`/arrangements/${id}/move`, body)
export const swapArrangements = (id: Id, otherId: Id) => post(`/arrangements/${id}/swap`, { otherId })
export const unplaceArrangement = (id: Id) => del(`/arrangements/${id}`)
export const setRoomInvigilators = (id: Id, ids: Id[]) => put(`/room-slots/${id}/invigilators`, { ids })
export const myExams = () => get<{ items: MyExam[] }>('/my/exams')

export type DocumentKind = 'door' | 'desk' | 'sign' | 'tickets' | 'tickets_pdf'

export const DOCUMENT_KINDS: { value: DocumentKind; label: string }[] = [
  { value: 'door', label: '考场门贴' },
  { value: 'desk', label: '考场桌贴' },
  { value: 'sign', label: '考场签到表' },
  { value: 'tickets', label: '准考证（每人一个 PDF）' },
  { value: 'tickets_pdf', label: '准考证（合并打印）' },
]

export const roomSlotDocumentPath = (id: Id, kind: DocumentKind) => `/room-slots/${id}/document?kind=${kind}`
export const startDocuments = (body: { planId: Id; siteId?: Id; kind: DocumentKind }) =>
  post<{ job: Job }>('/arrangement-documents', body)
export const ownTicketPath = (planId: Id) => `/my/exams/${planId}/ticket`

export interface TicketCheck {
  valid: boolean
  status: 'valid' | 'forged' | 'changed' | 'expired'
  message: string
  ticketNo?: string
  name?: string
  planName?: string
  site?: string
  rows?: { subject: string; mode: string; time: string; room: string; seatNo: number }[]
}
export const verifyTicket = (t: string) => get<TicketCheck>('/tickets/verify', { t })
