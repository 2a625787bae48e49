import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus, { ElMessage } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import './styles/index.css'

import App from './App.vue'
import { router } from './router'
import { configureHttp } from './api/http'
import { vPerm } from './directives/perm'
import { useSessionStore } from './stores/session'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(router)
app.use(ElementPlus, { locale: zhCn })
app.directive('perm', vPerm)

let redirectingToLogin = false
configureHttp({
  onUnauthorized(message) {
    useSessionStore(pinia).clear()
    const current = router.currentRoute.value
    if (current.name === 'login' || redirectingToLogin) return
    redirectingToLogin = true
    ElMessage.error(message)
    const redirect = current.fullPath
    router
      .replace({ name: 'login', query: redirect && redirect !== '/' ? { redirect } : {} })
      .finally(() => {
        redirectingToLogin = false
      })
  },
  onPasswordChangeRequired() {
    useSessionStore(pinia).markPasswordChangeRequired()
    if (router.currentRoute.value.name !== 'change-password') router.replace({ name: 'change-password' })
  },
})

app.mount('#app')
