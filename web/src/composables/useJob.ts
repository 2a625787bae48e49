import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import { ElMessage } from 'element-plus'
import { cancelJob, downloadFile, getJob, isFinished, type Job } from '@/api/jobs'
import type { Id } from '@/api/types'

export interface UseJobOptions {
  /** Milliseconds between two polls. */
  interval?: number
  /** Download the result file when the job succeeds (default true). */
  autoDownload?: boolean
}

/** Consecutive failed polls after which the page stops asking. */
const MAX_POLL_ERRORS = 3

/**
 * Follows a server job: polls it every second until it has succeeded, failed or been cancelled,
 * exposes its progress for an el-progress bar, and downloads the result file on success.
 */
export function useJob(options: UseJobOptions = {}) {
  const interval = options.interval ?? 1000
  const job = shallowRef<Job | null>(null)
  const running = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0
  let settle: ((job: Job | null) => void) | undefined

  const progress = computed(() => Math.max(0, Math.min(100, Math.round(job.value?.progress ?? 0))))
  /** For el-progress: green when done, red when failed. */
  const status = computed<'success' | 'exception' | 'warning' | undefined>(() => {
    switch (job.value?.state) {
      case 'succeeded':
        return 'success'
      case 'failed':
        return 'exception'
      case 'cancelled':
        return 'warning'
      default:
        return undefined
    }
  })
  const stateText = computed(() => {
    switch (job.value?.state) {
      case 'queued':
        return '排队中'
      case 'running':
        return '处理中'
      case 'succeeded':
        return '已完成'
      case 'failed':
        return '失败'
      case 'cancelled':
        return '已取消'
      default:
        return ''
    }
  })

  function stop(): void {
    generation++
    settle?.(job.value)
    settle = undefined
    if (timer) clearTimeout(timer)
    timer = undefined
    running.value = false
  }

  async function finish(done: Job): Promise<void> {
    running.value = false
    if (done.state === 'succeeded' && done.resultFileId != null && (options.autoDownload ?? true)) {
      try {
        await downloadFile(done.resultFileId, done.resultFileName ?? undefined)
      } catch {
        // message shown; the user can retry with download()
      }
    }
    settle?.(done)
  }

  /** Starts following a job (the object a 202 answered with, or its id); resolves when it ends. */
  function track(start: Job | Id): Promise<Job | null> {
    stop()
    const mine = ++generation
    running.value = true
    job.value = typeof start === 'object' ? start : null
    const id = typeof start === 'object' ? start.id : start
    let errors = 0

    const result = new Promise<Job | null>((resolve) => {
      settle = resolve
    })

    const poll = async (): Promise<void> => {
      if (mine !== generation) return
      try {
        const current = await getJob(id)
        if (mine !== generation) return
        errors = 0
        job.value = current
        if (isFinished(current)) {
          await finish(current)
          return
        }
      } catch {
        if (mine !== generation) return
        if (++errors >= MAX_POLL_ERRORS) {
          running.value = false
          settle?.(job.value)
          return
        }
      }
      timer = setTimeout(poll, interval)
    }

    if (job.value && isFinished(job.value)) finish(job.value)
    else timer = setTimeout(poll, job.value ? interval : 0)
    return result
  }

  async function cancel(): Promise<void> {
    if (!job.value || isFinished(job.value)) return
    try {
      await cancelJob(job.value.id)
      ElMessage.info('已请求取消任务')
    } catch {
      // message shown
    }
  }

  /** Downloads the result file again. */
  async function download(): Promise<void> {
    const done = job.value
    if (done?.resultFileId != null) await downloadFile(done.resultFileId, done.resultFileName ?? undefined)
  }

  onScopeDispose(stop)

  return { job, running, progress, status, stateText, track, cancel, download, stop }
}

export type JobTracker = ReturnType<typeof useJob>
