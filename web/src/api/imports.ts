import { get, upload } from './http'
import type { Job } from './jobs'
import type { Id, Page } from './types'

/** What an import job reports when it ends. */
export interface ImportResult {
  total: number
  succeeded: number
  failed: number
  /** 新增 and 更新, for imports that tell them apart (考生信息). */
  created?: number
  updated?: number
}

export interface ImportRecord {
  id: Id
  title: string
  operator: string
  username: string
  roleName: string
  orgName: string | null
  fileName: string
  total: number
  succeeded: number
  failed: number
  failureFileId: Id | null
  createdAt: string
}

export interface ImportRecordQuery {
  type?: string
  targetId?: Id
  page: number
  pageSize: number
}

/** Uploads a file to an import endpoint; the server answers 202 with the job that reads it. */
export async function startImport(uploadPath: string, file: File): Promise<Job> {
  const answer = await upload<{ job: Job }>(uploadPath, file)
  return answer.job
}

export function listImportRecords(query: ImportRecordQuery): Promise<Page<ImportRecord>> {
  return get<Page<ImportRecord>>('/import-records', query)
}
