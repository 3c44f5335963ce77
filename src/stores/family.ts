import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ask } from '../db/engine'
import type { FamilyMetricRow, MetricSeriesRow } from '../queries/build-family-sql'
import type { PageFamily } from '../types/data'
import type { LoadState } from '../types/query'
import { latestOnly } from './latest'
import { fetchFamily } from './family-load'
import { sameOr } from './same'

/** The family page's data: which metrics exist, the chosen one, and its rows. */
export const useFamilyStore = defineStore('family', () => {
  const family = ref<PageFamily | null>(null)
  const metrics = ref<FamilyMetricRow[]>([])
  const metricId = ref<string>('')
  const rows = ref<MetricSeriesRow[]>([])
  const state = ref<LoadState>('idle')
  const error = ref('')
  const metric = computed(() => metrics.value.find((m) => m.id === metricId.value))
  const run = latestOnly()

  /**
   * Opens a family with the requested metric, or its default when none (or an unknown one) is
   * asked. Everything is applied at once from the latest call, so a quick switch between families
   * never shows one family's metrics with another's rows.
   */
  let loadedVersion = -1

  async function open(next: PageFamily, requested: string | undefined, dataVersion: number): Promise<void> {
    // the same view asked again over new data (the live engine taking over from the answers prepared
    // at build time, say) is swapped in quietly: no dimming, and equal answers leave the chart alone
    const same = state.value === 'ready' && family.value === next && (requested === undefined || requested === metricId.value)
    if (!same) state.value = 'loading'
    try {
      await run(
        () => fetchFamily(next, requested, ask, family.value === next && loadedVersion === dataVersion ? metrics.value : undefined),
        ({ found, chosen, series }) => {
          family.value = next
          loadedVersion = dataVersion
          metrics.value = sameOr(metrics.value, found)
          metricId.value = chosen
          rows.value = sameOr(rows.value, series)
          state.value = 'ready'
        },
      )
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  return { family, metrics, metricId, metric, rows, state, error, open }
})
