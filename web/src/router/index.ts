import { createRouter, createWebHistory } from 'vue-router'
import { ElMessage } from 'element-plus'
import { routes } from './routes'
import { useSessionStore } from '@/stores/session'

export const PRODUCT_NAME = '1+X 考务管理平台'

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const session = useSessionStore()
  if (!session.loaded) {
    try {
      await session.restore()
    } catch {
      // server unreachable: let public pages open, send the rest to login
      if (!to.meta.public) ElMessage.error('无法连接服务器，请稍后再试')
    }
  }

  if (to.meta.public) {
    if (to.name === 'login' && session.loggedIn) return safeRedirect(to.query.redirect)
    return true
  }
  if (!session.loggedIn) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  if (session.mustChangePassword && to.name !== 'change-password') {
    return { name: 'change-password' }
  }
  if (to.meta.perm && !session.hasPerm(to.meta.perm)) {
    return { name: 'forbidden' }
  }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - ${PRODUCT_NAME}` : PRODUCT_NAME
})

/** Only same-site paths are followed after login; anything else goes to the home page. */
export function safeRedirect(target: unknown): string {
  const value = Array.isArray(target) ? target[0] : target
  if (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login')) {
    return value
  }
  return '/'
}
