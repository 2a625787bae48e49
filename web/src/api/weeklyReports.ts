import { apiUrl, del, download, get, post, put, upload } from './http'
import type { BatchResult, Id, Page, PageQuery, Versioned } from './types'

export type WeeklyStatus = 'draft' | 'pending' | 'approved' | 'returned'
export type Cadence = 'weekly' | 'semimonthly'
export type AttachmentKind = 'scan' | 'other'

/** A reporting period: a week (Monday to Sunday) or a half-month, in Beijing time. */
export interface Period {
  /** The start date, e.g. 2021-09-06: how the API names a period. */
  key: string
  /** 2021年09月 第二周 / 2021年09月 上半月. */
  label: string
  cadence: Cadence
  cadenceName: string
  start: string
  /** The last day. */
  end: string
  /** The last second a report of the period can be submitted. */
  deadline: string
}

export interface Attachment {
  fileId: Id
  kind: AttachmentKind
  name: string
  contentType: string
  size: number
}

export interface Review {
  id: Id
  result: 'approved' | 'returned'
  resultName: string
  opinion: string
  reviewerName: string
  provinceName: string
  reviewedAt: string
}

/** 周报 of a college for one period. */
export interface WeeklyReport {
  id: Id
  collegeId: Id
  collegeName: string
  /** 院校类型, e.g. 本科院校. */
  collegeType: string
  provinceId: Id | null
  provinceName: string
  period: Period
  periodLabel: string
  /** 工作进展. */
  progress: string
  /** 存在困难. */
  difficulties: string
  /** 政策建议. */
  suggestions: string
  status: WeeklyStatus
  statusName: string
  submittedAt: string | null
  version: number
  createdAt: string
  updatedAt: string
  attachments?: Attachment[]
  reviews?: Review[]
}

export interface WeeklyQuery extends Partial<PageQuery> {
  status?: WeeklyStatus | ''
  period?: string
  from?: string
  to?: string
  collegeId?: Id | ''
  collegeName?: string
}

export interface WeeklyPage extends Page<WeeklyReport> {
  counts: Record<'all' | WeeklyStatus, number>
}

export interface Limits {
  progress: number
  difficulties: number
  suggestions: number
  opinion: number
  fileBytes: number
  reportBytes: number
  filesPerKind: number
  extensions: string[]
}

/** What 提交周报 opens: the current period and the college's details. */
export interface WeeklyForm {
  period: Period
  collegeName: string
  collegeType: string
  provinceName: string
  limits: Limits
}

export interface WeeklyInput {
  period?: string
  progress: string
  difficulties: string
  suggestions: string
  attachments: { fileId: Id; kind: AttachmentKind }[]
  submit: boolean
}

export interface CadenceInfo {
  cadence: Cadence
  cadenceName: string
  current: Period
  next: Period
  earliestChange: string
  changes: { cadence: Cadence; cadenceName: string; effectiveFrom: string }[]
}

export interface OverviewRow {
  collegeId: Id
  collegeName: string
  collegeType: string
  status: WeeklyStatus | 'none'
  statusName: string
  reportId: Id | null
  submittedAt: string | null
}

export interface Overview {
  period: Period
  items: OverviewRow[]
  counts: Record<'none' | WeeklyStatus | 'total', number>
}

export interface RateRow {
  period: Period
  colleges: number
  submitted: number
  approved: number
  rate: number
}

export function listWeeklyReports(query: WeeklyQuery): Promise<WeeklyPage> {
  return get<WeeklyPage>('/weekly-reports', query)
}

export function getWeeklyReport(id: Id): Promise<WeeklyReport> {
  return get<WeeklyReport>(`/weekly-reports/${id}`)
}

/** WR-1: answers 409 「本周周报已提交，请勿重复提交」 when the period already has a report. */
export function newWeeklyReport(): Promise<WeeklyForm> {
  return get<WeeklyForm>('/weekly-reports/new')
}

export function createWeeklyReport(body: WeeklyInput): Promise<WeeklyReport> {
  return post<WeeklyReport>('/weekly-reports', body)
}

export function updateWeeklyReport(id: Id, body: Omit<WeeklyInput, 'period'> & { version: number }): Promise<WeeklyReport> {
  return put<WeeklyReport>(`/weekly-reports/${id}`, body)
}

export function deleteWeeklyReport(report: Versioned): Promise<void> {
  return del(`/weekly-reports/${report.id}`, { params: { version: report.version } })
}

export function submitWeeklyReport(id: Id): Promise<WeeklyReport> {
  return post<WeeklyReport>(`/weekly-reports/${id}/submit`, {})
}

export function withdrawWeeklyReport(id: Id): Promise<WeeklyReport> {
  return post<WeeklyReport>(`/weekly-reports/${id}/withdraw`, {})
}

export function approveWeeklyReport(id: Id, opinion: string): Promise<WeeklyReport> {
  return post<WeeklyReport>(`/weekly-reports/${id}/approve`, { opinion })
}

export function returnWeeklyReport(id: Id, opinion: string): Promise<WeeklyReport> {
  return post<WeeklyReport>(`/weekly-reports/${id}/return`, { opinion })
}

export function reviewWeeklyReports(ids: Id[], result: 'approved' | 'returned', opinion: string): Promise<BatchResult> {
  return post<BatchResult>('/weekly-reports/review', { ids, result, opinion })
}

export function uploadAttachment(file: File): Promise<Attachment> {
  return upload<Attachment>('/weekly-reports/attachments', file)
}

export function downloadAttachment(a: Attachment): Promise<void> {
  return download(apiUrl(`/weekly-reports/files/${a.fileId}`), { fileName: a.name })
}

export function listPeriods(query: { from?: string; to?: string } = {}): Promise<{ items: Period[]; current: Period }> {
  return get('/weekly-reports/periods', query)
}

export function getCadence(): Promise<CadenceInfo> {
  return get<CadenceInfo>('/weekly-reports/cadence')
}

export function setCadence(cadence: Cadence, effectiveFrom?: string): Promise<CadenceInfo> {
  return put<CadenceInfo>('/weekly-reports/cadence', { cadence, effectiveFrom: effectiveFrom || undefined })
}

export function getOverview(period?: string): Promise<Overview> {
  return get<Overview>('/weekly-reports/overview', { period })
}

export function exportOverview(period?: string): Promise<void> {
  return download(apiUrl('/weekly-reports/overview/export', { period }))
}

export function getRates(query: { from?: string; to?: string } = {}): Promise<{ items: RateRow[]; from: string; to: string }> {
  return get('/weekly-reports/rates', query)
}
