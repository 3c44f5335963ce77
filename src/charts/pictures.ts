/**
 * The first chart of each chart route's default view, drawn at build time (charts/prerender.ts,
 * vite.config.ts) and loaded with its route (router.ts), beside the route's prepared answers. Any
 * BaseChart whose option and size give one of these keys shows that picture until ECharts has drawn
 * it; a different view, a narrower window or other data give another key and never show it.
 */
import { shallowRef } from 'vue'
import type { PreparedRoute } from '../types/data'
import type { PrerenderedChart } from './prerender'

type Pictures = { default: PrerenderedChart[] }

const MODULES: Record<PreparedRoute, () => Promise<Pictures>> = {
  online: () => import('virtual:prepared-charts/online'),
  ontime: () => import('virtual:prepared-charts/ontime'),
  trading: () => import('virtual:prepared-charts/trading'),
  disclosure: () => import('virtual:prepared-charts/disclosure'),
  analysis: () => import('virtual:prepared-charts/analysis'),
}

/** Every route picture loaded so far. */
export const routePictures = shallowRef<readonly PrerenderedChart[]>([])
const loaded = new Set<PreparedRoute>()

/** Loads a route's pictures, once; never fails (the route's charts are then drawn by ECharts alone). */
export async function loadRoutePictures(route: PreparedRoute): Promise<void> {
  if (loaded.has(route)) return
  try {
    const pictures = (await MODULES[route]()).default
    loaded.add(route)
    routePictures.value = [...routePictures.value, ...pictures]
  } catch {
    // not fatal
  }
}
