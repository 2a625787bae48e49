import { get, post, put } from './http'
import type { Id, Page, PageQuery } from './types'

export type CertLevel = '初级' | '中级' | '高级'
export type ExamMode = '笔试' | '机考' | '实操' | '笔试+实操' | '机考+实操'
/** 各科成绩合格, or the sum of the subjects' marks reaches `passTotal`. */
export type PassCondition = 'all_subjects' | 'total'

/** A row of the certificate list. */
export interface Certificate {
  id: Id
  orgId: Id
  /** 颁证机构: the training and evaluation organisation that owns the certificate. */
  orgName: string
  /** 8 digits. */
  code: string
  name: string
  description: string
  passCondition: PassCondition
  /** 「各科成绩合格」 or 「总分≥120」. */
  passConditionName: string
  passTotal: number | null
  enabled: boolean
  version: number
  /** The levels in rank order, joined with 「、」. */
  levelNames: string
  subjectCount: number
  majorCount: number
  createdAt: string
  updatedAt: string
}

export interface Subject {
  id: Id
  /** 11 digits. */
  code: string
  name: string
  mode: ExamMode
  durationMinutes: number
  fullMark: number
  passMark: number
  /** Yuan with two decimals, e.g. "240.50". */
  fee: string
}

export interface Level {
  id: Id
  level: CertLevel
  /** 证书编号 of the level: 8 digits, one per certificate level. */
  code: string
  /** Yuan with two decimals. */
  fee: string
  /** The level's own 通过条件 (a level saved without one takes the certificate's). */
  passCondition: PassCondition
  passConditionName: string
  passTotal: number | null
  subjects: Subject[]
}

export interface Major {
  name: string
  code: string
}

export interface CertificateDetail extends Certificate {
  /** In rank order: 初级, 中级, 高级. */
  levels: Level[]
  majors: Major[]
}

export interface CertificateQuery extends Partial<PageQuery> {
  keyword?: string
  orgId?: Id
  enabled?: boolean | ''
}

export interface SubjectInput {
  code: string
  name: string
  mode: ExamMode
  durationMinutes: number
  fullMark: number
  passMark: number
  fee: string
}

export interface CertificateInput {
  code: string
  name: string
  description: string
  passCondition: PassCondition
  passTotal?: number
  /** A level's code may be left out: a new level gets a generated one, an existing level keeps its own. */
  levels: {
    level: CertLevel
    code?: string
    fee: string
    passCondition?: PassCondition
    passTotal?: number
    subjects: SubjectInput[]
  }[]
  majors: { name: string; code: string }[]
}

export interface CertificateUpdate extends CertificateInput {
  version: number
}

export function listCertificates(query: CertificateQuery): Promise<Page<Certificate>> {
  return get<Page<Certificate>>('/certificates', query)
}

export function getCertificate(id: Id): Promise<CertificateDetail> {
  return get<CertificateDetail>(`/certificates/${id}`)
}

export function createCertificate(body: CertificateInput): Promise<CertificateDetail> {
  return post<CertificateDetail>('/certificates', body)
}

export function updateCertificate(id: Id, body: CertificateUpdate): Promise<CertificateDetail> {
  return put<CertificateDetail>(`/certificates/${id}`, body)
}

/** Enabling shows the certificate to colleges again; disabling hides it and keeps it out of new exam plans. */
export function setCertificateEnabled(id: Id, enabled: boolean): Promise<CertificateDetail> {
  return post<CertificateDetail>(`/certificates/${id}/${enabled ? 'enable' : 'disable'}`, {})
}
