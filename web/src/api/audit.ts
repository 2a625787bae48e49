import { get, post } from './http'
import type { Id, Page, PageQuery } from './types'
import type { Job } from './jobs'

export interface AuditLog {
  id: Id
  /** China time, "yyyy-MM-dd HH:mm:ss". */
  at: string
  accountId: Id | null
  username: string | null
  displayName: string | null
  role: string | null
  roleName: string | null
  orgId: Id | null
  orgName: string | null
  action: string
  entity: string
  entityId: string | number | null
  summary: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  ip: string | null
  requestId: string | null
}

export interface AuditFilter {
  keyword?: string
  action?: string
  entity?: string
  from?: string
  to?: string
}

export type AuditQuery = AuditFilter & Partial<PageQuery>

export function listAuditLogs(query: AuditQuery): Promise<Page<AuditLog>> {
  return get<Page<AuditLog>>('/audit-logs', query)
}

/** Starts the CSV export of every entry matching the filter; answers 202 with the job. */
export async function exportAuditLogs(filter: AuditFilter): Promise<Job> {
  const { job } = await post<{ job: Job }>('/audit-logs/export', filter)
  return job
}
