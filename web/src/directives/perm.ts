import type { Directive } from 'vue'
import { useSessionStore } from '@/stores/session'

/**
 * `v-perm="'org:edit'"` (or a list: any one suffices) removes the element unless the session's
 * permissions contain it. The server checks again; this only keeps forbidden actions out of sight.
 */
export const vPerm: Directive<HTMLElement, string | string[]> = {
  mounted(el, binding) {
    if (!useSessionStore().hasPerm(binding.value)) el.remove()
  },
}
