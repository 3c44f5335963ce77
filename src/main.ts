import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import './styles.css'

// On the landing page, fetch its view (and ECharts with it) while the shell mounts, rather than
// after the router has resolved; the router then finds the module already on its way.
if (/^#?\/?(overview)?(\?|$)/.test(location.hash)) void import('./views/OverviewView.vue')

const app = createApp(App)
app.use(createPinia()).use(router).use(i18n)
app.config.errorHandler = (error) => {
  // A failing component must not blank the page; the console keeps the detail for developers.
  console.error(error)
}
app.mount('#app')
