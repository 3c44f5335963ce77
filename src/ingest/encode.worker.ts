/// <reference lib="webworker" />
/**
 * The import worker's helper: encodes the second half of a large plain file (ingest/cell-codes.ts),
 * or the later row groups of a large Parquet file (arrow-codes.ts), while the import worker encodes
 * the first, and hands the codes back (or null: not plain).
 */
import { codesTransfer, RowEncoder, warmEncoder, type CellCodes } from './cell-codes'
import { MAX_DISTINCT, type Columns } from './cell-stats'
import { parquetGroups, warmParquet } from './parquet'

declare const self: DedicatedWorkerGlobalScope

warmEncoder()
warmParquet()

/**
 * A large file's second half to encode: whole lines of a delimited file (no header), or a Parquet
 * file's later row groups (the whole file's bytes), read at once and encoded when a `columns`
 * request with the same id names the columns (null: none, the work is dropped).
 */
export type EncodeWork =
  | { kind: 'delimited'; bytes: ArrayBuffer; delimiter: number; width: number; columns: Columns }
  | { kind: 'parquet'; bytes: ArrayBuffer; groups: number[] }

export type EncodeRequest = (EncodeWork & { id: number }) | { kind: 'columns'; id: number; columns: Columns | null }

/** Parquet work waiting for its columns, by id. */
const columnsFor = new Map<number, (columns: Columns | null) => void>()

export interface EncodeReply {
  id: number
  /** The half's rows (in its own dictionary numbers), or null. */
  codes: CellCodes | null
}

async function encode(work: EncodeWork, id: number): Promise<CellCodes | null> {
  const bytes = new Uint8Array(work.bytes)
  if (work.kind === 'delimited') {
    const encoder = new RowEncoder(bytes, work.delimiter, work.width, work.columns, MAX_DISTINCT, Math.ceil(bytes.length / 40))
    return encoder.encode(0, bytes.length) ? encoder.finish() : null
  }
  let columns: Columns | null | undefined
  const named = new Promise<Columns | null>((resolve) => columnsFor.set(id, resolve)).then((c) => (columns = c))
  const [file, { ArrowEncoder }] = await Promise.all([parquetGroups(bytes), import('./arrow-codes')])
  const expected = work.groups.reduce((sum, g) => sum + (file.rows[g] ?? 0), 0)
  let encoder: InstanceType<typeof ArrowEncoder> | null = null
  // groups read before the columns are named wait here; each is encoded as soon as it can be
  const waiting: Awaited<ReturnType<typeof file.read>>[] = []
  const drain = (): boolean => {
    if (!columns) return columns === undefined
    for (const group of waiting.splice(0)) {
      encoder ??= new ArrowEncoder(group.schema, columns, MAX_DISTINCT, expected)
      for (const batch of group.batches) if (!encoder.encode(batch)) return false
    }
    return true
  }
  for (const g of work.groups) {
    waiting.push(await file.read(g))
    // a turn of the event loop: the columns may have come meanwhile
    await new Promise((resolve) => setTimeout(resolve, 0))
    if (!drain()) return null
  }
  await named
  const done = drain() ? (encoder as InstanceType<typeof ArrowEncoder> | null) : null
  return done?.finish() ?? null
}

self.onmessage = async (event: MessageEvent<EncodeRequest>) => {
  const request = event.data
  const { id } = request
  if (request.kind === 'columns') {
    columnsFor.get(id)?.(request.columns)
    columnsFor.delete(id)
    return
  }
  let codes: CellCodes | null = null
  try {
    codes = await encode(request, id)
  } catch {
    // out of memory, say: the import worker gives up on counting, and DuckDB reads the file
  }
  self.postMessage({ id, codes } satisfies EncodeReply, codes ? codesTransfer(codes) : [])
}
