import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import { PAGE_FAMILIES, type PreparedRoute } from './types/data'
import { loadPrepared } from './db/prepared'
import { preparedWanted } from './db/client'
import { loadRoutePictures } from './charts/pictures'
// the landing view is part of the page's own script: it paints without a second round of fetching
import OverviewView from './views/OverviewView.vue'

/**
 * A chart route's view, with its default view's answers and first chart prepared at build time
 * fetched side by side (only while they may still be served: before DuckDB is up, on the embedded
 * data).
 */
const withPrepared = <T,>(route: PreparedRoute, view: () => Promise<T>) => () => {
  const prepared = preparedWanted() ? [loadPrepared(route), loadRoutePictures(route)] : []
  return Promise.all([view(), ...prepared]).then(([m]) => m as T)
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
