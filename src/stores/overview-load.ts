/**
 * What the leadership view asks of the engine, as plain async functions over a query runner (named
 * queries: queries/registry.ts). The stores
 * run them against the live engine; the build runs the default view's sequence in Node to record
 * the first view's answers (vite.config.ts), so that the landing page paints before DuckDB is up.
 */
import type { RankableMetricRow, RankingRow } from '../queries/build-ranking-sql'
import type { RegionSeriesRow, ScopeSeriesRow } from '../queries/build-region-series-sql'
import type { CompositeRow, WeightedIndicator } from '../queries/build-composite-sql'
import type { CatalogMetricRow, CatalogRegionRow } from '../queries/build-catalog-sql'
import { named, namedKey, type NamedQuery } from '../queries/registry'
import { DEFAULT_COMPOSITE, HEADLINE_SERIES_METRICS } from '../queries/headline'
import { parseOverviewQuery, type OverviewParams } from './overview-params'

export type Runner = <Row>(q: NamedQuery) => Promise<Row[]>

const PREFERRED = HEADLINE_SERIES_METRICS

/** The default indicator: the first headline metric that can be ranked, else the first rankable one. */
export function defaultRankingMetric(metrics: readonly RankableMetricRow[]): RankableMetricRow | undefined {
  return PREFERRED.map((id) => metrics.find((m) => m.id === id)).find(Boolean) ?? metrics[0]
}

export interface RankingResult {
  found: RankableMetricRow[]
  chosen: RankableMetricRow | undefined
  year: number | null
  ranking: RankingRow[]
  region: string | null
}

/**
 * The ranking query for one indicator: the year asked for if it has figures, else its latest. In
 * the latest-year mode, each region's latest figure (the year is the latest with any figure).
 */
export function rankingQueryFor(params: OverviewParams, chosen: RankableMetricRow): { year: number; q: NamedQuery<'ranking'> } {
  const scope = { level: params.level, province: params.province, metric: chosen.id, direction: chosen.direction }
  if (params.latest) {
    const year = chosen.last_year_any
    return { year, q: named('ranking', { ...scope, year, latest: true }) }
  }
  const allowed = chosen.years.split(',').map(Number)
  const year = params.year !== undefined && allowed.includes(params.year) ? params.year : (chosen.latest_year as number)
  return { year, q: named('ranking', { ...scope, year }) }
}

/** The indicators a mode can rank: two regions in one year, or (latest-year mode) two regions at all. */
export function rankableIn(metrics: readonly RankableMetricRow[], latest: boolean | undefined): RankableMetricRow[] {
  return latest ? [...metrics] : metrics.filter((m) => m.latest_year !== null)
}

export async function fetchRanking(params: OverviewParams, run: Runner, cachedMetrics?: RankableMetricRow[]): Promise<RankingResult> {
  const found = rankableIn(cachedMetrics ?? (await run<RankableMetricRow>(named('rankableMetrics', { level: params.level, province: params.province }))), params.latest)
  const chosen = found.find((m) => m.id === params.metric) ?? defaultRankingMetric(found)
  if (!chosen) return { found, chosen, year: null, ranking: [], region: null }
  const { year, q } = rankingQueryFor(params, chosen)
  const ranking = await run<RankingRow>(q)
  const top = ranking[0]
  const region = ranking.some((r) => r.region_code === params.region) ? (params.region as string) : top && top.value !== null ? top.region_code : null
  return { found, chosen, year, ranking, region }
}

/** The selected region's headline figures over the years (KPI cards): asked after the ranking shows. */
export function fetchRegionSeries(region: string | null, run: Runner): Promise<RegionSeriesRow[]> {
  return region ? run<RegionSeriesRow>(named('regionSeries', { region, metrics: PREFERRED })) : Promise.resolve([])
}

/** Every region of the scope's headline series, by region (see buildScopeSeriesSql). */
export async function fetchScopeSeries(params: OverviewParams, run: Runner): Promise<Map<string, RegionSeriesRow[]>> {
  const rows = await run<ScopeSeriesRow>(named('scopeSeries', { level: params.level, province: params.province, metrics: PREFERRED }))
  const byRegion = new Map<string, RegionSeriesRow[]>()
  for (const { region_code, ...row } of rows) {
    const list = byRegion.get(region_code)
    if (list) list.push(row)
    else byRegion.set(region_code, [row])
  }
  return byRegion
}

/** The composite's indicators: the user's, or the defaults, cut to those rankable in the scope. */
export function compositeIndicators(params: OverviewParams, available: readonly string[]): WeightedIndicator[] {
  return (params.composite.indicators ?? DEFAULT_COMPOSITE).filter((i) => available.includes(i.metric))
}

export async function fetchComposite(params: OverviewParams, year: number | null, chosen: WeightedIndicator[], run: Runner): Promise<CompositeRow[]> {
  if (year === null || chosen.length === 0) return []
  const { normalisation, missing } = params.composite
  return run<CompositeRow>(named('composite', { indicators: chosen, year, level: params.level, province: params.province, normalisation, missing }))
}

export async function fetchCatalog(run: Runner): Promise<{ metrics: CatalogMetricRow[]; regions: CatalogRegionRow[] }> {
  const [metrics, regions] = await Promise.all([run<CatalogMetricRow>(named('catalogMetrics', {})), run<CatalogRegionRow>(named('catalogRegions', {}))])
  return { metrics, regions }
}

/** Every query the landing page makes with no parameters in its URL, in order. */
export async function firstViewQueries(run: Runner): Promise<void> {
  const params = parseOverviewQuery({})
  await fetchCatalog(run)
  const ranking = await fetchRanking(params, run)
  await fetchRegionSeries(ranking.region, run)
  await fetchComposite(params, ranking.year, compositeIndicators(params, ranking.found.map((m) => m.id)), run)
}

/** The key a query is recorded and looked up under. */
export function queryKey(q: NamedQuery): string {
  return namedKey(q)
}
