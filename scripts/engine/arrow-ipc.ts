/**
 * DuckDB native (`@duckdb/node-api`) gives values, not Arrow: the server writes its answers as an
 * Arrow IPC stream with apache-arrow, typed as DuckDB-wasm types them in the page (INTEGER → Int32,
 * BIGINT → Int64, DOUBLE → Float64, VARCHAR → Utf8, BOOLEAN → Bool), so both engines' rows read alike.
 * Anything else (dates, decimals, lists) is written as text; the builders cast dates to text anyway.
 *
 * The common types are copied from DuckDB's vectors straight into Arrow's buffers (numbers as typed
 * arrays, text as UTF-8 bytes, validity as bits), never through a JavaScript value per cell: that
 * took ≈ 1 s for the 60,000-row answer of every prefecture's KPI series, against tens of ms. The C
 * API's own Arrow export is not offered by the Node bindings.
 */
import { Bool, Field, Float32, Float64, Int16, Int32, Int64, Int8, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray, type Data, type DataType } from 'apache-arrow'
import duckdb from '@duckdb/node-bindings'
import { DuckDBTypeId, type DuckDBDataChunk, type DuckDBResult, type DuckDBValue } from '@duckdb/node-api'

/** How a DuckDB type is written: its Arrow type and each value's conversion (the per-value path). */
function arrowType(typeId: DuckDBTypeId): { type: DataType; value: (v: DuckDBValue) => unknown } {
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { type: new Bool(), value: (v) => v }
    case DuckDBTypeId.TINYINT:
      return { type: new Int8(), value: (v) => v }
    case DuckDBTypeId.SMALLINT:
      return { type: new Int16(), value: (v) => v }
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return { type: new Int32(), value: (v) => v }
    case DuckDBTypeId.BIGINT:
      return { type: new Int64(), value: (v) => (v === null ? null : BigInt(v as bigint)) }
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.DOUBLE:
      return { type: new Float64(), value: (v) => (v === null ? null : Number(typeof v === 'object' ? String(v) : v)) }
    case DuckDBTypeId.FLOAT:
      return { type: new Float32(), value: (v) => v }
    case DuckDBTypeId.VARCHAR:
      return { type: new Utf8(), value: (v) => v }
    default:
      return { type: new Utf8(), value: (v) => (v === null ? null : String(v)) }
  }
}

/** Fixed-width types whose DuckDB vector is already the Arrow buffer: bytes per value and the array. */
const FIXED: Partial<Record<DuckDBTypeId, { bytes: number; array: (b: ArrayBuffer) => ArrayBufferView }>> = {
  [DuckDBTypeId.TINYINT]: { bytes: 1, array: (b) => new Int8Array(b) },
  [DuckDBTypeId.SMALLINT]: { bytes: 2, array: (b) => new Int16Array(b) },
  [DuckDBTypeId.INTEGER]: { bytes: 4, array: (b) => new Int32Array(b) },
  [DuckDBTypeId.BIGINT]: { bytes: 8, array: (b) => new BigInt64Array(b) },
  [DuckDBTypeId.FLOAT]: { bytes: 4, array: (b) => new Float32Array(b) },
  [DuckDBTypeId.DOUBLE]: { bytes: 8, array: (b) => new Float64Array(b) },
}

type Vectors = { vector: duckdb.Vector; rows: number }[]

/** A vector's validity words (bit i of byte i >> 3: row i has a value), or null when it has no nulls. */
const validWords = (vector: duckdb.Vector, rows: number) => duckdb.vector_get_validity(vector, Math.ceil(rows / 64) * 8) as Uint8Array | null
const valid = (words: Uint8Array | null, i: number) => !words || ((words[i >> 3] as number) & (1 << (i & 7))) !== 0

/** Arrow's validity bits (and the count of nulls) for one column over every chunk. */
function validityOf(vectors: Vectors, length: number): { bitmap: Uint8Array | undefined; nulls: number } {
  let bitmap: Uint8Array | undefined
  let nulls = 0
  let at = 0
  for (const { vector, rows } of vectors) {
    const words = validWords(vector, rows)
    for (let i = 0; words && i < rows; i++) {
      if (valid(words, i)) continue
      bitmap ??= new Uint8Array(Math.ceil(length / 8)).fill(0xff)
      bitmap[(at + i) >> 3] = (bitmap[(at + i) >> 3] as number) & ~(1 << ((at + i) & 7))
      nulls++
    }
    at += rows
  }
  return { bitmap, nulls }
}

/**
 * VARCHAR: DuckDB's 16-byte string records (length, then the bytes inline up to 12, else a pointer)
 * copied into one UTF-8 buffer with its offsets. A null's record is not written (garbage): it is
 * never read. A string seen at the same address in the same chunk is the same string, so it is
 * fetched from the native side once.
 */
function utf8Column(vectors: Vectors, length: number): Data {
  const offsets = new Int32Array(length + 1)
  let bytes = new Uint8Array(Math.max(1024, length * 16))
  let used = 0
  let row = 0
  for (const { vector, rows } of vectors) {
    const records = duckdb.vector_get_data(vector, rows * 16)
    const view = new DataView(records.buffer, records.byteOffset, records.byteLength)
    const words = validWords(vector, rows)
    const seen = new Map<number, Uint8Array>()
    for (let i = 0; i < rows; i++, row++) {
      offsets[row + 1] = used
      if (!valid(words, i)) continue
      const at = i * 16
      const size = view.getUint32(at, true)
      let text: Uint8Array
      if (size <= 12) text = records.subarray(at + 4, at + 4 + size)
      else {
        const address = view.getUint32(at + 8, true) + view.getUint32(at + 12, true) * 2 ** 32
        const known = seen.get(address)
        text = known?.length === size ? known : duckdb.get_data_from_pointer(records.buffer as ArrayBuffer, records.byteOffset + at + 8, size)
        seen.set(address, text)
      }
      if (used + size > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, used + size))
        grown.set(bytes.subarray(0, used))
        bytes = grown
      }
      bytes.set(text, used)
      used += size
      offsets[row + 1] = used
    }
  }
  const { bitmap, nulls } = validityOf(vectors, length)
  return makeData({ type: new Utf8(), length, nullCount: nulls, nullBitmap: bitmap, valueOffsets: offsets, data: bytes.subarray(0, used) })
}

function fixedColumn(vectors: Vectors, length: number, type: DataType, width: number, array: (b: ArrayBuffer) => ArrayBufferView): Data {
  const buffer = new Uint8Array(length * width)
  let at = 0
  for (const { vector, rows } of vectors) {
    buffer.set(duckdb.vector_get_data(vector, rows * width), at)
    at += rows * width
  }
  const { bitmap, nulls } = validityOf(vectors, length)
  return makeData({ type, length, nullCount: nulls, nullBitmap: bitmap, data: array(buffer.buffer) } as never)
}

function boolColumn(vectors: Vectors, length: number): Data {
  const bits = new Uint8Array(Math.ceil(length / 8))
  let row = 0
  for (const { vector, rows } of vectors) {
    const values = duckdb.vector_get_data(vector, rows)
    for (let i = 0; i < rows; i++, row++) if (values[i]) bits[row >> 3] = (bits[row >> 3] as number) | (1 << (row & 7))
  }
  const { bitmap, nulls } = validityOf(vectors, length)
  return makeData({ type: new Bool(), length, nullCount: nulls, nullBitmap: bitmap, data: bits })
}

/** One column of every chunk as Arrow data: straight from the vectors for the common types, else value by value. */
function column(chunks: DuckDBDataChunk[], index: number, typeId: DuckDBTypeId, length: number): Data {
  const { type, value } = arrowType(typeId)
  const vectors = chunks.map((c) => ({ vector: duckdb.data_chunk_get_vector(c.chunk, index), rows: c.rowCount }))
  if (typeId === DuckDBTypeId.VARCHAR) return utf8Column(vectors, length)
  if (typeId === DuckDBTypeId.BOOLEAN) return boolColumn(vectors, length)
  const fixed = FIXED[typeId]
  if (fixed) return fixedColumn(vectors, length, type, fixed.bytes, fixed.array)
  const values = chunks.flatMap((c) => c.getColumnValues(index).map(value))
  return vectorFromArray(values as never[], type).data[0] ?? makeData({ type, length: 0 })
}

/** A whole result as an Arrow table (its chunks read to the end). */
export async function resultToTable(result: DuckDBResult): Promise<Table> {
  const names = result.columnNames()
  const types = result.columnTypes()
  const chunks = (await result.fetchAllChunks()).filter((c) => c.rowCount > 0)
  const length = chunks.reduce((n, c) => n + c.rowCount, 0)
  const fields: Field[] = []
  const children = names.map((name, i) => {
    const typeId = types[i]?.typeId ?? DuckDBTypeId.VARCHAR
    const data = column(chunks, i, typeId, length)
    fields.push(new Field(name, data.type, true))
    return data
  })
  const schema = new Schema(fields)
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }))
  // the chunks' long strings may live in the result's memory: it is used once more here, after the
  // last copy, so that it cannot be collected (and freed) before
  if (result.columnCount !== names.length) throw new Error('the result changed while it was read')
  return new Table(schema, [batch])
}

export async function resultToIpc(result: DuckDBResult): Promise<Uint8Array> {
  return tableToIPC(await resultToTable(result), 'stream')
}
