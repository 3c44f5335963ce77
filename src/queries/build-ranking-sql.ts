import type { Direction } from '../types/data'
import type { SqlQuery } from '../types/query'
import { sortedDistinctTextSql, type Dialect } from './dialect'
import { COMPARABLE_SQL, PREFERRED_ORDER_SQL, universeParams, universeSql, type ProvinceCode, type RegionLevel } from './comparable'

export interface RankingScope {
  level: RegionLevel
  province: ProvinceCode | null
}

export interface RankableMetricRow {
  id: string
  family: string
  name_zh: string
  name_en: string
  unit: string
  direction: Direction
  /** The latest year with figures for two regions or more; null when no year has two. */
  latest_year: number | null
  years: string
  best_year_regions: number
  /** Regions with a figure in any year (the latest-year mode ranks these). */
  regions_any: number
  /** The latest year with any figure. */
  last_year_any: number
}

/**
 * Metrics with comparable figures for at least two regions, at this level: in one year (the
 * same-year ranking), or each in its own latest year (regions_any, the latest-year ranking).
 */
export function buildRankableMetricsSql(scope: RankingScope, dialect: Dialect = 'duckdb'): SqlQuery {
  return {
    sql: `WITH universe AS (${universeSql(scope.province)}),
per_year AS (
  SELECT o.metric AS metric, o.year AS year, count(DISTINCT o.region_code) AS regions
  FROM observations AS o
  JOIN sources AS s ON s.id = o.source_id
  JOIN metrics AS m ON m.id = o.metric
  WHERE o.region_code IN (SELECT code FROM universe) AND ${COMPARABLE_SQL}
  GROUP BY o.metric, o.year
),
any_year AS (
  SELECT o.metric AS metric, count(DISTINCT o.region_code) AS regions
  FROM observations AS o
  JOIN sources AS s ON s.id = o.source_id
  JOIN metrics AS m ON m.id = o.metric
  WHERE o.region_code IN (SELECT code FROM universe) AND ${COMPARABLE_SQL}
  GROUP BY o.metric
)
SELECT * FROM (
  SELECT m.id AS id, m.family AS family, m.name_zh AS name_zh, m.name_en AS name_en, m.unit AS unit, m.direction AS direction,
         max(p.year) FILTER (WHERE p.regions >= 2)::INTEGER AS latest_year,
         ${sortedDistinctTextSql('p.year', 'p.regions >= 2', dialect)} AS years,
         max(p.regions)::INTEGER AS best_year_regions,
         max(a.regions)::INTEGER AS regions_any,
         max(p.year)::INTEGER AS last_year_any
  FROM per_year AS p
  JOIN metrics AS m ON m.id = p.metric
  JOIN any_year AS a ON a.metric = p.metric
  GROUP BY m.id, m.family, m.name_zh, m.name_en, m.unit, m.direction
  HAVING max(a.regions) >= 2
)
ORDER BY CASE family WHEN 'online' THEN 1 WHEN 'ontime' THEN 2 WHEN 'trading' THEN 3 WHEN 'disclosure' THEN 4 ELSE 5 END,
         best_year_regions DESC, id`,
    params: universeParams(scope.level, scope.province),
  }
}

export interface RankingRow {
  region_code: string
  name_zh: string
  name_en: string
  /** The year of the figure (in the latest-year mode, each region's own). */
  year?: number | null
  value: number | null
  qualifier: string | null
  source_id: string | null
  rank: number | null
  prev_value: number | null
  prev_rank: number | null
  ranked: number
  publisher_zh: string | null
  period_start: string | null
  period_end: string | null
  scope: string | null
}

export interface RankingQuery extends RankingScope {
  metric: string
  year: number
  direction: Direction
  /** Rank each region on its latest figure (up to `year`), whatever its year; no change from last year. */
  latest?: boolean
}

/**
 * Dense ranks of every region of the scope for one metric and year, in the metric's direction
 * (neutral sorts by size), with last year's value and rank. Regions without a figure stay in the
 * result with a NULL value, so that the view can say 无数据 rather than drop or zero them.
 */
export function buildRankingSql(q: RankingQuery): SqlQuery {
  const order = q.direction === 'lower' ? 'ASC' : 'DESC'
  if (q.latest) return buildLatestRankingSql(q, order)
  return {
    sql: `WITH universe AS (${universeSql(q.province)}),
figures AS (
  SELECT o.region_code AS region_code, o.year AS year, o.value AS value, o.qualifier AS qualifier, o.source_id AS source_id, s.publisher_zh AS publisher_zh, s.scope AS scope,
         CAST(s.period_start AS VARCHAR) AS period_start, CAST(s.period_end AS VARCHAR) AS period_end
  FROM observations AS o
  JOIN sources AS s ON s.id = o.source_id
  JOIN metrics AS m ON m.id = o.metric
  WHERE o.metric = ? AND o.year IN (?, ?) AND o.region_code IN (SELECT code FROM universe) AND ${COMPARABLE_SQL}
  QUALIFY row_number() OVER (PARTITION BY o.region_code, o.year ORDER BY ${PREFERRED_ORDER_SQL}) = 1
),
ranked AS (
  SELECT *, dense_rank() OVER (PARTITION BY year ORDER BY value ${order}) AS rank,
         count(*) OVER (PARTITION BY year) AS ranked
  FROM figures
)
SELECT u.code AS region_code, u.name_zh AS name_zh, u.name_en AS name_en, cur.year::INTEGER AS year,
       cur.value AS value, cur.qualifier AS qualifier, cur.source_id AS source_id, cur.rank::INTEGER AS rank,
       prev.value AS prev_value, prev.rank::INTEGER AS prev_rank,
       coalesce(max(cur.ranked) OVER (), 0)::INTEGER AS ranked,
       cur.publisher_zh AS publisher_zh, cur.period_start AS period_start, cur.period_end AS period_end, cur.scope AS scope
FROM universe AS u
LEFT JOIN ranked AS cur ON cur.region_code = u.code AND cur.year = ?
LEFT JOIN ranked AS prev ON prev.region_code = u.code AND prev.year = ?
ORDER BY cur.rank ASC NULLS LAST, u.code`,
    params: [...universeParams(q.level, q.province), q.metric, q.year, q.year - 1, q.year, q.year - 1],
  }
}

/** The latest-year mode: each region's latest comparable figure up to the year, ranked together. */
function buildLatestRankingSql(q: RankingQuery, order: 'ASC' | 'DESC'): SqlQuery {
  return {
    sql: `WITH universe AS (${universeSql(q.province)}),
figures AS (
  SELECT o.region_code AS region_code, o.year AS year, o.value AS value, o.qualifier AS qualifier, o.source_id AS source_id, s.publisher_zh AS publisher_zh, s.scope AS scope,
         CAST(s.period_start AS VARCHAR) AS period_start, CAST(s.period_end AS VARCHAR) AS period_end
  FROM observations AS o
  JOIN sources AS s ON s.id = o.source_id
  JOIN metrics AS m ON m.id = o.metric
  WHERE o.metric = ? AND o.year <= ? AND o.region_code IN (SELECT code FROM universe) AND ${COMPARABLE_SQL}
  QUALIFY row_number() OVER (PARTITION BY o.region_code ORDER BY o.year DESC, ${PREFERRED_ORDER_SQL}) = 1
),
ranked AS (
  SELECT *, dense_rank() OVER (ORDER BY value ${order}) AS rank, count(*) OVER () AS ranked
  FROM figures
)
SELECT u.code AS region_code, u.name_zh AS name_zh, u.name_en AS name_en, cur.year::INTEGER AS year,
       cur.value AS value, cur.qualifier AS qualifier, cur.source_id AS source_id, cur.rank::INTEGER AS rank,
       NULL::DOUBLE AS prev_value, NULL::INTEGER AS prev_rank,
       coalesce(max(cur.ranked) OVER (), 0)::INTEGER AS ranked,
       cur.publisher_zh AS publisher_zh, cur.period_start AS period_start, cur.period_end AS period_end, cur.scope AS scope
FROM universe AS u
LEFT JOIN ranked AS cur ON cur.region_code = u.code
ORDER BY cur.rank ASC NULLS LAST, u.code`,
    params: [...universeParams(q.level, q.province), q.metric, q.year],
  }
}
