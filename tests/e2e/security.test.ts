/**
 * Nothing leaves the page (issue #15): DuckDB, locked down before it reads any data, refuses a
 * URL named in the SQL console before any request is made; and the page's Content-Security-Policy
 * comes as a response header, on the page and on every worker script (a <meta> policy does not
 * reach workers), from the server `npm start` runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http'
import { readdirSync } from 'node:fs'
import { gotoRoute, launch, openSession } from './harness'

let browser: Browser
let counter: Server
let counterOrigin = ''
const received: string[] = []

beforeAll(async () => {
  browser = await launch()
  // a second local server, which would answer anything asked of it, and counts what it is asked
  counter = createServer((req, res) => {
    received.push(`${req.method} ${req.url}`)
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Access-Control-Allow-Origin': '*' }).end('a,b\n1,2\n')
  })
  await new Promise<void>((done) => counter.listen(0, '127.0.0.1', done))
  const address = counter.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  counterOrigin = `http://127.0.0.1:${address.port}`
})
afterAll(async () => {
  await browser?.close()
  await new Promise((done) => counter?.close(done))
})

/** One GET from Node, with the given Accept-Encoding; the body is not decoded. */
function getHeaders(url: string, acceptEncoding: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
    }).on('error', reject)
  })
}

describe('nothing leaves the page', () => {
  it('the SQL console cannot reach a URL: DuckDB refuses before any request, said in Chinese', async () => {
    const session = await openSession(browser)
    const { page } = session
    // let the page reach the counting server if it tried (the harness aborts other origins)
    await session.context.route(`${counterOrigin}/**`, (route) => route.continue())
    try {
      await gotoRoute(session, '/analysis')
      const input = page.getByTestId('console-input')
      const error = page.getByTestId('console-error')
      for (const sql of [
        `SELECT * FROM read_csv('${counterOrigin}/x.csv')`,
        `SELECT * FROM '${counterOrigin}/y.csv'`,
        `SELECT * FROM read_text('${counterOrigin}/z.txt')`,
      ]) {
        await input.fill(sql)
        await page.getByTestId('console-run').click()
        await expect(error.textContent(), sql).resolves.toContain('不能读取网址或文件')
        // DuckDB's own words, kept for the curious: a refusal by configuration, not a failed request
        await expect(error.getAttribute('title'), sql).resolves.toMatch(/Permission Error.*disabled by configuration/)
      }
      // this build has no Parquet reader in DuckDB (the import worker reads Parquet), and it is never fetched
      await input.fill(`SELECT * FROM read_parquet('${counterOrigin}/z.parquet')`)
      await page.getByTestId('console-run').click()
      await expect(error.textContent()).resolves.toMatch(/查询出错.*read_parquet/)
      await input.fill(`ATTACH '${counterOrigin}/w.db' AS w`)
      await page.getByTestId('console-run').click()
      await expect(error.textContent()).resolves.toContain('不能运行“attach”')

      // the console still answers from the page's own data
      await input.fill('SELECT count(*) AS n FROM regions')
      await page.getByTestId('console-run').click()
      await page.getByTestId('console-result').waitFor()

      expect(received).toEqual([])
      expect(session.blocked).toEqual([])
      expect(session.consoleErrors).toEqual([])
      // and the counting server does count (a request from here, not from the page)
      await getHeaders(`${counterOrigin}/ping`, 'identity')
      expect(received).toEqual(['GET /ping'])
    } finally {
      await session.context.close()
    }
  }, 120_000)

  it('the page and every worker script carry the page\'s CSP as a header, compressed and cached', async () => {
    const session = await openSession(browser)
    const { page, baseURL } = session
    try {
      const response = await page.goto(`${baseURL}/#/overview`)
      const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
      expect(meta).toMatch(/default-src 'self'/)
      expect(response?.headers()['content-security-policy']).toBe(meta)

      const workers = readdirSync('dist/assets').filter((name) => /\.worker\b.*\.m?js$/.test(name))
      for (const kind of [/^duckdb-browser-eh\.worker-/, /^import\.worker-/]) expect(workers.some((name) => kind.test(name)), String(kind)).toBe(true)
      for (const name of workers) {
        const url = `${baseURL}/assets/${name}`
        const br = await getHeaders(url, 'gzip, deflate, br')
        expect(br.status, name).toBe(200)
        expect(br.headers['content-security-policy'], name).toBe(meta)
        expect(br.headers['content-type'], name).toMatch(/^text\/javascript/)
        expect(br.headers['content-encoding'], name).toBe('br')
        expect(br.headers['cache-control'], name).toBe('public, max-age=31536000, immutable')
        const gzip = await getHeaders(url, 'gzip')
        expect(gzip.headers['content-encoding'], name).toBe('gzip')
        expect(gzip.headers['content-security-policy'], name).toBe(meta)
        const plain = await getHeaders(url, 'identity')
        expect(plain.headers['content-encoding'], name).toBeUndefined()
      }
      const index = await getHeaders(`${baseURL}/`, 'br')
      expect(index.headers['content-security-policy']).toBe(meta)
      expect(index.headers['cache-control']).toBe('no-cache')

      // and the workers run under it: a fetch to another origin, from inside each, is refused by
      // connect-src (without the header a worker has no policy, and the counting server would answer)
      await session.context.route(`${counterOrigin}/**`, (route) => route.continue())
      await gotoRoute(session, '/data')
      const started = async () => page.workers().map((w) => w.url().split('/').pop() ?? '')
      await expect.poll(started, { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^import\.worker-/), expect.stringMatching(/^duckdb-browser-eh\.worker-/)]))
      const before = received.length
      for (const worker of page.workers()) {
        const outcome = await worker.evaluate((url) => fetch(url).then(() => 'fetched', (error: Error) => `refused: ${error.message}`), `${counterOrigin}/from-worker`)
        expect(outcome, worker.url()).toMatch(/^refused/)
      }
      expect(received.length).toBe(before)
    } finally {
      await session.context.close()
    }
  }, 120_000)
})
