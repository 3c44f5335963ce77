import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { query } from '../db/client'
import { buildRankableMetricsSql, buildRankingSql, type RankableMetricRow, type RankingRow } from '../queries/build-ranking-sql'
import { buildRegionSeriesSql, type RegionSeriesRow } from '../queries/build-region-series-sql'
import { assignTiers, defaultTierMode, fixedTiersApply, type TierMode } from '../charts/tiers'
import { buildKpis } from '../charts/kpi'
import type { LoadState } from '../types/query'
import { HEADLINE_METRICS } from './headline'
import { latestOnly } from './latest'
import type { OverviewParams } from './overview-params'

const PREFERRED = Object.values(HEADLINE_METRICS).flat()

/** The default indicator: the first headline metric that can be ranked, else the first rankable one. */
export function defaultRankingMetric(metrics: readonly RankableMetricRow[]): RankableMetricRow | undefined {
  return PREFERRED.map((id) => metrics.find((m) => m.id === id)).find(Boolean) ?? metrics[0]
}

/** Leadership view: rankable indicators, the ranking, tiers, the selected region and its KPIs. */
export const useRankingStore = defineStore('ranking', () => {
  const metrics = ref<RankableMetricRow[]>([])
  const metricId = ref('')
  const year = ref<number | null>(null)
  const tierMode = ref<TierMode>('quantile')
  const rows = ref<RankingRow[]>([])
  const regionCode = ref<string | null>(null)
  const regionRows = ref<RegionSeriesRow[]>([])
  const state = ref<LoadState>('idle')
  const error = ref('')
  const metric = computed(() => metrics.value.find((m) => m.id === metricId.value))
  const years = computed(() => (metric.value?.years ?? '').split(',').filter(Boolean).map(Number))
  const tiers = computed(() => assignTiers(rows.value, tierMode.value))
  const kpis = computed(() => buildKpis(regionRows.value, HEADLINE_METRICS))
  const run = latestOnly()
  let cacheKey = ''

  async function load(params: OverviewParams, dataVersion: number): Promise<void> {
    state.value = 'loading'
    try {
      await run(
        async () => {
          const key = `${dataVersion}|${params.level}|${params.province}`
          const found = key === cacheKey ? metrics.value : await query<RankableMetricRow>(buildRankableMetricsSql(params))
          const chosen = found.find((m) => m.id === params.metric) ?? defaultRankingMetric(found)
          if (!chosen) return { key, found, chosen, year: null, ranking: [], region: null, series: [] }
          const allowed = chosen.years.split(',').map(Number)
          const y = params.year !== undefined && allowed.includes(params.year) ? params.year : chosen.latest_year
          const ranking = await query<RankingRow>(buildRankingSql({ ...params, metric: chosen.id, year: y, direction: chosen.direction }))
          const region = ranking.some((r) => r.region_code === params.region) ? (params.region as string) : (ranking[0]?.value !== null ? (ranking[0]?.region_code ?? null) : null)
          const series = region ? await query<RegionSeriesRow>(buildRegionSeriesSql(region, PREFERRED)) : []
          return { key, found, chosen, year: y, ranking, region, series }
        },
        (result) => {
          cacheKey = result.key
          metrics.value = result.found
          metricId.value = result.chosen?.id ?? ''
          year.value = result.year
          rows.value = result.ranking
          regionCode.value = result.region
          regionRows.value = result.series
          const mode = params.tiers
          tierMode.value = result.chosen
            ? mode === 'fixed' && !fixedTiersApply(result.chosen.unit, result.chosen.direction)
              ? 'quantile'
              : (mode ?? defaultTierMode(result.chosen.unit, result.chosen.direction))
            : 'quantile'
          state.value = 'ready'
        },
      )
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  return { metrics, metricId, metric, year, years, tierMode, rows, tiers, regionCode, regionRows, kpis, state, error, load }
})
