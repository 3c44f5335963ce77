/**
 * The ClickHouse dialect (issue #19): every named query of the registry, in ClickHouse's SQL, on chdb
 * (ClickHouse embedded) over data/, answers with the same rows as duckdb-wasm (the page's engine) over
 * the same files. Its own command, `npm run test:clickhouse`, installs chdb (≈ 550 MB) first; the
 * default suite does not carry it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../../scripts/engine/serve'
import { httpConnector } from '../../src/db/http'
import { ServerError } from '../../src/db/connector'
import { tableRows } from '../../src/db/connector'
import { QUERIES, QUERY_NAMES, sqlFor, type QueryName } from '../../src/queries/registry'
import { toClickHouse } from '../../src/queries/dialect'
import { openContractDb, DATA_DIR, type Connection } from '../../scripts/lib/duckdb-node'
import { clickhouseEmbedded, csvFilesIn, loadContractTables, runNamed, type ClickHouseRunner } from '../../scripts/engine/clickhouse'

let ch: ClickHouseRunner
let wasm: Connection

beforeAll(async () => {
  ch = clickhouseEmbedded()
  await loadContractTables(ch, csvFilesIn(DATA_DIR))
  wasm = await openContractDb()
}, 120_000)

afterAll(() => ch?.close())

function wasmRows(name: string, params: unknown): Record<string, unknown>[] {
  const q = sqlFor(name, params)
  const statement = wasm.prepare(q.sql)
  try {
    return tableRows(statement.query(...q.params))
  } finally {
    statement.close()
  }
}

/** Numbers as both engines may sum them (last bits), 64-bit integers as numbers. */
function plain(rows: Record<string, unknown>[]): unknown[] {
  return JSON.parse(JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v))) as unknown[]
}

function cases(): { name: QueryName; params: unknown }[] {
  const list: { name: QueryName; params: unknown }[] = QUERY_NAMES.map((name) => ({ name, params: QUERIES[name].example }))
  for (const params of QUERIES.rankableMetrics.precompute ?? []) list.push({ name: 'rankableMetrics', params })
  list.push(
    { name: 'ranking', params: { level: 'county', province: '530000', metric: 'disclosure.req_total', year: 2024, direction: 'neutral' } },
    { name: 'ranking', params: { ...QUERIES.ranking.example, latest: true } },
    { name: 'composite', params: { ...QUERIES.composite.example, normalisation: 'zscore', missing: 'exclude' } },
    { name: 'composite', params: { ...QUERIES.composite.example, normalisation: 'rank', missing: 'zero' } },
  )
  return list
}

describe('the dialect', () => {
  it('binds every ? as a typed ClickHouse parameter, never inside a string', () => {
    expect(toClickHouse({ sql: "SELECT ? AS a, '?' AS b, ? AS c, ? AS d", params: ['x', 2, 2.5] })).toEqual({
      sql: "SELECT {p0:String} AS a, '?' AS b, {p1:Int64} AS c, {p2:Float64} AS d",
      params: { p0: 'x', p1: 2, p2: 2.5 },
    })
    expect(() => toClickHouse({ sql: 'SELECT ?', params: [] })).toThrow()
  })
})

describe('ClickHouse answers every named query as DuckDB does', () => {
  it.each(cases().map((c) => [c.name, JSON.stringify(c.params).slice(0, 90), c] as const))('%s %s', async (_n, _l, { name, params }) => {
    const fromClickHouse = tableRows<Record<string, unknown>>(await runNamed(ch, name, params))
    const fromDuckDb = wasmRows(name, params)
    expect(plain(fromClickHouse)).toEqual(plain(fromDuckDb))
  })

  it('a region without a figure comes last as 无数据, not first with rank 0', async () => {
    const catalogue = tableRows<{ id: string; latest_year: number | null; best_year_regions: number }>(await runNamed(ch, 'rankableMetrics', { level: 'prefecture', province: null }))
    const metric = catalogue.find((m) => m.latest_year !== null && m.best_year_regions >= 3)
    expect(metric).toBeDefined()
    const params = { level: 'prefecture', province: null, metric: metric?.id, year: metric?.latest_year, direction: 'higher' }
    const rows = tableRows<{ value: number | null; rank: number | null }>(await runNamed(ch, 'ranking', params))
    expect(plain(rows)).toEqual(plain(wasmRows('ranking', params)))
    const firstMissing = rows.findIndex((r) => r.value === null)
    expect(firstMissing).toBeGreaterThan(0)
    expect(rows.slice(firstMissing).every((r) => r.value === null && r.rank === null)).toBe(true)
  })
})

describe('engine:serve with ClickHouse behind it', () => {
  it('answers the named queries as the page asks them, and offers no console', async () => {
    const origin = 'http://127.0.0.1:4173'
    const server = await serve({ db: '', clickhouse: ch, port: 0, token: 'ch-token', origins: [origin] })
    // the page's connector, with the Origin a browser would send
    const saved = globalThis.fetch
    globalThis.fetch = (input, init) => saved(input, { ...init, headers: { ...(init?.headers as Record<string, string>), origin } })
    try {
      const http = httpConnector({ url: new URL(`http://127.0.0.1:${server.port}/api/`), token: 'ch-token' })
      for (const name of ['ranking', 'composite', 'analysisPage'] as const) {
        expect(plain(await http.rows(name, QUERIES[name].example))).toEqual(plain(wasmRows(name, QUERIES[name].example)))
      }
      await expect(http.console('SELECT 1')).rejects.toSatisfy((e: unknown) => e instanceof ServerError && e.status === 501)
    } finally {
      globalThis.fetch = saved
      await server.close() // the last test of the file: closing the runner too is what afterAll does anyway

    }
  })
})
