/**
 * Parquet in the import worker, through parquet-wasm (DuckDB's own Parquet reader is an extension the
 * page would have to fetch). The fast path opens the picked file and reads only its head, then hands
 * DuckDB its rows a batch at a time, each as an Arrow IPC stream: DuckDB inserts one batch while the
 * next is decoded. The careful reader takes the whole file as one stream and reads it with Arrow JS.
 */
type ParquetWasm = typeof import('parquet-wasm/esm')

/** Rows per record batch of the careful reader's one stream: a row group whole, as a rule (parquet-wasm's default, 1024, makes a thousand batches of a million rows). */
const WHOLE_BATCH_ROWS = 1 << 20

/**
 * Rows per batch handed to DuckDB: small enough that a file written as one large row group still
 * arrives in several (so that decoding and inserting overlap), large enough that each insert is
 * worth its message. Decoding a million rows this way took a third of the time of one stream.
 */
export const STREAM_BATCH_ROWS = 1 << 17

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

/** The whole file as one Arrow IPC stream (the careful reader's rows, through Arrow JS). */
export async function parquetIpc(bytes: Uint8Array): Promise<Uint8Array> {
  const pq = await parquetWasm()
  return pq.readParquet(bytes, { batchSize: WHOLE_BATCH_ROWS }).intoIPCStream()
}

/** A picked Parquet file, opened without reading its rows: how many there are, its first ones, and all of them batch by batch. */
export interface OpenParquet {
  rows: number
  /** The first `limit` rows as one Arrow IPC stream (the preview and the shape guess). */
  head(limit: number): Promise<Uint8Array>
  /** Every row, in file order, one Arrow IPC stream per batch. */
  batches(): AsyncGenerator<Uint8Array>
}

export async function openParquet(file: Blob): Promise<OpenParquet> {
  const pq = await parquetWasm()
  const handle = await pq.ParquetFile.fromFile(file)
  const rows = Number(handle.metadata().fileMetadata().numRows())
  return {
    rows,
    head: async (limit) => (await handle.read({ limit, batchSize: limit })).intoIPCStream(),
    batches: async function* () {
      const reader = (await handle.stream({ batchSize: STREAM_BATCH_ROWS })).getReader()
      try {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return
          yield (value as import('parquet-wasm/esm').RecordBatch).intoIPCStream()
        }
      } finally {
        reader.releaseLock()
      }
    },
  }
}
