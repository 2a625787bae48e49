import { get, post } from './http'
import type { Id, Page, PageQuery } from './types'
import type { Job } from './jobs'

/** One field an entry changed, labelled by the server (a field nobody labelled keeps its key). */
export interface AuditChange {
  field: string
  label: string
  before: string
  after: string
}

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
  /** The action in Chinese (修改, 确认缴费). */
  actionName: string
  entity: string
  /** The record type in Chinese (考生). */
  entityName: string
  entityId: string | number | null
  /** The business object in Chinese: 考生 王小二 (202600070000002). */
  object: string
  summary: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  /** The fields changed (all fields of a record created or deleted), in display order. */
  changes: AuditChange[]
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
