import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import { ApiError } from '@/api/http'
import type { Account, LoginForm, PasswordForm, Session } from '@/api/auth'

/** The signed-in account and its permissions, as the server last reported them. */
export const useSessionStore = defineStore('session', () => {
  const account = ref<Account | null>(null)
  const permissions = ref<string[]>([])
  const expiresAt = ref<string | null>(null)
  /** Whether the server has been asked once since the page loaded. */
  const loaded = ref(false)

  const loggedIn = computed(() => account.value !== null)
  const mustChangePassword = computed(() => account.value?.mustChangePassword === true)
  const permissionSet = computed(() => new Set(permissions.value))

  function apply(session: Session): void {
    account.value = session.account
    permissions.value = session.permissions ?? []
    expiresAt.value = session.sessionExpiresAt ?? null
    loaded.value = true
  }

  function clear(): void {
    account.value = null
    permissions.value = []
    expiresAt.value = null
    loaded.value = true
  }

  function hasPerm(perm: string | string[] | undefined): boolean {
    if (!perm) return true
    const wanted = Array.isArray(perm) ? perm : [perm]
    return wanted.some((p) => permissionSet.value.has(p))
  }

  /** Asks the server who is signed in; a missing session is not an error here. */
  async function restore(): Promise<void> {
    try {
      apply(await authApi.fetchMe())
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) clear()
      else {
        loaded.value = false
        throw error
      }
    }
  }

  async function login(form: LoginForm): Promise<void> {
    apply(await authApi.login(form))
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  async function changePassword(form: PasswordForm): Promise<void> {
    apply(await authApi.changePassword(form))
  }

  function markPasswordChangeRequired(): void {
    if (account.value) account.value = { ...account.value, mustChangePassword: true }
  }

  return {
    account,
    permissions,
    expiresAt,
    loaded,
    loggedIn,
    mustChangePassword,
    hasPerm,
    restore,
    login,
    logout,
    changePassword,
    clear,
    markPasswordChangeRequired,
  }
})
