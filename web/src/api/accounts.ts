import { get, post, put } from './http'
import type { Id, Page, PageQuery } from './types'
import type { Account, Role } from './auth'

export type { Account, Role }

export interface AccountQuery extends Partial<PageQuery> {
  role?: Role | ''
  orgId?: Id | ''
  keyword?: string
  enabled?: boolean | ''
}

export interface AccountCreate {
  username: string
  displayName: string
  role: Role
  orgId: Id
  phone?: string
  /** Left out to let the server generate one. */
  password?: string
  mustChangePassword: boolean
}

export interface AccountUpdate {
  displayName: string
  phone?: string | null
  enabled: boolean
}

export interface AccountCreated {
  account: Account
  initialPassword: string
}

export function listAccounts(query: AccountQuery): Promise<Page<Account>> {
  return get<Page<Account>>('/accounts', query)
}

export function createAccount(body: AccountCreate): Promise<AccountCreated> {
  return post<AccountCreated>('/accounts', body)
}

export function updateAccount(id: Id, body: AccountUpdate): Promise<Account> {
  return put<Account>(`/accounts/${id}`, body)
}

export function resetPassword(id: Id): Promise<{ password: string }> {
  return post<{ password: string }>(`/accounts/${id}/reset-password`)
}

/** Lifts every sign-in wait of the account, at all addresses. */
export function unlockAccount(id: Id): Promise<Account> {
  return post<Account>(`/accounts/${id}/unlock`)
}

/** A client address with failed sign-ins to an account in the last day. */
export interface SignInFailure {
  ip: string
  failures: number
  lastFailedAt: string
  /** Set while that address must wait before the next attempt. */
  delayedUntil: string | null
  /** The account signed in from this address before: it is never held back. */
  knownAddress: boolean
}

export function signInFailures(id: Id): Promise<{ username: string; items: SignInFailure[] }> {
  return get<{ username: string; items: SignInFailure[] }>(`/accounts/${id}/sign-in-failures`)
}
