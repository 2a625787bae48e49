import { download, get, post } from './http'
import type { Id } from './types'

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface Job {
  id: Id
  type: string
  typeName: string
  state: JobState
  /** 0 to 100. */
  progress: number
  message: string | null
  resultFileId: Id | null
  resultFileName: string | null
  error: string | null
  /** What the job produced besides a file, e.g. an import's `{total, succeeded, failed}`. */
  result?: Record<string, unknown> | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

export const FINISHED_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled']

export function isFinished(job: Pick<Job, 'state'>): boolean {
  return FINISHED_STATES.includes(job.state)
}

export function getJob(id: Id): Promise<Job> {
  return get<Job>(`/jobs/${id}`)
}

/** Asks the server to stop the job; its state is read back by the next poll. */
export async function cancelJob(id: Id): Promise<void> {
  await post<unknown>(`/jobs/${id}/cancel`)
}

export function fileDownloadUrl(fileId: Id): string {
  return `/api/v1/files/${fileId}/download`
}

export function downloadFile(fileId: Id, fileName?: string): Promise<void> {
  return download(fileDownloadUrl(fileId), { fileName })
}
