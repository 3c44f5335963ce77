/**
 * Real DuckDB in Node: the same duckdb-wasm engine the browser runs (its blocking Node bundle),
 * loaded with the contract tables exactly as the app loads them.
 */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildLoadTableSql, buildOpenDatabaseSql, CONTRACT_TABLES } from '../../src/queries/build-load-sql'
import type { SqlQuery } from '../../src/types/query'

const require = createRequire(import.meta.url)
const duckdb = require('@duckdb/duckdb-wasm/blocking') as typeof import('@duckdb/duckdb-wasm/blocking')
const dist = dirname(require.resolve('@duckdb/duckdb-wasm'))

export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url))

export type Connection = ReturnType<Awaited<ReturnType<typeof duckdb.createDuckDB>>['connect']>

export type Database = Awaited<ReturnType<typeof duckdb.createDuckDB>>

export async function openDb(): Promise<{ db: Database; conn: Connection; registerText: (name: string, text: string) => void }> {
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: `${dist}/duckdb-mvp.wasm`, mainWorker: `${dist}/duckdb-node-mvp.worker.cjs` },
      eh: { mainModule: `${dist}/duckdb-eh.wasm`, mainWorker: `${dist}/duckdb-node-eh.worker.cjs` },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  )
  await db.instantiate()
  db.open({})
  const conn = db.connect()
  conn.query('SET autoload_known_extensions = false')
  conn.query('SET autoinstall_known_extensions = false')
  // the app's own database (in memory, compressed), so that tests run where the app runs
  for (const statement of buildOpenDatabaseSql()) conn.query(statement)
  return { db, conn, registerText: (name, text) => db.registerFileText(name, text) }
}

export async function openContractDb(dataDir = DATA_DIR): Promise<Connection> {
  return (await openContractDbWithFiles(dataDir)).conn
}

/** The contract tables loaded, and the database too, for tests that register files of their own. */
export async function openContractDbWithFiles(dataDir = DATA_DIR): Promise<{ db: Database; conn: Connection }> {
  const { db, conn, registerText } = await openDb()
  for (const table of CONTRACT_TABLES) {
    registerText(`${table}.csv`, readFileSync(`${dataDir}${table}.csv`, 'utf8'))
    conn.query(buildLoadTableSql(table, `${table}.csv`))
  }
  return { db, conn }
}

function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value
}

/** Runs a built query with its parameters bound, as the app's client does. */
export async function runQuery<Row>(conn: Connection, q: SqlQuery): Promise<Row[]> {
  const statement = conn.prepare(q.sql)
  try {
    const table = statement.query(...q.params)
    return table.toArray().map((row) => {
      const json = row.toJSON() as Record<string, unknown>
      return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, plain(v)])) as Row
    })
  } finally {
    statement.close()
  }
}
