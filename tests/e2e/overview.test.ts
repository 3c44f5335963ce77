import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { axeViolations, gotoRoute, holdRequests, launch, openSession, openTable, type Session } from './harness'
import { metrics, regions } from './expected'
import { generateObservations } from '../../src/synth/generate'
import { DEMO_SEED, DEMO_YEARS } from '../../src/synth/demo'
import { TIER_COLOURS, assignTiers } from '../../src/charts/tiers'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

// The 模拟数据 dataset as the app builds it: Yunnan's prefectures in code order, fixed seed.
const yunnan = regions.filter((r) => r.level === 'prefecture' && r.code?.startsWith('53')).map((r) => ({ code: r.code as string, level: 'prefecture' as const }))
yunnan.sort((a, b) => (a.code < b.code ? -1 : 1))
const demo = generateObservations({ seed: DEMO_SEED, regions: yunnan, years: DEMO_YEARS })
const allPrefectures = regions.filter((r) => r.level === 'prefecture').map((r) => r.code as string)

function valuesOf(metric: string, year: number): Map<string, number> {
  return new Map(demo.filter((o) => o.metric === metric && o.year === year).map((o) => [o.region_code, o.value]))
}

/** Dense ranks by hand: distinct values in order, a region's rank is its value's place. */
function denseRanks(values: Map<string, number>, higherIsBetter: boolean): Map<string, number> {
  const distinct = [...new Set(values.values())].sort((a, b) => (higherIsBetter ? b - a : a - b))
  return new Map([...values].map(([code, v]) => [code, distinct.indexOf(v) + 1]))
}

async function tableRows(session: Session, testId: string, attrs: string[]) {
  return session.page.$$eval(
    `[data-testid="${testId}"] tbody tr`,
    (trs, names) => trs.map((tr) => Object.fromEntries(names.map((n) => [n, tr.getAttribute(`data-${n}`)]))),
    attrs,
  )
}

describe('overview (leadership view) on the 模拟数据 demo', () => {
  const metric = 'ontime.on_time_pct'
  const year = 2024

  it('ranks in order with ties, arrows for the change from last year, tiers on the map, and says 模拟数据', async () => {
    const session = await openSession(browser)
    try {
      await gotoRoute(session, `/overview?dataset=demo&metric=${metric}&year=${year}`)
      await session.page.getByTestId('synthetic-banner').waitFor()
      await openTable(session.page, 'ranking-table')
      await session.page.locator('[data-testid="ranking-table"] tbody tr').first().waitFor({ state: 'attached' })
      // ECharts loads apart from the page: both charts drawn
      await session.page.locator('[data-testid="ranking"] .base-chart[data-rendered="true"]').waitFor()
      await session.page.locator('[data-testid="region-map"] .base-chart[data-rendered="true"]').waitFor()

      const now = valuesOf(metric, year)
      const ranks = denseRanks(now, true)
      const prevRanks = denseRanks(valuesOf(metric, year - 1), true)
      const counts = new Map<number, number>()
      for (const r of ranks.values()) counts.set(r, (counts.get(r) ?? 0) + 1)
      expect([...counts.values()].some((n) => n > 1), 'the demo has ties to show').toBe(true)

      const expected = allPrefectures
        .map((code) => ({ code, rank: ranks.get(code) ?? null }))
        .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (a.code < b.code ? -1 : 1))
      const ranked = expected.filter((e) => e.rank !== null)
      // the table lists the regions with a figure, in rank order, then one line for the rest
      const shown = await tableRows(session, 'ranking-table', ['region', 'rank', 'change', 'tier'])
      expect(shown.map((r) => r.region)).toEqual(ranked.map((e) => e.code))
      for (const row of shown) {
        const rank = ranks.get(row.region as string)
        expect(row.rank).toBe(String(rank))
        const prev = prevRanks.get(row.region as string)
        const change = prev === undefined ? '新上榜' : prev === rank ? '=' : prev > (rank as number) ? `↑${prev - (rank as number)}` : `↓${(rank as number) - prev}`
        expect(row.change, row.region as string).toBe(change)
      }
      const tied = shown.filter((r) => r.rank === '1')
      expect(tied.length).toBe(counts.get(1))
      // the regions without a figure are one line, not rows of zeros
      const missing = allPrefectures.length - now.size
      expect(missing).toBeGreaterThan(0)
      const rest = session.page.getByTestId('ranking-no-data')
      await expect(rest.getAttribute('data-missing')).resolves.toBe(String(missing))
      await expect(rest.textContent()).resolves.toContain(`另有 ${missing} 个地区无数据`)

      // the map: one region per prefecture of both provinces, coloured by tier (+1 legend swatch each)
      const unit = metrics.find((m) => m.id === metric)
      expect(unit?.unit).toBe('percent')
      const tiers = assignTiers(expected.map((e) => ({ value: e.rank === null ? null : (now.get(e.code) as number), rank: e.rank })), 'fixed')
      const fills = await session.page.$$eval('[data-testid="region-map"] svg path', (ps) => ps.map((p) => p.getAttribute('fill')))
      for (const tier of ['very_high', 'high', 'medium', 'low', 'none'] as const) {
        const regionsInTier = tiers.filter((t) => t === tier).length
        expect(fills.filter((f) => f === TIER_COLOURS[tier]).length, tier).toBe(regionsInTier + 1)
      }
      expect(tiers.length).toBe(25)

      // every chart says what it shows is synthetic
      const texts = await session.page.$$eval('[data-testid="ranking"] svg text', (ns) => ns.map((n) => n.textContent))
      expect(texts).toContain('模拟数据')

      expect(session.blocked).toEqual([])
      expect(session.consoleErrors).toEqual([])
      const serious = (await axeViolations(session.page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')
      expect(serious, JSON.stringify(serious, null, 1)).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('computes the composite index as done by hand, and selecting a region updates its KPI cards', async () => {
    const chosen = [
      { metric: 'online.items_online_pct', weight: 2 },
      { metric: 'ontime.on_time_pct', weight: 1 },
      { metric: 'disclosure.review_total', weight: 1 }, // lower is better
    ]
    const session = await openSession(browser)
    try {
      const ci = chosen.map((c) => `${c.metric}:${c.weight}`).join(',')
      await gotoRoute(session, `/overview?dataset=demo&metric=${metric}&year=${year}&ci=${ci}&norm=minmax&missing=reweight`)
      // the composite panel mounts when the reader scrolls to it
      await session.page.getByTestId('ranking').waitFor()
      await session.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
      await session.page.locator('[data-testid="composite-table"] tbody tr').first().waitFor({ state: 'attached' })

      // by hand: min–max to 0–100 per indicator (lower-is-better turned around), weighted mean over present
      const scores = new Map<string, { sum: number; weight: number }>()
      for (const { metric: id, weight } of chosen) {
        const values = valuesOf(id, year)
        const lower = id === 'disclosure.review_total'
        const vs = [...values.values()].map((v) => (lower ? -v : v))
        const [min, max] = [Math.min(...vs), Math.max(...vs)]
        for (const [code, raw] of values) {
          const v = lower ? -raw : raw
          const score = max === min ? 100 : (100 * (v - min)) / (max - min)
          const s = scores.get(code) ?? { sum: 0, weight: 0 }
          scores.set(code, { sum: s.sum + weight * score, weight: s.weight + weight })
        }
      }
      const expected = new Map([...scores].map(([code, s]) => [code, s.sum / s.weight]))
      const shown = await tableRows(session, 'composite-table', ['region', 'composite', 'rank'])
      const withIndex = shown.filter((r) => r.composite !== '')
      expect(withIndex.length).toBe(expected.size)
      for (const row of withIndex) expect(Number(row.composite)).toBeCloseTo(expected.get(row.region as string) as number, 6)
      const best = [...expected].sort((a, b) => b[1] - a[1])[0]
      expect(withIndex[0]?.region).toBe(best?.[0])
      expect(await session.page.getByTestId('composite-method').textContent()).toContain('最小–最大')
      // the chosen indicators are listed with their weights; the others are offered in one list
      const composite = session.page.getByTestId('composite')
      await expect(composite.locator('input[type="checkbox"]').count()).resolves.toBe(chosen.length)
      const add = composite.getByTestId('composite-add')
      const offered = await add.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean))
      expect(offered.some((id) => chosen.some((c) => c.metric === id))).toBe(false)
      const extra = offered[0] as string
      await add.selectOption(extra)
      await session.page.waitForFunction((id) => decodeURIComponent(location.hash).includes(`${id}:1`), extra)
      await composite.locator(`input[data-metric="${extra}"]`).click()
      await session.page.waitForFunction((id) => !decodeURIComponent(location.hash).includes(id), extra)
      await expect(composite.locator('input[type="checkbox"]').count()).resolves.toBe(chosen.length)

      // select the last ranked region from the ranking table: URL, highlight and KPI cards follow
      await openTable(session.page, 'ranking-table')
      const last = (await tableRows(session, 'ranking-table', ['region', 'rank'])).filter((r) => r.rank !== '').pop()
      await session.page.locator(`[data-testid="ranking-table"] tr[data-region="${last?.region}"] button`).click()
      await session.page.waitForURL(new RegExp(`region=${last?.region}`))
      const name = regions.find((r) => r.code === last?.region)?.name_zh as string
      await session.page.getByRole('heading', { name: new RegExp(name) }).waitFor()
      const kpi = session.page.locator('.kpi-card[data-family="ontime"] .kpi-value')
      const series = demo.filter((o) => o.region_code === last?.region && o.metric === metric).sort((a, b) => b.year - a.year)
      expect((await kpi.textContent())?.trim()).toBe(`${series[0]?.value}%`)
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('keeps both of two quick changes: the URL and the controls end with the indicator and the tiers chosen', async () => {
    const session = await openSession(browser)
    try {
      await gotoRoute(session, `/overview?dataset=demo&metric=${metric}`)
      await openTable(session.page, 'ranking-table')
      await session.page.locator('[data-testid="ranking-table"] tbody tr').first().waitFor({ state: 'attached' })
      // the second change comes before the first one's answer is drawn (and its URL written)
      await session.page.evaluate(() => {
        const pick = (testId: string, value: string) => {
          const select = document.querySelector<HTMLSelectElement>(`[data-testid="${testId}"]`) as HTMLSelectElement
          select.value = value
          select.dispatchEvent(new Event('change', { bubbles: true }))
        }
        pick('ranking-metric', 'online.items_online_pct')
        pick('tier-mode', 'quantile')
      })
      await session.page.waitForFunction(() => location.hash.includes('tiers=quantile'))
      const hash = await session.page.evaluate(() => decodeURIComponent(location.hash))
      expect(hash).toContain('metric=online.items_online_pct')
      await expect(session.page.getByTestId('ranking-metric').inputValue()).resolves.toBe('online.items_online_pct')
      await expect(session.page.getByTestId('tier-mode').inputValue()).resolves.toBe('quantile')
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })
})

describe('overview on the real data', () => {
  it('is the landing page and ranks only comparable figures', async () => {
    const session = await openSession(browser)
    try {
      await gotoRoute(session, '/')
      await openTable(session.page, 'ranking-table')
      await session.page.locator('[data-testid="ranking-table"] tbody tr').first().waitFor({ state: 'attached' })
      expect(session.page.url()).toContain('#/overview')
      // the regions with a comparable figure are listed (ranked only when three or more have one)
      const listed = await tableRows(session, 'ranking-table', ['region', 'rank'])
      expect(listed.length).toBeGreaterThanOrEqual(2)
      if (listed.length < 3) {
        expect(listed.every((r) => r.rank === '')).toBe(true)
        await session.page.getByTestId('sparse-notice').waitFor()
      } else expect(listed.every((r) => r.rank !== '')).toBe(true)
      await expect(session.page.getByTestId('synthetic-banner').count()).resolves.toBe(0)
      expect(session.blocked).toEqual([])
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  /** Holds back ECharts' script until the returned function is called. */
  const holdECharts = (session: Session) => holdRequests(session, '**/assets/echarts-vue-*.js')

  const picture = '[data-testid="ranking"] .base-chart'

  it('shows the landing ranking drawn at build time before ECharts has loaded, then the live chart in its place', async () => {
    const session = await openSession(browser)
    const release = await holdECharts(session)
    try {
      await session.page.goto(`${session.baseURL}/#/overview`)
      await session.page.locator(`${picture}[data-prerendered="true"]`).waitFor({ timeout: 30_000 })
      expect(await session.page.locator(picture).getAttribute('data-rendered')).toBe('false')
      // the picture is this ranking: its regions, in the table's order, with the leader's figure
      await openTable(session.page, 'ranking-table')
      const ranked = await session.page.$$eval('[data-testid="ranking-table"] tbody tr', (trs) =>
        trs.map((tr) => [tr.querySelector('button')?.textContent?.trim() ?? '', tr.querySelector('td.num')?.textContent?.trim() ?? '']),
      )
      expect(ranked.length).toBeGreaterThanOrEqual(2)
      const texts = await session.page.locator(`${picture} .chart-picture svg text`).allTextContents()
      const names = texts.filter((text) => ranked.some(([name]) => text === name))
      expect(names).toEqual(ranked.map(([name]) => name))
      expect(texts.some((text) => text.includes(ranked[0]?.[1] ?? '?'))).toBe(true)
      // DuckDB starts meanwhile (after 1.5 s without a drawn chart) and the view asks it again: the
      // live answers are the recorded ones, so the picture still matches and stays
      await session.page.locator('.db-status[data-state="ready"]').waitFor({ state: 'attached', timeout: 30_000 })
      await session.page.waitForTimeout(300)
      expect(await session.page.locator(`${picture} .chart-picture svg`).count()).toBe(1)
      release()
      await session.page.locator(`${picture}[data-rendered="true"]`).waitFor()
      await expect(session.page.locator(`${picture} .chart-picture`).count()).resolves.toBe(0)
      expect(session.consoleErrors).toEqual([])
    } finally {
      release()
      await session.context.close()
    }
  })

  it('has the picture in English too, and none where the chart would be another width', async () => {
    const english = await openSession(browser)
    const release = await holdECharts(english)
    try {
      await english.context.addInitScript(() => localStorage.setItem('dashboard.locale', 'en'))
      await english.page.goto(`${english.baseURL}/#/overview`)
      await english.page.locator(`${picture}[data-prerendered="true"]`).waitFor({ timeout: 30_000 })
      await openTable(english.page, 'ranking-table')
      const leader = (await english.page.locator('[data-testid="ranking-table"] tbody tr button').first().textContent())?.trim() ?? '?'
      const texts = await english.page.locator(`${picture} .chart-picture svg text`).allTextContents()
      // a long English name is cut short on the axis ('…' or '...')
      const named = (text: string) => text === leader || (/(…|\.\.\.)$/.test(text) && leader.startsWith(text.replace(/(…|\.\.\.)$/, '')))
      expect(texts.some(named)).toBe(true)
      expect(texts.some((text) => text.startsWith('Sources:'))).toBe(true)
    } finally {
      release()
      await english.context.close()
    }
    const narrow = await openSession(browser)
    try {
      await narrow.page.setViewportSize({ width: 1000, height: 900 })
      await narrow.page.goto(`${narrow.baseURL}/#/overview`)
      await narrow.page.locator(`${picture}[data-rendered="true"]`).waitFor({ timeout: 30_000 })
      expect(await narrow.page.locator(picture).getAttribute('data-prerendered')).toBe('false')
      expect(narrow.consoleErrors).toEqual([])
    } finally {
      await narrow.context.close()
    }
  })
})
