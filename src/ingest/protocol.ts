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
 * A file DuckDB can read whole (a tidy table): a delimited file whose head was read (UTF-8, header on
 * line 1, nothing odd), handed back at once, its data lines following in a `lines` reply (counted on a
 * copy while DuckDB reads the file); or a Parquet file as an Arrow IPC stream.
 * The worker then holds no rows of a delimited file; it keeps a Parquet file's table.
 */
export type StagingOffer =
  /** The page reads the file again if DuckDB must read it (the worker keeps these bytes). */
  | { kind: 'csv'; delimiter: string; width: number }
  | { kind: 'arrow'; ipc: Uint8Array }

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
  /** A sniffed file's data lines (every line after the header, the last one even without a line break). */
  | { type: 'lines'; id: number; dataLines: number }
  /** Rows of a sniffed file as the worker encodes them for its guessed mapping (see ingest/cell-codes.ts), after its lines. */
  | { type: 'rows'; id: number; chunk: RowChunk }
  /** A sniffed file's cells counted for its guessed mapping (null: not a file the worker can count), after its rows. */
  | { type: 'cells'; id: number; cells: CellStats | null }
  | BuiltReply
  | { type: 'error'; id: number; message: string }

/** Problems sent to the page are capped; the count says how many there were. */
export const MAX_PROBLEMS_SHOWN = 500
