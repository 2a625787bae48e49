import { getCurrentInstance, onMounted, reactive, ref, shallowRef, toRaw } from 'vue'
import { useRoute } from 'vue-router'
import type { Page } from '@/api/types'

export const DEFAULT_PAGE_SIZE = 20
export const PAGE_SIZES = [10, 20, 50, 100]

export interface ListParams {
  page: number
  pageSize: number
}

export interface UseListPageOptions<Q extends object, F extends object> {
  /** Initial values of the search form; `reset()` goes back to them. */
  defaults: () => Q
  /** Turns the search form into request filters (e.g. a date range into from/to). */
  toFilter?: (form: Q) => F
  pageSize?: number
  /** Load the first page when the component mounts (default true). */
  immediate?: boolean
}

/** State and actions of one list page; a reactive object, so templates read `list.items`. */
export interface ListPage<T, Q extends object = any, F extends object = any> {
  /** The search form, bound to the inputs. */
  form: Q
  /** The filters of the last search: what the table shows and what an export should take. */
  readonly filter: F
  page: number
  pageSize: number
  readonly total: number
  readonly items: T[]
  readonly loading: boolean
  /** Rows ticked in the selection column. */
  readonly checked: T[]
  search: () => Promise<void>
  reset: () => Promise<void>
  refresh: () => Promise<void>
  onPageChange: (page: number) => Promise<void>
  onSizeChange: (size: number) => Promise<void>
  onSelectionChange: (rows: T[]) => void
}

/** A copy of the form that later typing cannot change. */
function snapshot<Q extends object>(form: Q): Q {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(toRaw(form))) {
    out[key] = Array.isArray(value) ? [...toRaw(value)] : toRaw(value)
  }
  return out as Q
}

function dropEmpty<F extends object>(filter: F): F {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(filter)) {
    if (value === '' || value === null || value === undefined) continue
    if (Array.isArray(value) && value.length === 0) continue
    out[key] = value
  }
  return out as F
}

/**
 * Query, pagination, selection and loading state of a list page. Paging keeps the filters of
 * the last search, so half-typed search inputs never change what the pages show; answers that
 * arrive after a newer request are dropped.
 */
export function useListPage<T, Q extends object = Record<string, unknown>, F extends object = Q>(
  fetcher: (params: F & ListParams) => Promise<Page<T>>,
  options: UseListPageOptions<Q, F>,
): ListPage<T, Q, F> {
  const toFilter = options.toFilter ?? ((form: Q) => ({ ...form }) as unknown as F)
  const form = reactive(options.defaults()) as Q
  // A link may open the list already filtered (首页 待办: /payments?status=pending): text
  // filters of the search form take their value from the address.
  const query = getCurrentInstance() ? useRoute()?.query : undefined
  for (const [key, value] of Object.entries(query ?? {})) {
    const target = form as Record<string, unknown>
    if (typeof value === 'string' && key in target && typeof target[key] === 'string') target[key] = value
  }
  const filter = shallowRef<F>(dropEmpty(toFilter(snapshot(form))))
  const page = ref(1)
  const pageSize = ref(options.pageSize ?? DEFAULT_PAGE_SIZE)
  const total = ref(0)
  const items = shallowRef<T[]>([])
  const loading = ref(false)
  const checked = shallowRef<T[]>([])
  let sequence = 0

  async function load(): Promise<void> {
    const ticket = ++sequence
    loading.value = true
    try {
      const result = await fetcher({ ...filter.value, page: page.value, pageSize: pageSize.value })
      if (ticket !== sequence) return
      items.value = result.items ?? []
      total.value = result.total ?? 0
      checked.value = []
      // The last page may have emptied (rows deleted elsewhere): step back to one that has rows.
      if (items.value.length === 0 && total.value > 0 && page.value > 1) {
        page.value = Math.max(1, Math.ceil(total.value / pageSize.value))
        await load()
      }
    } catch {
      // The client has shown the message; keep the rows that were there.
    } finally {
      if (ticket === sequence) loading.value = false
    }
  }

  async function search(): Promise<void> {
    filter.value = dropEmpty(toFilter(snapshot(form)))
    page.value = 1
    await load()
  }

  async function reset(): Promise<void> {
    const defaults = options.defaults() as Record<string, unknown>
    const target = form as Record<string, unknown>
    for (const key of Object.keys(target)) if (!(key in defaults)) delete target[key]
    Object.assign(target, defaults)
    await search()
  }

  async function onPageChange(value: number): Promise<void> {
    page.value = value
    await load()
  }

  async function onSizeChange(value: number): Promise<void> {
    pageSize.value = value
    page.value = 1
    await load()
  }

  function onSelectionChange(rows: T[]): void {
    checked.value = rows
  }

  if (options.immediate ?? true) onMounted(load)

  return reactive({
    form,
    filter,
    page,
    pageSize,
    total,
    items,
    loading,
    checked,
    search,
    reset,
    refresh: load,
    onPageChange,
    onSizeChange,
    onSelectionChange,
  }) as ListPage<T, Q, F>
}
