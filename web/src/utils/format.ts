/** Shown in a table cell that has no value. */
export const EMPTY = '—'

export function orEmpty(value: unknown): string {
  return value === null || value === undefined || value === '' ? EMPTY : String(value)
}

/**
 * A time of the API ('2021-09-18 08:00:00', the one format it writes) shown to the minute, as the
 * plan and payment pages show their times: '2021-09-18 08:00'.
 */
export function minuteOf(text: string | null | undefined): string {
  return text ? text.slice(0, 16) : ''
}

export function yesNo(value: boolean | null | undefined): string {
  return value ? '是' : '否'
}

/** Pretty JSON for before/after views. */
export function prettyJson(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value, null, 2)
}
