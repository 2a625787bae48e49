import { get, post, put } from './http'
import type { Id, Page, PageQuery } from './types'

export type TeacherAccountState = 'inactive' | 'active' | 'disabled'
export type SmsState = 'queued' | 'sending' | 'sent' | 'failed'

/** 教师 of a college, with the 1+X 师资培训门户 account (user name = phone). */
export interface Teacher {
  id: Id
  collegeId: Id
  collegeName: string
  name: string
  idNumber: string
  gender: string
  department: string
  phone: string
  username: string
  education: string
  title: string
  position: string
  email: string
  research: string
  achievements: string
  address: string
  enabled: boolean
  version: number
  createdAt: string
  updatedAt: string
  accountState: TeacherAccountState
  accountStateName: string
  activatedAt: string | null
  /** The newest account SMS: null when none was sent. */
  smsState: SmsState | null
  smsAnswer: string
}

export interface TeacherQuery extends Partial<PageQuery> {
  collegeId?: Id | ''
  name?: string
  phone?: string
  department?: string
  title?: string
  state?: TeacherAccountState | ''
}

export interface TeacherInput {
  name: string
  idNumber: string
  gender?: string
  education: string
  department: string
  title: string
  position: string
  phone: string
  email: string
  research: string
  achievements: string
  address: string
}

export type OwnProfileInput = Pick<TeacherInput, 'education' | 'title' | 'position' | 'email' | 'research' | 'achievements' | 'address'>

export interface TeacherDuty {
  /** The room-slot of a 监考 duty (its check-in page); null for a patrol. */
  roomSlotId: Id | null
  planName: string
  subjects: string
  siteName: string
  roomName: string
  role: 'room' | 'patrol'
  roleName: string
  start: string
  end: string
  colleagues: string[]
}

export const listTeachers = (query: TeacherQuery) => get<Page<Teacher>>('/teachers', query)
export const createTeacher = (body: TeacherInput) => post<Teacher>('/teachers', body)
export const updateTeacher = (id: Id, body: TeacherInput & { version: number }) => put<Teacher>(`/teachers/${id}`, body)
export const setTeacherEnabled = (t: Teacher, enabled: boolean) =>
  post<Teacher>(`/teachers/${t.id}/${enabled ? 'enable' : 'disable'}`, { version: t.version })
/** A new initial password, sent by SMS; the old one stops working. */
export const resendTeacherAccount = (id: Id) => post<Teacher>(`/teachers/${id}/resend`)

export const ownProfile = () => get<Teacher>('/teacher-portal/profile')
export const updateOwnProfile = (body: OwnProfileInput & { version: number }) => put<Teacher>('/teacher-portal/profile', body)
export const ownDuties = () => get<{ items: TeacherDuty[]; certified: boolean }>('/teacher-portal/duties')

/** One candidate of a room-slot on the check-in page. */
export interface CheckinCandidate {
  seatNo: number
  ticketNo: string
  name: string
  collegeName: string
  subject: string
  checkedInAt: string | null
}

export interface CheckinSheet {
  roomSlotId: Id
  planName: string
  siteName: string
  roomName: string
  subjects: string
  start: string
  end: string
  opensAt: string
  open: boolean
  total: number
  present: number
  absent: number
  candidates: CheckinCandidate[]
}

export const checkinSheet = (roomSlotId: Id) => get<CheckinSheet>(`/checkins/room-slots/${roomSlotId}`, undefined, { silent: true })
/** `code` is the QR code's text or a typed 准考证号. */
export const checkIn = (roomSlotId: Id, code: string, method: 'scan' | 'typed') =>
  post<{ already: boolean; candidate: CheckinCandidate }>(`/checkins/room-slots/${roomSlotId}`, { code, method }, { silent: true })
