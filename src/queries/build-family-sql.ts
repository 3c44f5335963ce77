import type { Family } from '../types/data'
import type { SqlQuery } from '../types/query'
import { placeholders } from './sql'

/** One metric of a family, with how much data stands behind it. */
export interface FamilyMetricRow {
  id: string
  name_zh: string
  name_en: string
  unit: string
  direction: string
  definition_zh: string
  definition_en: string
  observations: number
  regions: number
  years: number
}

/** The family's metrics that have data, widest coverage first. */
export function buildFamilyMetricsSql(family: Family): SqlQuery {
  return {
    sql: `SELECT m.id AS id, m.name_zh AS name_zh, m.name_en AS name_en, m.unit AS unit, m.direction AS direction, m.definition_zh AS definition_zh, m.definition_en AS definition_en,
       count(*)::INTEGER AS observations,
       count(DISTINCT o.region_code)::INTEGER AS regions,
       count(DISTINCT o.year)::INTEGER AS years
FROM metrics AS m
JOIN observations AS o ON o.metric = m.id
WHERE m.family = ?
GROUP BY ALL
ORDER BY regions DESC, observations DESC, m.id`,
    params: [family],
  }
}

/** One observation of a metric with what a chart and its footnote need. */
export interface MetricSeriesRow {
  region_code: string
  region_zh: string
  region_en: string
  level: string
  year: number
  value: number
  qualifier: string
  note: string | null
  source_id: string
  publisher_zh: string
  period_start: string
  period_end: string
  scope: string
}

export interface MetricSeriesFilter {
  metric: string
  yearFrom?: number
  yearTo?: number
  regionCodes?: string[]
}

/** Every observation of one metric, by region and year, optionally narrowed. */
export function buildMetricSeriesSql(filter: MetricSeriesFilter): SqlQuery {
  const where = ['o.metric = ?']
  const params: (string | number)[] = [filter.metric]
  if (filter.yearFrom !== undefined) {
    where.push('o.year >= ?')
    params.push(filter.yearFrom)
  }
  if (filter.yearTo !== undefined) {
    where.push('o.year <= ?')
    params.push(filter.yearTo)
  }
  if (filter.regionCodes && filter.regionCodes.length > 0) {
    where.push(`o.region_code IN (${placeholders(filter.regionCodes.length)})`)
    params.push(...filter.regionCodes)
  }
  return {
    sql: `SELECT o.region_code AS region_code, r.name_zh AS region_zh, r.name_en AS region_en, r.level AS level,
       o.year AS year, o.value AS value, o.qualifier AS qualifier, o.note AS note, o.source_id AS source_id, s.publisher_zh AS publisher_zh,
       CAST(s.period_start AS VARCHAR) AS period_start, CAST(s.period_end AS VARCHAR) AS period_end, s.scope AS scope
FROM observations AS o
JOIN regions AS r ON r.code = o.region_code
JOIN sources AS s ON s.id = o.source_id
WHERE ${where.join(' AND ')}
ORDER BY o.year, o.region_code, o.source_id`,
    params,
  }
}
