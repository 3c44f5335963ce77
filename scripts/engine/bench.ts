/**
 * The server engine's bench (issue #19's budgets), apart from `npm run bench` because it needs a
 * database of 100 million rows (built once, ≈ 2 GB, kept in .bench/ for the next run):
 *
 *   npm run -s bench:server -- [--rows 100000000] [--runs 7] [--db .bench/engine-100m.duckdb]
 *                              [--dist dist] [--no-browser] [--json]
 *
 *   server_ranking_100m_ms       the overview's ranking (a few hundred prefectures) on the server's
 *                                DuckDB, in process, prepared as the server prepares it: the query's
 *                                own time (budget ≤ 200 ms)
 *   server_roundtrip_ms          the same ranking asked over HTTP (POST /api/q/ranking) by the page's
 *                                own HTTP connector in Node, until its Arrow answer is decoded
 *                                (budget ≤ 2× the query's own time)
 *   interaction_server_100m_ms   the overview in Chromium, engine.json pointing at the server
 *                                through a same-origin /api/ proxy (as a deployment's reverse proxy
 *                                does): the indicator changed, until the last chart is redrawn
 *
 * Medians of --runs samples, with min–max, each figure's ratio to its floor and PASS/FAIL against
 * its budget. The rows are 模拟数据 (engine:load --synthetic), never real figures.
 */
import { parseArgs } from 'node:util'
import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { execFileSync } from 'node:child_process'
import { chromium } from 'playwright-core'
import { DuckDBInstance } from '@duckdb/node-api'
import { sqlFor } from '../../src/queries/registry'
import { httpConnector } from '../../src/db/http'
import { startStaticServer } from '../lib/static-server.mjs'
import { pageInteract, pageSettled } from '../lib/bench-page.mjs'
import { bindable, openReadOnly } from './db'
import { FORMAT, load, META_TABLE } from './load'
import { spawnServer } from './spawn'
import { sameOriginProxy } from './proxy'

const ROOT = resolve(import.meta.dirname, '../..')
const { values: opts } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000000' },
    runs: { type: 'string', default: '7' },
    db: { type: 'string', default: '.bench/engine-100m.duckdb' },
    dist: { type: 'string', default: 'dist' },
    'no-browser': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
})
const ROWS = Number(opts.rows)
const RUNS = Number(opts.runs)
if (!Number.isInteger(ROWS) || ROWS < 1000) throw new Error('--rows: a whole number ≥ 1000')
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs: a positive whole number')
const DB = resolve(ROOT, opts.db)
const DIST = resolve(ROOT, opts.dist)
const TOKEN = 'bench-token'
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic']
const log = (text: string) => console.error(text)

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

/** The database of ROWS synthetic rows, built unless one of that size is there already. */
async function ensureDb(): Promise<void> {
  if (existsSync(DB)) {
    const instance = await DuckDBInstance.create(DB, { access_mode: 'READ_ONLY' })
    const conn = await instance.connect()
    try {
      const meta = Object.fromEntries((await conn.runAndReadAll(`SELECT key, value FROM ${META_TABLE}`)).getRows()) as Record<string, string | undefined>
      if (Number(meta.rows) === ROWS && meta.format === FORMAT) return log(`${DB}: ${ROWS} rows, reused`)
    } catch {
      // not one of ours: built again below
    } finally {
      conn.closeSync()
      instance.closeSync()
    }
  }
  mkdirSync(resolve(DB, '..'), { recursive: true })
  const started = performance.now()
  await load({ db: DB, synthetic: ROWS })
  log(`built ${DB} in ${Math.round((performance.now() - started) / 1000)} s`)
}

/** A ranking of the few hundred prefectures for one indicator and year, as the overview asks it. */
const RANKING = { level: 'prefecture', province: null, metric: 'online.items_online_pct', year: 2023, direction: 'higher' } as const

async function queryFloor(): Promise<{ samples: number[]; rows: number }> {
  const instance = await openReadOnly(DB, { memoryLimit: '4GB' })
  const conn = await instance.connect()
  try {
    const q = sqlFor('ranking', RANKING)
    const statement = await conn.prepare(q.sql)
    statement.bind(bindable(q.params))
    let rows = 0
    const samples: number[] = []
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now()
      rows = (await statement.runAndReadAll()).getRows().length
      if (i > 0) samples.push(performance.now() - t0) // the first warms the cache, as a server's first query does
    }
    return { samples, rows }
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

async function overHttp(apiUrl: string, origin: string): Promise<{ samples: number[]; rows: number }> {
  const connector = httpConnector({ url: new URL(apiUrl), token: TOKEN })
  // Node's fetch sends no Origin of its own; the server wants an allowed one, as from the page
  const saved = globalThis.fetch
  const fetchWithOrigin: typeof fetch = (input, init) => saved(input, { ...init, headers: { ...(init?.headers as Record<string, string>), origin } })
  globalThis.fetch = fetchWithOrigin
  try {
    await connector.start()
    let rows = 0
    const samples: number[] = []
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now()
      rows = (await connector.run('ranking', RANKING)).numRows
      if (i > 0) samples.push(performance.now() - t0)
    }
    return { samples, rows }
  } finally {
    globalThis.fetch = saved
  }
}

async function interactionsInBrowser(origin: string): Promise<{ samples: number[]; problems: string[] }> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
  const problems: string[] = []
  const samples: number[] = []
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`${origin}/#/overview`)
    const settled = await page.evaluate(pageSettled, { quiet: 500, timeout: 120_000, needChart: true, needDuckdb: false, need: ['.db-status[data-state="ready"]'] })
    if (!settled.ok) problems.push(`#/overview: ${settled.reason}`)
    const badge = await page.getByTestId('engine-badge').textContent().catch(() => '')
    if (!/服务器|Server/.test(badge ?? '')) problems.push(`the header says ${JSON.stringify(badge)}, not the server engine`)
    const selector = '[data-testid="ranking-metric"]'
    const options = await page.$$eval(`${selector} option`, (os) => os.map((o) => (o as HTMLOptionElement).value))
    if (options.length < 2) problems.push(`${selector}: ${options.length} option(s), nothing to change`)
    for (let i = 0; i < RUNS && options.length >= 2; i++) {
      const current = await page.$eval(selector, (s) => (s as HTMLSelectElement).value)
      const next = options[(options.indexOf(current) + 1 + i) % options.length] as string
      const r = await page.evaluate(pageInteract, { selector, value: next === current ? (options[0] as string) : next, quiet: 300, timeout: 30_000 })
      if (r.ok) samples.push(r.ms)
      else problems.push(r.reason)
    }
  } finally {
    await browser.close()
  }
  return { samples, problems }
}

function row(name: string, samples: number[], floor: { name: string; value: number } | null, budget: string, pass: boolean | null) {
  const m = median(samples)
  const range = samples.length ? `${Math.round(Math.min(...samples))}–${Math.round(Math.max(...samples))}` : '—'
  const ratio = floor && floor.value > 0 ? `${(m / floor.value).toFixed(1)}× ${floor.name}` : '—'
  return { name, median: Math.round(m * 10) / 10, range, ratio, budget, verdict: pass === null ? '—' : pass ? 'PASS' : 'FAIL' }
}

await ensureDb()
const floor = await queryFloor()
log(`ranking: ${floor.rows} rows`)
const proxyTarget: { api: URL | null } = { api: null }
let staticServer: Awaited<ReturnType<typeof startStaticServer>> | null = null
if (!opts['no-browser']) {
  if (!existsSync(resolve(DIST, 'index.html'))) execFileSync('npx', ['vite', 'build', '--outDir', DIST], { cwd: ROOT, stdio: 'inherit' })
  staticServer = await startStaticServer({
    root: DIST,
    routes: { '/engine.json': { body: JSON.stringify({ engine: 'server', url: '/api/', token: TOKEN }), type: 'application/json; charset=utf-8' } },
  })
}
const proxy = await sameOriginProxy(new URL(staticServer?.url ?? 'http://127.0.0.1:9/'), () => proxyTarget.api)
const engine = await spawnServer({ db: DB, token: TOKEN, origins: [proxy.origin], memory: '4GB' })
proxyTarget.api = new URL(engine.url)
const results: ReturnType<typeof row>[] = []
const problems: string[] = []
try {
  const http = await overHttp(engine.url, proxy.origin)
  if (http.rows !== floor.rows) problems.push(`the server answered ${http.rows} rows, the engine in process ${floor.rows}`)
  const q = median(floor.samples)
  results.push(row('server_ranking_100m_ms', floor.samples, null, '≤ 200', q <= 200))
  results.push(row('server_roundtrip_ms', http.samples, { name: 'server_ranking_100m_ms', value: q }, '≤ 2× server_ranking_100m_ms', median(http.samples) <= 2 * q))
  if (staticServer) {
    const browser = await interactionsInBrowser(proxy.origin)
    problems.push(...browser.problems)
    results.push(row('interaction_server_100m_ms', browser.samples, { name: 'server_ranking_100m_ms', value: median(http.samples) }, '≤ 150', browser.samples.length ? median(browser.samples) <= 150 : false))
  }
} finally {
  await engine.stop()
  proxy.server.close()
  await staticServer?.close()
}

console.log(`server engine bench: ${ROWS} rows of 模拟数据, ${RUNS} runs, ${new Date().toISOString()}`)
console.log('| figure | median (min–max) | ratio | budget | |')
console.log('|---|---|---|---|---|')
for (const r of results) console.log(`| \`${r.name}\` | ${r.median} (${r.range}) | ${r.ratio} | ${r.budget} | ${r.verdict} |`)
for (const p of problems) console.log(`problem: ${p}`)
if (opts.json) console.log(JSON.stringify({ rows: ROWS, runs: RUNS, results, problems }))
