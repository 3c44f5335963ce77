import type { Metric, Source } from '../types/data'
import type { SqlQuery } from '../types/query'
import { CONTRACT_COLUMNS } from './build-load-sql'
import { quoteLiteral } from './sql'

/** One imported dataset, ready for DuckDB: its source row, its new metrics, its rows as contract CSV. */
export interface ImportBatch {
  source: Source
  newMetrics: Metric[]
  /** observations.csv text (contract columns, header included), every row's source_id = source.id */
  observationsCsv: string
}

const SOURCE_COLUMNS = Object.keys(CONTRACT_COLUMNS.sources) as (keyof Source)[]
const METRIC_COLUMNS = Object.keys(CONTRACT_COLUMNS.metrics) as (keyof Metric)[]

/** The statements of one import, to run inside a transaction; every value from the file is bound. */
export function buildImportStatements(batch: ImportBatch, fileName: string): SqlQuery[] {
  const columns = Object.entries(CONTRACT_COLUMNS.observations)
    .map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`)
    .join(', ')
  const statements: SqlQuery[] = [
    {
      sql: `INSERT INTO user_data.sources VALUES (?, ?, ?, ?, ?, ?::DATE, ?::DATE, ?, ?, ?)`,
      params: SOURCE_COLUMNS.map((c) => batch.source[c] as string | number),
    },
  ]
  for (const metric of batch.newMetrics) {
    statements.push({
      // a metric another import already added is kept as it is
      sql: `INSERT INTO user_data.metrics SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM metrics WHERE id = ?)`,
      params: [...METRIC_COLUMNS.map((c) => metric[c]), metric.id],
    })
  }
  statements.push({
    sql: `INSERT INTO user_data.observations SELECT * FROM read_csv(${quoteLiteral(fileName)}, header = true, delim = ',', quote = '"', escape = '"', columns = {${columns}})`,
    params: [],
  })
  return statements
}

export function buildRemoveImportStatements(sourceId: string): SqlQuery[] {
  return [
    { sql: 'DELETE FROM user_data.observations WHERE source_id = ?', params: [sourceId] },
    { sql: 'DELETE FROM user_data.sources WHERE id = ?', params: [sourceId] },
    { sql: 'DELETE FROM user_data.metrics WHERE id NOT IN (SELECT DISTINCT metric FROM user_data.observations)', params: [] },
  ]
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
