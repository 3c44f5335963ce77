import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ask } from '../db/engine'
import { named } from '../queries/registry'
import type { FamilyMetricRow, MetricSeriesRow } from '../queries/build-family-sql'
import type { PageFamily } from '../types/data'
import type { LoadState } from '../types/query'
import { latestOnly } from './latest'
import { HEADLINE_METRICS } from '../queries/headline'

/** The default metric: the widest coverage, the contract's headline order breaking ties. */
export function defaultMetric(family: PageFamily, metrics: readonly FamilyMetricRow[]): string | undefined {
  const rank = (id: string) => {
    const i = HEADLINE_METRICS[family].indexOf(id)
    return i === -1 ? Number.MAX_SAFE_INTEGER : i
  }
  return [...metrics].sort((a, b) => b.regions - a.regions || rank(a.id) - rank(b.id) || b.observations - a.observations)[0]?.id
}

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
    state.value = 'loading'
    try {
      await run(
        async () => {
          const cached = family.value === next && loadedVersion === dataVersion
          const found = cached ? metrics.value : await ask<FamilyMetricRow>(named('familyMetrics', { family: next }))
          const known = found.some((m) => m.id === requested)
          const chosen = known && requested ? requested : (defaultMetric(next, found) ?? '')
          const series = chosen ? await ask<MetricSeriesRow>(named('metricSeries', { metric: chosen })) : []
          return { found, chosen, series }
        },
        ({ found, chosen, series }) => {
          family.value = next
          loadedVersion = dataVersion
          metrics.value = found
          metricId.value = chosen
          rows.value = series
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
