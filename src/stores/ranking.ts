import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { RankableMetricRow, RankingRow } from '../queries/build-ranking-sql'
import type { RegionSeriesRow } from '../queries/build-region-series-sql'
import { fetchRanking, fetchRegionSeries, fetchScopeSeries, rankingQueryFor } from './overview-load'
import { memoQuery } from './memo-query'
import { idle } from './idle'
import { assignTiers, defaultTierMode, fixedTiersApply, type TierMode } from '../charts/tiers'
import { buildKpis } from '../charts/kpi'
import type { LoadState } from '../types/query'
import { HEADLINE_METRICS } from '../queries/headline'
import { latestOnly } from './latest'
import { sameOr } from './same'
import type { OverviewParams } from './overview-params'

/** Fewer regions than this with a figure: a ranking, tiers and a composite index are not a comparison. */
export const MIN_COMPARABLE = 3

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
  /** Regions with a figure: under three, no ranking is a comparison (a notice says so) and no tiers are drawn. */
  const rankedCount = computed(() => rows.value.filter((r) => r.value !== null).length)
  const tiers = computed(() => (rankedCount.value < MIN_COMPARABLE ? rows.value.map(() => 'none' as const) : assignTiers(rows.value, tierMode.value)))
  /** The region whose series `regionRows` holds: KPI cards show figures only for the selected one. */
  const seriesRegion = ref<string | null>(null)
  const kpis = computed(() => (seriesRegion.value === regionCode.value ? buildKpis(regionRows.value, HEADLINE_METRICS) : []))
  const kpisLoading = computed(() => seriesRegion.value !== regionCode.value)
  const run = latestOnly()
  const runSeries = latestOnly()
  const runner = memoQuery()
  let cacheKey = ''

  let prefetching = 0

  /** Every region's KPI series for one scope and data version, once prefetch has asked for them. */
  let scopeSeries: { key: string; byRegion: Map<string, RegionSeriesRow[]> } | null = null
  const scopeKey = (params: OverviewParams, dataVersion: number) => `${dataVersion}|${params.level}|${params.province}`
  /** A region missing from a scope's series has no headline figures there: an empty list, as its own query would give. */
  function scopeSeriesFor(params: OverviewParams, dataVersion: number): { get: (region: string) => RegionSeriesRow[] } | null {
    if (scopeSeries?.key !== scopeKey(params, dataVersion)) return null
    const { byRegion } = scopeSeries
    return { get: (region) => byRegion.get(region) ?? [] }
  }

  /** The load under way or last done: the same parameters again (the route catching up with a change) reuse it. */
  let current: { key: string; done: Promise<void> } | null = null

  function load(params: OverviewParams, dataVersion: number): Promise<void> {
    const key = `${dataVersion}|${JSON.stringify(params)}`
    if (current?.key === key && state.value !== 'error') return current.done
    current = { key, done: loadAgain(params, dataVersion) }
    return current.done
  }

  async function loadAgain(params: OverviewParams, dataVersion: number): Promise<void> {
    prefetching++
    state.value = 'loading'
    // the KPI cards' series, asked as soon as the ranking names the region: DuckDB answers it in its
    // worker while the page draws the ranking and the map, instead of after them
    let series: Promise<RegionSeriesRow[]> | null = null
    try {
      const applied = await run(
        async () => {
          const key = `${dataVersion}|${params.level}|${params.province}|${params.latest ? 'latest' : 'year'}`
          const result = await fetchRanking(params, runner(dataVersion), key === cacheKey ? metrics.value : undefined)
          const known = result.region === null ? undefined : scopeSeriesFor(params, dataVersion)?.get(result.region)
          if (!known) {
            series = fetchRegionSeries(result.region, runner(dataVersion))
            // a superseded load never reads it: its failure is the next load's to report
            series.catch(() => undefined)
          }
          return { key, ...result, known }
        },
        (result) => {
          performance.mark('ranking-data')
          cacheKey = result.key
          metrics.value = result.found
          metricId.value = result.chosen?.id ?? ''
          year.value = result.year
          rows.value = result.ranking
          regionCode.value = result.region
          // KPI series already at hand: drawn with the ranking, not a moment after it
          if (result.known) {
            regionRows.value = sameOr(regionRows.value, result.known)
            seriesRegion.value = result.region
          }
          const mode = params.tiers
          tierMode.value = result.chosen
            ? mode === 'fixed' && !fixedTiersApply(result.chosen.unit, result.chosen.direction)
              ? 'quantile'
              : (mode ?? defaultTierMode(result.chosen.unit, result.chosen.direction))
            : 'quantile'
          state.value = 'ready'
        },
      )
      // a newer load took over: its own series follow its ranking
      if (!applied) return
      // the KPI cards' series come second: the ranking and the map do not wait for them (when they
      // came with the ranking, this only makes sure no older answer lands after them)
      const region = regionCode.value
      const asked = series as Promise<RegionSeriesRow[]> | null
      const shown = regionRows.value
      await runSeries(
        () => asked ?? Promise.resolve(shown),
        (series) => {
          // the same region's series, asked for or from the scope's: the cards keep what they show
          regionRows.value = sameOr(regionRows.value, series)
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
   * once instead of waiting on DuckDB. Before them come every region's KPI series in scope (one
   * query) and whatever `also` asks for (stopping when `stillWanted` says so). Any new load stops
   * it, and at most one query is ever in the way of what the reader asks next (the scope's series
   * take ≈ 0.35 s over a million rows, a ranking ≈ 20 ms); a slow ranking (large data) ends it.
   */
  async function prefetch(params: OverviewParams, dataVersion: number, also?: (stillWanted: () => boolean) => Promise<void>): Promise<void> {
    const generation = ++prefetching
    const stillWanted = () => generation === prefetching
    const ask = runner(dataVersion)
    // first the KPI series of every region in scope (one query): a new leading region then needs none
    const key = scopeKey(params, dataVersion)
    if (scopeSeries?.key !== key) {
      await idle()
      if (!stillWanted()) return
      const byRegion = await fetchScopeSeries(params, ask).catch(() => null)
      if (byRegion) scopeSeries = { key, byRegion }
    }
    // then what the page adds (the composite index for the years an indicator change can bring)
    if (also) await also(stillWanted)
    if (!stillWanted()) return
    // the first indicators of the picker: a file with thousands of indicators must not keep DuckDB busy
    for (const m of metrics.value.slice(0, PREFETCH_LIMIT)) {
      await idle()
      if (generation !== prefetching) return
      const started = performance.now()
      await ask<RankingRow>(rankingQueryFor({ ...params, year: undefined }, m).q).catch(() => undefined)
      // over a large dataset a ranking takes long enough that a prefetch in the way costs more than it saves
      if (performance.now() - started > PREFETCH_MAX_MS) return
    }
  }

  return { metrics, metricId, metric, year, years, tierMode, rows, rankedCount, tiers, regionCode, regionRows, seriesRegion, kpis, kpisLoading, state, error, load, prefetch }
})
