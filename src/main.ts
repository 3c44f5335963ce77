import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import './styles.css'

const app = createApp(App)
app.use(createPinia()).use(router).use(i18n)
app.config.errorHandler = (error) => {
  // A failing component must not blank the page; the console keeps the detail for developers.
  console.error(error)
}
app.mount('#app')
