/**
 * What the staged check asks DuckDB of a delimited file's cells (queries/build-staged-import-sql.ts:
 * buildColumnStatsSql, buildLabelStatsSql, buildDistinctSql, buildCleanKeysSql), counted here in the
 * import worker instead, on the second processor, while DuckDB reads the same bytes into staging.
 * The answers are the same rows those queries give, so the check reads either; that is tested on
 * every staged-import fixture.
 *
 * Only a plain file is counted: no quote character anywhere, no carriage return, every line with
 * exactly the header's number of fields. Anything else (and a file whose cells are too varied to
 * hold here) gets null, and DuckDB is asked as before.
 */
import type { TidyMapping } from './shape'
import { lookupCsv, type Cell } from './staged-lookups'

type Columns = Omit<TidyMapping, 'kind'>

export interface CellCount {
  raw: string
  n: number
  first_row: number
}

/** One row of the label statistics (LABEL_STATS): per indicator label, year cell and unit cell. */
export interface LabelCount extends CellCount {
  year_cell: string | null
  unit_cell: string | null
  lo: number | null
  hi: number | null
  odd: number
}

export interface CellStats {
  /** Which columns these were counted for: they serve a check with the same mapping only. */
  columns: Columns
  rows: number
  region: CellCount[]
  /**
   * The label statistics as CSV (UTF-8) in the `labels` lookup's columns (staged-lookups.ts), ready
   * for DuckDB: tens of thousands of rows cross to the page as one buffer, not as as many objects.
   */
  labelsCsv: Uint8Array
  /** Distinct cells (an empty cell as ''), in no particular order; [] for a column not mapped. */
  years: string[]
  units: string[]
  qualifiers: string[]
  notes: string[]
  /** Rows, and distinct (region, year, indicator) cells (fewer than rows: a key is repeated). */
  keys: { n: number; keys: number }
}

/**
 * A larger file is left to DuckDB: its text here would take as much memory again as its bytes
 * (twice that for Chinese text), on top of the copy the worker already holds.
 */
export const MAX_COUNTED_BYTES = 128 * 1024 * 1024

/** More distinct cells than this in a column that should have few, and DuckDB counts instead. */
const MAX_DISTINCT = 100_000

/** A plain decimal, as buildLabelStatsSql's PLAIN reads it (`12`, `-3.5`). */
const PLAIN = /^[+-]?[0-9]+(\.[0-9]+)?$/

/** One (label, year cell) of the file: the regions seen in it (a repeat is a repeated key) and its unit cells' counts. */
interface YearGroup {
  regions: Set<number>
  units: Map<string | null, LabelCount>
}

export function countCells(bytes: Uint8Array, delimiter: string, width: number, mapping: Columns | TidyMapping): CellStats | null {
  const columns: Columns = { region: mapping.region, year: mapping.year, metric: mapping.metric, value: mapping.value, unit: mapping.unit, qualifier: mapping.qualifier, note: mapping.note }
  if (delimiter.length !== 1 || bytes.length > MAX_COUNTED_BYTES) return null
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return null
  }
  // a quote or a carriage return: DuckDB's reading of the field might differ from a plain split
  if (text.includes('"') || text.includes('\r')) return null
  const c = columns
  const regionIndex = new Map<string, number>()
  const regions: CellCount[] = []
  // label → year cell (an empty one as null, as read_csv gives it) → its group
  const labels = new Map<string, Map<string | null, YearGroup>>()
  const qualifiers = new Set<string>()
  const notes = new Set<string>()
  let repeats = 0
  const fields: string[] = new Array(width)
  let row = 0
  let start = text.indexOf('\n') + 1
  if (start === 0) return null
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    // the fields of this line; exactly `width` of them
    let at = start
    for (let f = 0; f < width; f++) {
      const next = f === width - 1 ? end : text.indexOf(delimiter, at)
      if (next === -1 || next > end) return null
      fields[f] = text.slice(at, next)
      at = next + 1
    }
    // more fields than the header: DuckDB refuses the file
    if ((fields[width - 1] as string).includes(delimiter)) return null
    const region = fields[c.region] as string
    let regionId = regionIndex.get(region)
    if (regionId === undefined) {
      regionId = regions.length
      regionIndex.set(region, regionId)
      regions.push({ raw: region, n: 0, first_row: row })
    }
    ;(regions[regionId] as CellCount).n++
    const label = c.metric === null ? '' : (fields[c.metric] as string)
    const yearCell = c.year === null ? null : (fields[c.year] as string)
    const yearKey = yearCell === '' ? null : yearCell
    const unitCell = c.unit === undefined ? null : (fields[c.unit] as string)
    let byYear = labels.get(label)
    if (!byYear) labels.set(label, (byYear = new Map()))
    let group = byYear.get(yearKey)
    if (!group) byYear.set(yearKey, (group = { regions: new Set(), units: new Map() }))
    // a (region, year, indicator) key seen before: the check's distinct keys are fewer than its rows
    if (group.regions.has(regionId)) repeats++
    else group.regions.add(regionId)
    let count = group.units.get(unitCell)
    if (!count) group.units.set(unitCell, (count = { raw: label, year_cell: yearKey, unit_cell: unitCell, n: 0, first_row: row, lo: null, hi: null, odd: 0 }))
    count.n++
    const value = fields[c.value] as string
    if (PLAIN.test(value)) {
      const v = Number(value)
      if (count.lo === null || v < count.lo) count.lo = v
      if (count.hi === null || v > count.hi) count.hi = v
    } else {
      // not a plain decimal: the file goes the judged way, where DuckDB reads it cell by cell; its
      // least and greatest values are then never used
      count.odd++
    }
    if (c.qualifier !== undefined) qualifiers.add(fields[c.qualifier] as string)
    if (c.note !== undefined) notes.add(fields[c.note] as string)
    row++
    start = end + 1
    if ((row & 0xffff) === 0 && (regions.length > MAX_DISTINCT || qualifiers.size > MAX_DISTINCT || notes.size > MAX_DISTINCT)) return null
  }
  const labelRows: Cell[][] = []
  const years = new Set<string>()
  const units = new Set<string>()
  for (const byYear of labels.values()) {
    for (const [yearKey, group] of byYear) {
      if (c.year !== null) years.add(yearKey ?? '')
      for (const count of group.units.values()) {
        labelRows.push([count.raw, count.year_cell, count.unit_cell, count.n, count.first_row, count.lo, count.hi, count.odd])
        if (count.unit_cell !== null) units.add(count.unit_cell)
      }
    }
  }
  return {
    columns,
    rows: row,
    region: regions,
    labelsCsv: new TextEncoder().encode(lookupCsv('labels', labelRows)),
    years: [...years],
    units: [...units],
    qualifiers: [...qualifiers],
    notes: [...notes],
    keys: { n: row, keys: row - repeats },
  }
}

/** Whether stats counted for `counted` serve a check mapped as `chosen`. */
export function sameColumns(counted: Columns, chosen: Columns): boolean {
  const names = ['region', 'year', 'metric', 'value', 'unit', 'qualifier', 'note'] as const
  return names.every((name) => counted[name] === chosen[name])
}
