import { del, get, post, put } from './http'
import type { BatchResult, Id, Page, PageQuery, Versioned } from './types'

export type RoomType = '笔试' | '机考' | '实操' | '笔试+实操' | '机考+实操'
export type RoomStatus = 'unarranged' | 'arranging' | 'finished'

/** 考场: a room at one of the college's approved sites, set up for one plan and one certificate. */
export interface Room {
  id: Id
  planId: Id
  planName: string
  siteId: Id
  /** 所属考场地点. */
  siteName: string
  collegeId: Id
  collegeName: string
  certificateId: Id
  /** 本次组织考试的证书. */
  certificateName: string
  name: string
  types: RoomType[]
  /** The types joined as the product shows them: 笔试, 机考. */
  typesText: string
  seats: number
  /** 考场地址: province, city and district as one text, e.g. 北京市北京市朝阳区. */
  region: string
  address: string
  status: RoomStatus
  /** 未排考 / 排考中 / 已结束. */
  statusName: string
  /** Candidates arranged in the room. */
  arranged: number
  version: number
  createdAt: string
  updatedAt: string
}

export interface RoomQuery extends Partial<PageQuery> {
  planId?: Id | ''
  siteId?: Id | ''
  name?: string
  type?: RoomType | ''
  status?: RoomStatus | ''
}

export interface RoomInput {
  planId: Id
  siteId: Id
  certificateId: Id
  name: string
  types: RoomType[]
  seats: number
  region: string
  address: string
}

/** What the add form may choose: plans that have not ended, their certificates and approved sites. */
export interface RoomOptions {
  plans: {
    id: Id
    name: string
    phase: string
    phaseName: string
    certificates: { id: Id; name: string; sites: { id: Id; name: string; region: string; address: string }[] }[]
  }[]
  types: RoomType[]
}

export function listRooms(query: RoomQuery): Promise<Page<Room>> {
  return get<Page<Room>>('/rooms', query)
}

export function roomOptions(): Promise<RoomOptions> {
  return get<RoomOptions>('/rooms/options')
}

export function createRoom(body: RoomInput): Promise<Room> {
  return post<Room>('/rooms', body)
}

/** Absent fields keep their values (a room being arranged is sent only seats and version). */
export function updateRoom(id: Id, body: Partial<RoomInput> & { version: number }): Promise<Room> {
  return put<Room>(`/rooms/${id}`, body)
}

export function deleteRoom(room: Versioned): Promise<void> {
  return del(`/rooms/${room.id}`, { params: { version: room.version } })
}

export function deleteRooms(rooms: Versioned[]): Promise<BatchResult> {
  return post<BatchResult>('/rooms/batch-delete', { items: rooms.map(({ id, version }) => ({ id, version })) })
}
