/**
 * The staged check of a file the import worker counted (ingest/cell-stats.ts), when it is clean:
 * judged here from its distinct cells and label statistics alone, with the same functions and
 * rules as the other lanes, and its rows are the worker's codes (ingest/coded-arrow.ts). DuckDB is
 * not asked anything: it never reads the file, and the rows go in as Arrow when applied.
 *
 * Anything short of clean (a cell that does not read, a value that is not a plain decimal, a power
 * of ten to apply, a value out of range, a repeated key, a new indicator whose unit a cell could
 * settle) gives null, and the check goes the DuckDB way, which finds and reports it.
 */
import { valueProblem } from '../ingest/build'
import type { CellStats } from '../ingest/cell-stats'
import { codedKeyCount, codedRows } from '../ingest/coded-arrow'
import type { MetricMatcher, MetricRef } from '../ingest/metrics'
import { unitSpec } from '../ingest/numbers'
import { firstOfEachId, metricLookup, noteLookup, qualifierLookup, regionLookup, topRegion, unitLookup, yearLookup, type Cell } from '../ingest/staged-lookups'
import type { ImportSummaryRow } from '../queries/build-import-sql'
import type { StagedPlan } from '../queries/build-staged-import-sql'
import type { RegionRef } from '../ingest/regions'
import type { StagedCheck } from './staged-check'

export interface CodedCheckInput {
  header: readonly string[]
  plan: StagedPlan
  defaultMetric?: string
  regions: readonly RegionRef[]
  /** The catalog's metrics; their family places a known metric's rows in the chart of what came in. */
  metrics: readonly (MetricRef & { family: string })[]
  matcher?: MetricMatcher
}

/** Each cell of `dict` read through `lookup`'s rows (row[0] the cell, row[at] its reading). */
const readings = <T>(rows: readonly Cell[][], at: number) => new Map(rows.map((row) => [String(row[0]), row[at] as T]))

export function codedCheck(input: CodedCheckInput, cells: CellStats): StagedCheck | null {
  const { plan } = input
  const c = plan.columns
  const codes = cells.codes
  // a file without rows is the DuckDB lanes' to report
  if (codes.rows === 0) return null
  const regions = regionLookup(cells.region.map((r) => r.raw), input.regions)
  if (regions.some((row) => row[1] === null)) return null
  // a metric row is [k, ik, raw, empty, id, known, unit, hint, settled]; row k is label k of the dictionary
  const labelCells = c.metric === null ? [(input.defaultMetric ?? '').trim()] : (codes.metric?.dict ?? [])
  const metrics = metricLookup(labelCells, input.metrics, input.header[c.value] ?? '', input.matcher)
  if (metrics.rows.some((row) => row[3] === true)) return null
  // two labels proposing one new metric: its unit is settled across both, row by row (the judged way)
  if (metrics.rows.some((row) => row[5] === false && row[1] !== row[0])) return null
  const years = c.year === null ? null : yearLookup(codes.year?.dict ?? [])
  if (years?.some((row) => row[1] === null)) return null
  const units = c.unit === undefined ? null : unitLookup(codes.unit?.dict ?? [])
  if (units?.some((row) => row[2] === true)) return null
  const qualifiers = c.qualifier === undefined ? null : qualifierLookup(codes.qualifier?.dict ?? [])
  if (qualifiers?.some((row) => row[2] === true)) return null
  const notes = c.note === undefined ? null : noteLookup(codes.note?.dict ?? [])

  // each (label, year cell, unit cell) judged at its least and greatest value, as the clean lane does
  const groups = cells.labels
  const yearOf = years ? years.map((row) => row[1] as number) : null
  const families = new Map(input.metrics.map((m) => [m.id, m.family]))
  const byYearFamily = new Map<string, ImportSummaryRow>()
  const labelFirstRow = new Map<number, number>()
  for (let g = 0; g < groups.size; g++) {
    if ((groups.odd[g] as number) > 0) return null
    const label = c.metric === null ? 0 : (groups.label[g] as number)
    const m = metrics.rows[label] as Cell[]
    const [known, metricUnit, metricHint, settled] = [m[5] === true, String(m[6]), m[7] as string | null, m[8] === true]
    const u = units ? (units[groups.unit[g] as number] as Cell[]) : null
    const hint = !u || u[1] === true ? metricHint : (u[3] as string | null)
    const spec = hint === null ? null : unitSpec(hint)
    // a power of ten is applied digit for digit where the rows are text (the DuckDB lanes)
    if (spec && spec.exponent !== 0) return null
    const cellUnit = spec?.unit ?? null
    if (!known && !settled && cellUnit !== null) return null
    for (const v of [groups.lo[g] as number, groups.hi[g] as number]) if (v === v && valueProblem(v, cellUnit, metricUnit) !== null) return null
    // the chart of what came in: rows by year and family (a new metric's family is 'context')
    const year = yearOf ? (yearOf[groups.year[g] as number] as number) : Math.trunc(plan.fixedYear ?? 0)
    const family = (known ? families.get(String(m[4])) : undefined) ?? 'context'
    const key = `${year}\u0000${family}`
    const row = byYearFamily.get(key) ?? { year, family, n: 0 }
    row.n += groups.n[g] as number
    byYearFamily.set(key, row)
    const first = labelFirstRow.get(label)
    if (first === undefined || (groups.firstRow[g] as number) < first) labelFirstRow.set(label, groups.firstRow[g] as number)
  }

  const rows = codedRows(codes, {
    region: readings<string>(regions, 1),
    year: years ? readings<number>(years, 1) : Math.trunc(plan.fixedYear ?? 0),
    metric: c.metric === null ? String(metrics.rows[0]?.[4] ?? '') : readings<string>(metrics.rows.map((row) => [row[2] as string, row[4] as string]), 1),
    qualifier: qualifiers ? readings<string>(qualifiers, 1) : null,
    note: notes ? readings<string | null>(notes, 1) : null,
  })
  if (!rows) return null
  // two cells naming one region, year or indicator: only the read keys tell repeats apart
  const distinct = (list: readonly unknown[]) => new Set(list).size === list.length
  const cellsAreKeys = distinct(regions.map((row) => row[1])) && distinct(years?.map((row) => row[1]) ?? []) && distinct(metrics.rows.map((row) => row[1]))
  const keys = cellsAreKeys ? cells.keys.keys : codedKeyCount(rows)
  if (keys !== rows.rows) return null

  const yearList = yearOf ?? [Math.trunc(plan.fixedYear ?? 0)]
  const newMetrics = metrics.rows
    .map((row, label) => ({ row, first: labelFirstRow.get(label) ?? 0 }))
    .filter(({ row }) => row[5] === false)
    .sort((a, b) => a.first - b.first)
    .map(({ row }) => {
      const id = String(row[4])
      return metrics.proposals.get(id) ?? { id, name_zh: id, name_en: id, unit: 'count' }
    })
  return {
    rows: 'coded',
    coded: rows,
    summary: [...byYearFamily.values()].sort((a, b) => a.year - b.year || (a.family < b.family ? -1 : a.family > b.family ? 1 : 0)),
    observationCount: rows.rows,
    newMetrics: firstOfEachId(newMetrics),
    problems: [],
    problemCount: 0,
    unresolvedRegions: [],
    skippedMissing: 0,
    yearMin: Math.min(...yearList),
    yearMax: Math.max(...yearList),
    regionCode: topRegion(cells.region, regions),
  }
}
