/** Messages between the import screen and its worker. Every request carries an id; replies echo it. */
import type { ImportProblem } from './types'
import type { ShapeGuess, ShapeMapping } from './shape'
import type { RegionRef } from './regions'
import type { MetricRef, NewMetric } from './metrics'
import type { UnresolvedRegion } from './build'

export type ImportRequest =
  | { type: 'parse'; id: number; name: string; bytes: ArrayBuffer }
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

export interface ParsedReply {
  type: 'parsed'
  id: number
  format: 'csv' | 'xlsx' | 'parquet'
  encoding: string
  header: string[]
  preview: string[][]
  rowCount: number
  guess: ShapeGuess
  problems: ImportProblem[]
  problemCount: number
}

export interface BuiltReply {
  type: 'built'
  id: number
  sourceId: string
  /** observations.csv as UTF-8 bytes, transferred (not copied) to the page */
  csv: Uint8Array
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

export type ImportReply =
  | { type: 'progress'; id: number; stage: 'read' | 'decode' | 'parse' | 'build' }
  | ParsedReply
  | BuiltReply
  | { type: 'error'; id: number; message: string }

/** Problems sent to the page are capped; the count says how many there were. */
export const MAX_PROBLEMS_SHOWN = 500
