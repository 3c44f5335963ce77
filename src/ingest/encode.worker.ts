/// <reference lib="webworker" />
/**
 * The import worker's helper: encodes the second half of a large plain file (ingest/cell-codes.ts)
 * while the import worker encodes the first, and hands the codes back (or null: not plain).
 */
import { codesTransfer, RowEncoder, warmEncoder, type CellCodes } from './cell-codes'
import { MAX_DISTINCT, type Columns } from './cell-stats'

declare const self: DedicatedWorkerGlobalScope

warmEncoder()

export interface EncodeRequest {
  id: number
  /** Whole lines, no header. */
  bytes: ArrayBuffer
  delimiter: number
  width: number
  columns: Columns
}

export interface EncodeReply {
  id: number
  /** The half's rows (in its own dictionary numbers), or null. */
  codes: CellCodes | null
}

self.onmessage = (event: MessageEvent<EncodeRequest>) => {
  const { id, delimiter, width, columns } = event.data
  const bytes = new Uint8Array(event.data.bytes)
  let codes: CellCodes | null = null
  try {
    const encoder = new RowEncoder(bytes, delimiter, width, columns, MAX_DISTINCT, Math.ceil(bytes.length / 40))
    if (encoder.encode(0, bytes.length)) codes = encoder.finish()
  } catch {
    // out of memory, say: the import worker gives up on counting, and DuckDB reads the file
  }
  self.postMessage({ id, codes } satisfies EncodeReply, codes ? codesTransfer(codes) : [])
}
