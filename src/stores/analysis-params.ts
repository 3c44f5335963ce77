/** The workbench's whole state in the URL: parse (ignoring anything malformed) and write back. */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { EMPTY_FILTER, type AnalysisFilter } from '../queries/analysis-filter'
import { TABLE_COLUMNS, type SortDir, type TableColumn } from '../queries/build-analysis-sql'
import { FAMILIES, type Family, type RegionLevel } from '../types/data'

export interface AnalysisParams {
  filter: AnalysisFilter
  sort: { column: TableColumn; dir: SortDir }
}

const one = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
const list = (v: unknown) => (one(v) ?? '').split(',').filter((x) => /^[0-9a-z_.-]+$/.test(x))
const year = (v: unknown) => {
  const n = Number(one(v))
  return Number.isInteger(n) && n > 1990 && n < 2100 ? n : null
}

export function parseAnalysisQuery(q: LocationQuery): AnalysisParams {
  const level = one(q.level) as RegionLevel | undefined
  const family = one(q.family) as Family | undefined
  const column = one(q.sort) as TableColumn | undefined
  return {
    filter: {
      ...EMPTY_FILTER,
      regions: list(q.regions),
      level: level && ['province', 'prefecture', 'county', 'zone'].includes(level) ? level : null,
      yearFrom: year(q.from),
      yearTo: year(q.to),
      family: family && FAMILIES.includes(family) ? family : null,
      metrics: list(q.metric).slice(0, 1),
      focusRegion: list(q.fr)[0] ?? null,
      focusYear: year(q.fy),
    },
    sort: {
      column: column && TABLE_COLUMNS.includes(column) ? column : 'year',
      dir: one(q.dir) === 'desc' ? 'desc' : 'asc',
    },
  }
}

/** Writes a filter back as a URL query (empty parts are left out, so links stay short). */
export function analysisQuery(p: AnalysisParams, extra: LocationQueryRaw = {}): LocationQueryRaw {
  const f = p.filter
  const q: LocationQueryRaw = { ...extra }
  if (f.regions.length) q.regions = f.regions.join(',')
  if (f.level) q.level = f.level
  if (f.yearFrom !== null) q.from = String(f.yearFrom)
  if (f.yearTo !== null) q.to = String(f.yearTo)
  if (f.family) q.family = f.family
  if (f.metrics[0]) q.metric = f.metrics[0]
  if (f.focusRegion) q.fr = f.focusRegion
  if (f.focusYear !== null) q.fy = String(f.focusYear)
  if (p.sort.column !== 'year' || p.sort.dir !== 'asc') {
    q.sort = p.sort.column
    q.dir = p.sort.dir
  }
  return q
}
