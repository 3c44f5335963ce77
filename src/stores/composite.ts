import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CompositeRow, WeightedIndicator } from '../queries/build-composite-sql'
import { compositeIndicators, fetchComposite } from './overview-load'
import type { LoadState } from '../types/query'
import { latestOnly } from './latest'
import { memoQuery } from './memo-query'
import type { OverviewParams } from './overview-params'

/** The composite index: computed in DuckDB for the ranking's scope and year. */
export const useCompositeStore = defineStore('composite', () => {
  const indicators = ref<WeightedIndicator[]>([])
  const rows = ref<CompositeRow[]>([])
  const state = ref<LoadState>('idle')
  const error = ref('')
  const run = latestOnly()

  /** `available`: the indicators that can be ranked in this scope (the defaults are cut to them). */
  const runner = memoQuery()

  async function load(params: OverviewParams, year: number | null, available: readonly string[], dataVersion: number): Promise<void> {
    const chosen = compositeIndicators(params, available)
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

  return { indicators, rows, state, error, load }
})
