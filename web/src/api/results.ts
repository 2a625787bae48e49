import { get, post } from './http'
import type { BatchResult, Id, Page, PageQuery } from './types'

export type ResultStatus = 'pending' | 'passed' | 'failed' | 'absent'
export type IssueState = 'none' | 'signed' | 'issued' | 'returned'

/** 考证结果: a candidate's certificate level in a plan. */
export interface CertResult {
  id: Id
  planId: Id
  planName: string
  collegeId: Id
  collegeName: string
  studentName: string
  studentNo: string
  /** Masked. */
  idNumber: string
  studentType: string
  certificateId: Id
  certificateName: string
  levelId: Id
  level: string
  orgName: string
  condition: string
  status: ResultStatus
  statusName: string
  /** When the scores lock and the result is decided. */
  decidesAt: string
  issueState: IssueState | null
  issueName: string
  siteName: string
  signedAt: string | null
  confirmedAt: string | null
  returnReason: string
  returnedBy: string
  returnedAt: string | null
  certificateNo: string
  version: number
  canDownload?: boolean
}

export interface ResultDetail extends CertResult {
  subjects: { subjectCode: string; subjectName: string; mode: string; fullMark: number; passMark: number; score: string }[]
  steps: { title: string; done: boolean; at: string | null }[]
  total: string | null
  canDownload: boolean
  canSign: boolean
  canConfirm: boolean
  canReturn: boolean
}

export interface ResultQuery extends Partial<PageQuery> {
  planId?: Id | ''
  certificateId?: Id | ''
  studentName?: string
  studentNo?: string
  status?: ResultStatus | ''
  issue?: IssueState | ''
}

export interface CertificateCheck {
  valid: boolean
  status: 'valid' | 'forged'
  message: string
  certificateNo?: string
  name?: string
  certificateName?: string
  level?: string
  orgName?: string
  issuedOn?: string
}

export const listResults = (q: ResultQuery) => get<Page<CertResult>>('/results', q)
export const getResult = (id: Id) => get<ResultDetail>(`/results/${id}`)
export const signResults = (ids: Id[]) => post<BatchResult>('/results/sign', { ids })
export const confirmResults = (ids: Id[]) => post<BatchResult>('/results/confirm', { ids })
export const returnResult = (id: Id, reason: string) => post<ResultDetail>(`/results/${id}/return`, { reason })
export const certificatePath = (id: Id) => `/results/${id}/certificate`
export const myResults = () => get<{ items: CertResult[] }>('/my/results')
export const ownCertificatePath = (id: Id) => `/my/results/${id}/certificate`
export const verifyCertificate = (c: string) => get<CertificateCheck>('/certificates/verify', { c })
