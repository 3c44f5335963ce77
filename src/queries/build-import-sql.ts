import type { Metric, Source } from '../types/data'
import type { SqlQuery } from '../types/query'
import { CONTRACT_COLUMNS, csvColumnsSpec } from './build-load-sql'
import { quoteLiteral } from './sql'

/** One imported dataset, ready for DuckDB: its source row, its new metrics, its rows as contract CSV. */
export interface ImportBatch {
  source: Source
  newMetrics: Metric[]
  /** observations.csv as UTF-8 bytes (contract columns, header included), every row's source_id = source.id; handed over to DuckDB, so not usable afterwards */
  observationsCsv: Uint8Array
}

const SOURCE_COLUMNS = Object.keys(CONTRACT_COLUMNS.sources) as (keyof Source)[]
const METRIC_COLUMNS = Object.keys(CONTRACT_COLUMNS.metrics) as (keyof Metric)[]

/** The statements of one import, to run inside a transaction; every value from the file is bound. */
export function buildImportStatements(batch: ImportBatch, fileName: string, metricsFileName: string): SqlQuery[] {
  const statements: SqlQuery[] = [
    {
      sql: `INSERT INTO user_data.sources VALUES (?, ?, ?, ?, ?, ?::DATE, ?::DATE, ?, ?, ?)`,
      params: SOURCE_COLUMNS.map((c) => batch.source[c] as string | number),
    },
  ]
  if (batch.newMetrics.length > 0) {
    statements.push({
      // all new metrics in one statement (an import can bring thousands); one already known stays as it is
      sql: `INSERT INTO user_data.metrics SELECT * FROM read_csv(${quoteLiteral(metricsFileName)}, header = true, delim = ',', quote = '"', escape = '"', columns = {${csvColumnsSpec('metrics')}}) WHERE id NOT IN (SELECT id FROM metrics)`,
      params: [],
    })
  }
  statements.push({
    sql: `INSERT INTO user_data.observations SELECT * FROM read_csv(${quoteLiteral(fileName)}, header = true, delim = ',', quote = '"', escape = '"', columns = {${csvColumnsSpec('observations')}})`,
    params: [],
  })
  return statements
}

/** COPY of one import's rows, in the contract's column order, to a CSV file DuckDB writes. */
export function buildImportedRowsCopySql(sourceId: string, fileName: string): string {
  // COPY takes no parameters; the id is the app's own (`import-…`) and quoted all the same
  return `COPY (SELECT * FROM user_data.observations WHERE source_id = ${quoteLiteral(sourceId)}) TO ${quoteLiteral(fileName)} (FORMAT csv, HEADER true, DELIMITER ',')`
}

/** An import out again: its rows, its source, and the metrics no imported row uses any more. */
export function buildRemoveImportStatements(sourceId: string): SqlQuery[] {
  return [
    { sql: 'DELETE FROM user_data.observations WHERE source_id = ?', params: [sourceId] },
    { sql: 'DELETE FROM user_data.sources WHERE id = ?', params: [sourceId] },
    { sql: `DELETE FROM user_data.metrics WHERE id NOT IN (SELECT DISTINCT metric FROM user_data.observations)`, params: [] },
  ]
}

/** New metrics as contract CSV, read by DuckDB in the import's transaction. */
export function metricsToCsv(metrics: readonly Metric[]): string {
  const lines = [METRIC_COLUMNS.join(',')]
  for (const m of metrics) lines.push(METRIC_COLUMNS.map((c) => csvField(m[c])).join(','))
  return `${lines.join('\n')}\n`
}

function csvField(value: string | number | null): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Observations as contract CSV for DuckDB's read_csv (internal: no spreadsheet neutralising). */
export function observationsToCsv(rows: readonly { region_code: string; year: number; metric: string; value: number; qualifier: string; note: string | null }[], sourceId: string): string {
  const lines = ['region_code,year,metric,value,qualifier,source_id,note']
  for (const r of rows) {
    lines.push([r.region_code, r.year, r.metric, r.value, r.qualifier, sourceId, r.note].map(csvField).join(','))
  }
  return `${lines.join('\n')}\n`
}

/** One imported dataset at a glance: its rows by year and family (shown once it is applied). */
export interface ImportSummaryRow {
  year: number
  family: string
  n: number
}

export function buildImportSummarySql(sourceId: string): SqlQuery {
  return {
    sql: `SELECT o.year, coalesce(m.family, 'context') AS family, count(*)::INTEGER AS n
FROM observations o LEFT JOIN metrics m ON m.id = o.metric WHERE o.source_id = ?
GROUP BY o.year, family ORDER BY o.year, family`,
    params: [sourceId],
  }
}
