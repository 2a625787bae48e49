import { get, post } from './http'
import type { Id } from './types'

export type Role = 'admin' | 'org' | 'college' | 'province' | 'student' | 'teacher'
export type OrgType = 'platform' | 'org' | 'college' | 'province'

export interface Account {
  id: Id
  username: string
  displayName: string
  role: Role
  roleName: string
  orgId: Id
  orgName: string
  orgType: OrgType
  phone: string | null
  enabled: boolean
  mustChangePassword: boolean
  lockedUntil: string | null
  lastLoginAt: string | null
  /** The sign-in before the current one (首页 shows it as 最近登录). */
  previousLoginAt?: string | null
  createdAt: string
}

/** The signed-in account and what it may do, as returned by login, me and password change. */
export interface Session {
  account: Account
  permissions: string[]
  sessionExpiresAt: string
}

export interface LoginForm {
  username: string
  password: string
}

export interface PasswordForm {
  oldPassword: string
  newPassword: string
}

/** Errors are shown by the login page itself, and a 401 here is a wrong password, not an expired session. */
export function login(form: LoginForm): Promise<Session> {
  return post<Session>('/auth/login', form, { silent: true, skipAuthRedirect: true })
}

/** The current session, or a 401 ApiError when there is none. */
export function fetchMe(): Promise<Session> {
  return get<Session>('/auth/me', undefined, { silent: true, skipAuthRedirect: true })
}

export function logout(): Promise<void> {
  return post<void>('/auth/logout', undefined, { silent: true, skipAuthRedirect: true })
}

export function changePassword(form: PasswordForm): Promise<Session> {
  return post<Session>('/auth/password', form)
}
