/** Messages between the import screen and its worker. Every request carries an id; replies echo it. */
import type { ImportProblem } from './types'
import type { ShapeGuess, ShapeMapping } from './shape'
import type { RegionRef } from './regions'
import type { MetricRef, NewMetric } from './metrics'
import type { UnresolvedRegion } from './build'
import type { CellStats } from './cell-stats'
import type { RowChunk } from './cell-codes'

export type ImportRequest =
  | { type: 'parse'; id: number; name: string; bytes: ArrayBuffer }
  /** A delimited file: read only its head, unless it cannot go to DuckDB whole (then as `parse`). */
  | { type: 'sniff'; id: number; name: string; bytes: ArrayBuffer }
  /** The Parquet file read by request `of`, for DuckDB: an `ipc` reply. */
  | { type: 'ipc'; id: number; of: number }
  | {
      type: 'build'
      id: number
      mapping: ShapeMapping
      fixedYear?: number
      defaultMetric?: string
      regions: RegionRef[]
      metrics: MetricRef[]
      sourceId: string
    }

/**
 * A file DuckDB can read whole (a tidy table), should the check need it to: a delimited file whose
 * head was read (UTF-8, header on line 1, nothing odd), handed back at once; or a Parquet file,
 * whose first row group was read. Either way the rows follow as codes (`rows` replies), then a
 * `lines` reply, then the counted cells.
 * The worker then holds no rows of a delimited file; it keeps a Parquet file's table.
 */
export type StagingOffer =
  /** The page reads the file again if DuckDB must read it (the worker keeps these bytes). */
  | { kind: 'csv'; delimiter: string; width: number }
  /** The page asks the worker for the file as Arrow IPC (an `ipc` request) if DuckDB must read it; `numeric`: the columns DuckDB takes as numbers. */
  | { kind: 'arrow'; numeric: number[] }

export interface ParsedReply {
  type: 'parsed'
  id: number
  format: 'csv' | 'xlsx' | 'parquet'
  encoding: string
  header: string[]
  preview: string[][]
  /** Rows read; null for a sniffed file, whose data lines follow in a `lines` reply. */
  rowCount: number | null
  guess: ShapeGuess
  problems: ImportProblem[]
  problemCount: number
  staging: StagingOffer | null
}

/** The check's report, from the worker (buildImport) or from DuckDB (the staged check). */
export interface ImportCheck {
  observationCount: number
  newMetrics: NewMetric[]
  problems: ImportProblem[]
  problemCount: number
  unresolvedRegions: UnresolvedRegion[]
  skippedMissing: number
  yearMin: number | null
  yearMax: number | null
  regionCode: string | null
}

export interface BuiltReply extends ImportCheck {
  type: 'built'
  id: number
  sourceId: string
  /** observations.csv as UTF-8 bytes, transferred (not copied) to the page */
  csv: Uint8Array
}

export type ImportReply =
  | { type: 'progress'; id: number; stage: 'read' | 'decode' | 'parse' | 'build' }
  | ParsedReply
  /** An offered file's data lines (a delimited file's every line after the header, the last one even without a line break; a Parquet file's rows). */
  | { type: 'lines'; id: number; dataLines: number }
  /** Rows of an offered file as the worker encodes them for its guessed mapping (see ingest/cell-codes.ts), before its lines. */
  | { type: 'rows'; id: number; chunk: RowChunk }
  /** An offered file's cells counted for its guessed mapping (null: not a file the worker can count), after its lines. */
  | { type: 'cells'; id: number; cells: CellStats | null }
  /** A Parquet file as one Arrow IPC stream, transferred. */
  | { type: 'ipc'; id: number; ipc: Uint8Array }
  | BuiltReply
  | { type: 'error'; id: number; message: string }

/** Problems sent to the page are capped; the count says how many there were. */
export const MAX_PROBLEMS_SHOWN = 500
