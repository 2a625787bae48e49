import { get, post, put } from './http'
import type { Id, Page, PageQuery } from './types'

export type SiteStatus = 'pending' | 'approved' | 'returned'

/** 考核站点: a college's place for the exams of one certificate, reviewed by the certificate's organisation. */
export interface Site {
  id: Id
  collegeId: Id
  collegeName: string
  orgId: Id
  orgName: string
  certificateId: Id
  certificateName: string
  name: string
  /** 考点地区. */
  region: string
  address: string
  fullAddress: string
  status: SiteStatus
  /** 待审核 / 已通过 / 已退回. */
  statusName: string
  returnReason: string
  /** The colleges whose candidates sit their exams here (the applying college first). */
  servedColleges: { id: Id; name: string }[]
  version: number
  createdAt: string
  reviewedAt: string | null
}

export interface SiteQuery extends Partial<PageQuery> {
  keyword?: string
  status?: SiteStatus | ''
  certificateId?: Id | ''
}

export interface SiteApply {
  certificateId: Id
  /** Optional; the server names it 「院校名+证书名+考核站点」. */
  name?: string
  region: string
  address: string
}

export interface SiteUpdate {
  name: string
  region: string
  address: string
  version: number
}

export function listSites(query: SiteQuery): Promise<Page<Site>> {
  return get<Page<Site>>('/sites', query)
}

export function getSite(id: Id): Promise<Site> {
  return get<Site>(`/sites/${id}`)
}

/** For the application form: the college's sites for the certificate, and a name no site has. */
export interface SiteSuggestion {
  name: string
  existing: { id: Id; name: string; status: string; statusName: string; address: string }[]
}

export function siteSuggestion(certificateId: Id): Promise<SiteSuggestion> {
  return get<SiteSuggestion>('/sites/suggestion', { certificateId })
}

export function applySite(body: SiteApply): Promise<Site> {
  return post<Site>('/sites', body)
}

/** Pending or returned sites only; a returned one goes back to review. */
export function updateSite(id: Id, body: SiteUpdate): Promise<Site> {
  return put<Site>(`/sites/${id}`, body)
}

/** `collegeIds`: colleges besides the applicant whose candidates may sit here. */
export function approveSite(id: Id, collegeIds: Id[] = []): Promise<Site> {
  return post<Site>(`/sites/${id}/approve`, { collegeIds })
}

export function returnSite(id: Id, reason: string): Promise<Site> {
  return post<Site>(`/sites/${id}/return`, { reason })
}
