/**
 * The one owner of DuckDB in the app. Everything else asks through `query`; nothing else imports
 * duckdb-wasm. The engine starts on first use, once, behind a single promise, in DuckDB's own
 * worker, from files served by this origin (no CDN), with extension autoloading off so that it
 * never reaches for the network.
 */
import type * as duckdb from '@duckdb/duckdb-wasm'
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url'
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url'
import regionsUrl from '../../data/regions.csv?url'
import metricsUrl from '../../data/metrics.csv?url'
import sourcesUrl from '../../data/sources.csv?url'
import observationsUrl from '../../data/observations.csv?url'
import { APP_DATABASE, buildActivateDatasetSql, buildLoadTableSql, buildOpenDatabaseSql, buildUserSchemaSql, COMPACT_SQL, type ContractTable } from '../queries/build-load-sql'
import { LOCK_DOWN_SQL, LOCAL_DIR } from '../queries/build-lockdown-sql'
import { quoteIdent } from '../queries/sql'
import { buildProvenanceSchemaSql } from '../queries/build-report-import-sql'
import type { SqlQuery } from '../types/query'
import { tableRows, toPlain, type Plain } from './connector'
import firstView from 'virtual:first-view'
import { keepsUserData } from './user-data'

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
  // loaded here, not at the top: the shell and the first view never wait for DuckDB's JS
  const { AsyncDuckDB, VoidLogger } = await import('@duckdb/duckdb-wasm')
  const db = new AsyncDuckDB(new VoidLogger(), worker)
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
  for (const statement of buildOpenDatabaseSql()) await conn.query(statement)
  await conn.query('CREATE SCHEMA IF NOT EXISTS real')
  // from here on DuckDB reads only files the app hands it (see LOCK_DOWN_SQL)
  for (const statement of LOCK_DOWN_SQL) await conn.query(statement)
  for (const [table, text] of await texts) {
    const fileName = `${LOCAL_DIR}real_${table}.csv`
    await db.registerFileText(fileName, text)
    await conn.query(buildLoadTableSql(table as ContractTable, fileName, 'real'))
    await db.dropFile(fileName)
  }
  for (const statement of buildUserSchemaSql()) await conn.query(statement)
  // provenance of imported reports (queries/build-report-import-sql.ts)
  for (const statement of buildProvenanceSchemaSql()) await conn.query(statement)
  const engine = { db, conn, worker }
  if (initialDataset === 'demo') await loadDemo(engine)
  for (const statement of buildActivateDatasetSql(initialDataset)) await conn.query(statement)
  live = true
  servable = false
  snapshot.clear()
  performance.mark('duckdb-ready')
  return engine
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


/**
 * The first view's answers, recorded at build time, and those of the route opened first (added as
 * it loads, db/prepared.ts); served only until the live engine is up, and only over the embedded
 * data as it was built: never for another dataset, nor when the browser keeps data of the user's.
 */
const snapshot = new Map(firstView)
let live = false
/** false once the snapshot may no longer be served (another dataset, the live engine up). */
let servable = true
let initialDataset: DatasetName = 'real'
/** Asked once, as the page starts (user-data.ts): IndexedDB's first answer can take a tenth of a second. */
const userData: Promise<boolean> = keepsUserData()
let refuse: () => void = () => {}
/** Settles when the snapshot will not be served after all (another dataset, the user's own data): the page then need not hold DuckDB back for it. */
export const preparedRefused = new Promise<void>((resolve) => (refuse = resolve))

function refusePrepared(): void {
  servable = false
  snapshot.clear()
  refuse()
}

/**
 * The dataset the page opens with (from its URL), said before the engine starts: the engine is
 * 'ready' only once that dataset is in place, so no query ever answers from the wrong one. The
 * build-time snapshot is of the real data, so it is not served for any other.
 */
export function preferDataset(name: DatasetName): void {
  initialDataset = name
  if (name !== 'real') refusePrepared()
}

/** Whether answers prepared at build time may still be shown (see `recorded`). */
export function preparedWanted(): boolean {
  return servable && !live
}

/** A route's prepared answers, kept beside the first view's while they may be served. */
export function addRecorded(entries: readonly (readonly [string, unknown[]])[]): void {
  if (!preparedWanted()) return
  for (const [key, rows] of entries) snapshot.set(key, rows)
}

/**
 * The build-time answer recorded under `key` (registry.namedKey), while the live engine is not up,
 * the dataset is the embedded one and the browser holds none of the user's data.
 */
export async function recorded(key: string): Promise<unknown[] | undefined> {
  if (!preparedWanted() || !snapshot.has(key)) return undefined
  if (await userData) refusePrepared()
  return preparedWanted() ? snapshot.get(key) : undefined
}

/** Runs one parameterised statement and returns plain row objects. */
export async function query<Row>(q: SqlQuery): Promise<Row[]> {
  return tableRows<Row>(await queryTable(q))
}

/** Runs one parameterised statement (a prepared statement kept per SQL text) and returns its Arrow table. */
export async function queryTable(q: SqlQuery): Promise<Awaited<ReturnType<typeof runPrepared>>> {
  const { conn } = await ready()
  return runPrepared(conn, q)
}


/**
 * Prepared statements are kept per SQL text: an interaction re-runs the same few statements with
 * new parameters, and preparing each time cost two extra round trips to the worker. They are
 * dropped whenever the tables under the views change.
 */
const statements = new Map<string, Promise<duckdb.AsyncPreparedStatement>>()
const MAX_STATEMENTS = 64

function forgetStatements(): void {
  for (const statement of statements.values()) statement.then((s) => s.close()).catch(() => undefined)
  statements.clear()
}

async function runPrepared(conn: duckdb.AsyncDuckDBConnection, q: SqlQuery) {
  let statement = statements.get(q.sql)
  if (!statement) {
    statement = conn.prepare(q.sql)
    statements.set(q.sql, statement)
    if (statements.size > MAX_STATEMENTS) {
      const [oldest, old] = statements.entries().next().value as [string, Promise<duckdb.AsyncPreparedStatement>]
      statements.delete(oldest)
      old.then((s) => s.close()).catch(() => undefined)
    }
  }
  try {
    return await (await statement).query(...q.params)
  } catch (error) {
    statements.delete(q.sql)
    throw error
  }
}

export type DatasetName = 'real' | 'demo'
let demoLoaded: Promise<void> | null = null

/** Builds the 模拟数据 dataset in its own schema, once: generated here, never fetched. */
async function loadDemo({ db, conn }: Engine): Promise<void> {
  const { generateObservations, observationsCsv, synthSource, DEMO_SEED, DEMO_YEARS } = await import('../synth/demo')
  await conn.query('CREATE SCHEMA IF NOT EXISTS demo')
  await conn.query('CREATE OR REPLACE TABLE demo.regions AS SELECT * FROM real.regions')
  await conn.query('CREATE OR REPLACE TABLE demo.metrics AS SELECT * FROM real.metrics')
  await conn.query('CREATE OR REPLACE TABLE demo.sources AS SELECT * FROM real.sources LIMIT 0')
  const source = synthSource(DEMO_SEED, '530000', DEMO_YEARS[DEMO_YEARS.length - 1] as number)
  const insert = await conn.prepare('INSERT INTO demo.sources VALUES (?, ?, ?, ?, ?, ?::DATE, ?::DATE, ?, ?, ?)')
  await insert.query(source.id, source.region_code, source.year, source.publisher_zh, source.title_zh,
    source.period_start, source.period_end, source.reference, source.format, source.scope)
  await insert.close()
  // straight on the connection: this runs while the engine is starting, before query() may be used
  const table = await conn.query("SELECT code FROM real.regions WHERE level = 'prefecture' AND code LIKE '53%' ORDER BY code")
  const regions = table.toArray().map((row) => ({ code: String(row.code), level: 'prefecture' as const }))
  const fileName = `${LOCAL_DIR}demo_observations.csv`
  await db.registerFileText(fileName, observationsCsv(generateObservations({ seed: DEMO_SEED, regions, years: DEMO_YEARS })))
  await conn.query(buildLoadTableSql('observations', fileName, 'demo'))
  await db.dropFile(fileName)
}

/** Points every query at the real dataset or at the 模拟数据 one. */
export async function useDataset(name: DatasetName): Promise<void> {
  const engine = await ready()
  if (name === 'demo') {
    demoLoaded ??= (initialDataset === 'demo' ? Promise.resolve() : loadDemo(engine)).catch((error) => {
      demoLoaded = null
      throw error
    })
    await demoLoaded
  }
  for (const statement of buildActivateDatasetSql(name)) await engine.conn.query(statement)
  forgetStatements()
}

let fileSeq = 0

/**
 * Bytes or text handed to DuckDB as a file it may read (or, empty, write): the name to use in SQL.
 * Every such file lives under LOCAL_DIR, the one place DuckDB may still open once locked down.
 */
export async function registerFile(name: string, content: Uint8Array | string = new Uint8Array()): Promise<string> {
  const { db } = await ready()
  const fileName = `${LOCAL_DIR}${++fileSeq}_${name}`
  if (typeof content === 'string') await db.registerFileText(fileName, content)
  else if (content.byteLength === 0) await db.registerEmptyFileBuffer(fileName)
  else await db.registerFileBuffer(fileName, content)
  return fileName
}

/**
 * A file the user picked, registered for DuckDB to read itself from its worker (no copy through
 * the page), under LOCAL_DIR like any other.
 */
export async function registerPickedFile(name: string, file: File): Promise<string> {
  const [{ db }, { DuckDBDataProtocol }] = await Promise.all([ready(), import('@duckdb/duckdb-wasm')])
  const fileName = `${LOCAL_DIR}${++fileSeq}_${name}`
  await db.registerFileHandle(fileName, file, DuckDBDataProtocol.BROWSER_FILEREADER, true)
  return fileName
}

export async function dropFile(fileName: string): Promise<void> {
  const { db } = await ready()
  await db.dropFile(fileName)
}

/** A file DuckDB wrote (registered empty with registerFile), copied out. */
export async function fileBytes(fileName: string): Promise<Uint8Array> {
  const { db } = await ready()
  return db.copyFileToBuffer(fileName)
}

/** An Arrow IPC stream into a new table of the app's database, or (`create` false) appended to one. */
export async function insertArrow(table: string, ipc: Uint8Array, create = true): Promise<void> {
  const { conn } = await ready()
  await conn.insertArrowFromIPCStream(ipc, { name: table, create })
}

/** One statement, not kept among the prepared ones (an import's own statements, run once). */
export async function run<Row = Record<string, Plain>>(statement: string | SqlQuery): Promise<Row[]> {
  const { conn } = await ready()
  if (typeof statement === 'string') return tableRows<Row>(await conn.query(statement))
  const prepared = await conn.prepare(statement.sql)
  try {
    return tableRows<Row>(await prepared.query(...statement.params))
  } finally {
    await prepared.close()
  }
}

/**
 * Transactions one after another (an import applied or removed): a second BEGIN on a connection
 * inside a transaction would fail, and its ROLLBACK undo the first's work.
 */
let transactions: Promise<unknown> = Promise.resolve()

/** Runs statements in one transaction: all of them take effect, or, on any error, none. */
export async function transaction(statements: SqlQuery[]): Promise<void> {
  const { conn } = await ready()
  const run = transactions.catch(() => undefined).then(() => inTransaction(conn, statements))
  transactions = run
  return run
}

async function inTransaction(conn: duckdb.AsyncDuckDBConnection, statements: SqlQuery[]): Promise<void> {
  await conn.query('BEGIN TRANSACTION')
  try {
    for (const statement of statements) {
      // a statement without parameters is sent as it is (one round trip to DuckDB's worker, not three)
      if (statement.params.length === 0) {
        await conn.query(statement.sql)
        continue
      }
      const prepared = await conn.prepare(statement.sql)
      try {
        await prepared.query(...statement.params)
      } finally {
        await prepared.close()
      }
    }
    await conn.query('COMMIT')
  } catch (error) {
    await conn.query('ROLLBACK')
    throw error
  } finally {
    // the tables under the views changed
    forgetStatements()
  }
}

/**
 * Compresses what bulk changes left uncompressed (see buildOpenDatabaseSql). About half a second per
 * million new rows, during which other queries wait; so it runs once the change is on screen.
 */
export async function compact(): Promise<void> {
  if (!engine) return
  const { conn } = await ready()
  // not inside another's transaction (a checkpoint cannot run while one is open)
  const run = transactions.catch(() => undefined).then(() => conn.query(COMPACT_SQL))
  transactions = run
  await run
}

export interface ConsoleResult {
  columns: string[]
  rows: Record<string, Plain>[]
}

let consoleConn: Promise<duckdb.AsyncDuckDBConnection> | null = null

/**
 * The SQL console's own connection, so that cancelling a long query there never touches the
 * dashboard's queries. The statement must already be checked and wrapped (queries/console-sql.ts).
 */
export async function consoleQuery(sql: string): Promise<ConsoleResult> {
  const { db } = await ready()
  // USE applies per connection: the console's must look into the app's database too
  consoleConn ??= db.connect().then(async (c) => {
    await c.query(`USE ${quoteIdent(APP_DATABASE)}`)
    return c
  })
  const conn = await consoleConn
  const reader = await conn.send(sql)
  const columns: string[] = []
  const rows: Record<string, Plain>[] = []
  for await (const batch of reader) {
    if (columns.length === 0) columns.push(...batch.schema.fields.map((f) => f.name))
    const children = columns.map((_, i) => batch.getChildAt(i))
    for (let r = 0; r < batch.numRows; r++) {
      const row: Record<string, Plain> = {}
      columns.forEach((name, i) => {
        const value = children[i]?.get(r)
        row[name] = value instanceof Object && !(value instanceof Date) && !Array.isArray(value) ? String(value) : toPlain(value)
      })
      rows.push(row)
    }
  }
  return { columns, rows }
}

/** Cancels the console's running query, if any. */
export async function cancelConsole(): Promise<void> {
  if (consoleConn) await (await consoleConn).cancelSent()
}
