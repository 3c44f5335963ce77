/** Real DuckDB in Node, loaded with the contract tables exactly as the app loads them. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { fileURLToPath } from 'node:url'
import { buildLoadTableSql, CONTRACT_TABLES } from '../../src/queries/build-load-sql'
import type { SqlQuery } from '../../src/types/query'

export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url))

export async function openContractDb(dataDir = DATA_DIR): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  for (const table of CONTRACT_TABLES) await conn.run(buildLoadTableSql(table, `${dataDir}${table}.csv`))
  return conn
}

function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value
}

export async function runQuery<Row>(conn: DuckDBConnection, q: SqlQuery): Promise<Row[]> {
  const reader = await conn.runAndReadAll(q.sql, q.params)
  return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])) as Row)
}
