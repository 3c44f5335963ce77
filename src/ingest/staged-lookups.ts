/**
 * The staged check (DuckDB) reads a large tidy file once into a table; what each distinct cell
 * means is still decided here, by the same functions buildImport uses row by row. A file of a
 * million rows has a few dozen regions, a few thousand indicator labels and, when it was written by
 * a program, no values that need more than a plain decimal parse; so the judgement runs over
 * distinct values in JS and the rows are joined to it in SQL.
 *
 * Every lookup is a list of plain rows with the column order of LOOKUP_COLUMNS, written to CSV for
 * DuckDB's read_csv.
 */
import { createMetricMatcher, type MetricMatcher, type MetricRef, type NewMetric } from './metrics'
import { parseCell, unitFromHeader, unitSpec } from './numbers'
import { createRegionResolver, type RegionRef } from './regions'
import { parseYear, readQualifier } from './build'

export type Cell = string | number | boolean | null

/** Column names and DuckDB types of each lookup table, in file order. */
export const LOOKUP_COLUMNS = {
  region: { raw: 'VARCHAR', code: 'VARCHAR', empty: 'BOOLEAN', name: 'VARCHAR' },
  year: { raw: 'VARCHAR', year: 'INTEGER' },
  // k: the row's number, so that a million rows carry a small integer instead of the label; ik: the
  // number of the first row with the same id (two labels can name one metric)
  metric: { k: 'INTEGER', ik: 'INTEGER', raw: 'VARCHAR', empty: 'BOOLEAN', id: 'VARCHAR', known: 'BOOLEAN', unit: 'VARCHAR', hint: 'VARCHAR', settled: 'BOOLEAN' },
  unit: { raw: 'VARCHAR', empty: 'BOOLEAN', unknown: 'BOOLEAN', hint: 'VARCHAR' },
  qualifier: { raw: 'VARCHAR', qualifier: 'VARCHAR', bad: 'BOOLEAN' },
  note: { raw: 'VARCHAR', note: 'VARCHAR' },
  hint: { hint: 'VARCHAR', unit: 'VARCHAR', exponent: 'INTEGER' },
  value: { raw: 'VARCHAR', hint: 'VARCHAR', value: 'DOUBLE', missing: 'BOOLEAN', unit: 'VARCHAR', qualifier: 'VARCHAR', code: 'VARCHAR' },
} as const

export type LookupName = keyof typeof LOOKUP_COLUMNS

/** Region cells (NULL read as '') → code, or null when unknown; `empty` when there is no name at all. */
export function regionLookup(raws: readonly string[], regions: readonly RegionRef[]): Cell[][] {
  const resolve = createRegionResolver(regions)
  return raws.map((raw) => {
    const text = raw.trim()
    return [raw, text === '' ? null : resolve(text), text === '', text]
  })
}

export function yearLookup(raws: readonly string[]): Cell[][] {
  return raws.map((raw) => {
    const parsed = parseYear(raw)
    return [raw, 'year' in parsed ? parsed.year : null]
  })
}

export interface MetricLookup {
  rows: Cell[][]
  /** Proposed metrics by id, as the matcher named them (their unit may still be settled by a cell). */
  proposals: Map<string, NewMetric>
}

/** Indicator labels → metric id (known or proposed), its unit, and the unit hint for the value. */
export function metricLookup(raws: readonly string[], metrics: readonly MetricRef[], valueHeader: string, matcher?: MetricMatcher): MetricLookup {
  const match = matcher ?? createMetricMatcher(metrics)
  const proposals = new Map<string, NewMetric>()
  const headerHint = unitFromHeader(valueHeader)
  const firstRow = new Map<string, number>()
  const rows = raws.map((raw, k): Cell[] => {
    const label = raw.trim()
    if (label === '') return [k, k, raw, true, null, false, null, null, false]
    const m = match(label)
    const labelHint = unitFromHeader(label)
    if (!firstRow.has(m.id)) firstRow.set(m.id, k)
    const ik = firstRow.get(m.id) ?? k
    if (m.kind === 'known') return [k, ik, raw, false, m.id, true, m.unit, labelHint ?? headerHint, false]
    if (!proposals.has(m.id)) proposals.set(m.id, { ...m.metric })
    return [k, ik, raw, false, m.id, false, m.metric.unit, labelHint ?? headerHint, labelHint !== null]
  })
  return { rows, proposals }
}

/** The unit column: an empty cell leaves the label's hint; an unknown unit drops the row. */
export function unitLookup(raws: readonly string[]): Cell[][] {
  return raws.map((raw) => {
    const text = raw.trim()
    return [raw, text === '', text !== '' && !unitSpec(text), text === '' ? null : text]
  })
}

export function qualifierLookup(raws: readonly string[]): Cell[][] {
  return raws.map((raw) => {
    const read = readQualifier(raw)
    return 'bad' in read ? [raw, null, true] : [raw, read.qualifier, false]
  })
}

export function noteLookup(raws: readonly string[]): Cell[][] {
  return raws.map((raw) => [raw, raw.trim() || null])
}

/** Each unit hint in use → the unit and power of ten a plain number under it gets. */
export function hintLookup(hints: readonly string[]): Cell[][] {
  return hints.map((hint) => {
    const spec = unitSpec(hint)
    return [hint, spec?.unit ?? null, spec?.exponent ?? 0]
  })
}

/** Value cells that are not plain decimals (`1,234`, `约3万`, `—`, `92.5%`) under their hint → parseCell's reading. */
export function valueLookup(pairs: readonly { raw: string; hint: string | null }[]): Cell[][] {
  return pairs.map(({ raw, hint }) => {
    const parsed = parseCell(raw, hint)
    return [raw, hint, parsed.value, parsed.missing, parsed.unit, parsed.qualifier, parsed.value === null && !parsed.missing ? (parsed.problemCode ?? 'not-a-number') : null]
  })
}

/**
 * The region with most rows, the first to appear among equals, as buildImport picks it: cells that
 * name one region (昆明 and 昆明市) count together. `regions` is the region lookup (regionLookup).
 */
export function topRegion(cells: readonly { raw: string; n: number; first_row: number }[], regions: readonly Cell[][]): string | null {
  const codeOf = new Map(regions.map((row) => [String(row[0]), row[1]]))
  const byCode = new Map<string, { n: number; first: number }>()
  for (const cell of cells) {
    const code = codeOf.get(cell.raw)
    if (typeof code !== 'string') continue
    const seen = byCode.get(code)
    if (seen) {
      seen.n += cell.n
      seen.first = Math.min(seen.first, cell.first_row)
    } else byCode.set(code, { n: cell.n, first: cell.first_row })
  }
  const top = [...byCode].sort(([, a], [, b]) => b.n - a.n || a.first - b.first)[0]
  return top ? top[0] : null
}

/** The first of each id (two labels can propose one new metric; it is proposed once). */
export function firstOfEachId<T extends { id: string }>(list: readonly T[]): T[] {
  const seen = new Set<string>()
  return list.filter((item) => !seen.has(item.id) && (seen.add(item.id), true))
}

function csvCell(value: Cell): string {
  if (value === null) return ''
  const text = String(value)
  // every text is quoted, so that an empty string stays '' and is not read back as NULL
  return typeof value === 'string' ? `"${text.replaceAll('"', '""')}"` : text
}

/** Lookup rows as CSV, header included; read back with buildLookupTableSql. */
export function lookupCsv(name: LookupName, rows: readonly Cell[][]): string {
  const lines = [Object.keys(LOOKUP_COLUMNS[name]).join(',')]
  for (const row of rows) lines.push(row.map(csvCell).join(','))
  return `${lines.join('\n')}\n`
}
