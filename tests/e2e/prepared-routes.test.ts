/**
 * Every chart route's default view paints from answers prepared at build time, its first chart
 * drawn ahead of time, while DuckDB is still starting (its wasm held back here), and hands over to
 * the live engine without a change; a non-default URL, a narrow window or a browser holding the
 * user's own data is never shown a prepared answer or picture that is not its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { holdRequests, launch, openSession, type Session } from './harness'
import { PAGE_FAMILIES } from '../../src/types/data'

let browser: Browser

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const holdDuckDB = (session: Session) => holdRequests(session, '**/assets/duckdb-eh-*.wasm')
const holdECharts = (session: Session) => holdRequests(session, '**/assets/echarts-vue-*.js')
const DB_READY = '.db-status[data-state="ready"]'
const firstChart = (route: string) => (route === 'analysis' ? '[data-panel="trend"] .base-chart' : '.chart-card .base-chart')

describe.each([...PAGE_FAMILIES, 'analysis'])('#/%s in its default view', (route) => {
  it('shows its first chart drawn at build time before DuckDB or ECharts is up, then the live chart in its place', async () => {
    const session = await openSession(browser)
    const releaseDb = await holdDuckDB(session)
    const releaseCharts = await holdECharts(session)
    try {
      await session.page.goto(`${session.baseURL}/#/${route}`)
      const chart = session.page.locator(firstChart(route)).first()
      await chart.and(session.page.locator('[data-prerendered="true"]')).waitFor({ timeout: 30_000 })
      expect(await session.page.locator(DB_READY).count()).toBe(0)
      expect(await chart.getAttribute('data-rendered')).toBe('false')
      const texts = await chart.locator('.chart-picture svg text').allTextContents()
      expect(texts.some((t) => t.startsWith('来源'))).toBe(true)
      if (route !== 'analysis') {
        // the table beside it is from the same answers
        expect(await session.page.getByTestId('family-table').locator('tbody tr').count()).toBeGreaterThan(0)
      }
      // DuckDB up, the view asked again: the same answers, so the picture stays as it is
      releaseDb()
      await session.page.locator(DB_READY).waitFor({ state: 'attached', timeout: 30_000 })
      await session.page.waitForTimeout(300)
      expect(await chart.locator('.chart-picture svg').count()).toBe(1)
      releaseCharts()
      await chart.and(session.page.locator('[data-rendered="true"]')).waitFor({ timeout: 30_000 })
      expect(await chart.locator('.chart-picture').count()).toBe(0)
      expect(session.blocked).toEqual([])
      expect(session.consoleErrors).toEqual([])
    } finally {
      releaseDb()
      releaseCharts()
      await session.context.close()
    }
  })
})

describe('prepared answers are only for the pristine default view', () => {
  it('draws a family page from them on a phone too (ECharts, no picture of another width)', async () => {
    const session = await openSession(browser)
    const releaseDb = await holdDuckDB(session)
    try {
      await session.page.setViewportSize({ width: 390, height: 844 })
      await session.page.goto(`${session.baseURL}/#/online`)
      const chart = session.page.locator('.chart-card .base-chart').first()
      await chart.and(session.page.locator('[data-rendered="true"]')).waitFor({ timeout: 30_000 })
      expect(await chart.getAttribute('data-prerendered')).toBe('false')
      expect(await session.page.locator(DB_READY).count()).toBe(0)
      expect(session.consoleErrors).toEqual([])
    } finally {
      releaseDb()
      await session.context.close()
    }
  })

  it('waits for DuckDB on a URL with parameters of its own (another indicator)', async () => {
    const session = await openSession(browser)
    const releaseDb = await holdDuckDB(session)
    try {
      await session.page.goto(`${session.baseURL}/#/online`)
      const picker = session.page.getByTestId('metric-picker')
      await picker.waitFor({ timeout: 30_000 })
      const options = await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
      const shown = await picker.inputValue()
      const other = options.find((o) => o !== shown) as string
      expect(other).toBeTruthy()
      await session.page.goto(`${session.baseURL}/#/online?metric=${encodeURIComponent(other)}`)
      await session.page.reload()
      await session.page.getByTestId('skeleton').first().waitFor({ timeout: 30_000 })
      await session.page.waitForTimeout(1500)
      expect(await session.page.locator('.chart-card').count()).toBe(0)
      expect(await session.page.locator('.base-chart').count()).toBe(0)
      releaseDb()
      await session.page.locator(`.chart-card[data-metric="${other}"] .base-chart[data-rendered="true"]`).first().waitFor({ timeout: 30_000 })
      expect(session.consoleErrors).toEqual([])
    } finally {
      releaseDb()
      await session.context.close()
    }
  })

  it('is not shown to a browser that keeps data of the user’s own (a saved import)', async () => {
    const session = await openSession(browser)
    const releaseDb = await holdDuckDB(session)
    try {
      // an import saved earlier (its content is never read here: DuckDB is held back)
      await session.page.goto(`${session.baseURL}/__none`)
      await session.page.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const request = indexedDB.open('gov-dashboard', 1)
            request.onupgradeneeded = () => request.result.createObjectStore('imports', { keyPath: 'id' })
            request.onsuccess = () => {
              const tx = request.result.transaction('imports', 'readwrite')
              tx.objectStore('imports').put({ id: 'saved-earlier' })
              tx.oncomplete = () => {
                request.result.close()
                resolve()
              }
              tx.onerror = () => reject(tx.error)
            }
            request.onerror = () => reject(request.error)
          }),
      )
      for (const route of ['online', 'overview']) {
        await session.page.goto(`${session.baseURL}/#/${route}`)
        await session.page.getByTestId('skeleton').first().waitFor({ timeout: 30_000 })
        await session.page.waitForTimeout(1500)
        expect(await session.page.locator('.base-chart').count(), route).toBe(0)
      }
    } finally {
      releaseDb()
      await session.context.close()
    }
  })
})
