import type { Metric, Source } from '../types/data'
import type { SqlQuery } from '../types/query'
import { csvColumnsSpec, USER_SCHEMA } from './build-load-sql'
import { placeholders, quoteIdent, quoteLiteral } from './sql'

/**
 * Reports read in the page (src/reports/), applied as one import: one source row per report, the
 * observations, and for every observation the excerpt it was read from (its provenance), plus each
 * report's whole text so that the excerpt can be shown inside it.
 */

/** The excerpt behind one observation (same key as observations: region, year, metric, source). */
export interface ProvenanceRow {
  source_id: string
  region_code: string
  year: number
  metric: string
  excerpt: string
  /** Offsets of the figure in its report's text (null for data/'s rows, which have no text kept here). */
  start: number | null
  end: number | null
}

export interface ReportTextRow {
  source_id: string
  file_name: string
  text: string
}

export interface ReportObservationRow {
  region_code: string
  year: number
  metric: string
  value: number
  qualifier: string
  source_id: string
  note: string | null
}

export interface ReportImportBatch {
  sources: Source[]
  newMetrics: Metric[]
  observations: ReportObservationRow[]
  provenance: ProvenanceRow[]
  texts: ReportTextRow[]
}

export const PROVENANCE_COLUMNS = {
  source_id: 'VARCHAR', region_code: 'VARCHAR', year: 'INTEGER', metric: 'VARCHAR', excerpt: 'VARCHAR', start: 'INTEGER', end: 'INTEGER',
} as const
export const REPORT_TEXT_COLUMNS = { source_id: 'VARCHAR', file_name: 'VARCHAR', text: 'VARCHAR' } as const

const user = (table: string) => `${quoteIdent(USER_SCHEMA)}.${quoteIdent(table)}`

function columnsSpec(columns: Record<string, string>): string {
  return Object.entries(columns).map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`).join(', ')
}

/** A report's whole text is one CSV field, possibly past read_csv's default line limit (2 MB): 16 MB of text per report is allowed. */
const TEXT_LINE_BYTES = 16 * 1024 * 1024

function readCsv(fileName: string, spec: string, longLines = false): string {
  const limit = longLines ? `, max_line_size = ${TEXT_LINE_BYTES}, buffer_size = ${2 * TEXT_LINE_BYTES}` : ''
  return `read_csv(${quoteLiteral(fileName)}, header = true, delim = ',', quote = '"', escape = '"'${limit}, columns = {${spec}})`
}

/** The user schema's provenance and report-text tables (after buildUserSchemaSql). */
export function buildProvenanceSchemaSql(): string[] {
  const ddl = (columns: Record<string, string>) => Object.entries(columns).map(([n, t]) => `${quoteIdent(n)} ${t}`).join(', ')
  return [
    `CREATE TABLE IF NOT EXISTS ${user('provenance')} (${ddl(PROVENANCE_COLUMNS)})`,
    `CREATE TABLE IF NOT EXISTS ${user('report_texts')} (${ddl(REPORT_TEXT_COLUMNS)})`,
  ]
}

/** data/provenance.csv (source_id, region_code, year, metric, excerpt) into real.provenance, read once, on first use. */
export function buildLoadRealProvenanceSql(fileName: string): string {
  const spec = columnsSpec({ source_id: 'VARCHAR', region_code: 'VARCHAR', year: 'INTEGER', metric: 'VARCHAR', excerpt: 'VARCHAR' })
  return `CREATE TABLE IF NOT EXISTS real.provenance AS SELECT * FROM ${readCsv(fileName, spec)}`
}

export interface ReportImportFiles {
  metrics: string
  observations: string
  provenance: string
  texts: string
}

/** The statements of one report import, to run in one transaction; every value from a report is bound or read from a registered file. */
export function buildReportImportStatements(batch: ReportImportBatch, files: ReportImportFiles): SqlQuery[] {
  const statements: SqlQuery[] = batch.sources.map((s) => ({
    sql: `INSERT INTO ${user('sources')} VALUES (?, ?, ?, ?, ?, ?::DATE, ?::DATE, ?, ?, ?)`,
    params: [s.id, s.region_code, s.year, s.publisher_zh, s.title_zh, s.period_start, s.period_end, s.reference, s.format, s.scope],
  }))
  if (batch.newMetrics.length > 0) {
    statements.push({
      sql: `INSERT INTO ${user('metrics')} SELECT * FROM ${readCsv(files.metrics, csvColumnsSpec('metrics'))} WHERE id NOT IN (SELECT id FROM metrics)`,
      params: [],
    })
  }
  statements.push(
    { sql: `INSERT INTO ${user('observations')} SELECT * FROM ${readCsv(files.observations, csvColumnsSpec('observations'))}`, params: [] },
    { sql: `INSERT INTO ${user('provenance')} SELECT * FROM ${readCsv(files.provenance, columnsSpec(PROVENANCE_COLUMNS))}`, params: [] },
    { sql: `INSERT INTO ${user('report_texts')} SELECT * FROM ${readCsv(files.texts, columnsSpec(REPORT_TEXT_COLUMNS), true)}`, params: [] },
  )
  return statements
}

/** A report import out again: its rows, excerpts, texts, sources, and the metrics no imported row uses any more. */
export function buildRemoveReportImportStatements(sourceIds: readonly string[]): SqlQuery[] {
  if (sourceIds.length === 0) return []
  const list = placeholders(sourceIds.length)
  const ids = [...sourceIds]
  return [
    { sql: `DELETE FROM ${user('observations')} WHERE source_id IN (${list})`, params: ids },
    { sql: `DELETE FROM ${user('provenance')} WHERE source_id IN (${list})`, params: ids },
    { sql: `DELETE FROM ${user('report_texts')} WHERE source_id IN (${list})`, params: ids },
    { sql: `DELETE FROM ${user('sources')} WHERE id IN (${list})`, params: ids },
    { sql: `DELETE FROM ${user('metrics')} WHERE id NOT IN (SELECT DISTINCT metric FROM ${user('observations')})`, params: [] },
  ]
}

/** What the evidence panel shows for one observation: its excerpt, its source, and its report's text if the app holds it. */
export interface EvidenceRow {
  excerpt: string | null
  start: number | null
  end: number | null
  source_id: string
  title_zh: string | null
  publisher_zh: string | null
  reference: string | null
  format: string | null
  scope: string | null
  source_year: number | null
  text: string | null
  file_name: string | null
}

export interface EvidenceKey {
  region_code: string
  year: number
  metric: string
  source_id: string
}

/**
 * One observation's evidence. `withReal`: real.provenance is loaded (data/'s excerpts); the user's
 * excerpts are always there. The source row comes whatever dataset is active (a demo row has none).
 */
export function buildEvidenceSql(key: EvidenceKey, withReal: boolean): SqlQuery {
  const real = withReal ? `SELECT source_id, region_code, year, metric, excerpt, NULL::INTEGER AS start, NULL::INTEGER AS "end" FROM real.provenance UNION ALL ` : ''
  return {
    sql: `WITH p AS (${real}SELECT source_id, region_code, year, metric, excerpt, start, "end" FROM ${user('provenance')}),
k AS (SELECT ?::VARCHAR AS source_id, ?::VARCHAR AS region_code, ?::INTEGER AS year, ?::VARCHAR AS metric)
SELECT p.excerpt, p.start, p."end", k.source_id, s.title_zh, s.publisher_zh, s.reference, s.format, s.scope, s.year AS source_year, t.text, t.file_name
FROM k
LEFT JOIN p ON p.source_id = k.source_id AND p.region_code = k.region_code AND p.year = k.year AND p.metric = k.metric
LEFT JOIN sources AS s ON s.id = k.source_id
LEFT JOIN ${user('report_texts')} AS t ON t.source_id = k.source_id
LIMIT 1`,
    params: [key.source_id, key.region_code, key.year, key.metric],
  }
}

function csvField(value: string | number | null): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Rows as CSV for DuckDB's read_csv, in `columns` order (internal: never offered to a spreadsheet). */
export function rowsToCsv<Row extends object>(rows: readonly Row[], columns: readonly (keyof Row & string)[]): string {
  const lines = [columns.join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvField((row[c] ?? null) as string | number | null)).join(','))
  return `${lines.join('\n')}\n`
}

export const OBSERVATION_CSV_COLUMNS = ['region_code', 'year', 'metric', 'value', 'qualifier', 'source_id', 'note'] as const
export const PROVENANCE_CSV_COLUMNS = Object.keys(PROVENANCE_COLUMNS) as (keyof ProvenanceRow)[]
export const TEXT_CSV_COLUMNS = Object.keys(REPORT_TEXT_COLUMNS) as (keyof ReportTextRow)[]
