/**
 * The one way a page shows the answer of a batch endpoint: a success message when every row was
 * done, otherwise a dialog with how many were done and a table of the refused rows (name, reason).
 */
import { h } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import type { BatchResult } from '@/api/types'

export interface BatchWording {
  /** The action done to each row: 删除, 确认, 审核通过. */
  action: string
  /** Measure word and noun of a row: ['个', '考场'], ['张', '缴费申请单']. */
  unit: string
  noun: string
  /** Column header for the refused rows' names: 考场, 缴费单号, 周报. */
  nameLabel: string
  /** Title of the dialog. */
  title: string
}

/** Resolves when the message is shown or the dialog is closed. */
export async function showBatchResult(result: BatchResult, w: BatchWording): Promise<void> {
  const done = `已${w.action} ${result.done} ${w.unit}${w.noun}`
  if (result.refused.length === 0) {
    ElMessage.success(done)
    return
  }
  const rows = result.refused.map((r) =>
    h('tr', { key: r.id }, [h('td', { class: 'name' }, r.name || '—'), h('td', r.reason)]),
  )
  const message = h('div', { class: 'batch-result', 'data-test': 'batch-result' }, [
    h('p', `${done}，${result.refused.length} ${w.unit}未${w.action}：`),
    h('table', { class: 'batch-result-refused' }, [
      h('thead', h('tr', [h('th', w.nameLabel), h('th', '原因')])),
      h('tbody', rows),
    ]),
  ])
  await ElMessageBox.alert(message, w.title, {
    type: 'warning',
    confirmButtonText: '知道了',
    customClass: 'batch-result-box',
  }).catch(() => {})
}
