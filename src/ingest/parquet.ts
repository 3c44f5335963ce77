/**
 * Parquet in the import worker. parquet-wasm decodes one row group at a time, and arrow-js-ffi
 * copies it out of WebAssembly memory as Arrow JS record batches (no IPC stream written and read
 * back; the wasm side is freed after each group, so its memory stays the size of one group).
 * The whole file as one Arrow IPC stream is made only when DuckDB must read it.
 */
import type { RecordBatch, Schema } from 'apache-arrow'

type ParquetWasm = typeof import('parquet-wasm/esm')

/** Rows per record batch: a row group whole, as a rule (parquet-wasm's default, 1024, makes a thousand batches of a million rows). */
const BATCH_ROWS = 1 << 20

let loading: Promise<ParquetWasm> | null = null

/** parquet-wasm, loaded and compiled once (the worker may start it before the first file comes). */
export function parquetWasm(): Promise<ParquetWasm> {
  loading ??= (async () => {
    const [pq, { default: wasmUrl }] = await Promise.all([import('parquet-wasm/esm'), import('parquet-wasm/esm/parquet_wasm_bg.wasm?url')])
    await pq.default({ module_or_path: wasmUrl })
    return pq
  })()
  loading.catch(() => {
    loading = null
  })
  return loading
}

/**
 * Loads and compiles what reading a Parquet file takes (parquet-wasm, arrow-js-ffi, Arrow JS, the
 * encoder's loops), so that the first file does not wait a few hundred milliseconds for it. The import worker calls it
 * once it has started (when the import page opens).
 */
export function warmParquet(): void {
  void Promise.all([parquetWasm(), import('arrow-js-ffi'), import('./arrow-codes').then(({ warmArrowEncoder }) => warmArrowEncoder())]).catch(() => undefined)
}

export interface ParquetGroups {
  /** Rows in each row group. */
  rows: number[]
  /** Row group `g` as record batches (all of one schema). */
  read(g: number): Promise<{ schema: Schema; batches: RecordBatch[] }>
}

/** A Parquet file's row groups, to read one by one. Throws if the file does not read. */
export async function parquetGroups(bytes: Uint8Array): Promise<ParquetGroups> {
  const [pq, { parseTable }] = await Promise.all([parquetWasm(), import('arrow-js-ffi')])
  const file = await pq.ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>]))
  const meta = file.metadata()
  const rows = meta.rowGroups().map((g) => g.numRows())
  meta.free()
  file.free()
  return {
    rows,
    async read(g) {
      const stream = pq.readParquet(bytes, { rowGroups: [g], batchSize: BATCH_ROWS }).intoFFI()
      try {
        const table = parseTable(pq.wasmMemory().buffer, stream.arrayAddrs(), stream.schemaAddr(), true)
        return { schema: table.schema, batches: table.batches }
      } finally {
        stream.drop()
      }
    },
  }
}

/** The whole file as one Arrow IPC stream (for DuckDB's insertArrowFromIPCStream). */
export async function parquetIpc(bytes: Uint8Array): Promise<Uint8Array> {
  const pq = await parquetWasm()
  return pq.readParquet(bytes, { batchSize: BATCH_ROWS }).intoIPCStream()
}
