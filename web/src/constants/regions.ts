/**
 * Provinces, cities and districts for address pickers (考场地址): the complete GB/T 2260 list of the
 * element-china-area-data package, loaded on first use so the main bundle does not carry it.
 * A picked path is stored as one text, its names joined, as the product shows it:
 * 北京市北京市朝阳区, 湖北省武汉市洪山区.
 *
 * The package names the city level of the municipalities 市辖区 (and 县 for 重庆市); the product
 * repeats the province name there, so those cities are merged into one named like the province.
 * The county-level cities a province governs directly (省直辖县级行政区划, e.g. 湖北省仙桃市) hang
 * under the province itself.
 */
import { shallowRef } from 'vue'

export interface RegionNode {
  value: string
  label: string
  children?: RegionNode[]
}

/** What the package gives: codes as values, names as labels. */
export interface PackageRegion {
  value: string
  label: string
  children?: PackageRegion[]
}

const MUNICIPALITIES = new Set(['北京市', '天津市', '上海市', '重庆市'])
const DIRECTLY_GOVERNED = /直辖县级行政区划$/

const byName = (n: PackageRegion): RegionNode => ({
  value: n.label,
  label: n.label,
  children: n.children && n.children.length > 0 ? n.children.map(byName) : undefined,
})

/** The package's tree with names as values, in the product's form (see above). */
export function normaliseRegions(provinces: PackageRegion[]): RegionNode[] {
  return provinces.map((p) => {
    const cities = p.children ?? []
    if (MUNICIPALITIES.has(p.label)) {
      const districts = cities.flatMap((c) => (c.children ?? []).map(byName))
      return { value: p.label, label: p.label, children: [{ value: p.label, label: p.label, children: districts }] }
    }
    const children = cities.flatMap((c) =>
      DIRECTLY_GOVERNED.test(c.label) ? (c.children ?? []).map((d) => ({ value: d.label, label: d.label })) : [byName(c)],
    )
    return { value: p.label, label: p.label, children: children.length > 0 ? children : undefined }
  })
}

/** The list, empty until loadRegions() has resolved. */
export const regions = shallowRef<RegionNode[]>([])

let loading: Promise<RegionNode[]> | null = null

/** Loads the list once (a separate chunk); later calls share the first load. */
export function loadRegions(): Promise<RegionNode[]> {
  loading ??= import('element-china-area-data')
    .then((m) => (regions.value = normaliseRegions(m.regionData)))
    .catch((e: unknown) => {
      loading = null
      throw e
    })
  return loading
}

/** The picked path as stored: its names joined, e.g. 北京市北京市朝阳区. */
export const regionText = (path: string[]): string => path.join('')

/** The path whose names join to `text`, or [] when the list does not have it. */
export function regionPath(text: string, nodes: RegionNode[] = regions.value): string[] {
  for (const n of nodes) {
    if (!text.startsWith(n.value)) continue
    const rest = text.slice(n.value.length)
    if (!n.children) {
      if (rest === '') return [n.value]
      continue
    }
    const tail = regionPath(rest, n.children)
    if (tail.length > 0) return [n.value, ...tail]
  }
  return []
}
