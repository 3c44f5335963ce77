/** One dropped report and the user's corrections to it; what the import takes from it. Plain data and functions (no store). */
import type { Figure, ReportReading, ReportScope } from '../reports/types'
import type { ProvenanceRow, ReportImportBatch, ReportObservationRow, ReportTextRow } from '../queries/build-report-import-sql'
import { reportMetric } from '../ingest/report-metrics'
import type { Metric, Source } from '../types/data'

/** Files above this are refused before reading (a report is a few MB at most; a PDF perhaps 50). */
export const MAX_REPORT_BYTES = 100 * 1024 * 1024

export const REPORT_EXTENSIONS = ['.html', '.htm', '.txt', '.tsv', '.text', '.docx', '.pdf'] as const

export type ReportStatus = 'queued' | 'reading' | 'ready' | 'error'

/** What the user changed on one figure. */
export interface FigureEdit {
  value?: number
  excluded?: boolean
}

/** One dropped file: its reading, and the user's corrections to it. */
export interface ReportEntry {
  id: number
  name: string
  size: number
  status: ReportStatus
  /** Why the file could not be read: the reader's message, or 'too-large' / 'type'. */
  error: string
  reading: ReportReading | null
  /** The region, year and scope the import will use (the reading's, unless the user chose otherwise). */
  regionCode: string | null
  year: number | null
  scope: ReportScope
  /** Figure index → the user's correction. */
  edits: Record<number, FigureEdit>
  /** Whether the report goes into the import. */
  included: boolean
  ms: number
}

export type ApplyState = 'idle' | 'applying' | 'done' | 'error'

export type Blocker = 'region' | 'unknownRegion' | 'year' | 'figures'

/**
 * Why a report cannot be applied as it stands (null: it can). `knownRegions`: the codes of the app's
 * region table (null while not loaded): figures for a region outside it would be imported but shown
 * nowhere (every view joins the regions), so such a report waits for another region or is left out.
 */
export function blocker(entry: ReportEntry, knownRegions: ReadonlySet<string> | null = null): Blocker | null {
  if (!entry.reading) return null
  if (!entry.regionCode) return 'region'
  if (knownRegions && knownRegions.size > 0 && !knownRegions.has(entry.regionCode)) return 'unknownRegion'
  if (!entry.year) return 'year'
  if (keptFigures(entry).length === 0) return 'figures'
  return null
}

export type KeptFigure = { figure: Figure; index: number; value: number }

/**
 * Per entry object: an entry is replaced, never changed, when its reading or edits change (the store's
 * update), so its kept figures are worked out once, not on every render of a list of a hundred.
 */
const keptCache = new WeakMap<ReportEntry, readonly KeptFigure[]>()

/** The figures the import will take from a report, corrections applied. */
export function keptFigures(entry: ReportEntry): readonly KeptFigure[] {
  const cached = keptCache.get(entry)
  if (cached) return cached
  const figures = entry.reading?.figures ?? []
  const kept = figures.flatMap((figure, index) => {
    const edit = entry.edits[index]
    if (edit?.excluded) return []
    return [{ figure, index, value: edit?.value ?? figure.value }]
  })
  keptCache.set(entry, kept)
  return kept
}


/** One applied import of reports, as kept in IndexedDB (and brought back on reload). */
export interface AppliedReports extends ReportImportBatch {
  id: string
  importedAt: string
  fileNames: string[]
  figures: number
}

/** Builds the import of the given reports (each must have a region and a year). */
export function buildReportBatch(reports: readonly ReportEntry[], stamp: string): AppliedReports {
  const sources: Source[] = []
  const observations: ReportObservationRow[] = []
  const provenance: ProvenanceRow[] = []
  const texts: ReportTextRow[] = []
  const metrics = new Map<string, Metric>()
  reports.forEach((entry, k) => {
    const reading = entry.reading
    if (!reading || !entry.regionCode || !entry.year) throw new Error(`${entry.name}: region or year missing`)
    const id = `${stamp}-${k + 1}`
    const year = entry.year
    sources.push({
      id,
      region_code: entry.regionCode,
      year,
      publisher_zh: reading.publisher ?? entry.name,
      title_zh: reading.title ?? entry.name,
      period_start: `${year}-01-01`,
      period_end: `${year}-12-31`,
      reference: entry.name,
      format: reading.format,
      scope: entry.scope,
    })
    texts.push({ source_id: id, file_name: entry.name, text: reading.text })
    // one figure per metric and report: the first kept one (the review flags a conflict; the user picks)
    const seen = new Set<string>()
    for (const { figure, value } of keptFigures(entry)) {
      if (seen.has(figure.metric)) continue
      seen.add(figure.metric)
      const label = figure.cell ? `表${figure.cell.table}：${figure.cell.row} / ${figure.cell.col}` : null
      const corrected = value !== figure.value ? `人工更正（识读值 ${figure.value}）` : null
      observations.push({
        region_code: entry.regionCode,
        year,
        metric: figure.metric,
        value,
        qualifier: figure.qualifier,
        source_id: id,
        note: [label, corrected].filter(Boolean).join('；') || null,
      })
      provenance.push({ source_id: id, region_code: entry.regionCode, year, metric: figure.metric, excerpt: figure.excerpt, start: figure.start, end: figure.end })
      if (!metrics.has(figure.metric)) metrics.set(figure.metric, reportMetric(figure.metric, figure.unit, figure.cell ? `${figure.cell.row}（${figure.cell.col}）` : null))
    }
  })
  return {
    id: stamp,
    importedAt: new Date().toISOString(),
    fileNames: reports.map((r) => r.name),
    figures: observations.length,
    sources,
    // ids the catalogue already holds are skipped inside the import's statement
    newMetrics: [...metrics.values()],
    observations,
    provenance,
    texts,
  }
}

