import { get } from './http'
import type { Id, Page, PageQuery } from './types'
import type { SmsState } from './teachers'

/** One SMS the platform sent or is sending. */
export interface SmsMessage {
  id: Id
  collegeId: Id | null
  collegeName: string
  /** Masked: 137****0501. */
  phone: string
  template: string
  templateName: string
  /** The whole text: the platform administrator only. */
  text: string | null
  state: SmsState
  stateName: string
  attempts: number
  provider: string
  answer: string
  createdAt: string
  sentAt: string | null
}

export interface SmsQuery extends Partial<PageQuery> {
  phone?: string
  template?: string
  state?: SmsState | ''
  collegeId?: Id | ''
}

export const listSmsMessages = (query: SmsQuery) => get<Page<SmsMessage>>('/sms-messages', query)
