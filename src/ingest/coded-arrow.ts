/**
 * Counted cells (cell-stats.ts) → Arrow IPC streams for DuckDB's insertArrowFromIPCStream: the
 * label statistics, and a clean file's rows as the worker encoded them. The rows go in as numbers
 * only (each text cell's number in its column's dictionary, and the value), which DuckDB takes in
 * several times faster than text; what each number reads as goes in as a small table beside them
 * (queries/build-coded-import-sql.ts joins the two). Nothing is written out as text and parsed back.
 */
import { Dictionary, Float64, Int32, makeData, makeVector, Table, tableToIPC, Utf8, type Vector } from 'apache-arrow'
import type { CellStats } from './cell-stats'
import type { CellCodes, CodedName } from './cell-codes'

/**
 * A clean file's rows: the worker's codes, and what each dictionary entry reads as in the
 * contract's terms (region codes, years, metric ids, qualifiers, notes). A column the file does
 * not have is one value for every row (`fixed`).
 */
export interface CodedRows {
  rows: number
  codes: CellCodes
  region: readonly string[]
  year: readonly number[] | { fixed: number }
  metric: readonly string[] | { fixed: string }
  /** null: no qualifier column, every row 'exact'. */
  qualifier: readonly string[] | null
  /** null: no note column, no row has a note. */
  note: readonly (string | null)[] | null
}

/** The coded columns a rows table has, in its column order (then `value`). */
export function codedColumns(rows: Pick<CodedRows, 'year' | 'metric' | 'qualifier' | 'note'>): CodedName[] {
  return codedColumnsOf({ year: !('fixed' in rows.year), metric: !('fixed' in rows.metric), qualifier: rows.qualifier !== null, note: rows.note !== null })
}

/** The coded columns of a rows table whose file has these columns (the region always), in order. */
export function codedColumnsOf(has: { year: boolean; metric: boolean; qualifier: boolean; note: boolean }): CodedName[] {
  return ['region', ...(['year', 'metric', 'qualifier', 'note'] as const).filter((name) => has[name])]
}

/**
 * Strings as an Arrow Utf8 vector, made by hand: Arrow's builders compile a function with `new
 * Function`, which the page's Content-Security-Policy (no 'unsafe-eval') forbids. A null is a NULL.
 */
export function utf8Vector(strings: readonly (string | null)[]): Vector {
  const encoder = new TextEncoder()
  const parts = strings.map((text) => encoder.encode(text ?? ''))
  const offsets = new Int32Array(parts.length + 1)
  for (let i = 0; i < parts.length; i++) offsets[i + 1] = (offsets[i] as number) + (parts[i] as Uint8Array).length
  const data = new Uint8Array(offsets[parts.length] as number)
  parts.forEach((part, i) => data.set(part, offsets[i]))
  const nulls = strings.filter((s) => s === null).length
  const bitmap = new Uint8Array(Math.ceil(strings.length / 8))
  strings.forEach((text, i) => {
    if (text !== null) bitmap[i >>> 3] = (bitmap[i >>> 3] as number) | (1 << (i & 7))
  })
  return makeVector(makeData({ type: new Utf8(), length: parts.length, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : undefined, valueOffsets: offsets, data }))
}

function intColumn(values: Int32Array): Vector {
  return makeVector(makeData({ type: new Int32(), length: values.length, nullCount: 0, data: values }))
}

/** Doubles, NaN read as NULL when `nanIsNull`. */
function doubleColumn(values: Float64Array, nanIsNull: boolean): Vector {
  let nulls = 0
  let bitmap: Uint8Array | undefined
  if (nanIsNull) {
    bitmap = new Uint8Array(Math.ceil(values.length / 8))
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number
      if (v === v) bitmap[i >>> 3] = (bitmap[i >>> 3] as number) | (1 << (i & 7))
      else nulls++
    }
  }
  return makeVector(makeData({ type: new Float64(), length: values.length, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : undefined, data: values }))
}

/** A text column of the label statistics: each group's cell number in `dict` (-1: none, read as `none`). */
function groupCells(cells: Int32Array, dict: readonly string[] | undefined, none: string | null, emptyIsNull: boolean): Vector {
  const type = new Dictionary(new Utf8(), new Int32())
  if (!dict) return makeVector(makeData({ type, length: cells.length, nullCount: none === null ? cells.length : 0, nullBitmap: none === null ? new Uint8Array(Math.ceil(cells.length / 8)) : undefined, data: new Int32Array(cells.length), dictionary: utf8Vector([none ?? '']) }))
  const entries = dict.map((d) => (emptyIsNull && d === '' ? null : d))
  let nulls = 0
  const bitmap = new Uint8Array(Math.ceil(cells.length / 8))
  for (let g = 0; g < cells.length; g++) {
    if (entries[cells[g] as number] === null) nulls++
    else bitmap[g >>> 3] = (bitmap[g >>> 3] as number) | (1 << (g & 7))
  }
  return makeVector(makeData({ type, length: cells.length, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : undefined, data: cells, dictionary: utf8Vector(entries.map((e) => e ?? '')) }))
}

/** The label statistics in LABEL_STATS' columns (raw, year_cell, unit_cell, n, first_row, lo, hi, odd). */
export function labelStatsIpc(cells: CellStats): Uint8Array {
  const l = cells.labels
  const c = cells.codes
  const table = new Table({
    raw: groupCells(l.label, c.metric?.dict, '', false),
    // read_csv reads an empty year cell as NULL
    year_cell: groupCells(l.year, c.year?.dict, null, true),
    unit_cell: groupCells(l.unit, c.unit?.dict, null, false),
    n: intColumn(l.n),
    first_row: intColumn(l.firstRow),
    lo: doubleColumn(l.lo, true),
    hi: doubleColumn(l.hi, true),
    odd: intColumn(l.odd),
  })
  return tableToIPC(table, 'stream')
}

/** Rows as numbers: `${name}_k` (INTEGER) per coded column, in `names` order, then `value` (DOUBLE). */
export function rowCodesIpc(rows: { codes: Partial<Record<CodedName, Int32Array>>; values: Float64Array }, names: readonly CodedName[]): Uint8Array {
  const columns: Record<string, Vector> = {}
  for (const name of names) {
    const codes = rows.codes[name]
    if (!codes) throw new Error(`no ${name} codes`)
    columns[`${name}_k`] = intColumn(codes)
  }
  columns.value = doubleColumn(rows.values, false)
  return tableToIPC(new Table(columns), 'stream')
}

/** What each coded column's cells read as, for the columns the rows table has (codedColumns). */
export function codedReadings(rows: CodedRows): [CodedName, readonly (string | null)[] | readonly number[]][] {
  return codedColumns(rows).map((name) => {
    const values = name === 'region' ? rows.region : name === 'year' ? rows.year : name === 'metric' ? rows.metric : name === 'qualifier' ? rows.qualifier : rows.note
    if (values === null || !Array.isArray(values)) throw new Error(`no readings for ${name}`)
    return [name, values]
  })
}

/** A coded column's codes and values, as rowCodesIpc takes them. */
export function codedRowsInput(rows: CodedRows): { codes: Partial<Record<CodedName, Int32Array>>; values: Float64Array } {
  return { codes: Object.fromEntries(codedColumns(rows).map((name) => [name, rows.codes[name]?.codes])), values: rows.codes.values }
}

/** A dictionary's readings as a table (k INTEGER: the cell's number, v: what it reads as). */
export function readingsIpc(values: readonly (string | null)[] | readonly number[]): Uint8Array {
  const k = new Int32Array(values.length).map((_, i) => i)
  const v = typeof values[0] === 'number' ? intColumn(Int32Array.from(values as readonly number[])) : utf8Vector(values as readonly (string | null)[])
  return tableToIPC(new Table({ k: intColumn(k), v }), 'stream')
}

/** What each cell of a clean file reads as (the check's lookups), by cell text. */
export interface CodedReading {
  region: ReadonlyMap<string, string>
  /** Year cell → year, or the fixed year of every row. */
  year: ReadonlyMap<string, number> | number
  /** Indicator label → metric id, or the chosen indicator of every row. */
  metric: ReadonlyMap<string, string> | string
  /** Qualifier cell → qualifier; null: 'exact' for every row. */
  qualifier: ReadonlyMap<string, string> | null
  /** Note cell → note (null: none); null: no note in any row. */
  note: ReadonlyMap<string, string | null> | null
}

/** A clean file's codes with each dictionary read through `reading`; null when a cell has no reading (then the file is not clean after all). */
export function codedRows(codes: CellCodes, reading: CodedReading): CodedRows | null {
  const through = <T>(dict: readonly string[] | undefined, map: ReadonlyMap<string, T>): T[] | null => {
    if (!dict) return null
    const out: T[] = []
    for (const cell of dict) {
      if (!map.has(cell)) return null
      out.push(map.get(cell) as T)
    }
    return out
  }
  const region = through(codes.region.dict, reading.region)
  const year = typeof reading.year === 'number' ? { fixed: reading.year } : through(codes.year?.dict, reading.year)
  const metric = typeof reading.metric === 'string' ? { fixed: reading.metric } : through(codes.metric?.dict, reading.metric)
  const qualifier = reading.qualifier === null ? null : through(codes.qualifier?.dict, reading.qualifier)
  const note = reading.note === null ? null : through(codes.note?.dict, reading.note)
  if (!region || !year || !metric || (reading.qualifier !== null && !qualifier) || (reading.note !== null && !note)) return null
  return { rows: codes.rows, codes, region, year, metric, qualifier, note }
}

/** Distinct (region, year, metric) keys of coded rows: fewer than rows means a key is repeated. */
export function codedKeyCount(rows: CodedRows): number {
  // each column's entries numbered by what they read as (two cells naming one region share a number)
  const numbered = <T>(dict: readonly T[]) => {
    const index = new Map<T, number>()
    const ids = Int32Array.from(dict, (d) => {
      let id = index.get(d)
      if (id === undefined) index.set(d, (id = index.size))
      return id
    })
    return { ids, size: index.size }
  }
  const region = numbered(rows.region)
  const year = 'fixed' in rows.year ? null : numbered(rows.year)
  const metric = 'fixed' in rows.metric ? null : numbered(rows.metric)
  const regionCodes = rows.codes.region.codes
  const yearCodes = rows.codes.year?.codes
  const metricCodes = rows.codes.metric?.codes
  const R = region.size
  const Y = year?.size ?? 1
  const seen = new Set<number>()
  for (let row = 0; row < rows.rows; row++) {
    const m = metric && metricCodes ? (metric.ids[metricCodes[row] as number] as number) : 0
    const y = year && yearCodes ? (year.ids[yearCodes[row] as number] as number) : 0
    seen.add((m * Y + y) * R + (region.ids[regionCodes[row] as number] as number))
  }
  return seen.size
}
