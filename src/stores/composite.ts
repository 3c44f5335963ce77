import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CompositeRow, WeightedIndicator } from '../queries/build-composite-sql'
import { compositeIndicators, fetchComposite } from './overview-load'
import type { LoadState } from '../types/query'
import { latestOnly } from './latest'
import { memoQuery } from './memo-query'
import type { OverviewParams } from './overview-params'
import type { RankableMetricRow } from '../queries/build-ranking-sql'
import { idle } from './idle'

/** The composite index: computed in DuckDB for the ranking's scope and year. */
export const useCompositeStore = defineStore('composite', () => {
  const indicators = ref<WeightedIndicator[]>([])
  const rows = ref<CompositeRow[]>([])
  const state = ref<LoadState>('idle')
  const error = ref('')
  const run = latestOnly()

  /** `available`: the indicators that can be ranked in this scope (the defaults are cut to them). */
  const runner = memoQuery()

  /** The load under way or last done: the same request again (the route catching up with a change) reuses it. */
  let current: { key: string; done: Promise<void> } | null = null

  function load(params: OverviewParams, year: number | null, available: readonly string[], dataVersion: number): Promise<void> {
    const chosen = compositeIndicators(params, available)
    const key = JSON.stringify([dataVersion, params, year, chosen])
    if (current?.key === key && state.value !== 'error') return current.done
    current = { key, done: loadAgain(params, year, chosen, dataVersion) }
    return current.done
  }

  async function loadAgain(params: OverviewParams, year: number | null, chosen: WeightedIndicator[], dataVersion: number): Promise<void> {
    if (year === null || chosen.length === 0) {
      indicators.value = chosen
      rows.value = []
      state.value = 'ready'
      return
    }
    state.value = 'loading'
    try {
      await run(
        () => fetchComposite(params, year, chosen, runner(dataVersion)),
        (result) => {
          // same indicators and rows as before: keep the objects, so the chart is not redrawn
          if (JSON.stringify(chosen) !== JSON.stringify(indicators.value)) indicators.value = chosen
          rows.value = result
          state.value = 'ready'
        },
      )
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  /** How many years prefetch prepares (the commonest latest years of the picker's indicators). */
  const PREFETCH_YEARS = 3

  /**
   * An indicator change moves the page to that indicator's latest year, and the composite with it:
   * while the page is idle, the composite of the years the picker's indicators end in is asked for
   * into the memo, so that a change redraws it without waiting on DuckDB.
   */
  async function prefetch(params: OverviewParams, metrics: readonly RankableMetricRow[], dataVersion: number, stillWanted: () => boolean): Promise<void> {
    const chosen = compositeIndicators(params, metrics.map((m) => m.id))
    if (chosen.length === 0) return
    const counts = new Map<number, number>()
    for (const m of metrics) if (m.latest_year !== null) counts.set(m.latest_year, (counts.get(m.latest_year) ?? 0) + 1)
    const years = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, PREFETCH_YEARS).map(([y]) => y)
    for (const year of years) {
      await idle()
      if (!stillWanted()) return
      await fetchComposite(params, year, chosen, runner(dataVersion)).catch(() => undefined)
    }
  }

  return { indicators, rows, state, error, load, prefetch }
})
