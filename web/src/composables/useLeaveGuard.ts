import { onBeforeRouteLeave } from 'vue-router'
import { ElMessageBox } from 'element-plus'

/**
 * Asks before leaving a form page with unsaved input. `clean` says when leaving needs no
 * question (nothing changed, just saved, or the page failed to load).
 */
export function useLeaveGuard(clean: () => boolean): void {
  onBeforeRouteLeave(async () => {
    if (clean()) return true
    try {
      await ElMessageBox.confirm('填写的内容尚未保存，确定离开吗？', '离开页面', {
        type: 'warning',
        confirmButtonText: '离开',
        cancelButtonText: '继续填写',
      })
      return true
    } catch {
      return false
    }
  })
}
