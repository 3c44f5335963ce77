/**
 * The dashboard on the server engine (issue #19), as a deployment runs it: the production build and
 * engine.json on one origin, /api/ proxied to `engine:serve` over a database of 模拟数据 that
 * engine:load built (a hundred regions: more prefectures than a ranking chart draws one by one). The
 * header says which engine answers; the overview ranks the server's rows; a scope this large is drawn
 * as its leaders and laggards with the gap counted, and the reader can ask for every region.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { load } from '../../scripts/engine/load'
import { spawnServer, type SpawnedServer } from '../../scripts/engine/spawn'
import { sameOriginProxy } from '../../scripts/engine/proxy'
import { startStaticServer } from '../../scripts/lib/static-server.mjs'
import { ENDS } from '../../src/charts/options/ranking-bar'
import { launch, openSession, openTable, type Session } from './harness'

const TOKEN = 'e2e-token-0123456789'
const dir = mkdtempSync(join(tmpdir(), 'engine-e2e-'))
const file = join(dir, 'engine.duckdb')
let browser: Browser
let engine: SpawnedServer | null = null
let proxy: { server: Server; origin: string } | null = null
let site: Awaited<ReturnType<typeof startStaticServer>> | null = null

beforeAll(async () => {
  // 200 metrics × 10 years a region: 100 regions, of which the 60 made up are prefectures
  await load({ db: file, synthetic: 200_000, quiet: true })
  site = await startStaticServer({
    root: 'dist',
    brotliQuality: 5,
    routes: { '/engine.json': { body: JSON.stringify({ engine: 'server', url: '/api/', token: TOKEN }), type: 'application/json; charset=utf-8' } },
  })
  const target: { api: URL | null } = { api: null }
  proxy = await sameOriginProxy(new URL(site.url), () => target.api)
  engine = await spawnServer({ db: file, token: TOKEN, origins: [proxy.origin] })
  target.api = new URL(engine.url)
  browser = await launch()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await engine?.stop()
  proxy?.server.close()
  await site?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The prefectures with a figure for this indicator and year, counted by DuckDB native in the server's file. */
async function prefecturesWithFigure(metric: string, year: number): Promise<number> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' })
  const conn = await instance.connect()
  try {
    const reader = await conn.runAndReadAll(
      `SELECT count(DISTINCT o.region_code) FROM observations o JOIN regions r ON r.code = o.region_code
       WHERE r.level = 'prefecture' AND o.metric = $1 AND o.year = $2 AND o.value IS NOT NULL`,
      [metric, year],
    )
    return Number(reader.getRows()[0]?.[0])
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

const chartTexts = (session: Session) => session.page.$$eval('[data-testid="ranking"] svg text', (ts) => ts.map((t) => t.textContent ?? ''))
const tableRegions = (session: Session) =>
  session.page.$$eval('[data-testid="ranking-table"] tbody tr', (trs) => trs.map((tr) => tr.querySelector('button')?.textContent?.trim() ?? ''))

describe('the dashboard on the server engine', () => {
  it('says the server answers, ranks its rows, and draws a large scope as its two ends until asked for all', async () => {
    const session = await openSession(browser, { baseURL: proxy?.origin })
    try {
      await session.page.goto(`${proxy?.origin}/#/overview`)
      await session.page.waitForSelector('.db-status[data-state="ready"]', { timeout: 60_000, state: 'attached' })
      await expect(session.page.getByTestId('engine-badge').textContent()).resolves.toContain('服务器')
      await session.page.locator('[data-testid="ranking"] .base-chart[data-rendered="true"]').waitFor({ timeout: 60_000 })

      const metric = await session.page.$eval('[data-testid="ranking-metric"]', (s) => (s as HTMLSelectElement).value)
      const year = Number(await session.page.$eval('[data-testid="ranking-year"]', (s) => (s as HTMLSelectElement).value))
      const count = await prefecturesWithFigure(metric, year)
      expect(count).toBeGreaterThan(2 * ENDS + 10)
      // the table lists every prefecture with a figure, as the server's file holds them
      await openTable(session.page, 'ranking-table')
      const listed = await tableRegions(session)
      expect(listed).toHaveLength(count)

      // the chart: the first and last ENDS of the table, one line for those between, and a note saying so
      const skipped = `中间 ${count - 2 * ENDS} 个地区从略`
      await expect.poll(async () => (await chartTexts(session)).join('|')).toContain(skipped)
      const texts = await chartTexts(session)
      for (const name of [...listed.slice(0, ENDS), ...listed.slice(-ENDS)]) expect(texts, name).toContain(name)
      for (const name of listed.slice(ENDS, -ENDS)) expect(texts, name).not.toContain(name)
      expect(texts.join('')).toContain(`共 ${count} 个地区，图中只画前 ${ENDS} 名和后 ${ENDS} 名`)

      // every region, when asked; and back
      const toggle = session.page.getByTestId('ranking-all')
      await expect(toggle.textContent()).resolves.toContain(`图中显示全部 ${count} 个地区`)
      await toggle.click()
      await expect.poll(async () => (await chartTexts(session)).join('|')).not.toContain(skipped)
      const all = await chartTexts(session)
      for (const name of listed) expect(all, name).toContain(name)
      await toggle.click()
      await expect.poll(async () => (await chartTexts(session)).join('|')).toContain(skipped)

      // the region picked in the table keeps its bar between the two ends
      const middle = listed[Math.floor(count / 2)] as string
      await session.page.locator('[data-testid="ranking-table"] tbody tr button', { hasText: middle }).first().click()
      await expect.poll(async () => await chartTexts(session)).toContain(middle)
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })
})
