import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { axeViolations, gotoRoute, launch, openSession, type Session } from './harness'
import { expectedChartRows, metrics, observations, sources } from './expected'
import { formatValue } from '../../src/charts/format'
import { PAGE_FAMILIES } from '../../src/types/data'

let browser: Browser

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

async function chartTexts(session: Session): Promise<string[]> {
  await session.page.waitForSelector('.base-chart svg text')
  return session.page.$$eval('.base-chart svg text', (nodes) => nodes.map((n) => n.textContent ?? ''))
}

async function expectClean(session: Session) {
  expect(session.blocked, 'requests that left the origin').toEqual([])
  expect(session.consoleErrors, 'console errors').toEqual([])
  const serious = (await axeViolations(session.page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious, JSON.stringify(serious, null, 1)).toEqual([])
}

describe.each(PAGE_FAMILIES)('family page /%s', (family) => {
  it('charts the figures of its default indicator from data/, with sources, offline and accessible', async () => {
    const session = await openSession(browser)
    try {
      await gotoRoute(session, `/${family}`)
      const card = session.page.locator('.chart-card')
      await card.waitFor()
      const metricId = (await card.getAttribute('data-metric')) as string
      const metric = metrics.find((m) => m.id === metricId)
      expect(metric?.family).toBe(family)

      // every figure of the indicator is in the table, with its source
      const expected = observations.filter((o) => o.metric === metricId)
      const tableRows = await session.page.$$eval('[data-testid="family-table"] tbody tr', (trs) =>
        trs.map((tr) => ({ region: tr.getAttribute('data-region'), year: tr.getAttribute('data-year'), value: tr.getAttribute('data-value') })),
      )
      expect(tableRows.length).toBe(expected.length)
      for (const o of expected) expect(tableRows).toContainEqual({ region: o.region_code, year: o.year, value: String(Number(o.value)) })

      // and the chart labels each bar with the value in Chinese units
      const texts = await chartTexts(session)
      const shown = expectedChartRows(metricId)
      expect(shown.length).toBeGreaterThan(0)
      for (const row of shown) {
        const label = formatValue(row.value, metric?.unit as string, 'zh-CN', metricId)
        expect(texts.some((t) => t.includes(label)), `${row.region_zh} ${row.year} ${label} in ${texts.join('|')}`).toBe(true)
        expect(texts).toContain(row.region_zh)
      }

      // the footnote names every source behind the bars
      const footnote = await session.page.getByTestId('footnote').textContent()
      for (const id of new Set(shown.map((r) => r.source_id))) expect(footnote).toContain(id)

      await expectClean(session)
    } finally {
      await session.context.close()
    }
  })
})

describe('sources page', () => {
  it('lists every source with its publisher, period and caveats', async () => {
    const session = await openSession(browser)
    try {
      await gotoRoute(session, '/sources')
      const rows = session.page.locator('[data-testid="sources-table"] tbody tr')
      await rows.first().waitFor()
      expect(await rows.count()).toBe(sources.length)
      for (const source of sources) {
        const row = session.page.locator(`tr[data-source="${source.id}"]`)
        const text = await row.textContent()
        expect(text).toContain(source.publisher_zh)
        expect(text).toContain(`${source.period_start} – ${source.period_end}`)
        const partial = !source.period_start?.endsWith('-01-01') || !source.period_end?.endsWith('-12-31')
        expect(text?.includes('非全年'), `${source.id} partial-year caveat`).toBe(partial)
        expect(text?.includes('部门报告'), `${source.id} bureau caveat`).toBe(source.scope === 'bureau')
      }
      await expectClean(session)
    } finally {
      await session.context.close()
    }
  })
})
