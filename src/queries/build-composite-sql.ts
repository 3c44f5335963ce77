import type { SqlQuery } from '../types/query'
import { COMPARABLE_SQL, PREFERRED_ORDER_SQL, universeParams, universeSql, type ProvinceCode, type RegionLevel } from './comparable'

export const NORMALISATIONS = ['minmax', 'zscore', 'rank'] as const
export type Normalisation = (typeof NORMALISATIONS)[number]
export const MISSING_RULES = ['reweight', 'zero', 'exclude'] as const
export type MissingRule = (typeof MISSING_RULES)[number]

export interface WeightedIndicator {
  metric: string
  weight: number
}

export interface CompositeQuery {
  indicators: WeightedIndicator[]
  year: number
  level: RegionLevel
  province: ProvinceCode | null
  normalisation: Normalisation
  missing: MissingRule
}

/**
 * Scores on a common scale, per indicator, after turning lower-is-better values around:
 * min–max to 0–100 (all equal → 100), z-score (all equal → 0), or rank to 0–100 (ties share the
 * lower rank). The WINDOW `w` partitions by indicator.
 */
const SCORE_SQL: Record<Normalisation, string> = {
  minmax: 'CASE WHEN max(v) OVER w = min(v) OVER w THEN 100.0 ELSE 100.0 * (v - min(v) OVER w) / (max(v) OVER w - min(v) OVER w) END',
  zscore: 'CASE WHEN coalesce(stddev_pop(v) OVER w, 0) = 0 THEN 0.0 ELSE (v - avg(v) OVER w) / stddev_pop(v) OVER w END',
  rank: 'CASE WHEN count(*) OVER w = 1 THEN 100.0 ELSE 100.0 * (rank() OVER (PARTITION BY metric ORDER BY v) - 1) / (count(*) OVER w - 1) END',
}

/** The denominator of the weighted mean, and when a region gets no index at all. */
const INDEX_SQL: Record<MissingRule, { denominator: string; none: string }> = {
  reweight: { denominator: 'present_weight', none: 'coverage = 0' },
  zero: { denominator: 'total_weight', none: 'coverage = 0' },
  exclude: { denominator: 'total_weight', none: 'coverage < indicator_count' },
}

export interface CompositeRow {
  region_code: string
  name_zh: string
  name_en: string
  metric: string
  ord: number
  weight: number
  value: number | null
  score: number | null
  contribution: number | null
  coverage: number
  indicator_count: number
  composite: number | null
  rank: number | null
  qualifier: string | null
  source_id: string | null
  publisher_zh: string | null
  scope: string | null
  period_start: string | null
  period_end: string | null
}

/**
 * The composite index in one statement: every region of the scope × every chosen indicator (long
 * form), with the indicator's value, score and weighted contribution, and the region's coverage,
 * index and dense rank. Contributions add up to the index.
 */
export function buildCompositeSql(q: CompositeQuery): SqlQuery {
  if (q.indicators.length === 0) throw new Error('composite index: choose at least one indicator')
  if (!NORMALISATIONS.includes(q.normalisation)) throw new Error(`composite index: unknown normalisation ${q.normalisation}`)
  if (!MISSING_RULES.includes(q.missing)) throw new Error(`composite index: unknown rule for missing values ${q.missing}`)
  for (const { metric, weight } of q.indicators) {
    if (!(Number.isFinite(weight) && weight > 0)) throw new Error(`composite index: weight of ${metric} must be a positive number`)
  }
  // a UNION ALL of one-row SELECTs rather than VALUES with a column list: the same SQL on ClickHouse
  const picked = q.indicators.map(() => 'SELECT ? AS metric, CAST(? AS DOUBLE) AS weight, CAST(? AS INTEGER) AS ord').join(' UNION ALL ')
  const pickedParams = q.indicators.flatMap(({ metric, weight }, i) => [metric, weight, i + 1])
  const index = INDEX_SQL[q.missing]
  return {
    sql: `WITH universe AS (${universeSql(q.province)}),
picked AS (${picked}),
figures AS (
  SELECT o.region_code AS region_code, o.metric AS metric, o.value AS value, m.direction AS direction, o.qualifier AS qualifier, o.source_id AS source_id, s.publisher_zh AS publisher_zh, s.scope AS scope,
         CAST(s.period_start AS VARCHAR) AS period_start, CAST(s.period_end AS VARCHAR) AS period_end
  FROM observations AS o
  JOIN sources AS s ON s.id = o.source_id
  JOIN metrics AS m ON m.id = o.metric
  WHERE o.year = ? AND o.metric IN (SELECT metric FROM picked)
    AND o.region_code IN (SELECT code FROM universe) AND ${COMPARABLE_SQL}
  QUALIFY row_number() OVER (PARTITION BY o.region_code, o.metric ORDER BY ${PREFERRED_ORDER_SQL}) = 1
),
oriented AS (
  SELECT *, CASE WHEN direction = 'lower' THEN -value ELSE value END AS v FROM figures
),
scored AS (
  SELECT region_code, metric, value, qualifier, source_id, publisher_zh, scope, period_start, period_end,
         ${SCORE_SQL[q.normalisation]} AS score
  FROM oriented
  WINDOW w AS (PARTITION BY metric)
),
cells AS (
  SELECT u.code AS region_code, u.name_zh AS name_zh, u.name_en AS name_en, p.metric AS metric, p.ord AS ord, p.weight AS weight, s.value AS value, s.score AS score,
         s.qualifier AS qualifier, s.source_id AS source_id, s.publisher_zh AS publisher_zh, s.scope AS scope, s.period_start AS period_start, s.period_end AS period_end
  FROM universe AS u CROSS JOIN picked AS p
  LEFT JOIN scored AS s ON s.region_code = u.code AND s.metric = p.metric
),
per_region AS (
  SELECT region_code, count(score)::INTEGER AS coverage,
         sum(weight * score) AS weighted,
         sum(weight) FILTER (WHERE score IS NOT NULL) AS present_weight,
         (SELECT sum(weight) FROM picked) AS total_weight,
         (SELECT count(*) FROM picked)::INTEGER AS indicator_count
  FROM cells GROUP BY region_code
),
indexed AS (
  SELECT *, CASE WHEN ${index.none} THEN NULL ELSE coalesce(weighted, 0) / ${index.denominator} END AS composite
  FROM per_region
),
ranked AS (
  SELECT *, CASE WHEN composite IS NULL THEN NULL ELSE dense_rank() OVER (ORDER BY composite DESC NULLS LAST) END AS rank
  FROM indexed
)
SELECT c.region_code AS region_code, c.name_zh AS name_zh, c.name_en AS name_en, c.metric AS metric, c.ord AS ord, c.weight AS weight, c.value AS value, c.score AS score,
       CASE WHEN r.composite IS NULL THEN NULL ELSE c.weight * coalesce(c.score, 0) / r.${index.denominator} END AS contribution,
       r.coverage AS coverage, r.indicator_count AS indicator_count, r.composite AS composite, r.rank::INTEGER AS rank,
       c.qualifier AS qualifier, c.source_id AS source_id, c.publisher_zh AS publisher_zh, c.scope AS scope, c.period_start AS period_start, c.period_end AS period_end
FROM cells AS c JOIN ranked AS r USING (region_code)
ORDER BY r.rank ASC NULLS LAST, c.region_code, c.ord`,
    params: [...universeParams(q.level, q.province), ...pickedParams, q.year],
  }
}
