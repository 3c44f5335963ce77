import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ask } from '../db/engine'
import { named } from '../queries/registry'
import type { AnalysisMetricRow, SeriesRow, TableRow } from '../queries/build-analysis-sql'
import type { LoadState } from '../types/query'
import { latestOnly } from './latest'
import type { AnalysisParams } from './analysis-params'
import { FAMILY_PANELS } from './family-panels'

export const PAGE_SIZE = 200

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
        async () => {
          const found = await ask<AnalysisMetricRow>(named('analysisMetrics', { filter: params.filter }))
          const chosen = found.find((m) => m.id === params.filter.metrics[0])?.id ?? found[0]?.id ?? ''
          const [trendRows, total, firstPage, ...panelRows] = await Promise.all([
            chosen ? ask<SeriesRow>(named('analysisSeries', { filter: params.filter, metrics: [chosen] })) : Promise.resolve([]),
            ask<{ n: number }>(named('analysisCount', { filter: params.filter })),
            ask<TableRow>(named('analysisPage', { filter: params.filter, sort: params.sort, offset: 0, limit: PAGE_SIZE })),
            ...FAMILY_PANELS.map((panel) => ask<SeriesRow>(named('analysisSeries', { filter: params.filter, metrics: panel.metrics, useFocus: true, allSources: Boolean(panel.wholes) }))),
          ])
          return { found, chosen, trendRows, total: total[0]?.n ?? 0, firstPage, panelRows }
        },
        (r) => {
          current = params
          metrics.value = r.found
          metricId.value = r.chosen
          trend.value = r.trendRows
          count.value = r.total
          pages.value = new Map([[0, r.firstPage]])
          panels.value = Object.fromEntries(FAMILY_PANELS.map((panel, i) => [panel.id, r.panelRows[i] ?? []]))
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
