/**
 * The server engine: the page's named queries on DuckDB native, over HTTP.
 *
 *   npm run -s engine:serve -- --db FILE --port N --token T --origin URL [--origin URL2]
 *        [--host 127.0.0.1] [--memory 2GB] [--timeout-ms 10000] [--threads N]
 *
 *   GET  /api/queries        every name with its parameters' JSON Schema and an example of valid ones
 *   POST /api/q/<name>       JSON parameters (checked against the schema; SQL from the registry,
 *                            values bound) → Arrow IPC stream
 *   POST /api/console        {"sql": "..."}: one read-only SELECT (queries/console-sql.ts, as the
 *                            page's console), on a connection of its own → Arrow IPC stream
 *
 * With `--clickhouse URL` instead of `--db`, the same named queries are answered by a ClickHouse
 * server through its HTTP interface, in the ClickHouse dialect (scripts/engine/clickhouse.ts); the
 * console is not offered there (501).
 *
 * Unknown name 404, refused parameters 400, missing or wrong token 401, an origin not allowed 403.
 * No other SQL crosses the wire. The database is opened read-only (scripts/engine/db.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement } from '@duckdb/node-api'
import { isQueryName, LAYOUTS, namedKey, ParamsError, QUERIES, QUERY_NAMES, queryDef, sqlFor, type Layout } from '../../src/queries/registry'
import { checkConsoleSql, wrapConsoleSql } from '../../src/queries/console-sql'
import { quoteIdent, quoteLiteral } from '../../src/queries/sql'
import { bindable, openReadOnly, QueryTimeout, withTimeout } from './db'
import { resultToIpc } from './arrow-ipc'
import { FORMAT, META_TABLE, PRECOMPUTED_KEYS, precomputedTable } from './load'
import { clickhouseHttp, runNamed, type ClickHouseRunner } from './clickhouse'
import { tableFromIPC, tableToIPC } from 'apache-arrow'

/** As many rows as the page's console shows (stores/console.ts CONSOLE_LIMIT). */
const CONSOLE_LIMIT = 5000
const MAX_BODY = 1 << 20
const ARROW = 'application/vnd.apache.arrow.stream'

export interface ServeOptions {
  /** The DuckDB file (engine:load); unused when `clickhouse` answers. */
  db: string
  /** Answer the named queries on ClickHouse instead (scripts/engine/clickhouse.ts); no console then. */
  clickhouse?: ClickHouseRunner
  port: number
  host?: string
  token: string
  origins: string[]
  memoryLimit?: string
  timeoutMs?: number
  threads?: number
  connections?: number
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** A few connections for named queries, each with its prepared statements by SQL text. */
class Pool {
  private idle: { conn: DuckDBConnection; prepared: Map<string, DuckDBPreparedStatement> }[] = []
  private waiting: ((c: Pool['idle'][number]) => void)[] = []
  constructor(conns: DuckDBConnection[]) {
    this.idle = conns.map((conn) => ({ conn, prepared: new Map() }))
  }
  async with<T>(work: (c: Pool['idle'][number]) => Promise<T>): Promise<T> {
    const c = this.idle.pop() ?? (await new Promise<Pool['idle'][number]>((r) => this.waiting.push(r)))
    try {
      return await work(c)
    } finally {
      const next = this.waiting.shift()
      if (next) next(c)
      else this.idle.push(c)
    }
  }
}

export async function serve(options: ServeOptions): Promise<{ close: () => Promise<void>; port: number }> {
  if (options.clickhouse) return listen(options, await clickhouseBackend(options.clickhouse))
  return listen(options, await duckdbBackend(options))
}

/** What answers behind the HTTP API: DuckDB native (engine:load's file) or ClickHouse. */
interface Backend {
  engine: 'duckdb' | 'clickhouse'
  synthetic: boolean
  rows: number
  named(name: string, params: unknown): Promise<Uint8Array>
  console(sql: unknown, req: IncomingMessage): Promise<Uint8Array>
  close(): void
}

/** The registry's SQL for a name, or the HTTP error the caller is owed. */
function checkedSql(name: string, params: unknown, dialect: 'duckdb' | 'clickhouse') {
  if (!isQueryName(name)) throw new HttpError(404, `unknown query: ${name}`)
  try {
    return sqlFor(name, params, dialect)
  } catch (error) {
    if (error instanceof ParamsError) throw new HttpError(400, error.message)
    throw error
  }
}

async function clickhouseBackend(runner: ClickHouseRunner): Promise<Backend> {
  const rows = Number(tableFromIPC(await runner.arrow('SELECT count() AS n FROM observations', {})).getChildAt(0)?.get(0) ?? 0)
  return {
    engine: 'clickhouse',
    synthetic: false,
    rows,
    async named(name, params) {
      checkedSql(name, params, 'clickhouse')
      return tableToIPC(await runNamed(runner, name, params), 'stream')
    },
    async console() {
      throw new HttpError(501, 'the SQL console is not offered on ClickHouse: use clickhouse-client with a read-only user')
    },
    close: () => runner.close(),
  }
}

async function duckdbBackend(options: ServeOptions): Promise<Backend> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const instance: DuckDBInstance = await openReadOnly(resolve(options.db), { memoryLimit: options.memoryLimit ?? '2GB', threads: options.threads })
  const connections = () => Promise.all(Array.from({ length: options.connections ?? 4 }, () => instance.connect()))
  const pool = new Pool(await connections())
  const consoleConn = await instance.connect()
  let consoleBusy: Promise<unknown> = Promise.resolve()

  const meta = await pool.with(async ({ conn }) => {
    const rows = (await conn.runAndReadAll(`SELECT key, value FROM ${META_TABLE}`)).getRowObjectsJS() as { key: string; value: string }[]
    const format = rows.find((r) => r.key === 'format')?.value
    if (format !== FORMAT) throw new Error(`${options.db}: built by an older engine:load (format ${format ?? 1}, this server reads ${FORMAT}): build it again`)
    const keys = (await conn.runAndReadAll(`SELECT key, "set" FROM ${PRECOMPUTED_KEYS}`)).getRowObjectsJS() as { key: string; set: number }[]
    const schemas = (await conn.runAndReadAll('SELECT DISTINCT schema_name FROM duckdb_tables()')).getRowObjectsJS() as { schema_name: string }[]
    const values: Record<string, string | undefined> = Object.fromEntries(rows.map((r) => [r.key, r.value]))
    return { synthetic: values.synthetic, rows: values.rows, precomputed: new Map(keys.map((k) => [k.key, k.set])), schemas: new Set(schemas.map((s) => s.schema_name)) }
  })
  // a pool per layout the file holds (engine:load): its connections find that layout's observations first
  const layoutPools = new Map<Layout, Pool>()
  for (const layout of Object.keys(LAYOUTS) as Layout[]) {
    if (!meta.schemas.has(layout)) continue
    const conns = await connections()
    for (const conn of conns) await conn.run(`SET search_path = ${quoteLiteral(`${layout},main`)}`)
    layoutPools.set(layout, new Pool(conns))
  }

  async function named(name: string, params: unknown): Promise<Uint8Array> {
    let q = checkedSql(name, params, 'duckdb')
    const def = queryDef(name)
    const set = meta.precomputed.get(namedKey({ name, params: def.params.parse(params) }))
    if (set !== undefined) {
      // answered ahead by engine:load (the registry's own SQL, run there over the same rows)
      q = { sql: `SELECT * EXCLUDE (_set, _ord) FROM ${quoteIdent(precomputedTable(name))} WHERE _set = ? ORDER BY _ord`, params: [set] }
    }
    const { sql, params: values } = q
    const lane = (set === undefined && def.layout && layoutPools.get(def.layout)) || pool
    return lane.with(async ({ conn, prepared }) => {
      let statement = prepared.get(sql)
      if (!statement) {
        statement = await conn.prepare(sql)
        prepared.set(sql, statement)
      }
      const run = statement
      run.bind(bindable(values))
      return resultToIpc(await withTimeout(conn, timeoutMs, () => run.run()))
    })
  }

  async function consoleQuery(sql: unknown, req: IncomingMessage): Promise<Uint8Array> {
    if (typeof sql !== 'string') throw new HttpError(400, 'expected {"sql": "SELECT …"}')
    const check = checkConsoleSql(sql)
    if (!check.ok) throw new HttpError(400, `refused: ${check.reason}${check.word ? ` (${check.word})` : ''}`)
    // one at a time on the console's own connection; a client that goes away interrupts its query
    const run = consoleBusy.catch(() => undefined).then(async () => {
      const gone = () => consoleConn.interrupt()
      req.once('close', gone)
      try {
        return await resultToIpc(await withTimeout(consoleConn, timeoutMs, () => consoleConn.run(wrapConsoleSql(check.sql, CONSOLE_LIMIT))))
      } catch (error) {
        if (error instanceof QueryTimeout) throw error
        throw new HttpError(400, error instanceof Error ? error.message : String(error))
      } finally {
        req.off('close', gone)
      }
    })
    consoleBusy = run
    return run
  }

  return {
    engine: 'duckdb',
    synthetic: meta.synthetic === 'true',
    rows: Number(meta.rows),
    named,
    console: consoleQuery,
    close: () => instance.closeSync(),
  }
}

async function listen(options: ServeOptions, backend: Backend): Promise<{ close: () => Promise<void>; port: number }> {
  const catalogue = {
    engine: backend.engine,
    synthetic: backend.synthetic,
    rows: backend.rows,
    queries: QUERY_NAMES.map((name) => ({ name, params: QUERIES[name].params.describe(), example: QUERIES[name].example })),
  }
  const token = Buffer.from(options.token)

  function tokenOk(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? ''
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '')
    return given.length === token.length && timingSafeEqual(given, token)
  }

  async function body(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > MAX_BODY) throw new HttpError(413, 'request body too large')
      chunks.push(chunk)
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null')
    } catch {
      throw new HttpError(400, 'the body must be JSON')
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin
    if (origin !== undefined && !options.origins.includes(origin)) throw new HttpError(403, `origin not allowed: ${origin}`)
    if (origin) {
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('vary', 'Origin')
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' })
      res.end()
      return
    }
    if (!tokenOk(req)) throw new HttpError(401, 'missing or wrong token')
    const path = new URL(req.url ?? '/', 'http://server').pathname
    if (req.method === 'GET' && path === '/api/queries') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
      res.end(JSON.stringify(catalogue))
      return
    }
    let bytes: Uint8Array
    if (req.method === 'POST' && path.startsWith('/api/q/')) bytes = await backend.named(decodeURIComponent(path.slice('/api/q/'.length)), await body(req))
    else if (req.method === 'POST' && path === '/api/console') bytes = await backend.console(((await body(req)) as { sql?: unknown } | null)?.sql, req)
    else throw new HttpError(404, `no such endpoint: ${req.method} ${path}`)
    res.writeHead(200, { 'content-type': ARROW, 'cache-control': 'no-store', 'content-length': String(bytes.byteLength) })
    res.end(bytes)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof QueryTimeout ? 504 : 500
      const message = error instanceof Error ? error.message : String(error)
      if (res.headersSent) return res.destroy()
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
      res.end(JSON.stringify({ error: message }))
    })
  })
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(options.port, options.host ?? '127.0.0.1', () => ok())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return {
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => {
          backend.close()
          ok()
        })
        server.closeAllConnections()
      }),
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      origin: { type: 'string', multiple: true },
      memory: { type: 'string' },
      'timeout-ms': { type: 'string' },
      threads: { type: 'string' },
      clickhouse: { type: 'string' },
      'clickhouse-user': { type: 'string' },
    },
  })
  if ((!values.db && !values.clickhouse) || values.port === undefined || !values.token || !values.origin?.length) {
    console.error('usage: npm run -s engine:serve -- (--db FILE | --clickhouse http://HOST:8123/ [--clickhouse-user U]) --port N --token T --origin URL [--origin URL…] [--host H] [--memory 2GB] [--timeout-ms 10000] [--threads N]')
    console.error('       (ClickHouse password from the environment: CLICKHOUSE_PASSWORD)')
    process.exit(2)
  }
  const started = await serve({
    db: values.db ?? '',
    clickhouse: values.clickhouse
      ? clickhouseHttp(values.clickhouse, {
          user: values['clickhouse-user'],
          password: process.env.CLICKHOUSE_PASSWORD,
          timeoutSeconds: values['timeout-ms'] ? Math.ceil(Number(values['timeout-ms']) / 1000) : 10,
        })
      : undefined,
    port: Number(values.port),
    host: values.host,
    token: values.token,
    origins: values.origin.map((o) => new URL(o).origin),
    memoryLimit: values.memory,
    timeoutMs: values['timeout-ms'] ? Number(values['timeout-ms']) : undefined,
    threads: values.threads ? Number(values.threads) : undefined,
  })
  // one line a caller can wait for (tests and the bench read the port from it)
  console.log(`engine listening on http://${values.host ?? '127.0.0.1'}:${started.port}/api/`)
  const stop = () => void started.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
