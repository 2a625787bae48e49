/**
 * Provinces, cities and districts for address pickers (考场地址, 考点地区, 所在地区): the server's
 * list (GET /regions, generated from the element-china-area-data package by scripts/regions.mjs),
 * the one the server checks every region against, loaded on first use.
 * A picked path is stored as one text, its names joined, as the product shows it:
 * 北京市北京市朝阳区, 湖北省武汉市洪山区. Municipalities repeat their name at the city level; the
 * county-level cities a province governs directly (湖北省仙桃市) hang under the province itself.
 */
import { shallowRef } from 'vue'
import { get } from '@/api/http'

export interface RegionNode {
  value: string
  label: string
  children?: RegionNode[]
}

/** The list, empty until loadRegions() has resolved. */
export const regions = shallowRef<RegionNode[]>([])

let loading: Promise<RegionNode[]> | null = null

/** Loads the list once; later calls share the first load. */
export function loadRegions(): Promise<RegionNode[]> {
  loading ??= get<RegionNode[]>('/regions', undefined, { silent: true })
    .then((list) => (regions.value = list))
    .catch((e: unknown) => {
      loading = null
      throw e
    })
  return loading
}

/** The picked path as stored: its names joined, e.g. 北京市北京市朝阳区. */
export const regionText = (path: string[]): string => path.join('')

/**
 * The path whose names join to `text`, or [] when the list does not have it. `anyLevel` also
 * finds a province or a city (an organisation's 所在地区); otherwise the path ends at a district.
 */
export function regionPath(text: string, nodes: RegionNode[] = regions.value, anyLevel = false): string[] {
  if (text === '') return []
  for (const n of nodes) {
    if (!text.startsWith(n.value)) continue
    const rest = text.slice(n.value.length)
    if (rest === '' && (!n.children || anyLevel)) return [n.value]
    if (!n.children) continue
    const tail = regionPath(rest, n.children, anyLevel)
    if (tail.length > 0) return [n.value, ...tail]
  }
  return []
}
