/**
 * A clean file imported from the import worker's codes (ingest/coded-arrow.ts): its rows are a table
 * of numbers (`<name>_k` per coded column, and `value`) that DuckDB takes in while the file is still
 * being read, and what each number reads as is a small table per column (k, v). The select below
 * joins them into the observations' columns; it takes part in the imported rows (IMPORTED_ROWS)
 * from the moment the import is applied, and once the page is idle the rows are written into
 * user_data.observations like any other import's and the tables go (buildSettleCodedSql).
 */
import type { CodedName } from '../ingest/cell-codes'
import type { SqlQuery } from '../types/query'
import { buildImportedRowsViewSql, csvColumnsSpec, USER_SCHEMA } from './build-load-sql'
import { quoteIdent, quoteLiteral } from './sql'

export interface CodedTables {
  sourceId: string
  /** The rows table (in USER_SCHEMA). */
  table: string
  /** Its coded columns, in order (then `value`). */
  names: readonly CodedName[]
  /** The year or indicator of every row, when the file has no such column. */
  fixedYear: number | null
  fixedMetric: string | null
}

const ALL_NAMES: readonly CodedName[] = ['region', 'year', 'metric', 'unit', 'qualifier', 'note']

const inUser = (table: string) => `${quoteIdent(USER_SCHEMA)}.${quoteIdent(table)}`

/** The readings of one coded column of `table`. */
export function readingsTable(table: string, name: CodedName): string {
  return `${table}_${name}`
}

/** The rows table of an import (named after its source id). */
export function codedRowsTable(sourceId: string): string {
  return `rows_${sourceId}`
}

export function buildCreateCodedRowsSql(table: string, names: readonly CodedName[]): string[] {
  const columns = [...names.map((name) => `${quoteIdent(`${name}_k`)} INTEGER`), 'value DOUBLE'].join(', ')
  return [...buildDropCodedSql(table), `CREATE TABLE ${inUser(table)} (${columns})`]
}

/** The rows table and every table made beside it. */
export function buildDropCodedSql(table: string): string[] {
  return [table, ...besideRows(table)].map((t) => `DROP TABLE IF EXISTS ${inUser(t)}`)
}

/** The tables made beside the rows when the import is prepared (its readings, its new metrics). */
function besideRows(table: string): string[] {
  return [...ALL_NAMES.map((name) => readingsTable(table, name)), newMetricsTable(table)]
}

export function buildDropPreparedSql(table: string): string[] {
  return besideRows(table).map((t) => `DROP TABLE IF EXISTS ${inUser(t)}`)
}

/** The import's new metrics, read in when it is prepared and added to user_data.metrics when applied. */
export function newMetricsTable(table: string): string {
  return `${table}_metrics`
}

export function buildStageNewMetricsSql(table: string, fileName: string): string {
  return `CREATE TABLE ${inUser(newMetricsTable(table))} AS SELECT * FROM read_csv(${quoteLiteral(fileName)}, header = true, delim = ',', quote = '"', escape = '"', columns = {${csvColumnsSpec('metrics')}})`
}

/** What applying a prepared coded import adds (after its source row): its new metrics, its rows among the imported ones. */
export function buildCommitCodedSql(t: CodedTables, all: readonly CodedTables[]): SqlQuery[] {
  return [
    { sql: `INSERT INTO ${inUser('metrics')} SELECT * FROM ${inUser(newMetricsTable(t.table))} WHERE id NOT IN (SELECT id FROM metrics)`, params: [] },
    { sql: `DROP TABLE ${inUser(newMetricsTable(t.table))}`, params: [] },
    { sql: buildCodedRowsViewSql(all), params: [] },
  ]
}

/** The rows in the observations' columns (region_code, year, metric, value, qualifier, source_id, note). */
export function buildCodedSelectSql(t: CodedTables): string {
  const has = (name: CodedName) => t.names.includes(name)
  const joins = t.names.map((name) => `JOIN ${inUser(readingsTable(t.table, name))} ${name} ON ${name}.k = r.${quoteIdent(`${name}_k`)}`)
  const year = has('year') ? 'year.v' : `${Math.trunc(t.fixedYear ?? 0)}`
  const metric = has('metric') ? 'metric.v' : quoteLiteral(t.fixedMetric ?? '')
  return (
    `SELECT region.v AS region_code, CAST(${year} AS INTEGER) AS year, ${metric} AS metric, r.value AS value, ` +
    `${has('qualifier') ? 'qualifier.v' : `'exact'`} AS qualifier, ${quoteLiteral(t.sourceId)} AS source_id, ${has('note') ? 'note.v' : 'NULL::VARCHAR'} AS note ` +
    `FROM ${inUser(t.table)} r ${joins.join(' ')}`
  )
}

/** The imported rows: user_data.observations and each coded import not settled yet. */
export function buildCodedRowsViewSql(coded: readonly CodedTables[]): string {
  return buildImportedRowsViewSql(coded.map(buildCodedSelectSql))
}

/**
 * A coded import written into user_data.observations, its tables gone, the imported rows' view
 * without them (`others`: the coded imports that stay): one transaction.
 */
export function buildSettleCodedSql(t: CodedTables, others: readonly CodedTables[]): SqlQuery[] {
  return [
    // in the file's order, as the other lanes insert them: rows of one region and year stay
    // together, and DuckDB's per-block minimum and maximum let a query skip blocks
    { sql: `INSERT INTO ${inUser('observations')} ${buildCodedSelectSql(t)} ORDER BY r.rowid`, params: [] },
    { sql: buildCodedRowsViewSql(others), params: [] },
    ...buildDropCodedSql(t.table).map((sql) => ({ sql, params: [] })),
  ]
}
