import type { SqlQuery } from '../types/query'
import { COMPARABLE_SQL, PREFERRED_ORDER_SQL, universeParams, universeSql } from './comparable'
import type { RankingScope } from './build-ranking-sql'
import { placeholders } from './sql'

export interface RegionSeriesRow {
  metric: string
  year: number
  value: number
  qualifier: string
  source_id: string
}

/** One region's comparable figures for a few metrics, one per year (the government's first). */
export function buildRegionSeriesSql(regionCode: string, metrics: string[]): SqlQuery {
  return {
    sql: `SELECT o.metric AS metric, o.year AS year, o.value AS value, o.qualifier AS qualifier, o.source_id AS source_id
FROM observations AS o
JOIN sources AS s ON s.id = o.source_id
JOIN metrics AS m ON m.id = o.metric
WHERE o.region_code = ? AND o.metric IN (${placeholders(metrics.length)}) AND ${COMPARABLE_SQL}
QUALIFY row_number() OVER (PARTITION BY o.metric, o.year ORDER BY ${PREFERRED_ORDER_SQL}) = 1
ORDER BY o.metric, o.year`,
    params: [regionCode, ...metrics],
  }
}

export interface ScopeSeriesRow extends RegionSeriesRow {
  region_code: string
}

/**
 * The same figures as buildRegionSeriesSql, for every region of a ranking's scope at once: asked
 * once per scope and dataset while the page is idle, so that the KPI cards of whichever region
 * leads (or is clicked) need no query of their own.
 */
export function buildScopeSeriesSql(scope: RankingScope, metrics: string[]): SqlQuery {
  return {
    sql: `SELECT o.region_code AS region_code, o.metric AS metric, o.year AS year, o.value AS value, o.qualifier AS qualifier, o.source_id AS source_id
FROM observations AS o
JOIN sources AS s ON s.id = o.source_id
JOIN metrics AS m ON m.id = o.metric
WHERE o.region_code IN (SELECT code FROM (${universeSql(scope.province)})) AND o.metric IN (${placeholders(metrics.length)}) AND ${COMPARABLE_SQL}
QUALIFY row_number() OVER (PARTITION BY o.region_code, o.metric, o.year ORDER BY ${PREFERRED_ORDER_SQL}) = 1
ORDER BY o.region_code, o.metric, o.year`,
    params: [...universeParams(scope.level, scope.province), ...metrics],
  }
}
