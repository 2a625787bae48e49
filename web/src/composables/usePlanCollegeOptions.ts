import { ref } from 'vue'
import { listCollegeChoices, listPlans } from '@/api/plans'
import type { Id } from '@/api/types'
import type { Option } from '@/constants/dicts'

/** Plans the account can see (drafts left out), for the 考试计划 filter of list pages. */
export const planOptions = ref<Option<Id>[]>([])
/** Colleges, for the 院校 filter of organisations' and administrators' list pages. */
export const collegeOptions = ref<Option<Id>[]>([])

/** Loads both lists once per page visit; colleges only for those who look across colleges. */
export async function loadPlanCollegeOptions(withColleges: boolean): Promise<void> {
  try {
    const page = await listPlans({ page: 1, pageSize: 100 })
    planOptions.value = page.items.filter((p) => p.status !== 'draft').map((p) => ({ label: p.name, value: p.id }))
    if (withColleges) {
      const colleges = await listCollegeChoices()
      collegeOptions.value = (colleges ?? []).map((c) => ({ label: c.name, value: c.id }))
    }
  } catch {
    // message shown; the selects stay empty
  }
}
