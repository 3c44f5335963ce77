import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ask } from '../db/engine'
import { named } from '../queries/registry'
import type { AnalysisMetricRow, SeriesRow, TableRow } from '../queries/build-analysis-sql'
import type { LoadState } from '../types/query'
import { latestOnly } from './latest'
import type { AnalysisParams } from './analysis-params'
import { fetchAnalysis, PAGE_SIZE } from './analysis-load'
import { sameOr } from './same'

export { PAGE_SIZE }

/**
 * The workbench's data. A change of filter is debounced by the view; here each load keeps only its
 * latest reply, so a quick run of changes ends showing the last one.
 */
export const useAnalysisStore = defineStore('analysis', () => {
  const metrics = ref<AnalysisMetricRow[]>([])
  const metricId = ref('')
  const trend = ref<SeriesRow[]>([])
  const panels = ref<Record<string, SeriesRow[]>>({})
  const count = ref(0)
  const pages = ref(new Map<number, TableRow[]>())
  const state = ref<LoadState>('idle')
  const error = ref('')
  const run = latestOnly()
  let current: AnalysisParams | null = null

  async function load(params: AnalysisParams): Promise<void> {
    state.value = 'loading'
    try {
      await run(
        () => fetchAnalysis(params, ask),
        (r) => {
          // the same filter asked again over new data (the live engine taking over from the answers
          // prepared at build time, say): what is equal stays as it is, so its charts do not redraw
          const again = current !== null && JSON.stringify(current) === JSON.stringify(params)
          current = params
          metrics.value = sameOr(metrics.value, r.found)
          metricId.value = r.chosen
          trend.value = sameOr(trend.value, r.trendRows)
          count.value = r.total
          const first = pages.value.get(0)
          pages.value = again && first && sameOr(first, r.firstPage) === first ? pages.value : new Map([[0, r.firstPage]])
          panels.value = sameOr(panels.value, r.panelRows)
          state.value = 'ready'
        },
      )
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  /** Fetches one page of the table on demand (virtual scrolling). */
  async function page(index: number): Promise<void> {
    const params = current
    if (!params || pages.value.has(index)) return
    const rows = await ask<TableRow>(named('analysisPage', { filter: params.filter, sort: params.sort, offset: index * PAGE_SIZE, limit: PAGE_SIZE }))
    if (current !== params) return
    pages.value = new Map(pages.value).set(index, rows)
  }

  return { metrics, metricId, trend, panels, count, pages, state, error, load, page }
})
