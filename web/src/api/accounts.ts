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

export function unlockAccount(id: Id): Promise<Account> {
  return post<Account>(`/accounts/${id}/unlock`)
}
