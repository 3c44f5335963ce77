/**
 * Every query the app asks, by name: its parameters' schema, an example of valid parameters and the
 * SQL builder it wraps. The page (db/embedded.ts), the server (scripts/engine/serve.ts) and the
 * tests all make their SQL here, so both engines run the same statements with the same bound values.
 * A name not here, or parameters its schema refuses, never becomes SQL.
 */
import type { SqlQuery } from '../types/query'
import type { Dialect } from './dialect'
import { FAMILIES } from '../types/data'
import { arr, bool, int, nullable, num, obj, oneOf, optional, ParamsError, str, type Schema } from './params-schema'
import { buildCatalogSql, buildRegionsSql } from './build-catalog-sql'
import { buildRankableMetricsSql, buildRankingSql } from './build-ranking-sql'
import { buildRegionSeriesSql, buildScopeSeriesSql } from './build-region-series-sql'
import { buildCompositeSql, MISSING_RULES, NORMALISATIONS } from './build-composite-sql'
import { buildSourcesSql } from './build-sources-sql'
import { buildFamilyMetricsSql, buildMetricSeriesSql } from './build-family-sql'
import { buildAnalysisMetricsSql, buildCountSql, buildExportSql, buildSeriesSql, buildTablePageSql, TABLE_COLUMNS } from './build-analysis-sql'
import { EMPTY_FILTER } from './analysis-filter'
import { HEADLINE_SERIES_METRICS } from './headline'

export interface QueryDef<P> {
  params: Schema<P>
  /** The statement; `dialect` for the few fragments ClickHouse writes otherwise (queries/dialect.ts). */
  build: (params: P, dialect: Dialect) => SqlQuery
  example: P
  /**
   * Parameter sets whose answers a server computes once, ahead (engine:load), and then reads back
   * instead of running the query: for a query that scans all the data whatever it is asked (the
   * catalogue of rankable indicators, the sources' counts), or one the pages ask with a small set of
   * parameters (every scope's KPI series). Other parameter sets run the query as usual.
   */
  precompute?: P[]
  /**
   * More sets to compute ahead, read from another query's answer over the server's data (the
   * catalogue of rankable indicators gives each indicator's latest year: the ranking an indicator
   * change asks in the overview's default scope).
   */
  precomputeFrom?: DerivedSets<P>
  /**
   * The copy of `observations` a server should read it from (engine:load keeps one per layout,
   * sorted for it: docs/server-engine.md), for a query that selects a few regions' rows. The SQL is
   * the same; only the order of the rows on disk differs, so DuckDB skips the blocks it does not need.
   */
  layout?: Layout
}

/** Parameter sets made from the rows of another named query (asked with `params`). */
export interface DerivedSets<P> {
  from: { name: string; params: unknown }
  sets: (rows: readonly Record<string, unknown>[]) => P[]
}

/**
 * The orders in which a server keeps the observations, beside the main one (metric, year, region:
 * a ranking reads one indicator and year). Each is a schema holding its own `observations`.
 */
export const LAYOUTS = { by_region: ['region_code', 'metric', 'year'] } as const
export type Layout = keyof typeof LAYOUTS

/** P is read from the schema alone (the example and the builder are checked against it). */
const def = <P,>(d: {
  params: Schema<P>
  build: (params: NoInfer<P>, dialect: Dialect) => SqlQuery
  example: NoInfer<P>
  precompute?: NoInfer<P>[]
  precomputeFrom?: DerivedSets<NoInfer<P>>
  layout?: Layout
}): QueryDef<P> => d

const LEVELS = ['prefecture', 'county', 'zone'] as const
const PROVINCES = ['530000', '520000'] as const
const level = oneOf(LEVELS)
const province = nullable(oneOf(PROVINCES))
const code = str({ max: 32 })
const metricId = str({ max: 160 })
const year = int({ min: 1900, max: 2200 })
const metricList = arr(metricId, { min: 1, max: 200 })
const filter = obj({
  regions: arr(code, { max: 500 }),
  level: nullable(oneOf(['province', ...LEVELS] as const)),
  yearFrom: nullable(year),
  yearTo: nullable(year),
  family: nullable(oneOf(FAMILIES)),
  metrics: arr(metricId, { max: 200 }),
  focusRegion: nullable(code),
  focusYear: nullable(year),
})
/** The overview's scope when its URL names none (stores/overview-params.ts). */
const DEFAULT_SCOPE = { level: 'prefecture', province: null } as const
const scopes = LEVELS.flatMap((l) => [null, ...PROVINCES].map((p) => ({ level: l, province: p })))
const EXAMPLE_METRIC = 'online.items_online_pct'

export const QUERIES = {
  catalogMetrics: def({ params: obj({}), build: () => buildCatalogSql(), example: {} }),
  catalogRegions: def({ params: obj({}), build: () => buildRegionsSql(), example: {} }),
  sources: def({ params: obj({}), build: () => buildSourcesSql(), example: {}, precompute: [{}] }),
  rankableMetrics: def({
    params: obj({ level, province }),
    build: (p, dialect) => buildRankableMetricsSql(p, dialect),
    example: { level: 'prefecture', province: null },
    precompute: scopes,
  }),
  ranking: def({
    params: obj({ level, province, metric: metricId, year, direction: oneOf(['higher', 'lower', 'neutral'] as const), latest: optional(bool()) }),
    build: (p) => buildRankingSql(p),
    example: { level: 'prefecture', province: null, metric: EXAMPLE_METRIC, year: 2023, direction: 'higher' },
    // the overview's default scope: every indicator of its picker in its latest year, what an
    // indicator change (and the page's prefetch of the others) asks; other years run the query
    precomputeFrom: {
      from: { name: 'rankableMetrics', params: DEFAULT_SCOPE },
      sets: (rows) =>
        rows
          .filter((m) => m.latest_year !== null)
          .map((m) => ({ ...DEFAULT_SCOPE, metric: String(m.id), year: Number(m.latest_year), direction: m.direction as 'higher' | 'lower' | 'neutral' })),
    },
  }),
  regionSeries: def({
    params: obj({ region: code, metrics: metricList }),
    build: (p) => buildRegionSeriesSql(p.region, p.metrics),
    example: { region: '530100', metrics: [EXAMPLE_METRIC, 'ontime.on_time_pct'] },
    layout: 'by_region',
  }),
  scopeSeries: def({
    params: obj({ level, province, metrics: metricList }),
    build: (p) => buildScopeSeriesSql({ level: p.level, province: p.province }, p.metrics),
    example: { level: 'prefecture', province: '530000', metrics: [EXAMPLE_METRIC, 'ontime.on_time_pct'] },
    // the overview asks every scope's KPI series (the headline metrics) while idle
    precompute: scopes.map((s) => ({ ...s, metrics: HEADLINE_SERIES_METRICS })),
    layout: 'by_region',
  }),
  composite: def({
    params: obj({
      indicators: arr(obj({ metric: metricId, weight: num({ positive: true, max: 1e6 }) }), { min: 1, max: 50 }),
      year,
      level,
      province,
      normalisation: oneOf(NORMALISATIONS),
      missing: oneOf(MISSING_RULES),
    }),
    build: (p) => buildCompositeSql(p),
    example: {
      indicators: [{ metric: EXAMPLE_METRIC, weight: 2 }, { metric: 'ontime.on_time_pct', weight: 1 }],
      year: 2023, level: 'prefecture', province: null, normalisation: 'minmax', missing: 'reweight',
    },
  }),
  familyMetrics: def({ params: obj({ family: oneOf(FAMILIES) }), build: (p) => buildFamilyMetricsSql(p.family), example: { family: 'online' } }),
  metricSeries: def({
    params: obj({ metric: metricId, yearFrom: optional(year), yearTo: optional(year), regionCodes: optional(arr(code, { max: 500 })) }),
    build: (p) => buildMetricSeriesSql(p),
    example: { metric: EXAMPLE_METRIC },
  }),
  analysisMetrics: def({ params: obj({ filter }), build: (p) => buildAnalysisMetricsSql(p.filter), example: { filter: { ...EMPTY_FILTER } } }),
  analysisSeries: def({
    params: obj({ filter, metrics: metricList, useFocus: optional(bool()), allSources: optional(bool()) }),
    build: (p) => buildSeriesSql(p.filter, p.metrics, { ...(p.useFocus === undefined ? {} : { useFocus: p.useFocus }), ...(p.allSources === undefined ? {} : { allSources: p.allSources }) }),
    example: { filter: { ...EMPTY_FILTER, yearFrom: 2020 }, metrics: [EXAMPLE_METRIC] },
  }),
  analysisCount: def({ params: obj({ filter }), build: (p) => buildCountSql(p.filter), example: { filter: { ...EMPTY_FILTER, family: 'online' } } }),
  analysisPage: def({
    params: obj({
      filter,
      sort: obj({ column: oneOf(TABLE_COLUMNS), dir: oneOf(['asc', 'desc'] as const) }),
      offset: int({ min: 0 }),
      limit: int({ min: 1, max: 5000 }),
    }),
    build: (p) => buildTablePageSql(p.filter, p.sort, p.offset, p.limit),
    example: { filter: { ...EMPTY_FILTER }, sort: { column: 'value', dir: 'desc' }, offset: 0, limit: 200 },
  }),
  analysisExport: def({ params: obj({ filter }), build: (p) => buildExportSql(p.filter), example: { filter: { ...EMPTY_FILTER, family: 'ontime' } } }),
}

export type QueryName = keyof typeof QUERIES
export type ParamsOf<N extends QueryName> = (typeof QUERIES)[N] extends QueryDef<infer P> ? P : never
export const QUERY_NAMES = Object.keys(QUERIES) as QueryName[]

/** One named query: what the app asks either engine for. */
export interface NamedQuery<N extends QueryName = QueryName> {
  name: N
  params: ParamsOf<N>
}

export function named<N extends QueryName>(name: N, params: ParamsOf<N>): NamedQuery<N> {
  return { name, params }
}

export class UnknownQueryError extends Error {
  constructor(readonly queryName: string) {
    super(`unknown query: ${queryName}`)
    this.name = 'UnknownQueryError'
  }
}

export function isQueryName(name: string): name is QueryName {
  return Object.hasOwn(QUERIES, name)
}

/** The definition of a name (UnknownQueryError if none). */
export function queryDef(name: string): QueryDef<unknown> {
  if (!isQueryName(name)) throw new UnknownQueryError(name)
  return QUERIES[name] as unknown as QueryDef<unknown>
}

/** Parameters checked against the query's schema (ParamsError if refused) and its SQL built. */
export function sqlFor(name: string, params: unknown, dialect: Dialect = 'duckdb'): SqlQuery {
  const entry = queryDef(name)
  const parsed = entry.params.parse(params)
  try {
    return entry.build(parsed, dialect)
  } catch (error) {
    // a builder's own refusal (a composite weight, say) is a refusal of the parameters too
    throw new ParamsError('', error instanceof Error ? error.message : String(error))
  }
}

/** The key an answer is recorded and looked up under (the build-time snapshot, memos). */
export function namedKey(q: NamedQuery | { name: string; params: unknown }): string {
  return JSON.stringify([q.name, q.params])
}

/**
 * Every parameter set of `name` a server computes ahead: those the registry lists, then those it
 * derives from another query's answer (`rowsOf` asks it, over the server's own data).
 */
export async function precomputeSets(name: QueryName, rowsOf: (name: string, params: unknown) => Promise<readonly Record<string, unknown>[]>): Promise<unknown[]> {
  const entry = QUERIES[name] as QueryDef<unknown>
  const from = entry.precomputeFrom
  return [...(entry.precompute ?? []), ...(from ? from.sets(await rowsOf(from.from.name, from.from.params)) : [])]
}

export { ParamsError }
