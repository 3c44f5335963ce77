/**
 * What the staged check asks DuckDB of a delimited file's cells (queries/build-staged-import-sql.ts:
 * buildColumnStatsSql, buildLabelStatsSql, buildDistinctSql, buildCleanKeysSql), counted here in the
 * import worker instead. The answers are the same rows those queries give, so the check reads
 * either; that is tested on every staged-import fixture.
 *
 * The count works on the bytes, not on decoded text: each mapped cell is looked up in its column's
 * dictionary (cell-codes.ts), so that a row costs a few integer writes. The codes it leaves behind
 * (each row's dictionary number per column, and its value when that is a plain decimal) are the
 * rows themselves: a clean file goes into DuckDB from them (stores/staged-check.ts), without
 * DuckDB reading the text at all.
 *
 * Only a plain file is counted: valid UTF-8, no quote character anywhere, no carriage return, every
 * line with exactly the header's number of fields. Anything else (and a file whose cells are too
 * varied to hold here) gets null, and DuckDB reads and counts the file as before.
 */
import type { TidyMapping } from './shape'
import { codesTransfer, RowEncoder, type CellCodes } from './cell-codes'

export type { CellCodes } from './cell-codes'

export type Columns = Omit<TidyMapping, 'kind'>

export interface CellCount {
  raw: string
  n: number
  first_row: number
}

export interface CellStats {
  /** Which columns these were counted for: they serve a check with the same mapping only. */
  columns: Columns
  rows: number
  region: CellCount[]
  /**
   * The label statistics (LABEL_STATS' rows), column by column: tens of thousands of rows cross to
   * the page as a few buffers, and go to DuckDB as Arrow (coded-arrow.ts), never as text.
   */
  labels: LabelGroups
  /** Distinct cells (an empty cell as ''), in no particular order; [] for a column not mapped. */
  years: string[]
  units: string[]
  qualifiers: string[]
  notes: string[]
  /** Rows, and distinct (region, year, indicator) cells (fewer than rows: a key is repeated). */
  keys: { n: number; keys: number }
  /** The rows as dictionary numbers and plain values (see cell-codes.ts). */
  codes: CellCodes
}

/**
 * One row per (indicator label, year cell, unit cell): its rows, first row, least and greatest plain
 * value (NaN: none) and values that are not plain decimals. The cells are numbers in the codes'
 * dictionaries (-1: the column is not mapped; the label is then '', the year and unit cells NULL).
 */
export interface LabelGroups {
  size: number
  label: Int32Array
  year: Int32Array
  unit: Int32Array
  n: Int32Array
  firstRow: Int32Array
  lo: Float64Array
  hi: Float64Array
  odd: Int32Array
}

/**
 * A larger file is left to DuckDB: its codes here take about as much memory again as its bytes, on
 * top of the copy the worker already holds.
 */
export const MAX_COUNTED_BYTES = 128 * 1024 * 1024

/** More distinct cells than this in a column that should have few, and DuckDB counts instead. */
export const MAX_DISTINCT = 100_000

/** Above this many cells of a key, a Map takes the place of a flat table indexed by the key. */
const MAX_FLAT = 1 << 22

export function columnsOf(mapping: Columns | TidyMapping): Columns {
  return { region: mapping.region, year: mapping.year, metric: mapping.metric, value: mapping.value, unit: mapping.unit, qualifier: mapping.qualifier, note: mapping.note }
}

/** Where the data rows begin: after the header's line feed (-1: no line feed, nothing to count). */
export function dataStart(bytes: Uint8Array): number {
  const lf = bytes.indexOf(0x0a)
  return lf === -1 ? -1 : lf + 1
}

/** An encoder for a file that may be counted (null: not one; see MAX_COUNTED_BYTES). */
export function cellEncoder(bytes: Uint8Array, delimiter: string, width: number, mapping: Columns | TidyMapping): RowEncoder | null {
  if (delimiter.length !== 1 || bytes.length > MAX_COUNTED_BYTES || dataStart(bytes) === -1) return null
  // a guess at the rows from the first line's length, grown when short
  const expected = Math.ceil(bytes.length / Math.max(8, dataStart(bytes)))
  return new RowEncoder(bytes, delimiter.charCodeAt(0), width, columnsOf(mapping), MAX_DISTINCT, expected)
}

/** The whole file counted in one piece (the worker encodes it in pieces, sending each on, then calls cellStats). */
export function countCells(bytes: Uint8Array, delimiter: string, width: number, mapping: Columns | TidyMapping): CellStats | null {
  const encoder = cellEncoder(bytes, delimiter, width, mapping)
  if (!encoder || !encoder.encode(dataStart(bytes), bytes.length)) return null
  const codes = encoder.finish()
  return codes ? cellStats(columnsOf(mapping), codes) : null
}

/** The statistics the check asks for, read from the encoded rows. */
export function cellStats(columns: Columns, codes: CellCodes): CellStats | null {
  const partial = rowStats(codes)
  return partial ? finishStats(columns, codes, partial) : null
}

/** The statistics of encoded rows: each region's rows and first row, the label groups (see LabelGroups), repeated (label, year cell, region) keys. */
interface RowStats {
  rows: number
  regionN: Int32Array
  regionFirst: Int32Array
  groups: LabelGroups
  repeats: number
}

/** Sizes of a piece's dictionaries (1 for a column not mapped). */
function sizes(codes: CellCodes) {
  return { R: codes.region.dict.length, Y: codes.year?.dict.length ?? 1, L: codes.metric?.dict.length ?? 1, U: codes.unit?.dict.length ?? 1 }
}

function rowStats(codes: CellCodes): RowStats | null {
  const n = codes.rows
  const region = codes.region.codes
  const { R, Y, L, U } = sizes(codes)
  // a key's number must stay an exact integer
  if (L * Y * U > Number.MAX_SAFE_INTEGER || L * Y * R > Number.MAX_SAFE_INTEGER) return null
  const year = codes.year?.codes
  const metric = codes.metric?.codes
  const unit = codes.unit?.codes
  const values = codes.values

  const regionN = new Int32Array(R)
  const regionFirst = new Int32Array(R).fill(-1)
  // one group per (label, year cell, unit cell): a flat table of group numbers when small enough
  const flat = L * Y * U <= MAX_FLAT ? new Int32Array(L * Y * U).fill(-1) : null
  const groupOf = flat ? null : new Map<number, number>()
  const g = new GroupList()
  // (label, year cell, region) seen: a bit each when small enough, else a set
  const seenBits = L * Y * R <= 1 << 27 ? new Uint8Array(Math.ceil((L * Y * R) / 8)) : null
  const seenSet = seenBits ? null : new Set<number>()
  let repeats = 0
  for (let row = 0; row < n; row++) {
    const r = region[row] as number
    regionN[r] = (regionN[r] as number) + 1
    if (regionFirst[r] === -1) regionFirst[r] = row
    const ly = (metric ? (metric[row] as number) : 0) * Y + (year ? (year[row] as number) : 0)
    const key = ly * U + (unit ? (unit[row] as number) : 0)
    let at = flat ? (flat[key] as number) : ((groupOf as Map<number, number>).get(key) ?? -1)
    if (at === -1) {
      at = g.add(key, row)
      if (flat) flat[key] = at
      else (groupOf as Map<number, number>).set(key, at)
    }
    g.count(at, 1, values[row] as number)
    const seen = ly * R + r
    if (seenBits) {
      const bit = 1 << (seen & 7)
      const byte = seen >>> 3
      if ((seenBits[byte] as number) & bit) repeats++
      else seenBits[byte] = (seenBits[byte] as number) | bit
    } else if ((seenSet as Set<number>).has(seen)) repeats++
    else (seenSet as Set<number>).add(seen)
  }
  return {
    rows: n,
    regionN,
    regionFirst,
    groups: g.finish(codes, U, Y),
    repeats,
  }
}

/** The CellStats of the joined rows from their statistics. */
function finishStats(columns: Columns, codes: CellCodes, p: RowStats): CellStats {
  const n = codes.rows
  return {
    columns,
    rows: n,
    region: codes.region.dict.map((raw, r) => ({ raw, n: p.regionN[r] as number, first_row: p.regionFirst[r] as number })),
    labels: p.groups,
    years: codes.year ? [...codes.year.dict] : [],
    units: codes.unit ? [...codes.unit.dict] : [],
    qualifiers: codes.qualifier ? [...codes.qualifier.dict] : [],
    notes: codes.note ? [...codes.note.dict] : [],
    keys: { n, keys: n - p.repeats },
    codes,
  }
}

/** Label groups as they are met: key, first row, rows, values that are not plain, least and greatest plain value. */
class GroupList {
  private cap = 1024
  size = 0
  private n = new Int32Array(this.cap)
  private first = new Int32Array(this.cap)
  private odd = new Int32Array(this.cap)
  private key = new Float64Array(this.cap)
  private lo = new Float64Array(this.cap)
  private hi = new Float64Array(this.cap)

  add(key: number, firstRow: number): number {
    if (this.size === this.cap) {
      this.cap *= 2
      this.n = grow(this.n, this.cap)
      this.first = grow(this.first, this.cap)
      this.odd = grow(this.odd, this.cap)
      this.key = grow(this.key, this.cap)
      this.lo = grow(this.lo, this.cap)
      this.hi = grow(this.hi, this.cap)
    }
    const g = this.size++
    this.first[g] = firstRow
    this.key[g] = key
    this.lo[g] = NaN
    this.hi[g] = NaN
    return g
  }

  /** One row's value (NaN: not a plain decimal). */
  count(g: number, rows: number, v: number): void {
    this.n[g] = (this.n[g] as number) + rows
    if (v === v) {
      // NaN compares false: the first plain value sets both ends
      if (!(v >= (this.lo[g] as number))) this.lo[g] = v
      if (!(v <= (this.hi[g] as number))) this.hi[g] = v
    } else this.odd[g] = (this.odd[g] as number) + 1
  }

  /** The groups with their cells read from their keys (`U`, `Y`: the sizes the keys were made with). */
  finish(codes: CellCodes, U: number, Y: number): LabelGroups {
    const count = this.size
    const label = new Int32Array(count)
    const year = new Int32Array(count)
    const unit = new Int32Array(count)
    for (let g = 0; g < count; g++) {
      const key = this.key[g] as number
      const u = key % U
      const ly = (key - u) / U
      const y = ly % Y
      label[g] = codes.metric ? (ly - y) / Y : -1
      year[g] = codes.year ? y : -1
      unit[g] = codes.unit ? u : -1
    }
    return {
      size: count,
      label,
      year,
      unit,
      n: this.n.slice(0, count),
      firstRow: this.first.slice(0, count),
      lo: this.lo.slice(0, count),
      hi: this.hi.slice(0, count),
      odd: this.odd.slice(0, count),
    }
  }
}

function grow<T extends Int32Array | Float64Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size)
  next.set(a)
  return next
}

/** The buffers of a count, to hand over to the page without copying them. */
export function cellStatsTransfer(cells: CellStats): ArrayBuffer[] {
  const l = cells.labels
  const labels = [l.label, l.year, l.unit, l.n, l.firstRow, l.lo, l.hi, l.odd].map((a) => a.buffer as ArrayBuffer)
  return [...new Set([...codesTransfer(cells.codes), ...labels])]
}

/** Whether stats counted for `counted` serve a check mapped as `chosen`. */
export function sameColumns(counted: Columns, chosen: Columns): boolean {
  const names = ['region', 'year', 'metric', 'value', 'unit', 'qualifier', 'note'] as const
  return names.every((name) => counted[name] === chosen[name])
}
