/** Messages between the import screen and its worker. Every request carries an id; replies echo it. */
import type { FileErrorCode, ImportProblem } from './types'
import type { ShapeGuess, ShapeMapping } from './shape'
import type { RegionRef } from './regions'
import type { MetricRef, NewMetric } from './metrics'
import type { UnresolvedRegion } from './build'

export type ImportRequest =
  /** `careful`: parse a delimited file whole even if DuckDB could read it (it failed to). */
  /** `file`: the picked file itself (the worker reads what it needs of it: the head only, for a file DuckDB reads whole). */
  | { type: 'parse'; id: number; name: string; file: Blob; careful?: boolean }
  /** Another sheet of the workbook read last: a `parsed` reply for it. */
  | { type: 'sheet'; id: number; sheet: string }
  /** The Parquet file opened by request `of`, for DuckDB: `ipc` replies, a batch each, the last one marked. */
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
 * A tidy file DuckDB reads whole (the fast path): a delimited file whose head was read here (UTF-8,
 * header on line 1, nothing odd; the page hands DuckDB the file itself, which must give one record
 * per data line), or a Parquet file, whose rows the page asks the worker for as Arrow IPC (`ipc`).
 */
export type StagingOffer =
  | { kind: 'csv'; delimiter: string; width: number; dataLines: number }
  /** `numeric`: the columns DuckDB takes as numbers. */
  | { kind: 'arrow'; numeric: number[] }

/** A workbook's sheets, for the sheet picker: the one read, and every sheet with how many rows are filled. */
export interface SheetChoice {
  sheet: string
  sheets: { name: string; filledRows: number }[]
}

export interface ParsedReply {
  type: 'parsed'
  id: number
  format: 'csv' | 'xlsx' | 'xls' | 'parquet'
  /** A workbook's sheets (null for other files). */
  workbook: SheetChoice | null
  encoding: string
  header: string[]
  preview: string[][]
  /** Rows read (a file offered to DuckDB: its data lines). */
  rowCount: number
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
  /**
   * A delimited file DuckDB may read whole, said as soon as its head is read: the page hands DuckDB
   * the file while the rest is counted here (the parsed reply's offer then says how many data lines).
   */
  /** `columns`: the ones the guessed mapping reads (DuckDB need not keep the others). */
  | { type: 'offer'; id: number; delimiter: string; width: number; columns: number[] }
  | ParsedReply
  /** One batch of a Parquet file's rows as an Arrow IPC stream, transferred; `last` ends them (with no batch). */
  | { type: 'ipc'; id: number; ipc: Uint8Array; last: false }
  | { type: 'ipc'; id: number; ipc: null; last: true }
  | BuiltReply
  /** `code`: a file the reader refuses (the page says why in its language); otherwise `message` says what failed. */
  | { type: 'error'; id: number; message: string; code?: FileErrorCode }

/** Problems sent to the page are capped; the count says how many there were. */
export const MAX_PROBLEMS_SHOWN = 500
