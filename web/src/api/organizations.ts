import { get, post, put } from './http'
import type { Id, Page, PageQuery } from './types'
import type { OrgType } from './auth'

export interface Organization {
  id: Id
  type: OrgType
  typeName: string
  name: string
  collegeType: string | null
  provinceId: Id | null
  provinceName: string | null
  region: string | null
  contactName: string | null
  contactPhone: string | null
  /** 收款户名, 开户行, 收款账号 of a training organisation (printed on the 缴费通知单). */
  bankAccountName?: string
  bankName?: string
  bankAccount?: string
  enabled: boolean
  version: number
  createdAt: string
  updatedAt: string
}

export interface OrganizationQuery extends Partial<PageQuery> {
  type?: OrgType | ''
  keyword?: string
}

export interface OrganizationCreate {
  type: OrgType
  name: string
  collegeType?: string | null
  provinceId?: Id | null
  region?: string
  contactName?: string
  contactPhone?: string
  bankAccountName?: string
  bankName?: string
  bankAccount?: string
}

export interface OrganizationUpdate {
  name: string
  collegeType?: string | null
  provinceId?: Id | null
  region?: string
  contactName?: string
  contactPhone?: string
  bankAccountName?: string
  bankName?: string
  bankAccount?: string
  enabled: boolean
  version: number
}

export function listOrganizations(query: OrganizationQuery): Promise<Page<Organization>> {
  return get<Page<Organization>>('/organizations', query)
}

export function getOrganization(id: Id, options: { silent?: boolean } = {}): Promise<Organization> {
  return get<Organization>(`/organizations/${id}`, undefined, options)
}

export function createOrganization(body: OrganizationCreate): Promise<Organization> {
  return post<Organization>('/organizations', body)
}

export function updateOrganization(id: Id, body: OrganizationUpdate): Promise<Organization> {
  return put<Organization>(`/organizations/${id}`, body)
}

/** Every province (there are at most a few dozen), for the 所属省份 choice. */
export async function listProvinces(): Promise<Organization[]> {
  const page = await listOrganizations({ type: 'province', page: 1, pageSize: 100 })
  return page.items
}
