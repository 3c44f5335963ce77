import type { SqlQuery } from '../types/query'
import { buildWhere, FROM_JOINED, type AnalysisFilter } from './analysis-filter'
import { PREFERRED_ORDER_SQL } from './comparable'
import { placeholders } from './sql'

export interface TableRow {
  region_code: string
  region_zh: string
  region_en: string
  year: number
  metric: string
  metric_zh: string
  metric_en: string
  unit: string
  value: number
  qualifier: string
  source_id: string
  note: string | null
}

export const TABLE_COLUMNS = ['region_zh', 'year', 'metric_zh', 'value', 'source_id'] as const
export type TableColumn = (typeof TABLE_COLUMNS)[number]
export type SortDir = 'asc' | 'desc'

/** What each sortable column means in SQL (sources has a year too, so names are qualified). */
const SORT_SQL: Record<TableColumn, string> = {
  region_zh: 'r.name_zh',
  year: 'o.year',
  metric_zh: 'm.name_zh',
  value: 'o.value',
  source_id: 'o.source_id',
}

/** How many observations pass the filter (for the virtual table's height). */
export function buildCountSql(f: AnalysisFilter): SqlQuery {
  const where = buildWhere(f, { withMetrics: false })
  return { sql: `SELECT count(*)::INTEGER AS n FROM ${FROM_JOINED} WHERE ${where.sql}`, params: where.params }
}

/** One window of the filtered observations, sorted by a whitelisted column. */
export function buildTablePageSql(f: AnalysisFilter, sort: { column: TableColumn; dir: SortDir }, offset: number, limit: number): SqlQuery {
  if (!TABLE_COLUMNS.includes(sort.column)) throw new Error(`cannot sort by ${sort.column}`)
  const where = buildWhere(f, { withMetrics: false })
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC'
  return {
    sql: `SELECT o.region_code AS region_code, r.name_zh AS region_zh, r.name_en AS region_en, o.year AS year, o.metric AS metric,
       m.name_zh AS metric_zh, m.name_en AS metric_en, m.unit AS unit, o.value AS value, o.qualifier AS qualifier, o.source_id AS source_id, o.note AS note
FROM ${FROM_JOINED}
WHERE ${where.sql}
ORDER BY ${SORT_SQL[sort.column]} ${dir}, o.region_code, o.year, o.metric, o.source_id
LIMIT ? OFFSET ?`,
    params: [...where.params, Math.max(1, Math.floor(limit)), Math.max(0, Math.floor(offset))],
  }
}

export interface SeriesRow {
  region_code: string
  region_zh: string
  region_en: string
  level: string
  metric: string
  year: number
  value: number
  qualifier: string
  source_id: string
  publisher_zh: string
  period_start: string
  period_end: string
  scope: string
}

/**
 * Values of some metrics by region and year within the filter, one per cell (the government's
 * figure first). Used by trends, compositions and rate-with-count charts. `allSources` keeps every
 * report's figure instead: a chart of parts within their whole takes all of a cell's figures from
 * one report (charts/part-whole.ts).
 */
export function buildSeriesSql(f: AnalysisFilter, metrics: string[], options: { useFocus?: boolean; allSources?: boolean } = {}): SqlQuery {
  if (metrics.length === 0) throw new Error('series: no metric')
  const where = buildWhere({ ...f, metrics: [] }, { useFocus: options.useFocus ?? false, withMetrics: false })
  return {
    sql: `SELECT o.region_code AS region_code, r.name_zh AS region_zh, r.name_en AS region_en, r.level AS level, o.metric AS metric, o.year AS year, o.value AS value, o.qualifier AS qualifier,
       o.source_id AS source_id, s.publisher_zh AS publisher_zh, s.scope AS scope,
       CAST(s.period_start AS VARCHAR) AS period_start, CAST(s.period_end AS VARCHAR) AS period_end
FROM ${FROM_JOINED}
WHERE ${where.sql} AND o.metric IN (${placeholders(metrics.length)})${
      options.allSources ? '' : `\nQUALIFY row_number() OVER (PARTITION BY o.region_code, o.year, o.metric ORDER BY ${PREFERRED_ORDER_SQL}) = 1`
    }
ORDER BY o.region_code, o.year, o.metric, o.source_id`,
    params: [...where.params, ...metrics],
  }
}

export interface AnalysisMetricRow {
  id: string
  family: string
  name_zh: string
  name_en: string
  unit: string
  observations: number
}

/** Metrics with data within the filter (ignoring the metric choice itself), most data first. */
export function buildAnalysisMetricsSql(f: AnalysisFilter): SqlQuery {
  const where = buildWhere({ ...f, focusRegion: null, focusYear: null }, { withMetrics: false })
  return {
    sql: `SELECT m.id AS id, m.family AS family, m.name_zh AS name_zh, m.name_en AS name_en, m.unit AS unit, count(*)::INTEGER AS observations
FROM ${FROM_JOINED}
WHERE ${where.sql}
GROUP BY m.id, m.family, m.name_zh, m.name_en, m.unit
ORDER BY observations DESC, m.id`,
    params: where.params,
  }
}

/** Every filtered observation with its names and source, for a full export (CSV or Parquet). */
export function buildExportSql(f: AnalysisFilter): SqlQuery {
  const where = buildWhere(f, { withMetrics: false })
  return {
    sql: `SELECT o.region_code AS region_code, r.name_zh AS region_zh, r.name_en AS region_en, r.level AS level, o.year AS year, o.metric AS metric,
       m.name_zh AS metric_zh, m.name_en AS metric_en, m.family AS family, m.unit AS unit, o.value AS value, o.qualifier AS qualifier, o.source_id AS source_id,
       s.publisher_zh AS publisher_zh, o.note AS note
FROM ${FROM_JOINED}
WHERE ${where.sql}
ORDER BY o.region_code, o.year, o.metric, o.source_id`,
    params: where.params,
  }
}
