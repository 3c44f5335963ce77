import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { RankableMetricRow, RankingRow } from '../queries/build-ranking-sql'
import type { RegionSeriesRow } from '../queries/build-region-series-sql'
import { fetchRanking, fetchRegionSeries, rankingQueryFor } from './overview-load'
import { memoQuery } from './memo-query'
import { assignTiers, defaultTierMode, fixedTiersApply, type TierMode } from '../charts/tiers'
import { buildKpis } from '../charts/kpi'
import type { LoadState } from '../types/query'
import { HEADLINE_METRICS } from './headline'
import { latestOnly } from './latest'
import type { OverviewParams } from './overview-params'

/** How many other indicators' rankings are fetched ahead (see prefetch). */
const PREFETCH_LIMIT = 40
/** A ranking slower than this (a million imported rows, say) ends the prefetch. */
const PREFETCH_MAX_MS = 40

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
  /** The region whose series `regionRows` holds: KPI cards show figures only for the selected one. */
  const seriesRegion = ref<string | null>(null)
  const kpis = computed(() => (seriesRegion.value === regionCode.value ? buildKpis(regionRows.value, HEADLINE_METRICS) : []))
  const kpisLoading = computed(() => seriesRegion.value !== regionCode.value)
  const run = latestOnly()
  const runSeries = latestOnly()
  const runner = memoQuery()
  let cacheKey = ''

  let prefetching = 0

  async function load(params: OverviewParams, dataVersion: number): Promise<void> {
    prefetching++
    state.value = 'loading'
    try {
      await run(
        async () => {
          const key = `${dataVersion}|${params.level}|${params.province}`
          const result = await fetchRanking(params, runner(dataVersion), key === cacheKey ? metrics.value : undefined)
          return { key, ...result }
        },
        (result) => {
          performance.mark('ranking-data')
          cacheKey = result.key
          metrics.value = result.found
          metricId.value = result.chosen?.id ?? ''
          year.value = result.year
          rows.value = result.ranking
          regionCode.value = result.region
          const mode = params.tiers
          tierMode.value = result.chosen
            ? mode === 'fixed' && !fixedTiersApply(result.chosen.unit, result.chosen.direction)
              ? 'quantile'
              : (mode ?? defaultTierMode(result.chosen.unit, result.chosen.direction))
            : 'quantile'
          state.value = 'ready'
        },
      )
      // the KPI cards' series come second: the ranking and the map do not wait for them
      const region = regionCode.value
      await runSeries(
        () => fetchRegionSeries(region, runner(dataVersion)),
        (series) => {
          regionRows.value = series
          seriesRegion.value = region
        },
      )
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  /**
   * Once the view is shown and the engine idle, the ranking of every other indicator in the picker
   * is asked for, one query at a time, into the same memo: switching indicators then redraws at
   * once instead of waiting on DuckDB. Any new load stops it, and at most one small query (≈ 20 ms)
   * is ever in the way of what the reader asks next; a slow one (large data) ends it.
   */
  async function prefetch(params: OverviewParams, dataVersion: number): Promise<void> {
    const generation = ++prefetching
    const ask = runner(dataVersion)
    // the first indicators of the picker: a file with thousands of indicators must not keep DuckDB busy
    for (const m of metrics.value.slice(0, PREFETCH_LIMIT)) {
      await new Promise<void>((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 500 }) : setTimeout(resolve, 50)))
      if (generation !== prefetching) return
      const started = performance.now()
      await ask<RankingRow>(rankingQueryFor({ ...params, year: undefined }, m).q).catch(() => undefined)
      // over a large dataset a ranking takes long enough that a prefetch in the way costs more than it saves
      if (performance.now() - started > PREFETCH_MAX_MS) return
    }
  }

  return { metrics, metricId, metric, year, years, tierMode, rows, tiers, regionCode, regionRows, seriesRegion, kpis, kpisLoading, state, error, load, prefetch }
})
