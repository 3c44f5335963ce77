import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, gotoRoute, launch, openSession } from './harness'
import { observations, regions } from './expected'
import { generateObservations } from '../../src/synth/generate'
import { DEMO_SEED, DEMO_YEARS } from '../../src/synth/demo'
import { TIER_COLOURS } from '../../src/charts/tiers'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const yunnan = regions
  .filter((r) => r.level === 'prefecture' && r.code?.startsWith('53'))
  .map((r) => ({ code: r.code as string, level: 'prefecture' as const }))
  .sort((a, b) => (a.code < b.code ? -1 : 1))
const demo = generateObservations({ seed: DEMO_SEED, regions: yunnan, years: DEMO_YEARS })

async function tableCount(page: Page): Promise<number> {
  const heading = await page.locator('h3', { hasText: '观测数据' }).textContent()
  return Number(heading?.match(/（([\d,]+) 条）/)?.[1]?.replaceAll(',', ''))
}

/** Waits until the table heading shows this count (debounced loads settle). */
async function expectCount(page: Page, n: number) {
  await page.waitForFunction(
    (expected) => {
      const h = [...document.querySelectorAll('h3')].find((e) => e.textContent?.includes('观测数据'))
      return h?.textContent?.includes(`（${expected.toLocaleString()} 条）`)
    },
    n,
    { timeout: 15_000 },
  )
  expect(await tableCount(page)).toBe(n)
}

describe('analysis workbench', () => {
  it('cross-filters from a click on a year, highlights it as a chip, and undoes it', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      const picked = ['530100', '530300']
      await gotoRoute(session, `/analysis?dataset=demo&regions=${picked.join(',')}&metric=online.items_online_pct`)
      const inRegions = demo.filter((o) => picked.includes(o.region_code))
      await expectCount(page, inRegions.length)

      // click a year on the trend chart's axis (one the trend has a point for)
      const trendYears = [...new Set(inRegions.filter((o) => o.metric === 'online.items_online_pct').map((o) => o.year))].sort()
      const year = trendYears[Math.floor(trendYears.length / 2)] as number
      await page.locator('[data-panel="trend"] svg text', { hasText: new RegExp(`^${year}$`) }).first().click()
      await page.waitForURL(new RegExp(`fy=${year}`))
      await expectCount(page, inRegions.filter((o) => o.year === year).length)
      await expect(page.getByTestId('filter-chips').textContent()).resolves.toContain(`联动年份：${year}`)
      const years = await page.$$eval('[data-testid="observation-table"] .vt-row[data-year]', (rows) => [...new Set(rows.map((r) => r.getAttribute('data-year')))])
      expect(years).toEqual([String(year)])

      await page.getByTestId('undo').click()
      await expectCount(page, inRegions.length)
      expect(page.url()).not.toContain('fy=')
      expect(session.consoleErrors).toEqual([])
      const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')
      expect(serious, JSON.stringify(serious, null, 1)).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('reproduces a view from its URL in a new browser, and back and forward step through changes', async () => {
    const session = await openSession(browser)
    try {
      await gotoRoute(session, '/analysis?family=disclosure&from=2017&to=2018')
      const expected = observations.filter((o) => o.metric?.startsWith('disclosure.') && Number(o.year) >= 2017 && Number(o.year) <= 2018)
      await expectCount(session.page, expected.length)
      await session.page.getByTestId('filter-level').selectOption('prefecture')
      await session.page.waitForURL(/level=prefecture/)
      const prefectures = new Set(regions.filter((r) => r.level === 'prefecture').map((r) => r.code))
      const narrowed = expected.filter((o) => prefectures.has(o.region_code))
      await expectCount(session.page, narrowed.length)
      const link = session.page.url()

      await session.page.goBack()
      await expectCount(session.page, expected.length)
      await expect(session.page.getByTestId('filter-level').inputValue()).resolves.toBe('')
      await session.page.goForward()
      await expectCount(session.page, narrowed.length)

      const other = await browser.newContext()
      try {
        const fresh = await other.newPage()
        await fresh.goto(link)
        await expectCount(fresh, narrowed.length)
        await expect(fresh.getByTestId('filter-level').inputValue()).resolves.toBe('prefecture')
        await expect(fresh.getByTestId('filter-family').inputValue()).resolves.toBe('disclosure')
        await expect(fresh.getByTestId('filter-chips').textContent()).resolves.toContain('≥ 2017')
      } finally {
        await other.close()
      }
    } finally {
      await session.context.close()
    }
  })

  it('keeps the last of a quick run of filter changes', async () => {
    const session = await openSession(browser)
    try {
      await gotoRoute(session, '/analysis?dataset=demo')
      await expectCount(session.page, demo.length)
      for (const year of ['2016', '2019', '2017', '2022']) await session.page.getByTestId('filter-from').selectOption(year)
      await expectCount(session.page, demo.filter((o) => o.year >= 2022).length)
      await session.page.waitForTimeout(400)
      expect(await tableCount(session.page)).toBe(demo.filter((o) => o.year >= 2022).length)
    } finally {
      await session.context.close()
    }
  })

  it('keeps named saved views across a reload', async () => {
    const session = await openSession(browser)
    try {
      await gotoRoute(session, '/analysis?family=trading')
      await session.page.getByTestId('view-name').fill('交易 <b>视图</b>')
      await session.page.getByTestId('save-view').click()
      await session.page.reload()
      await session.page.waitForSelector('.db-status[data-state="ready"]', { state: 'attached' })
      const saved = session.page.locator('[data-testid="saved-views"] li[data-view="交易 <b>视图</b>"]')
      await saved.waitFor()
      await session.page.goto(`${session.baseURL}/#/analysis`)
      await saved.locator('button.link').click()
      await session.page.waitForURL(/family=trading/)
      await expect(session.page.getByTestId('filter-family').inputValue()).resolves.toBe('trading')
      expect(await session.page.locator('[data-testid="saved-views"] b').count()).toBe(0)
    } finally {
      await session.context.close()
    }
  })

  it('the SQL console answers read-only queries and refuses writes with a clear message', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, '/analysis')
      const input = page.getByTestId('console-input')
      await input.fill('SELECT count(*) AS n FROM observations')
      await page.getByTestId('console-run').click()
      await expect(page.locator('[data-testid="console-result"] tbody td').first().textContent()).resolves.toBe(String(observations.length))

      await input.fill('DELETE FROM observations')
      await page.getByTestId('console-run').click()
      await expect(page.getByTestId('console-error').textContent()).resolves.toContain('只接受 SELECT 或 WITH 查询')
      await input.fill("SELECT 1; DROP TABLE observations")
      await page.getByTestId('console-run').click()
      await expect(page.getByTestId('console-error').textContent()).resolves.toContain('只能运行一条语句')
      await input.fill('SELECT no_such_column FROM observations')
      await page.getByTestId('console-run').click()
      await expect(page.getByTestId('console-error').textContent()).resolves.toContain('查询出错')

      // the data is untouched
      await input.fill('SELECT count(*) AS n FROM observations')
      await page.getByTestId('console-run').click()
      await expect(page.locator('[data-testid="console-result"] tbody td').first().textContent()).resolves.toBe(String(observations.length))
    } finally {
      await session.context.close()
    }
  })
})

describe('analysis map', () => {
  it('filters the other charts and the table to the prefecture clicked on the map', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, '/analysis?dataset=demo&metric=online.items_online_pct')
      const map = page.getByTestId('region-map')
      await map.locator('svg path').first().waitFor()
      await map.scrollIntoViewIfNeeded()
      // the largest shape in a tier colour is a prefecture (legend swatches are small)
      const paths = []
      for (const p of await map.locator('svg path').all()) {
        if (Object.values(TIER_COLOURS).includes((await p.getAttribute('fill')) ?? '')) paths.push(p)
      }
      let best = paths[0]
      let bestArea = 0
      for (const p of paths) {
        const box = await p.boundingBox()
        const area = (box?.width ?? 0) * (box?.height ?? 0)
        if (area > bestArea) {
          bestArea = area
          best = p
        }
      }
      // click a point inside the shape (its box's centre may lie outside a concave prefecture)
      const point = await best?.evaluate((el) => {
        const shape = el as SVGGeometryElement
        const box = shape.getBBox()
        const ctm = shape.getScreenCTM()
        for (let fy = 0.5, i = 0; i < 200; i++, fy = ((i * 0.618) % 1)) {
          for (const fx of [0.5, 0.3, 0.7, 0.4, 0.6]) {
            const p = new DOMPoint(box.x + box.width * fx, box.y + box.height * fy)
            if (shape.isPointInFill(p) && ctm) {
              const s = p.matrixTransform(ctm)
              return { x: s.x, y: s.y }
            }
          }
        }
        return null
      })
      expect(point).not.toBeNull()
      await page.mouse.click(point?.x ?? 0, point?.y ?? 0)
      await page.waitForURL(/fr=\d{6}/)
      const code = new URL(page.url().replace('/#/', '/')).searchParams.get('fr') as string
      const name = regions.find((r) => r.code === code)?.name_zh as string
      await expect(page.getByTestId('filter-chips').textContent()).resolves.toContain(`联动地区：${name}`)
      await expectCount(page, demo.filter((o) => o.region_code === code).length)
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })
})
