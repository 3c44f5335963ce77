import { defineStore } from 'pinia'
import { ref } from 'vue'
import { query } from '../db/client'
import { buildCompositeSql, type CompositeRow, type WeightedIndicator } from '../queries/build-composite-sql'
import type { LoadState } from '../types/query'
import { DEFAULT_COMPOSITE } from './headline'
import { latestOnly } from './latest'
import type { OverviewParams } from './overview-params'

/** The composite index: computed in DuckDB for the ranking's scope and year. */
export const useCompositeStore = defineStore('composite', () => {
  const indicators = ref<WeightedIndicator[]>([])
  const rows = ref<CompositeRow[]>([])
  const state = ref<LoadState>('idle')
  const error = ref('')
  const run = latestOnly()

  /** `available`: the indicators that can be ranked in this scope (the defaults are cut to them). */
  async function load(params: OverviewParams, year: number | null, available: readonly string[]): Promise<void> {
    const chosen = (params.composite.indicators ?? DEFAULT_COMPOSITE).filter((i) => available.includes(i.metric))
    if (year === null || chosen.length === 0) {
      indicators.value = chosen
      rows.value = []
      state.value = 'ready'
      return
    }
    state.value = 'loading'
    try {
      const q = buildCompositeSql({ ...params, ...params.composite, indicators: chosen, year })
      await run(
        () => query<CompositeRow>(q),
        (result) => {
          indicators.value = chosen
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
