/**
 * A typed table's rows (Parquet, read into Arrow record batches) as the same codes a plain
 * delimited file gives (cell-codes.ts): each mapped cell its number in its column's dictionary,
 * the value a double. A cell reads as the careful reader writes it (`String(v)`, a null as ''), so
 * the counts and the check are those of the same table written out as text.
 *
 * Columns of text and of numbers are read; any other type (dates, decimals, dictionaries, …) in a
 * mapped column, and DuckDB reads the table instead.
 */
import { DataType, Float64, Int32, makeData, makeVector, Table, type Data, type RecordBatch, type Schema } from 'apache-arrow'
import { utf8Vector } from './coded-arrow'
import { CODED_COLUMNS, CodedRowsBuilder, plainNumber, type Dictionary } from './cell-codes'
import type { Columns } from './cell-stats'

/**
 * A hash of bytes[start, end) read four at a time (`view` over the same bytes), mixed so that every
 * byte reaches the low bits the dictionary's slots are picked by. The cells of one column are all
 * hashed by it (a delimited file's are hashed byte by byte as they are scanned: another
 * dictionary).
 */
function wordHash(bytes: Uint8Array, view: DataView, start: number, end: number): number {
  let h = 0x811c9dc5 | 0
  let b = start
  for (; b + 4 <= end; b += 4) {
    h = Math.imul(h ^ view.getInt32(b, true), 0x5bd1e995)
    h ^= h >>> 15
  }
  for (; b < end; b++) h = Math.imul(h ^ (bytes[b] as number), 0x01000193)
  return h ^ (h >>> 13)
}

const EMPTY = new Uint8Array(0)
const EMPTY_HASH = wordHash(EMPTY, new DataView(EMPTY.buffer), 0, 0)

/** Whether a column of this type is read here as cells (text, integers, floats of 32 or 64 bits). */
function readable(type: DataType): boolean {
  return DataType.isUtf8(type) || DataType.isInt(type) || (DataType.isFloat(type) && type.precision > 0)
}

/** The columns DuckDB takes in as numbers (the staged check reads those as numbers, not text). */
export function numberColumns(schema: Schema): number[] {
  return schema.fields.flatMap((f, i) => (DataType.isInt(f.type) || DataType.isFloat(f.type) || DataType.isDecimal(f.type) ? [i] : []))
}

/** Whether row `i` of a column holding nulls is null. */
function isNull(bitmap: Uint8Array, i: number): boolean {
  return (((bitmap[i >>> 3] as number) >>> (i & 7)) & 1) === 0
}

/**
 * Encodes record batches one after another (each a piece of rows that can be sent on at once).
 * A mapped column of a type not read here, a column too varied or a cell that is not UTF-8 stops
 * it: `failed`.
 */
export class ArrowEncoder extends CodedRowsBuilder {
  /** A number column's codes by number: its distinct numbers are few, and each is written out once. */
  private readonly numbers = CODED_COLUMNS.map(() => new Map<number | bigint, number>())
  private readonly text = new TextEncoder()

  constructor(schema: Schema, columns: Columns, maxDistinct: number, expectedRows: number) {
    super(schema.fields.length, columns, maxDistinct, expectedRows)
    const fields = schema.fields
    for (const field of [...CODED_COLUMNS.map((name) => columns[name]), columns.value]) {
      const type = field === null || field === undefined ? null : fields[field]?.type
      if (type && !readable(type)) this.failed = true
    }
  }

  encode(batch: RecordBatch): boolean {
    if (this.failed) return false
    const n = batch.numRows
    // an empty batch's columns may have no buffers at all
    if (n === 0) return true
    while (this.rows + n > this.cap) this.grow()
    const children = batch.data.children
    for (let k = 0; k < CODED_COLUMNS.length && !this.failed; k++) {
      const field = this.columns[CODED_COLUMNS[k] as (typeof CODED_COLUMNS)[number]]
      if (field === null || field === undefined) continue
      const data = children[field]
      if (!data || data.offset !== 0 || data.length !== n) this.failed = true
      else this.encodeCells(k, data)
    }
    const value = children[this.columns.value]
    if (!value || value.offset !== 0 || value.length !== n) this.failed = true
    if (this.failed) return false
    this.encodeValues(value as Data)
    this.rows += n
    if (this.tooVaried()) this.failed = true
    return !this.failed
  }

  /** Column `k`'s cells of one batch, from row `this.rows` on. */
  private encodeCells(k: number, data: Data): void {
    const codes = this.codes[k] as Int32Array
    const dict = this.dicts[k] as Dictionary
    const at = this.rows
    const n = data.length
    const nulls = data.nullCount > 0 ? data.nullBitmap : null
    // a null is an empty cell, entered when first met (as a delimited file's would be)
    let empty = -1
    const emptyCell = () => (empty === -1 ? (empty = dict.id(EMPTY, 0, 0, EMPTY_HASH)) : empty)
    if (DataType.isUtf8(data.type)) {
      const offsets = data.valueOffsets as Int32Array
      const bytes = data.values as Uint8Array
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      for (let i = 0; i < n; i++) {
        if (nulls && isNull(nulls, i)) {
          codes[at + i] = emptyCell()
          continue
        }
        const start = offsets[i] as number
        const end = offsets[i + 1] as number
        codes[at + i] = dict.id(bytes, start, end, wordHash(bytes, view, start, end))
      }
      return
    }
    // numbers: a cell is the number written out, as String() writes it
    const values = data.values as ArrayLike<number | bigint>
    const seen = this.numbers[k] as Map<number | bigint, number>
    for (let i = 0; i < n; i++) {
      if (nulls && isNull(nulls, i)) {
        codes[at + i] = emptyCell()
        continue
      }
      const v = values[i] as number | bigint
      let code = seen.get(v)
      if (code === undefined) {
        const cell = this.text.encode(String(v))
        code = dict.id(cell, 0, cell.length, wordHash(cell, new DataView(cell.buffer), 0, cell.length))
        seen.set(v, code)
      }
      codes[at + i] = code
    }
  }

  /** The value column of one batch: a plain decimal's double, NaN for anything else (a null too). */
  private encodeValues(data: Data): void {
    const out = this.values
    const at = this.rows
    const n = data.length
    const nulls = data.nullCount > 0 ? data.nullBitmap : null
    if (DataType.isUtf8(data.type)) {
      const offsets = data.valueOffsets as Int32Array
      const bytes = data.values as Uint8Array
      for (let i = 0; i < n; i++) out[at + i] = nulls && isNull(nulls, i) ? NaN : plainNumber(bytes, offsets[i] as number, offsets[i + 1] as number)
      return
    }
    const values = data.values as ArrayLike<number | bigint>
    for (let i = 0; i < n; i++) {
      if (nulls && isNull(nulls, i)) {
        out[at + i] = NaN
        continue
      }
      const v = values[i] as number | bigint
      out[at + i] = typeof v === 'bigint' ? Number(v) : plainDouble(v)
    }
  }
}

/**
 * A double as the value String() writes: itself when that is a plain decimal (String writes an
 * exponent below 1e-6 and from 1e21 on, and NaN and Infinity as words), NaN otherwise; -0 as 0.
 */
export function plainDouble(v: number): number {
  if (v === 0) return 0
  const a = Math.abs(v)
  return a >= 1e-6 && a < 1e21 ? v : NaN
}

/**
 * Encodes a small made-up table a few times, so that the engine has compiled the encoder's loops
 * before the first Parquet file (its first row group would otherwise take twice as long). Called
 * when a worker starts.
 */
export function warmArrowEncoder(): void {
  const n = 4000
  const table = new Table({
    region: utf8Vector(Array.from({ length: n }, (_, i) => `5301${i % 20}`)),
    year: makeVector(makeData({ type: new Int32(), length: n, nullCount: 0, data: Int32Array.from({ length: n }, (_, i) => 2016 + (i % 9)) })),
    metric: utf8Vector(Array.from({ length: n }, (_, i) => `metric.${i % 300}`)),
    value: makeVector(makeData({ type: new Float64(), length: n, nullCount: 0, data: Float64Array.from({ length: n }, (_, i) => (i * 37) % 1000) })),
    qualifier: utf8Vector(Array.from({ length: n }, () => 'exact')),
  })
  for (let round = 0; round < 3; round++) {
    const encoder = new ArrowEncoder(table.schema, { region: 0, year: 1, metric: 2, value: 3, qualifier: 4 }, 100_000, n)
    for (const batch of table.batches) encoder.encode(batch)
    encoder.finish()
  }
}
