/**
 * Parquet in the import worker: parquet-wasm decodes the file to one Arrow IPC stream, which DuckDB
 * takes as it is (its own Parquet reader is an extension the page would have to fetch) and the
 * careful reader reads with Arrow JS.
 */
type ParquetWasm = typeof import('parquet-wasm/esm')

/** Rows per record batch: a row group whole, as a rule (parquet-wasm's default, 1024, makes a thousand batches of a million rows). */
const BATCH_ROWS = 1 << 20

let loading: Promise<ParquetWasm> | null = null

/** parquet-wasm, loaded and compiled once. */
function parquetWasm(): Promise<ParquetWasm> {
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

/** The whole file as one Arrow IPC stream (for DuckDB's insertArrowFromIPCStream and Arrow JS). */
export async function parquetIpc(bytes: Uint8Array): Promise<Uint8Array> {
  const pq = await parquetWasm()
  return pq.readParquet(bytes, { batchSize: BATCH_ROWS }).intoIPCStream()
}
