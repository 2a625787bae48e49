import { del, get, post } from './http'
import type { BatchResult, Id, Page, PageQuery, Versioned } from './types'

export type PaymentMode = 'certificate' | 'subject'
export type PaymentStatus = 'pending' | 'confirmed'

/** One priced line of an application: a student's level (按证书) or one subject (按科目). */
export interface PaymentLine {
  studentId: Id
  studentName: string
  studentNo: string
  level: string
  subjectCode: string
  subjectName: string
  feeFen: number
  fee: string
}

/** 缴费申请单. */
export interface Payment {
  id: Id
  /** 缴费单号, yyMMdd + 4 digits. */
  number: string
  collegeId: Id
  collegeName: string
  planId: Id
  planName: string
  certificateId: Id
  certificateName: string
  orgId: Id
  orgName: string
  payeeOrgId: Id
  /** 收费对象. */
  payeeName: string
  mode: PaymentMode
  modeName: string
  headCount: number
  amountFen: number
  amount: string
  amountInWords: string
  status: PaymentStatus
  statusName: string
  appliedAt: string
  confirmedAt: string | null
  version: number
  lines?: PaymentLine[]
}

export interface PaymentQuery extends Partial<PageQuery> {
  planId?: Id | ''
  collegeId?: Id | ''
  number?: string
  mode?: PaymentMode | ''
  status?: PaymentStatus | ''
}

/** A plan the college may generate an application for (inside its registration window). */
export interface PaymentPlanOption {
  id: Id
  name: string
  mode: PaymentMode
  modeName: string
  payeeName: string
  registrationEnd: string
  certificates: { id: Id; code: string; name: string }[]
}

export function listPayments(query: PaymentQuery): Promise<Page<Payment>> {
  return get<Page<Payment>>('/payments', query)
}

export function getPayment(id: Id): Promise<Payment> {
  return get<Payment>(`/payments/${id}`)
}

export function paymentOptions(): Promise<{ plans: PaymentPlanOption[] }> {
  return get<{ plans: PaymentPlanOption[] }>('/payments/options')
}

export function generatePayment(body: { planId: Id; certificateId: Id; mode: PaymentMode }): Promise<Payment> {
  return post<Payment>('/payments', body)
}

export function confirmPayments(ids: Id[]): Promise<BatchResult> {
  return post<BatchResult>('/payments/confirm', { ids })
}

export function deletePayment(application: Versioned): Promise<void> {
  return del(`/payments/${application.id}`, { params: { version: application.version } })
}
