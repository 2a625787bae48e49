/** Shown in a table cell that has no value. */
export const EMPTY = '—'

export function orEmpty(value: unknown): string {
  return value === null || value === undefined || value === '' ? EMPTY : String(value)
}

export function yesNo(value: boolean | null | undefined): string {
  return value ? '是' : '否'
}

/** Pretty JSON for before/after views. */
export function prettyJson(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value, null, 2)
}
