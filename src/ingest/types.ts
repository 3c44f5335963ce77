/** What the ingest modules report back. Problems carry a code for the UI's i18n and an English message. */
import type { Observation } from '../types/data'
import type { CellProblemCode } from './numbers'

export type ImportProblemCode =
  | CellProblemCode
  | 'field-count'
  | 'unclosed-quote'
  | 'unknown-region'
  | 'missing-region'
  | 'bad-year'
  | 'missing-year'
  | 'missing-metric'
  | 'bad-qualifier'
  | 'unit-mismatch'
  | 'percent-range'
  | 'negative'
  | 'duplicate'
  | 'bad-mapping'

export interface ImportProblem {
  file: string
  /** The file's own line number (the header is line 1 unless a title sits above it). */
  row: number
  /** The column's header text (`#3` when the header cell is empty); null for whole-row problems. */
  column: string | null
  code: ImportProblemCode
  /** English, with the offending cell quoted verbatim; the UI may show a translation keyed by `code`. */
  message: string
  /** Figures the translation names (`unclosed-quote`: the lines `from`–`to` the open field took). */
  params?: Record<string, number | string>
}

/** An observation before it has a source: the import screen attaches `source_id`. */
export type ImportedObservation = Omit<Observation, 'source_id'>

/** Files the reader refuses with a reason the page words in its language (`import.badFile.*`). */
export type FileErrorCode = 'not-text' | 'no-rows' | 'not-xlsx' | 'unreadable'

export class FileError extends Error {
  readonly code: FileErrorCode
  constructor(code: FileErrorCode, message: string) {
    super(message)
    this.name = 'FileError'
    this.code = code
  }
}

/** Rows of text as read from a file, with the line each row started on. */
export interface TextTable {
  header: string[]
  rows: string[][]
  /** Line number of the header row (1 unless title rows were skipped). */
  headerLine: number
  /** Line number of each row in `rows`, for problems. */
  rowLines: number[]
}

export function columnLabel(header: readonly string[], col: number): string {
  const text = (header[col] ?? '').trim()
  return text === '' ? `#${col + 1}` : text
}
