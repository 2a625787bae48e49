/** Identifier of a server-side record. */
export type Id = number | string

/** A record a delete names: the version is the one the user was shown (409 when it changed since). */
export interface Versioned {
  id: Id
  version: number
}

/** One page of a list endpoint. */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface PageQuery {
  page: number
  pageSize: number
}

/** Body of every error response: `{"error": {...}}`. */
export interface ErrorBody {
  code: string
  message: string
  details?: unknown
}

/** A row a batch endpoint did not act on: what the user calls it (empty when not visible) and why. */
export interface Refusal {
  id: Id
  name: string
  reason: string
}

/** The answer of every batch endpoint (批量删除、批量确认、批量审核). */
export interface BatchResult {
  done: number
  refused: Refusal[]
}
