/**
 * The two engines answer alike: 1M rows of 模拟数据 built by engine:load, the server started as its own
 * process on 127.0.0.1, and every named query of the registry run through the HTTP connector and on
 * duckdb-wasm (the page's engine, its Node bundle) over the same rows: the same rows back. Then
 * each refusal the server owes: unknown name, bad parameters, token, origin, the console's guard,
 * files and URLs (no request made), the per-query timeout. The server is stopped by its PID.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer } from 'node:http'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { load } from '../../scripts/engine/load'
import { spawnServer, type SpawnedServer } from '../../scripts/engine/spawn'
import { openDb, type Connection } from '../../scripts/lib/duckdb-node'
import { httpConnector } from '../../src/db/http'
import { ServerError, tableRows, type Connector } from '../../src/db/connector'
import { buildLoadTableSql, CONTRACT_TABLES } from '../../src/queries/build-load-sql'
import { precomputeSets, QUERIES, QUERY_NAMES, sqlFor, type QueryName } from '../../src/queries/registry'
import { quoteIdent, quoteLiteral } from '../../src/queries/sql'
import { wrapConsoleSql } from '../../src/queries/console-sql'
import { HEADLINE_SERIES_METRICS } from '../../src/queries/headline'
import { PRECOMPUTED_KEYS } from '../../scripts/engine/load'

const ROWS = 1_000_000
const TOKEN = 'test-token-0123456789'
const ORIGIN = 'http://127.0.0.1:4173'
const dir = mkdtempSync(join(tmpdir(), 'engine-test-'))
const file = join(dir, 'engine.duckdb')
let server: SpawnedServer
let http: Connector
let wasm: Connection

beforeAll(async () => {
  await load({ db: file, synthetic: ROWS, quiet: true })
  // the same rows for duckdb-wasm: the tables as Parquet, written by DuckDB native before the server opens the file
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
  const native = await instance.connect()
  for (const table of CONTRACT_TABLES) await native.run(`COPY ${quoteIdent(table)} TO ${quoteLiteral(join(dir, `${table}.csv`))} (FORMAT csv, HEADER true)`)
  native.closeSync()
  instance.closeSync()
  const [spawned, opened] = await Promise.all([spawnServer({ db: file, token: TOKEN, origins: [ORIGIN], timeoutMs: 3000 }), openDb()])
  server = spawned
  wasm = opened.conn
  for (const table of CONTRACT_TABLES) {
    opened.db.registerFileBuffer(`${table}.csv`, new Uint8Array(readFileSync(join(dir, `${table}.csv`))))
    wasm.query(buildLoadTableSql(table, `${table}.csv`))
  }
  http = httpConnector({ url: new URL(server.url), token: TOKEN })
}, 120_000)

afterAll(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

function wasmRows(name: string, params: unknown): unknown[] {
  const q = sqlFor(name, params)
  const statement = wasm.prepare(q.sql)
  try {
    return tableRows(statement.query(...q.params))
  } finally {
    statement.close()
  }
}

/** Sums over a million rows may differ in their last bits between two engines' orders of adding. */
function rounded(rows: unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(rows, (_, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v))) as unknown[]
}

/** Each query's example, and more parameter sets where a query has several shapes worth comparing. */
function cases(): { name: QueryName; params: unknown }[] {
  const list: { name: QueryName; params: unknown }[] = QUERY_NAMES.map((name) => ({ name, params: QUERIES[name].example }))
  // every answer engine:load computes ahead, read back by the server instead of running its query
  for (const name of QUERY_NAMES) for (const params of (QUERIES[name] as { precompute?: unknown[] }).precompute ?? []) list.push({ name, params })
  list.push(
    // read from the by_region layout (the examples too): a synthetic prefecture and a real one
    { name: 'regionSeries', params: { region: '53S0000002', metrics: HEADLINE_SERIES_METRICS } },
    { name: 'scopeSeries', params: { level: 'county', province: '520000', metrics: HEADLINE_SERIES_METRICS.slice(0, 4) } },
    { name: 'ranking', params: { level: 'county', province: '520000', metric: 'ontime.on_time_pct', year: 2024, direction: 'lower' } },
    { name: 'composite', params: { ...QUERIES.composite.example, normalisation: 'zscore', missing: 'exclude', province: '530000' } },
    { name: 'composite', params: { ...QUERIES.composite.example, normalisation: 'rank', missing: 'zero' } },
    { name: 'analysisPage', params: { ...QUERIES.analysisPage.example, sort: { column: 'region_zh', dir: 'asc' }, offset: 4000 } },
  )
  return list
}

describe('the server and the page answer every named query alike', () => {
  it('lists every name with its schema and a valid example', async () => {
    const response = await fetch(`${server.url}queries`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { synthetic: boolean; rows: number; queries: { name: string; params: { type: string }; example: unknown }[] }
    expect(body.synthetic).toBe(true)
    expect(body.rows).toBe(ROWS)
    expect(body.queries.map((q) => q.name)).toEqual(QUERY_NAMES)
    for (const q of body.queries) {
      expect(q.params.type, q.name).toBe('object')
      expect(() => QUERIES[q.name as QueryName].params.parse(q.example), q.name).not.toThrow()
    }
  })

  it.each(cases().map((c) => [c.name, JSON.stringify(c.params).slice(0, 80), c] as const))('%s %s', async (_name, _label, { name, params }) => {
    const fromServer = await http.rows(name, params)
    const fromPage = wasmRows(name, params)
    // the 模拟数据 has one development zone (in 520000): no catalogue of them (two are needed), few series
    const zone = (params as { level?: string }).level === 'zone'
    if (zone && name === 'rankableMetrics') expect(fromPage).toEqual([])
    else if (!zone) expect(fromServer.length, 'some rows').toBeGreaterThan(0)
    expect(rounded(fromServer)).toEqual(rounded(fromPage))
  })

  it('the default scope has every rankable indicator ranked ahead in its latest year, as the page ranks it', async () => {
    const derived = await precomputeSets('ranking', async (name, params) => wasmRows(name, params) as Record<string, unknown>[])
    const catalogue = wasmRows('rankableMetrics', { level: 'prefecture', province: null }) as { id: string; latest_year: number | null }[]
    expect(derived).toEqual(catalogue.filter((m) => m.latest_year !== null).map((m) => expect.objectContaining({ metric: m.id, year: m.latest_year, level: 'prefecture', province: null })))
    // the first, one from the middle and the last: read back by the server, run by the page
    for (const params of [derived[0], derived[derived.length >> 1], derived[derived.length - 1]]) {
      expect(rounded(await http.rows('ranking', params))).toEqual(rounded(wasmRows('ranking', params)))
    }
  })

  it('engine:load keeps a copy of the observations per layout and the answers the registry lists', async () => {
    const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
    const native = await instance.connect()
    try {
      const count = async (sql: string) => Number((await native.runAndReadAll(sql)).getRows()[0]?.[0])
      expect(await count('SELECT count(*) FROM by_region.observations')).toBe(ROWS)
      // in the layout's order: one region's rows together
      expect(await count('SELECT count(*) FROM (SELECT region_code, lag(region_code) OVER (ORDER BY rowid) AS prev FROM by_region.observations) WHERE region_code < prev')).toBe(0)
      let listed = 0
      for (const name of QUERY_NAMES) listed += (await precomputeSets(name, async (from, params) => wasmRows(from, params) as Record<string, unknown>[])).length
      expect(await count(`SELECT count(*) FROM ${PRECOMPUTED_KEYS}`)).toBe(listed)
    } finally {
      native.closeSync()
      instance.closeSync()
    }
  })

  it('the 模拟数据 say so: one source, its publisher 模拟数据', async () => {
    const sources = await http.rows<{ publisher_zh: string; observations: number }>('sources', {})
    expect(sources).toHaveLength(1)
    expect(sources[0]?.publisher_zh).toContain('模拟数据')
    expect(sources[0]?.observations).toBe(ROWS)
  })

  it('the console runs one SELECT through the same guard, on the server', async () => {
    const sql = wrapConsoleSql('SELECT metric, count(*) AS n FROM observations GROUP BY metric ORDER BY metric', 5000)
    const result = await http.console(sql)
    expect(result.columns).toEqual(['metric', 'n'])
    expect(result.rows.reduce((sum, r) => sum + (r.n as number), 0)).toBe(ROWS)
  })
})

describe('the server refuses', () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

  it('an unknown name: 404', async () => {
    expect((await post('q/dropEverything', {})).status).toBe(404)
  })

  it('parameters the schema refuses: 400, saying which', async () => {
    const cases = [
      { level: 'prefecture', province: null, metric: 'x', year: '2023', direction: 'higher' },
      { ...QUERIES.ranking.example, sql: 'SELECT 1' },
      { ...QUERIES.ranking.example, level: 'planet' },
      { level: 'prefecture', province: null },
    ]
    for (const params of cases) {
      const response = await post('q/ranking', params)
      expect(response.status, JSON.stringify(params)).toBe(400)
      expect(((await response.json()) as { error: string }).error).toMatch(/year|sql|level|metric/)
    }
    const weight = await post('q/composite', { ...QUERIES.composite.example, indicators: [{ metric: 'a', weight: -1 }] })
    expect(weight.status).toBe(400)
  })

  it('a missing or wrong token: 401', async () => {
    expect((await post('q/catalogMetrics', {}, {})).status).toBe(401)
    expect((await post('q/catalogMetrics', {}, { authorization: 'Bearer nope' })).status).toBe(401)
    expect((await fetch(`${server.url}queries`)).status).toBe(401)
  })

  it('an origin not allowed: 403; the allowed one gets its CORS header', async () => {
    expect((await post('q/catalogMetrics', {}, { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' })).status).toBe(403)
    const allowed = await post('q/catalogMetrics', {}, { authorization: `Bearer ${TOKEN}`, origin: ORIGIN })
    expect(allowed.status).toBe(200)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN)
  })

  it('a console statement that is not one read-only SELECT: 400', async () => {
    for (const sql of ['DROP TABLE observations', 'SELECT 1; SELECT 2', "COPY observations TO '/tmp/x.csv'", 'SET enable_external_access = true', "ATTACH ':memory:' AS x"]) {
      const response = await post('console', { sql })
      expect(response.status, sql).toBe(400)
    }
  })

  it('a query naming a file or a URL fails, and no request is made', async () => {
    let requests = 0
    const bait = createServer((_, res) => {
      requests++
      res.end('a,b\n1,2\n')
    })
    await new Promise<void>((ok) => bait.listen(0, '127.0.0.1', ok))
    const port = (bait.address() as { port: number }).port
    try {
      for (const sql of [
        `SELECT * FROM read_csv('http://127.0.0.1:${port}/x.csv')`,
        `SELECT * FROM 'http://127.0.0.1:${port}/y.parquet'`,
        "SELECT * FROM read_text('/etc/hostname')",
        `SELECT * FROM read_csv(${quoteLiteral(join(dir, 'regions.csv'))})`,
      ]) {
        const response = await post('console', { sql })
        expect(response.status, sql).toBe(400)
        expect(((await response.json()) as { error: string }).error, sql).toMatch(/disabled|Permission/i)
      }
      expect(requests).toBe(0)
    } finally {
      bait.close()
    }
  })

  it('a query past the per-query timeout is stopped: 504, and the server answers the next one', async () => {
    const response = await post('console', { sql: 'SELECT sum(a.range * b.range) FROM range(200000) AS a, range(200000) AS b' })
    expect(response.status).toBe(504)
    await expect(http.rows('catalogMetrics', {})).resolves.not.toHaveLength(0)
  }, 20_000)

  it('the HTTP connector says a server error as such', async () => {
    const wrong = httpConnector({ url: new URL(server.url), token: 'wrong' })
    await expect(wrong.rows('catalogMetrics', {})).rejects.toBeInstanceOf(ServerError)
    await expect(wrong.rows('catalogMetrics', {})).rejects.toThrow(/401/)
  })
})
