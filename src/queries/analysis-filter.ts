/**
 * The analyst's filter, and the WHERE clause it becomes. Every value is bound; the clause refers to
 * the aliases o (observations), r (regions), m (metrics) and s (sources).
 */
import type { Family, RegionLevel } from '../types/data'
import { placeholders } from './sql'

export interface AnalysisFilter {
  regions: string[]
  level: RegionLevel | null
  yearFrom: number | null
  yearTo: number | null
  family: Family | null
  metrics: string[]
  /** Cross-filter from a click in a chart: one region and/or one year. */
  focusRegion: string | null
  focusYear: number | null
}

export const EMPTY_FILTER: AnalysisFilter = {
  regions: [],
  level: null,
  yearFrom: null,
  yearTo: null,
  family: null,
  metrics: [],
  focusRegion: null,
  focusYear: null,
}

export interface WhereClause {
  sql: string
  params: (string | number)[]
}

/** `useFocus`: whether the cross-filter applies (the chart that set it keeps showing everything). */
export function buildWhere(f: AnalysisFilter, options: { useFocus?: boolean; withMetrics?: boolean } = {}): WhereClause {
  const { useFocus = true, withMetrics = true } = options
  const parts: string[] = []
  const params: (string | number)[] = []
  if (f.regions.length > 0) {
    // a selected unit includes everything under it: a province its prefectures and their counties
    const list = placeholders(f.regions.length)
    parts.push(
      `(o.region_code IN (${list}) OR r.parent_code IN (${list}) OR r.parent_code IN (SELECT code FROM regions WHERE parent_code IN (${list})))`,
    )
    params.push(...f.regions, ...f.regions, ...f.regions)
  }
  if (f.level) {
    parts.push('r.level = ?')
    params.push(f.level)
  }
  if (f.yearFrom !== null) {
    parts.push('o.year >= ?')
    params.push(f.yearFrom)
  }
  if (f.yearTo !== null) {
    parts.push('o.year <= ?')
    params.push(f.yearTo)
  }
  if (f.family) {
    parts.push('m.family = ?')
    params.push(f.family)
  }
  if (withMetrics && f.metrics.length > 0) {
    parts.push(`o.metric IN (${placeholders(f.metrics.length)})`)
    params.push(...f.metrics)
  }
  if (useFocus && f.focusRegion) {
    parts.push('o.region_code = ?')
    params.push(f.focusRegion)
  }
  if (useFocus && f.focusYear !== null) {
    parts.push('o.year = ?')
    params.push(f.focusYear)
  }
  return { sql: parts.length ? parts.join(' AND ') : 'TRUE', params }
}

export const FROM_JOINED = `observations AS o
JOIN regions AS r ON r.code = o.region_code
JOIN metrics AS m ON m.id = o.metric
JOIN sources AS s ON s.id = o.source_id`
