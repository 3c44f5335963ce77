/**
 * The one owner of DuckDB in the app. Everything else asks through `query`; nothing else imports
 * duckdb-wasm. The engine starts on first use, once, behind a single promise, in DuckDB's own
 * worker, from files served by this origin (no CDN), with extension autoloading off so that it
 * never reaches for the network.
 */
import * as duckdb from '@duckdb/duckdb-wasm'
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url'
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url'
import regionsUrl from '../../data/regions.csv?url'
import metricsUrl from '../../data/metrics.csv?url'
import sourcesUrl from '../../data/sources.csv?url'
import observationsUrl from '../../data/observations.csv?url'
import { buildLoadTableSql, type ContractTable } from '../queries/build-load-sql'
import type { SqlQuery } from '../types/query'

const CONTRACT_FILES: Record<ContractTable, string> = {
  regions: regionsUrl,
  metrics: metricsUrl,
  sources: sourcesUrl,
  observations: observationsUrl,
}

interface Engine {
  db: duckdb.AsyncDuckDB
  conn: duckdb.AsyncDuckDBConnection
  worker: Worker
}

let engine: Promise<Engine> | null = null

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  return response.text()
}

const START_TIMEOUT_MS = 60_000

/** Rejects if the asset cannot be fetched; otherwise never settles (it only guards a race). */
async function assetReachable(url: string): Promise<never> {
  let response: Response
  try {
    response = await fetch(url, { method: 'HEAD' })
  } catch {
    throw new Error(`${url.split('/').pop()}: network error`)
  }
  if (!response.ok) throw new Error(`${url.split('/').pop()}: HTTP ${response.status}`)
  return new Promise<never>(() => {})
}

function timeout(ms: number): Promise<never> {
  return new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms))
}

async function start(): Promise<Engine> {
  const worker = new Worker(workerUrl)
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker)
  // Fetch the embedded data while the wasm compiles.
  const texts = Promise.all(
    Object.entries(CONTRACT_FILES).map(async ([table, url]) => [table, await fetchText(url)] as const),
  )
  // A failure inside DuckDB's worker (the wasm cannot be fetched, say) is an unhandled rejection
  // there and never settles `instantiate`. So the wasm's availability is checked here too, and a
  // last-resort timeout turns a hang into a message.
  try {
    await Promise.race([db.instantiate(wasmUrl), assetReachable(wasmUrl), timeout(START_TIMEOUT_MS)])
  } catch (error) {
    worker.terminate()
    throw error
  }
  await db.open({})
  const conn = await db.connect()
  await conn.query('SET autoload_known_extensions = false')
  await conn.query('SET autoinstall_known_extensions = false')
  for (const [table, text] of await texts) {
    const fileName = `contract_${table}.csv`
    await db.registerFileText(fileName, text)
    await conn.query(buildLoadTableSql(table as ContractTable, fileName))
  }
  return { db, conn, worker }
}

/** Starts DuckDB and loads the embedded data, once; later calls share the same promise. */
export function ready(): Promise<Engine> {
  if (!engine) {
    engine = start()
    // A failed start may be retried by the next caller (after the user reloads data, say).
    engine.catch(() => {
      engine = null
    })
  }
  return engine
}

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain }

/** Arrow values to plain JS: BigInt counts become numbers (all ours fit in 2^53). */
function toPlain(value: unknown): Plain {
  if (typeof value === 'bigint') return Number(value)
  if (value === undefined) return null
  return value as Plain
}

/** Runs one parameterised statement and returns plain row objects. */
export async function query<Row>(q: SqlQuery): Promise<Row[]> {
  const { conn } = await ready()
  const statement = await conn.prepare(q.sql)
  try {
    const table = await statement.query(...q.params)
    const names = table.schema.fields.map((field) => field.name)
    const columns = names.map((_, i) => table.getChildAt(i))
    const rows: Row[] = []
    for (let r = 0; r < table.numRows; r++) {
      const row: Record<string, Plain> = {}
      names.forEach((name, i) => {
        row[name] = toPlain(columns[i]?.get(r))
      })
      rows.push(row as Row)
    }
    return rows
  } finally {
    await statement.close()
  }
}

/** Stops the worker (tests and page unload). */
export async function terminate(): Promise<void> {
  if (!engine) return
  const current = engine
  engine = null
  const { db, worker } = await current.catch(() => ({ db: null, worker: null }))
  await db?.terminate()
  worker?.terminate()
}
