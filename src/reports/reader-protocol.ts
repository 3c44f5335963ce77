/** Messages between the page (stores/reports.ts) and the report reader's worker (reader.worker.ts). */
import type { ReportReading } from './types'

export interface ReadRequest {
  id: number
  name: string
  /** transferred, not copied */
  bytes: Uint8Array
}

export type ReadReply =
  | { id: number; type: 'started' }
  | { id: number; type: 'read'; reading: ReportReading; ms: number }
  | { id: number; type: 'error'; message: string }
