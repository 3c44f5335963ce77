/**
 * A plain delimited file's rows as numbers: each mapped cell becomes its number in its column's
 * dictionary (the column's distinct cells, in order of first appearance), the value cell a double
 * when it is a plain decimal. Read straight from the bytes; a cell becomes a string only the first
 * time it is met. See cell-stats.ts for what is counted from the codes and which files qualify.
 */
import type { TidyMapping } from './shape'

type Columns = Omit<TidyMapping, 'kind'>

/** The mapped columns that are kept as dictionary numbers (the value column is kept as doubles). */
export const CODED_COLUMNS = ['region', 'year', 'metric', 'unit', 'qualifier', 'note'] as const
export type CodedName = (typeof CODED_COLUMNS)[number]

export interface CodedColumn {
  /** Each row's number in `dict`. */
  codes: Int32Array
  /** The distinct cells, as written (an empty cell as ''). */
  dict: string[]
}

export interface CellCodes {
  rows: number
  region: CodedColumn
  /** null: the column is not mapped. */
  year: CodedColumn | null
  metric: CodedColumn | null
  unit: CodedColumn | null
  qualifier: CodedColumn | null
  note: CodedColumn | null
  /** Each row's value cell as a number when it is a plain decimal (`12`, `-3.5`), NaN otherwise. */
  values: Float64Array
  /** How the lines end (null: no line had an ending: one line, at the end of the file). */
  lineEnding?: 'crlf' | 'lf' | null
}

/**
 * Rows encoded since the last chunk: their codes (numbers in the whole file's dictionaries) and
 * values, and the dictionary entries met for the first time in them. A page that adds each chunk's
 * new entries to what it has holds every dictionary whole.
 */
export interface RowChunk {
  /** The chunk's first row in the file's data rows (0-based). */
  firstRow: number
  rows: number
  codes: Partial<Record<CodedName, Int32Array>>
  /** New entries of each dictionary, numbered on from the entries already sent. */
  added: Partial<Record<CodedName, string[]>>
  values: Float64Array
}

/** Byte classes: 0 a cell's byte, 1 the delimiter, 2 a line feed, 3 a quote (never in a plain file), 4 a carriage return (only before a line feed). */
function byteClasses(delimiter: number): Uint8Array {
  const classes = new Uint8Array(256)
  classes[0x22] = 3
  classes[0x0d] = 4
  classes[0x0a] = 2
  classes[delimiter] = 1
  return classes
}

/**
 * A column's distinct cells: open addressing on FNV-1a hashes of their bytes. Each cell's bytes are
 * copied here the first time it is met, so cells may come from any buffer (a file, or the columns
 * of an Arrow table one batch after another).
 */
export class Dictionary {
  private slots: Int32Array = new Int32Array(64).fill(-1)
  private starts: Int32Array = new Int32Array(64)
  private lengths: Int32Array = new Int32Array(64)
  private hashes: Int32Array = new Int32Array(64)
  /** The cells' bytes, one after another. */
  private arena = new Uint8Array(4096)
  private arenaView = new DataView(this.arena.buffer)
  private used = 0
  /** The buffer cells were last looked up in, and a view of it. */
  private src: Uint8Array | null = null
  private srcView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0))

  private view(src: Uint8Array): void {
    this.src = src
    this.srcView = new DataView(src.buffer, src.byteOffset, src.byteLength)
  }
  size = 0

  /** The number of the cell src[start, end), hashed as `hash` (every cell of one dictionary by the same function); a new number for a cell not met before. */
  id(src: Uint8Array, start: number, end: number, hash: number): number {
    const a = this.arena
    const length = end - start
    const mask = this.slots.length - 1
    let slot = hash & mask
    for (;;) {
      const e = this.slots[slot] as number
      if (e === -1) break
      if (this.hashes[e] === hash && this.lengths[e] === length) {
        const s = this.starts[e] as number
        // four bytes at a time, then the rest
        if (src !== this.src) this.view(src)
        const av = this.arenaView
        const sv = this.srcView
        let k = 0
        while (k + 4 <= length && av.getInt32(s + k) === sv.getInt32(start + k)) k += 4
        while (k < length && a[s + k] === src[start + k]) k++
        if (k === length) return e
      }
      slot = (slot + 1) & mask
    }
    const id = this.size++
    if (id === this.starts.length) {
      this.starts = grow(this.starts)
      this.lengths = grow(this.lengths)
      this.hashes = grow(this.hashes)
    }
    if (this.used + length > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.used + length))
      next.set(this.arena.subarray(0, this.used))
      this.arena = next
      this.arenaView = new DataView(next.buffer)
    }
    this.arena.set(src.subarray(start, end), this.used)
    this.starts[id] = this.used
    this.used += length
    this.lengths[id] = length
    this.hashes[id] = hash
    this.slots[slot] = id
    if (this.size * 2 > this.slots.length) this.rehash()
    return id
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1)
    const mask = slots.length - 1
    for (let e = 0; e < this.size; e++) {
      let s = (this.hashes[e] as number) & mask
      while (slots[s] !== -1) s = (s + 1) & mask
      slots[s] = e
    }
    this.slots = slots
  }

  /** Cells `from` on as strings, or null if one is not valid UTF-8. */
  strings(from = 0): string[] | null {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
    const out: string[] = []
    const read = this.size - this.extra.length
    try {
      for (let e = from; e < read; e++) out.push(decoder.decode(this.arena.subarray(this.starts[e], (this.starts[e] as number) + (this.lengths[e] as number))))
    } catch {
      return null
    }
    out.push(...this.extra.slice(Math.max(0, from - read)))
    return out
  }

  /** Cells met in another piece, after the last one read here (nothing is read here after them). */
  private extra: string[] = []

  /** The numbers here of `cells` (another piece's dictionary), adding those not met here; null if one here is not UTF-8. */
  absorb(cells: readonly string[]): Int32Array | null {
    const own = this.strings()
    if (!own) return null
    const index = new Map(own.map((cell, e) => [cell, e]))
    return Int32Array.from(cells, (cell) => {
      let e = index.get(cell)
      if (e === undefined) {
        e = this.size++
        index.set(cell, e)
        this.extra.push(cell)
      }
      return e
    })
  }
}

function grow(a: Int32Array): Int32Array {
  const next = new Int32Array(a.length * 2)
  next.set(a)
  return next
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/**
 * bytes[start, end) as Number() reads it when it is a plain decimal (`[+-]?[0-9]+(\.[0-9]+)?`), NaN
 * otherwise. Up to 15 digits the integer of the digits divided by a power of ten is exact to the
 * last bit (both are exact doubles, and one division rounds once); longer ones go through Number().
 */
export function plainNumber(b: Uint8Array, start: number, end: number): number {
  let i = start
  const sign = b[i]
  if (sign === 0x2b || sign === 0x2d) i++
  let m = 0
  let digits = 0
  let fraction = -1
  for (; i < end; i++) {
    const c = b[i] as number
    if (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30)
      digits++
      if (fraction >= 0) fraction++
    } else if (c === 0x2e && fraction === -1 && digits > 0) fraction = 0
    else return NaN
  }
  if (digits === 0 || fraction === 0) return NaN
  if (digits > 15) {
    let text = ''
    for (let k = start; k < end; k++) text += String.fromCharCode(b[k] as number)
    const long = Number(text)
    // too large for a double: not a figure (parseCell says so)
    if (!Number.isFinite(long)) return NaN
    return long === 0 ? 0 : long
  }
  const v = fraction > 0 ? m / (POW10[fraction] as number) : m
  // -0 reads as 0, as parseCell reads it
  return sign === 0x2d && v !== 0 ? -v : v
}

/** How often (in rows) the growing dictionaries are checked against `maxDistinct`. */
const CHECK_EVERY = 0xffff

/**
 * Rows as codes, built row by row by an encoder (RowEncoder for a delimited file's bytes,
 * arrow-codes.ts for an Arrow table's columns) and handed out in chunks as they come, then whole.
 * A region, qualifier or note column with more than `maxDistinct` distinct cells is not one a
 * file of observations has: `finish` gives null.
 */
export class CodedRowsBuilder {
  rows = 0
  failed = false
  /** Each field's slot in CODED_COLUMNS (-1: not a coded column). */
  protected readonly slotOf: Int32Array
  protected readonly dicts: (Dictionary | null)[]
  protected codes: (Int32Array | null)[]
  protected values: Float64Array
  protected cap: number
  /** Rows and dictionary sizes already handed out by chunk(). */
  private sentRows = 0
  private sentEntries: number[]

  constructor(
    width: number,
    /** The mapped columns encoded. */
    readonly columns: Columns,
    protected readonly maxDistinct: number,
    expectedRows: number,
  ) {
    this.slotOf = new Int32Array(width).fill(-1)
    const indexes: (number | null | undefined)[] = CODED_COLUMNS.map((name) => columns[name])
    indexes.forEach((field, k) => {
      if (field === null || field === undefined) return
      // a column the file does not have, or one field in two roles: not a mapping this reads
      if (field < 0 || field >= width || this.slotOf[field] !== -1) this.failed = true
      else this.slotOf[field] = k
    })
    if (columns.value < 0 || columns.value >= width || this.slotOf[columns.value] !== -1) this.failed = true
    this.dicts = CODED_COLUMNS.map((_, k) => (indexes[k] === null || indexes[k] === undefined ? null : new Dictionary()))
    this.cap = Math.max(1024, expectedRows)
    this.codes = this.dicts.map((d) => (d ? new Int32Array(this.cap) : null))
    this.values = new Float64Array(this.cap)
    this.sentEntries = CODED_COLUMNS.map(() => 0)
  }

  protected grow(): void {
    this.cap *= 2
    this.codes = this.codes.map((a) => {
      if (!a) return null
      const next = new Int32Array(this.cap)
      next.set(a)
      return next
    })
    const next = new Float64Array(this.cap)
    next.set(this.values)
    this.values = next
  }

  /** A region, qualifier or note column with more distinct cells than such a column has. */
  protected tooVaried(): boolean {
    return [this.dicts[0], this.dicts[4], this.dicts[5]].some((d) => d && d.size > this.maxDistinct)
  }

  /** How the lines ended, for a delimited file (null: no line ending met, or not a delimited file). */
  lineEnding(): 'crlf' | 'lf' | null {
    return null
  }

  /**
   * The rows of a later piece of the file, encoded apart (by another worker): appended after these,
   * their numbers moved onto these dictionaries. Nothing is encoded here after it.
   */
  absorb(piece: CellCodes): Partial<Record<CodedName, Int32Array>> | null {
    if (this.failed) return null
    while (this.rows + piece.rows > this.cap) this.grow()
    const out: Partial<Record<CodedName, Int32Array>> = {}
    for (let k = 0; k < CODED_COLUMNS.length; k++) {
      const d = this.dicts[k]
      if (!d) continue
      const column = piece[CODED_COLUMNS[k] as CodedName]
      const moved = column ? d.absorb(column.dict) : null
      if (!column || !moved) {
        this.failed = true
        return null
      }
      out[CODED_COLUMNS[k] as CodedName] = moved
      const codes = this.codes[k] as Int32Array
      const source = column.codes
      for (let row = 0; row < piece.rows; row++) codes[this.rows + row] = moved[source[row] as number] as number
    }
    this.values.set(piece.values, this.rows)
    this.rows += piece.rows
    // no more lines come: the line endings of both pieces must agree (see RowEncoder)
    if (piece.lineEnding !== null && this.lineEnding() !== null && piece.lineEnding !== this.lineEnding()) this.failed = true
    return this.failed ? null : out
  }

  /** The rows encoded since the last chunk (copies, to hand over), with the dictionary entries they brought; null if a new entry is not UTF-8. */
  chunk(): RowChunk | null {
    const firstRow = this.sentRows
    const end = this.rows
    const out: RowChunk = { firstRow, rows: end - firstRow, codes: {}, added: {}, values: this.values.slice(firstRow, end) }
    for (let k = 0; k < CODED_COLUMNS.length; k++) {
      const d = this.dicts[k]
      if (!d) continue
      const name = CODED_COLUMNS[k] as CodedName
      const added = d.strings(this.sentEntries[k])
      if (!added) return null
      out.codes[name] = (this.codes[k] as Int32Array).slice(firstRow, end)
      out.added[name] = added
      this.sentEntries[k] = d.size
    }
    this.sentRows = end
    return out
  }

  /** Every row's codes and the whole dictionaries; null if the file was not plain. (Views: the encoder can go on after it.) */
  finish(): CellCodes | null {
    if (this.failed || this.tooVaried()) return null
    const out: Partial<Record<CodedName, CodedColumn | null>> = {}
    for (let k = 0; k < CODED_COLUMNS.length; k++) {
      const d = this.dicts[k]
      const name = CODED_COLUMNS[k] as CodedName
      if (!d) {
        out[name] = null
        continue
      }
      const dict = d.strings()
      if (!dict) return null
      // views, not copies: the buffers are handed over whole (a little spare room at their ends)
      out[name] = { codes: (this.codes[k] as Int32Array).subarray(0, this.rows), dict }
    }
    if (!out.region) return null
    const values = this.values.subarray(0, this.rows)
    return {
      rows: this.rows, region: out.region, year: out.year ?? null, metric: out.metric ?? null, unit: out.unit ?? null, qualifier: out.qualifier ?? null, note: out.note ?? null, values,
      lineEnding: this.lineEnding(),
    }
  }
}

/**
 * Encodes a file piece by piece (whole lines each time), so that the rows can be sent on while
 * the rest is read. Every line must have exactly `width` fields; lines end in a line feed, or all
 * in a carriage return and a line feed (the last one may have neither). Anything else, and a
 * column too varied (see CodedRowsBuilder), stops it: `failed`.
 */
export class RowEncoder extends CodedRowsBuilder {
  private readonly classes: Uint8Array
  /** Lines ended by CR LF, and by LF alone: a file has one kind only. */
  private crlf = 0
  private lf = 0

  constructor(
    private readonly bytes: Uint8Array,
    delimiter: number,
    private readonly width: number,
    columns: Columns,
    maxDistinct = 100_000,
    expectedRows = 1024,
  ) {
    super(width, columns, maxDistinct, expectedRows)
    this.classes = byteClasses(delimiter)
  }

  /** The lines of bytes[from, to) (whole lines: `to` is just past a line feed, or the end of the file). */
  encode(from: number, to: number): boolean {
    if (this.failed) return false
    if (!this.encodeLines(from, to)) this.failed = true
    return !this.failed
  }

  private encodeLines(from: number, to: number): boolean {
    const { bytes, classes, slotOf, dicts, width } = this
    const valueField = this.columns.value
    // bytes of the cells not in a dictionary, OR-ed: a high bit means text to check for UTF-8
    let loose = 0
    let i = from
    while (i < to) {
      if (this.rows === this.cap) this.grow()
      const row = this.rows
      for (let f = 0; f < width; f++) {
        const start = i
        const slot = slotOf[f] as number
        let c = 0
        if (slot >= 0) {
          let h = 0x811c9dc5 | 0
          while (i < to) {
            c = bytes[i] as number
            if (classes[c] !== 0) break
            h = Math.imul(h ^ c, 0x01000193)
            i++
          }
          ;(this.codes[slot] as Int32Array)[row] = (dicts[slot] as Dictionary).id(bytes, start, i, h)
        } else {
          let acc = 0
          while (i < to) {
            c = bytes[i] as number
            if (classes[c] !== 0) break
            acc |= c
            i++
          }
          loose |= acc
        }
        if (f === valueField) this.values[row] = plainNumber(bytes, start, i)
        const last = f === width - 1
        if (i === to) {
          // the end of the piece: only after the last field of the file's last line
          if (!last) return false
        } else {
          let cls = classes[c] as number
          if (cls === 4 && last && i + 1 < to && bytes[i + 1] === 0x0a) {
            this.crlf++
            i++
            cls = 2
          } else if (cls === 2 && last) this.lf++
          if (cls !== (last ? 2 : 1)) return false
        }
        i++
      }
      this.rows++
      if ((this.rows & CHECK_EVERY) === 0 && this.tooVaried()) return false
    }
    if (this.crlf > 0 && this.lf > 0) return false
    // cells outside the dictionaries with bytes above ASCII: the piece must still be valid UTF-8
    if (loose & 0x80) {
      try {
        new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(from, to))
      } catch {
        return false
      }
    }
    return true
  }

  /** How this piece's lines end ('crlf', 'lf'), null when it had no line ending. */
  override lineEnding(): 'crlf' | 'lf' | null {
    return this.crlf > 0 ? 'crlf' : this.lf > 0 ? 'lf' : null
  }
}

/**
 * Encodes a small made-up file a few times, so that the engine has compiled the encoder's loops
 * before the first real file (its first piece would otherwise run several times slower). Called
 * when a worker starts.
 */
export function warmEncoder(): void {
  const lines = ['region,year,metric,value,qualifier,note']
  for (let i = 0; i < 4000; i++) lines.push(`5301${i % 20},${2016 + (i % 9)},metric.${i % 300},${(i * 37) % 1000}.${i % 100},exact,`)
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n')
  const from = bytes.indexOf(0x0a) + 1
  for (let round = 0; round < 3; round++) {
    const encoder = new RowEncoder(bytes, 0x2c, 6, { region: 0, year: 1, metric: 2, value: 3, qualifier: 4, note: 5 })
    encoder.encode(from, bytes.length)
    encoder.finish()
  }
}

/** The buffers of encoded rows, to hand over to another thread without copying them. */
export function codesTransfer(codes: CellCodes): ArrayBuffer[] {
  const buffers: ArrayBufferLike[] = [codes.values.buffer]
  for (const name of CODED_COLUMNS) {
    const column = codes[name]
    if (column) buffers.push(column.codes.buffer)
  }
  return [...new Set(buffers)] as ArrayBuffer[]
}

/** Just past the line feed at or after `at` (the end of the file if there is none). */
export function lineEnd(bytes: Uint8Array, at: number): number {
  if (at >= bytes.length) return bytes.length
  const lf = bytes.indexOf(0x0a, at)
  return lf === -1 ? bytes.length : lf + 1
}
