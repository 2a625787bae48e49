/**
 * The one HTTP client of the web front end.
 *
 * JSON in and out under /api/v1, the session cookie on every call, the `X-Requested-With`
 * header the server requires of state-changing requests, and one place where errors become
 * messages: `{"error":{"code","message","details"}}` is shown as is, a 401 sends the user to the
 * login page and back, a 403 `password_change_required` to the change-password page.
 */
import { ElMessage } from 'element-plus'
import type { ErrorBody } from './types'

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, body: ErrorBody) {
    super(body.message)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code
    this.details = body.details
  }
}

export interface RequestOptions {
  /** Query string; empty strings, null and undefined are left out. */
  params?: object
  /** Sent as JSON. */
  body?: unknown
  /** Do not show the error message; the caller shows it (it still gets the ApiError). */
  silent?: boolean
  /** A 401 is the caller's business (login, the session probe): no redirect to login. */
  skipAuthRedirect?: boolean
  headers?: Record<string, string>
  signal?: AbortSignal
}

export interface HttpHooks {
  /** Session ended on the server: clear local state and go to the login page. */
  onUnauthorized?: (message: string) => void
  /** The account must change its password before anything else. */
  onPasswordChangeRequired?: () => void
}

const hooks: HttpHooks = {}

export function configureHttp(next: HttpHooks): void {
  Object.assign(hooks, next)
}

export const SESSION_EXPIRED_MESSAGE = '登录已过期，请重新登录'
const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试'

export function apiUrl(path: string, params?: object): string {
  const base = path.startsWith('/api/') ? path : `${API_BASE}${path.startsWith('/') ? '' : '/'}${path}`
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null || item === '') continue
      search.append(key, String(item))
    }
  }
  const qs = search.toString()
  return qs ? `${base}${base.includes('?') ? '&' : '?'}${qs}` : base
}

async function readError(response: Response): Promise<ErrorBody> {
  try {
    const data = (await response.json()) as { error?: Partial<ErrorBody> }
    if (data?.error?.message) {
      return {
        code: data.error.code ?? `http_${response.status}`,
        message: data.error.message,
        details: data.error.details,
      }
    }
  } catch {
    // not JSON: fall through to a generic message
  }
  return { code: `http_${response.status}`, message: fallbackMessage(response.status) }
}

function fallbackMessage(status: number): string {
  if (status === 401) return SESSION_EXPIRED_MESSAGE
  if (status === 403) return '没有权限执行此操作'
  if (status === 404) return '请求的资源不存在'
  if (status === 413) return '提交的内容过大'
  if (status === 429) return '操作过于频繁，请稍后再试'
  if (status >= 500) return '服务器繁忙，请稍后再试'
  return `请求失败（${status}）`
}

/** Turns a failed response into an ApiError after the shared reactions (message, redirects). */
async function fail(response: Response, options: RequestOptions): Promise<never> {
  const body = await readError(response)
  const error = new ApiError(response.status, body)
  if (response.status === 401 && !options.skipAuthRedirect) {
    hooks.onUnauthorized?.(SESSION_EXPIRED_MESSAGE)
    throw error
  }
  if (response.status === 403 && body.code === 'password_change_required') {
    hooks.onPasswordChangeRequired?.()
    if (!options.silent) ElMessage.warning(body.message)
    throw error
  }
  if (!options.silent) ElMessage.error(body.message)
  throw error
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'X-Requested-With': 'kaowu',
    ...options.headers,
  }
  let body: BodyInit | undefined
  if (options.body !== undefined) {
    if (options.body instanceof Blob || options.body instanceof FormData) {
      body = options.body
    } else {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(options.body)
    }
  }
  try {
    return await fetch(apiUrl(path, options.params), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    if (!options.silent) ElMessage.error(NETWORK_ERROR_MESSAGE)
    throw new ApiError(0, { code: 'network_error', message: NETWORK_ERROR_MESSAGE })
  }
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options)
  if (!response.ok) return fail(response, options)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

export function get<T>(path: string, params?: object, options: RequestOptions = {}): Promise<T> {
  return request<T>('GET', path, { ...options, params })
}

export function post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>('POST', path, { ...options, body })
}

export function put<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>('PUT', path, { ...options, body })
}

export function del<T = void>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>('DELETE', path, options)
}

/**
 * Sends a file's raw bytes as the body of a POST (`Content-Type: application/octet-stream`), its
 * name in the `fileName` query parameter. Errors are handled like any other call.
 */
export function upload<T>(path: string, file: File, options: RequestOptions = {}): Promise<T> {
  const target = `${path}${path.includes('?') ? '&' : '?'}fileName=${encodeURIComponent(file.name)}`
  return request<T>('POST', target, {
    ...options,
    body: file,
    headers: { 'Content-Type': 'application/octet-stream', ...options.headers },
  })
}

/** File name from Content-Disposition, preferring the RFC 5987 `filename*=UTF-8''...` form. */
export function fileNameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (extended) {
    try {
      return decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''))
    } catch {
      // malformed escape: try the plain form
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header)
  return plain ? (plain[2] ?? plain[1]).trim() : undefined
}

/**
 * Downloads a GET url as a file. Errors are handled like any other call (message, redirect to
 * login), so a failed download never leaves the user on a page of raw JSON.
 */
export async function download(path: string, options: RequestOptions & { fileName?: string } = {}): Promise<void> {
  await downloadOrAccept(path, options)
}

/**
 * Like `download`, for routes that may instead accept the work as a background job: a 202 answer
 * is returned (its JSON body, e.g. `{job}`) and nothing is saved; any other success is saved as
 * the file and `null` is returned.
 */
export async function downloadOrAccept<T = unknown>(
  path: string,
  options: RequestOptions & { fileName?: string } = {},
): Promise<T | null> {
  const response = await send('GET', path, { ...options, headers: { Accept: '*/*', ...options.headers } })
  if (!response.ok) return fail(response, options)
  if (response.status === 202) return (await response.json()) as T
  const blob = await response.blob()
  const name =
    options.fileName ?? fileNameFromDisposition(response.headers.get('Content-Disposition')) ?? 'download'
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = name
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(href), 30_000)
  return null
}
