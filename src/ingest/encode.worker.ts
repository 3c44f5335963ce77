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

/** A large file's second half to encode: whole lines of a delimited file (no header), or a Parquet file's later row groups (the whole file's bytes). */
export type EncodeWork =
  | { kind: 'delimited'; bytes: ArrayBuffer; delimiter: number; width: number; columns: Columns }
  | { kind: 'parquet'; bytes: ArrayBuffer; groups: number[]; columns: Columns }

export type EncodeRequest = EncodeWork & { id: number }

export interface EncodeReply {
  id: number
  /** The half's rows (in its own dictionary numbers), or null. */
  codes: CellCodes | null
}

async function encode(work: EncodeWork): Promise<CellCodes | null> {
  const bytes = new Uint8Array(work.bytes)
  if (work.kind === 'delimited') {
    const encoder = new RowEncoder(bytes, work.delimiter, work.width, work.columns, MAX_DISTINCT, Math.ceil(bytes.length / 40))
    return encoder.encode(0, bytes.length) ? encoder.finish() : null
  }
  const [file, { ArrowEncoder }] = await Promise.all([parquetGroups(bytes), import('./arrow-codes')])
  const expected = work.groups.reduce((sum, g) => sum + (file.rows[g] ?? 0), 0)
  let encoder: InstanceType<typeof ArrowEncoder> | null = null
  for (const g of work.groups) {
    const group = await file.read(g)
    encoder ??= new ArrowEncoder(group.schema, work.columns, MAX_DISTINCT, expected)
    for (const batch of group.batches) if (!encoder.encode(batch)) return null
  }
  return encoder?.finish() ?? null
}

self.onmessage = async (event: MessageEvent<EncodeRequest>) => {
  const { id } = event.data
  let codes: CellCodes | null = null
  try {
    codes = await encode(event.data)
  } catch {
    // out of memory, say: the import worker gives up on counting, and DuckDB reads the file
  }
  self.postMessage({ id, codes } satisfies EncodeReply, codes ? codesTransfer(codes) : [])
}
