/**
 * Issue #18, on a phone: every page at 390 × 844 in both languages, with nothing to scroll sideways
 * and every chart's plot inside its box. One page per language, moving between routes in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { gotoRoute, launch, openSession, openTable } from './harness'
import { TIER_COLOURS } from '../../src/charts/tiers'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

// src/router.ts: the overview, the four families, then the tools
const ROUTES = ['/overview', '/online', '/ontime', '/trading', '/disclosure', '/analysis', '/data', '/reports', '/briefing', '/sources']

/** Scrolls down the page so that panels mounted on sight mount, then waits until every chart is drawn. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 700) {
      window.scrollTo(0, y)
      await new Promise((r) => setTimeout(r, 60))
    }
    window.scrollTo(0, 0)
  })
  // nothing still loading (a skeleton, a card or panel marked busy: its charts are yet to come, and
  // every() of no charts at all is true) and every chart drawn
  await page.waitForFunction(
    () => !document.querySelector('[aria-busy="true"]') && [...document.querySelectorAll('.base-chart')].every((c) => c.getAttribute('data-rendered') === 'true'),
    undefined,
    { timeout: 30_000 },
  )
}

interface Measured {
  scrollWidth: number
  clientWidth: number
  charts: { label: string; box: number; plot: number }[]
  text: string
}

function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    charts: [...document.querySelectorAll('.base-chart')].map((box) => ({
      label: box.getAttribute('aria-label') ?? '',
      box: box.clientWidth,
      plot: box.querySelector('svg')?.getBoundingClientRect().width ?? 0,
    })),
    text: document.body.innerText,
  }))
}

describe.each([
  ['zh-CN', false],
  ['en', true],
] as const)('on a phone (%s)', (_language, english) => {
  it('shows every page without sideways scrolling, each chart inside its box', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      await page.setViewportSize({ width: 390, height: 844 })
      if (english) await session.context.addInitScript(() => localStorage.setItem('dashboard.locale', 'en'))
      await gotoRoute(session, ROUTES[0] as string)
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(english ? 'en' : 'zh-CN')
      for (const route of ROUTES) {
        await page.goto(`${session.baseURL}/#${route}`)
        await page.locator('main h2, main h3').first().waitFor({ timeout: 30_000 })
        await settle(page)
        const m = await measure(page)
        expect(m.scrollWidth, `${route}: page wider than the screen`).toBeLessThanOrEqual(m.clientWidth)
        for (const chart of m.charts) {
          expect(chart.plot, `${route} ${chart.label}: drawn`).toBeGreaterThan(0)
          expect(chart.plot, `${route} ${chart.label}: plot wider than its box`).toBeLessThanOrEqual(chart.box)
        }
        if (english) expect(m.text, route).not.toMatch(/\b1 (regions|years|figures|rows|slides|reports|problems)\b/)
        if (route === '/overview') {
          // the ranking draws a bar for every region with a figure, long names and all
          await openTable(page, 'ranking-table')
          const ranked = await page.locator('[data-testid="ranking-table"] tbody tr').count()
          const bars = await page.$$eval(
            '[data-testid="ranking"] .base-chart svg path',
            (paths, colours) => paths.filter((p) => colours.includes(p.getAttribute('fill') ?? '') && p.getBoundingClientRect().width >= 1).length,
            Object.values(TIER_COLOURS),
          )
          expect(ranked).toBeGreaterThan(0)
          expect(bars).toBe(ranked)
        }
      }
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })
})
