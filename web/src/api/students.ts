import { del, get, post, put } from './http'
import type { Id, Page, PageQuery, Versioned } from './types'

export type StudentType = '院校考生' | '社会考生'

/** 考生: a candidate registered by a college. */
export interface Student {
  id: Id
  collegeId: Id
  collegeName: string
  studentNo: string
  name: string
  gender: string
  idNumber: string
  birthDate: string
  type: StudentType
  major: string
  className: string
  phone: string
  version: number
  createdAt: string
  updatedAt: string
  /** The student's sign-in account (login = 考生编号); in lists only. */
  accountState?: StudentAccountState
}

/** none: no account yet; no_password: initial password not issued; must_change: issued, not changed yet. */
export type StudentAccountState = 'none' | 'no_password' | 'must_change' | 'active' | 'disabled'

export interface StudentQuery extends Partial<PageQuery> {
  /** 所属院校: the platform's view across colleges. */
  collegeId?: Id | ''
  name?: string
  studentNo?: string
  idNumber?: string
  major?: string
  className?: string
  type?: StudentType | ''
}

export interface StudentInput {
  /** Optional; the server generates one when blank. */
  studentNo?: string
  name: string
  /** Optional; must agree with the 身份证号. */
  gender?: string
  idNumber: string
  type: StudentType
  major: string
  className: string
  phone: string
}

export function listStudents(query: StudentQuery): Promise<Page<Student>> {
  return get<Page<Student>>('/students', query)
}

export function createStudent(body: StudentInput): Promise<Student> {
  return post<Student>('/students', body)
}

export function updateStudent(id: Id, body: StudentInput & { version: number }): Promise<Student> {
  return put<Student>(`/students/${id}`, body)
}

export function deleteStudent(student: Versioned): Promise<void> {
  return del(`/students/${student.id}`, { params: { version: student.version } })
}

/** Issues the student's account a new initial password, shown once; changed at first sign-in. */
export function issueStudentPassword(id: Id): Promise<{ username: string; password: string }> {
  return post<{ username: string; password: string }>(`/students/${id}/initial-password`)
}
