import { get, put } from './http'
import type { Id, Page, PageQuery } from './types'

export type ScoreState = 'missing' | 'entered' | 'publicity' | 'locked' | 'unpublished'

/** 科目成绩: one arranged candidate-subject (the registration's id) with its score. */
export interface Score {
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
  ticketNo: string
  subjectId: Id
  subjectCode: string
  subjectName: string
  mode: string
  fullMark: number
  passMark: number
  certificateId: Id
  certificateName: string
  level: string
  orgName: string
  passCondition: string
  /** false for a college before the 公示期: the mark is hidden. */
  published: boolean
  score: string | null
  /** The mark, 缺考, or 成绩未公示. */
  scoreText: string
  absent: boolean | null
  state: ScoreState
  stateName: string
  /** The organisation may enter or change it now (the plan's windows allow it). */
  canWrite: boolean
  version: number
  updatedAt: string | null
}

export interface ScoreAmendment {
  id: Id
  before: string
  after: string
  reason: string
  inPublicity: boolean
  via: string
  accountName: string
  at: string
}

export interface ScoreDetail extends Score {
  /** Not entered yet and the room's check-in never saw the candidate: 缺考 by default. */
  checkinAbsent: boolean
  amendments: ScoreAmendment[]
  scoreWindow: string
  publicityWindow: string
}

export interface ScoreQuery extends Partial<PageQuery> {
  planId?: Id | ''
  certificateId?: Id | ''
  subjectId?: Id | ''
  studentName?: string
  studentNo?: string
  state?: ScoreState | ''
}

export interface EntryPlan {
  id: Id
  name: string
  scoreWindow: string
  publicityWindow: string
  phaseName: string
  subjects: { id: Id; code: string; name: string; arranged: number; entered: number }[]
}

export interface ScoreInput {
  score?: string
  absent?: boolean
  reason?: string
  version?: number
}

export const listScores = (q: ScoreQuery) => get<Page<Score>>('/scores', q)
export const getScore = (id: Id) => get<ScoreDetail>(`/scores/${id}`)
export const writeScore = (id: Id, body: ScoreInput) => put<ScoreDetail>(`/scores/${id}`, body)
export const entryOptions = () => get<{ plans: EntryPlan[] }>('/scores/entry-options')
export const myScores = () => get<{ items: ScoreDetail[] }>('/my/scores')
export const scoreTemplatePath = (planId: Id, subjectId: Id) => `/scores/template?planId=${planId}&subjectId=${subjectId}`
export const scoreImportPath = (planId: Id, subjectId: Id) => `/scores/import?planId=${planId}&subjectId=${subjectId}`
