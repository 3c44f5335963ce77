import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import { PAGE_FAMILIES, type PreparedRoute } from './types/data'
import { loadPrepared } from './db/prepared'
import { loadECharts } from './components/chart/load-echarts'
// the landing view is part of the page's own script: it paints without a second round of fetching
import OverviewView from './views/OverviewView.vue'

/**
 * A chart route's view with its default view's answers prepared at build time, fetched side by
 * side; ECharts' script is asked for at the same time (not awaited), not once the view has mounted.
 */
const withPrepared = <T,>(route: PreparedRoute, view: () => Promise<T>) => () => {
  void loadECharts().catch(() => undefined)
  return Promise.all([view(), loadPrepared(route)]).then(([m]) => m)
}

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/overview' },
  { path: '/overview', name: 'overview', component: OverviewView },
  ...PAGE_FAMILIES.map((family) => ({
    path: `/${family}`,
    name: family,
    component: withPrepared(family, () => import('./views/FamilyView.vue')),
    props: { family },
  })),
  { path: '/analysis', name: 'analysis', component: withPrepared('analysis', () => import('./views/AnalysisView.vue')) },
  { path: '/data', name: 'data', component: () => import('./views/ImportView.vue') },
  { path: '/reports', name: 'reports', component: () => import('./views/ReportsView.vue') },
  { path: '/briefing', name: 'briefing', component: () => import('./views/BriefingView.vue') },
  { path: '/sources', name: 'sources', component: () => import('./views/SourcesView.vue') },
  { path: '/:rest(.*)*', redirect: '/overview' },
]

/** Hash history: the build works from any static host, and a shared link needs no server rewrite. */
export const router = createRouter({ history: createWebHashHistory(), routes })
