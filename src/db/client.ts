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
import { APP_DATABASE, buildActivateDatasetSql, buildLoadTableSql, buildOpenDatabaseSql, buildUserSchemaSql, COMPACT_SQL, IMPORTED_ROWS, USER_SCHEMA, type ContractTable } from '../queries/build-load-sql'
import {
  buildCommitCodedSql, buildCreateCodedRowsSql, buildDropCodedSql, buildDropPreparedSql, buildSettleCodedSql, buildStageNewMetricsSql, codedRowsTable, readingsTable,
  type CodedTables,
} from '../queries/build-coded-import-sql'
import { codedColumns, codedReadings, codedRowsInput, readingsIpc, rowCodesIpc, type CodedRows } from '../ingest/coded-arrow'
import type { CodedName } from '../ingest/cell-codes'
import { buildImportedRowsCopySql, buildImportStatements, buildRemoveImportStatements, metricsToCsv, type ImportBatch } from '../queries/build-import-sql'
import { buildDropStagingSql, buildStageCsvSql, buildStageFromArrowSql, STAGING_ARROW, STAGING_TABLE } from '../queries/build-staged-import-sql'
import { quoteIdent } from '../queries/sql'
import type { SqlQuery, StagingEngine } from '../types/query'
import type { Metric, Source } from '../types/data'
import firstView from 'virtual:first-view'

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
  for (const [table, text] of await texts) {
    const fileName = `real_${table}.csv`
    await db.registerFileText(fileName, text)
    await conn.query(buildLoadTableSql(table as ContractTable, fileName, 'real'))
  }
  for (const statement of buildUserSchemaSql()) await conn.query(statement)
  const engine = { db, conn, worker }
  if (initialDataset === 'demo') await loadDemo(engine)
  for (const statement of buildActivateDatasetSql(initialDataset)) await conn.query(statement)
  live = true
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

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain }

/** Arrow values to plain JS: BigInt counts become numbers (all ours fit in 2^53). */
function toPlain(value: unknown): Plain {
  if (typeof value === 'bigint') return Number(value)
  if (value === undefined) return null
  return value as Plain
}

/** The first view's answers, recorded at build time; served only until the live engine is up. */
const snapshot = new Map(firstView)
let live = false
let initialDataset: DatasetName = 'real'

/**
 * The dataset the page opens with (from its URL), said before the engine starts: the engine is
 * 'ready' only once that dataset is in place, so no query ever answers from the wrong one. The
 * build-time snapshot is of the real data, so it is not served for any other.
 */
export function preferDataset(name: DatasetName): void {
  initialDataset = name
  if (name !== 'real') snapshot.clear()
}

/** The build-time answer recorded under `key` (registry.namedKey), while the live engine is not up. */
export function recorded(key: string): unknown[] | undefined {
  return live ? undefined : snapshot.get(key)
}

/** Runs one parameterised statement and returns plain row objects. */
export async function query<Row>(q: SqlQuery): Promise<Row[]> {
  return toRows<Row>(await queryTable(q))
}

/** Runs one parameterised statement (a prepared statement kept per SQL text) and returns its Arrow table. */
export async function queryTable(q: SqlQuery): Promise<Awaited<ReturnType<typeof runPrepared>>> {
  const { conn } = await ready()
  return runPrepared(conn, q)
}

function toRows<Row>(table: Awaited<ReturnType<duckdb.AsyncDuckDBConnection['query']>>): Row[] {
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
  await db.registerFileText('demo_observations.csv', observationsCsv(generateObservations({ seed: DEMO_SEED, regions, years: DEMO_YEARS })))
  await conn.query(buildLoadTableSql('observations', 'demo_observations.csv', 'demo'))
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

let importSeq = 0

/**
 * Transactions one after another (an import applied, removed or settled in the background): a
 * second BEGIN on a connection inside a transaction would fail, and its ROLLBACK undo the first's work.
 */
let transactions: Promise<unknown> = Promise.resolve()

/** Runs statements in one transaction: all of them take effect, or, on any error, none. */
function inTransaction(conn: duckdb.AsyncDuckDBConnection, statements: SqlQuery[]): Promise<void> {
  const run = transactions.catch(() => undefined).then(() => transaction(conn, statements))
  transactions = run
  return run
}

async function transaction(conn: duckdb.AsyncDuckDBConnection, statements: SqlQuery[]): Promise<void> {
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
    forgetStatements()
  }
}

async function countImported(sourceId: string): Promise<number> {
  const counted = await query<{ n: number }>({ sql: `SELECT count(*)::INTEGER AS n FROM user_data.${IMPORTED_ROWS} WHERE source_id = ?`, params: [sourceId] })
  return counted[0]?.n ?? 0
}

/**
 * Adds one imported dataset (its source row, new metrics and observations) in a single
 * transaction: it is all there afterwards, or, on any error, nothing is.
 */
export async function applyImport(batch: ImportBatch): Promise<number> {
  const { db, conn } = await ready()
  const fileName = `import_${++importSeq}.csv`
  const metricsFileName = `import_${importSeq}_metrics.csv`
  await db.registerFileBuffer(fileName, batch.observationsCsv)
  await db.registerFileText(metricsFileName, metricsToCsv(batch.newMetrics))
  try {
    await inTransaction(conn, buildImportStatements(batch, fileName, metricsFileName))
    return await countImported(batch.source.id)
  } finally {
    await db.dropFile(fileName)
    await db.dropFile(metricsFileName)
  }
}

/** The staged import's engine: statements on the dashboard's connection, files registered with DuckDB. */
export async function stagingEngine(): Promise<StagingEngine> {
  const { db, conn } = await ready()
  // one-off statements: not kept among the dashboard's prepared statements
  const run = async (statement: string | SqlQuery) => {
    if (typeof statement === 'string') return conn.query(statement)
    const prepared = await conn.prepare(statement.sql)
    try {
      return await prepared.query(...statement.params)
    } finally {
      await prepared.close()
    }
  }
  return {
    exec: async (statement) => {
      await run(statement)
    },
    query: async <Row,>(statement: string | SqlQuery) => toRows<Row>(await run(statement)),
    registerText: (name, text) => db.registerFileText(name, text),
    registerBytes: (name, bytes) => db.registerFileBuffer(name, bytes),
    dropFile: async (name) => {
      await db.dropFile(name)
    },
    insertArrow: async (name, ipc) => {
      await conn.insertArrowFromIPCStream(ipc, { name, create: true })
    },
  }
}

async function stagedRowCount(conn: duckdb.AsyncDuckDBConnection): Promise<number> {
  const [row] = toRows<{ n: number }>(await conn.query(`SELECT count(*)::INTEGER AS n FROM ${STAGING_TABLE}`))
  return row?.n ?? 0
}

/**
 * A delimited file's bytes (handed over, not copied) → the staging table, every column text.
 * Throws what DuckDB says when the file is not one row per record (the careful reader takes it then).
 */
export async function stageCsv(bytes: ArrayBuffer, delimiter: string, width: number): Promise<number> {
  const { db, conn } = await ready()
  const fileName = `staging_${++importSeq}.csv`
  await db.registerFileBuffer(fileName, new Uint8Array(bytes))
  try {
    for (const statement of buildStageCsvSql(fileName, width, delimiter)) await conn.query(statement)
    return await stagedRowCount(conn)
  } finally {
    await db.dropFile(fileName)
  }
}

/** A Parquet file as Arrow IPC → the staging view (over the inserted table, no copy); says which columns are numbers. */
export async function stageArrow(ipc: Uint8Array, names: readonly string[]): Promise<{ rows: number; numeric: number[] }> {
  const { conn } = await ready()
  for (const statement of buildDropStagingSql()) await conn.query(statement)
  await conn.insertArrowFromIPCStream(ipc, { name: STAGING_ARROW, create: true })
  await conn.query(buildStageFromArrowSql(names))
  const types = toRows<{ column_name: string; column_type: string }>(await conn.query(`DESCRIBE ${STAGING_TABLE}`)).filter((t) => t.column_name !== 'rowid')
  const numeric = types.flatMap((t, i) => (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(t.column_type) ? [i] : []))
  return { rows: await stagedRowCount(conn), numeric }
}

/** Drops the staging table and everything the staged check made. */
export async function dropStaging(): Promise<void> {
  if (!engine) return
  const { conn } = await ready()
  for (const statement of buildDropStagingSql()) await conn.query(statement)
}

/** The staged check's kept rows into the user's dataset, with the source and new metrics, in one transaction. */
export async function applyStagedImport(batch: Omit<ImportBatch, 'observationsCsv'>, insert: SqlQuery): Promise<number> {
  const { db, conn } = await ready()
  const metricsFileName = `import_${++importSeq}_metrics.csv`
  await db.registerFileText(metricsFileName, metricsToCsv(batch.newMetrics))
  try {
    const statements = buildImportStatements({ ...batch, observationsCsv: new Uint8Array() }, '', metricsFileName)
    // the observations come from the staging table, not from a file
    await inTransaction(conn, [...statements.slice(0, -1), insert])
    return await countImported(batch.source.id)
  } finally {
    await db.dropFile(metricsFileName)
  }
}

/** Coded imports applied and not settled yet (their rows still codes): source id → tables. */
const codedImports = new Map<string, CodedTables>()

/**
 * A table for an import's rows as codes (queries/build-coded-import-sql.ts), filled while the file
 * is still being read (appendImportRows). No view shows it until applyCodedImport; dropImportRows
 * takes it away.
 */
export async function createImportRows(sourceId: string, names: readonly CodedName[]): Promise<string> {
  const { conn } = await ready()
  const table = codedRowsTable(sourceId)
  for (const statement of buildCreateCodedRowsSql(table, names)) await conn.query(statement)
  return table
}

/** Rows as an Arrow IPC stream of the table's columns (ingest/coded-arrow.ts rowCodesIpc), appended. */
export async function appendImportRows(table: string, ipc: Uint8Array): Promise<void> {
  const { conn } = await ready()
  await conn.insertArrowFromIPCStream(ipc, { schema: USER_SCHEMA, name: table, create: false })
}

export async function dropImportRows(table: string): Promise<void> {
  if (!engine) return
  const { conn } = await ready()
  for (const statement of buildDropCodedSql(table)) await conn.query(statement)
}

/** A coded import made ready to apply (prepareCodedImport): all its tables, none in any view yet. */
export type PreparedImport = CodedTables

/**
 * A clean file from the import worker's codes, made ready while the reader looks at the report:
 * its rows (already in `table`, or inserted now), what each code reads as, its new metrics. Nothing
 * shows them until commitCodedImport; if anything fails, its tables go.
 */
export async function prepareCodedImport(sourceId: string, rows: CodedRows, table: string | null, newMetrics: readonly Metric[]): Promise<PreparedImport> {
  const { db, conn } = await ready()
  const names = codedColumns(rows)
  const tables: CodedTables = {
    sourceId,
    table: table ?? (await createImportRows(sourceId, names)),
    names,
    fixedYear: 'fixed' in rows.year ? rows.year.fixed : null,
    fixedMetric: 'fixed' in rows.metric ? rows.metric.fixed : null,
  }
  const metricsFileName = `import_${++importSeq}_metrics.csv`
  try {
    // (one round trip: what an earlier check of the same file made)
    await conn.query(buildDropPreparedSql(tables.table).join(';\n'))
    if (table === null) await appendImportRows(tables.table, rowCodesIpc(codedRowsInput(rows), names))
    for (const [name, values] of codedReadings(rows)) {
      await conn.insertArrowFromIPCStream(readingsIpc(values), { schema: USER_SCHEMA, name: readingsTable(tables.table, name), create: true })
    }
    await db.registerFileText(metricsFileName, metricsToCsv(newMetrics))
    await conn.query(buildStageNewMetricsSql(tables.table, metricsFileName))
    return tables
  } catch (error) {
    // what was made here goes (the rows table too, unless it came filled: that is its owner's)
    const made = table === null ? buildDropCodedSql(tables.table) : buildDropPreparedSql(tables.table)
    for (const statement of made) await conn.query(statement).catch(() => undefined)
    throw error
  } finally {
    await db.dropFile(metricsFileName)
  }
}

/** A prepared coded import applied: its source, its new metrics and its rows among the imported ones, in one transaction (its tables go if that fails). */
export async function commitCodedImport(source: Source, prepared: PreparedImport): Promise<void> {
  const { conn } = await ready()
  try {
    const [sourceRow] = buildImportStatements({ source, newMetrics: [], observationsCsv: new Uint8Array() }, '', '')
    await inTransaction(conn, [sourceRow as SqlQuery, ...buildCommitCodedSql(prepared, [...codedImports.values(), prepared])])
    codedImports.set(source.id, prepared)
  } catch (error) {
    for (const statement of buildDropCodedSql(prepared.table)) await conn.query(statement).catch(() => undefined)
    throw error
  }
}

/**
 * A coded import's rows written into user_data.observations, as every other import's are, and its
 * code tables dropped (one transaction; queries read the same rows before and after). Run when the
 * page is idle: it copies every row once.
 */
export async function settleCodedImport(sourceId: string): Promise<void> {
  const tables = codedImports.get(sourceId)
  if (!tables) return
  const { db } = await ready()
  const others = [...codedImports.values()].filter((t) => t.sourceId !== sourceId)
  // on a connection of its own: statements the page sends meanwhile (another file's rows going in)
  // are not part of this transaction
  const own = await db.connect()
  try {
    await own.query(`USE ${quoteIdent(APP_DATABASE)}`)
    await inTransaction(own, buildSettleCodedSql(tables, others))
  } finally {
    await own.close()
  }
  codedImports.delete(sourceId)
}

/** An import's rows as contract CSV bytes (what IndexedDB keeps, and reads back on reload). */
export async function importedRowsCsv(sourceId: string): Promise<Uint8Array> {
  const { db, conn } = await ready()
  const fileName = `export_${++importSeq}.csv`
  await db.registerEmptyFileBuffer(fileName)
  try {
    await conn.query(buildImportedRowsCopySql(sourceId, fileName))
    return await db.copyFileToBuffer(fileName)
  } finally {
    await db.dropFile(fileName)
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

/** Removes an imported dataset and the metrics only it used. */
export async function removeImport(sourceId: string): Promise<void> {
  const { conn } = await ready()
  const own = codedImports.get(sourceId) ?? null
  const others = [...codedImports.values()].filter((t) => t.sourceId !== sourceId)
  await inTransaction(conn, buildRemoveImportStatements(sourceId, own, others))
  codedImports.delete(sourceId)
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
