/**
 * Issue #17, every figure true and comparable: what a reader sees in the charts, checked against
 * figures computed here from data/ (never typed in). One page load per check where it can be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Download, Locator, Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { gotoRoute, launch, openSession, openTable } from './harness'
import { metrics, observations, regions, sources } from './expected'
import { formatValue } from '../../src/charts/format'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const sourceOf = new Map(sources.map((s) => [s.id as string, s]))
const regionOf = new Map(regions.map((r) => [r.code as string, r]))
const metricOf = new Map(metrics.map((m) => [m.id as string, m]))
const num = (v: string | undefined) => Number(v)

/** The panel's data as its CSV export gives it: a header row, then rows of cells. */
async function exportCsv(page: Page, panel: Locator): Promise<Record<string, string>[]> {
  await panel.getByTestId('export-menu').click()
  const [download] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), panel.locator('[data-export="csv"]').click()])) as [Download, void]
  const text = readFileSync((await download.path()) as string, 'utf8').replace(/^\ufeff/, '')
  return Papa.parse<Record<string, string>>(text.trim(), { header: true }).data
}

async function svgTexts(panel: Locator): Promise<string[]> {
  await panel.locator('.base-chart[data-rendered="true"]').first().waitFor({ timeout: 30_000 })
  return panel.locator('svg text').allTextContents()
}

/** Rows the ranking compares: a government's report, or a bureau's for service, timeliness and trading. */
function comparable(o: Record<string, string>): boolean {
  const family = metricOf.get(o.metric as string)?.family
  return sourceOf.get(o.source_id as string)?.scope === 'government' || ['online', 'ontime', 'trading'].includes(family ?? '')
}

/** Per metric and year, the prefectures with a comparable figure (the overview's default scope). */
function prefecturesWith(metric: string, year?: number): Set<string> {
  return new Set(
    observations
      .filter((o) => o.metric === metric && (year === undefined || num(o.year) === year) && regionOf.get(o.region_code as string)?.level === 'prefecture' && comparable(o))
      .map((o) => o.region_code as string),
  )
}

/** The figure a chart shows for a region, year and metric: the government's report first, then the first source id. */
function preferred(region: string, year: number, metric: string): Record<string, string> | undefined {
  return observations
    .filter((o) => o.region_code === region && num(o.year) === year && o.metric === metric && comparable(o))
    .sort((a, b) => {
      const gov = (o: Record<string, string>) => (sourceOf.get(o.source_id as string)?.scope === 'government' ? 0 : 1)
      return gov(a) - gov(b) || (a.source_id as string).localeCompare(b.source_id as string)
    })[0]
}

const OUTCOME_PARTS = ['granted', 'partial', 'granted_or_partial', 'denied', 'unavailable', 'not_processed', 'other', 'already_public'].map((p) => `disclosure.req_${p}`)

/** Outcomes of requests for one region and year from the government's report: parts, their total, what is not broken down. */
function outcomes(region: string, year: number) {
  const rows = observations.filter((o) => o.region_code === region && num(o.year) === year && sourceOf.get(o.source_id as string)?.scope === 'government')
  const value = (id: string) => rows.find((o) => o.metric === id)
  const total = num(value('disclosure.req_total')?.value)
  const split = Boolean(value('disclosure.req_granted') || value('disclosure.req_partial'))
  const parts = OUTCOME_PARTS.filter((id) => value(id) && !(split && id === 'disclosure.req_granted_or_partial')).map((id) => ({ id, value: num(value(id)?.value) }))
  const known = parts.reduce((s, p) => s + p.value, 0)
  return { total, parts, rest: total - known, source: rows[0]?.source_id }
}

describe('honest charts (issue #17)', () => {
  it('shows each outcome as a share of the report’s own total, what is not broken down as 未细分, and never a part stacked on its whole', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      const region = '530500'
      await gotoRoute(session, `/analysis?family=disclosure&regions=${region}`)
      const panel = page.locator('[data-panel="outcomes"]')
      const texts = await svgTexts(panel)
      const table = await exportCsv(page, panel)
      const years = [2018, 2024]
      for (const year of years) {
        const expected = outcomes(region, year)
        expect(expected.total, `${year} has a total`).toBeGreaterThan(0)
        expect(expected.rest, `${year}: the parts do not exceed the total`).toBeGreaterThanOrEqual(0)
        const shown = table.filter((r) => r['地区代码'] === region && r['年份'] === String(year))
        for (const part of expected.parts) {
          const row = shown.find((r) => r['指标代码'] === part.id)
          expect(row, `${year} ${part.id}`).toBeDefined()
          const share = (100 * part.value) / expected.total
          expect(num(row?.['占比（%）'])).toBeCloseTo(share, 1)
          expect(num(row?.['总计'])).toBe(expected.total)
          // a segment wide enough for its label shows the share of the report's total
          if (share >= 4) expect(texts, `${year} ${part.id}`).toContain(`${share.toFixed(1)}%`)
        }
        const rest = shown.find((r) => r['分项'] === '未细分')
        if (expected.rest > 0) {
          expect(num(rest?.['数值'])).toBe(expected.rest)
          expect(texts).toContain(`${((100 * expected.rest) / expected.total).toFixed(1)}%`)
        } else expect(rest).toBeUndefined()
        // every cell adds up to its whole: 100%
        const sum = shown.reduce((s, r) => s + num(r['占比（%）']), 0)
        expect(sum).toBeCloseTo(100, 0)
        expect(new Set(shown.map((r) => r['来源']))).toEqual(new Set([expected.source]))
      }
      // the issue's own examples, as the reader sees them
      const denied2024 = outcomes(region, 2024).parts.find((p) => p.id === 'disclosure.req_denied')
      expect(texts).toContain(`${((100 * (denied2024?.value ?? NaN)) / outcomes(region, 2024).total).toFixed(1)}%`)
      expect(texts).toContain('未细分')

      // 行政复议 and 行政诉讼: each group's results stack up to its total, the total written above
      const appeals = page.locator('[data-panel="appeals"]')
      const appealTexts = await svgTexts(appeals)
      const groups = ['review', 'litigation'].map((group) => {
        const rows = observations.filter((o) => o.region_code === region && o.metric?.startsWith(`disclosure.${group}_`) && sourceOf.get(o.source_id as string)?.scope === 'government')
        const year = Math.max(...rows.filter((o) => o.metric === `disclosure.${group}_total`).map((o) => num(o.year)))
        const of = (r: string) => num(rows.find((o) => num(o.year) === year && o.metric === `disclosure.${group}_${r}`)?.value ?? '0')
        return { group, year, total: of('total'), maintained: of('maintained'), corrected: of('corrected') }
      })
      for (const g of groups) expect(appealTexts, g.group).toContain(`总计 ${formatValue(g.total, 'count', 'zh-CN', `disclosure.${g.group}_total`)}`)
      const review = groups[0] as (typeof groups)[number]
      expect(review.corrected, 'a 纠正 to check').toBeGreaterThan(0)
      // measured on screen: the stack of results is as tall as its total, and 纠正 is its share of it
      const upper = await appeals.locator('svg').first().evaluate((svg) => {
        // the 行政复议 panel lies between its title and 行政诉讼's
        const titleY = (text: string) => [...svg.querySelectorAll('text')].find((t) => t.textContent === text)?.getBoundingClientRect().y ?? NaN
        const [from, to] = [titleY('行政复议'), titleY('行政诉讼')]
        return [...svg.querySelectorAll('path')]
          .map((p) => ({ fill: (p.getAttribute('fill') ?? '').toLowerCase(), box: p.getBoundingClientRect() }))
          .filter((b) => ['#4575b4', '#d73027', '#8073ac', '#fee090', '#bdbdbd'].includes(b.fill) && b.box.y > from && b.box.y < to && b.box.height > 0)
          .map((b) => ({ fill: b.fill, h: b.box.height }))
      })
      const height = (fill: string) => upper.filter((s) => s.fill === fill).reduce((h, s) => h + s.h, 0)
      const whole = upper.reduce((h, s) => h + s.h, 0)
      expect(whole).toBeGreaterThan(0)
      expect(height('#d73027') / whole).toBeCloseTo(review.corrected / review.total, 1)
      expect(height('#4575b4') / whole).toBeCloseTo(review.maintained / review.total, 1)
      const appealRows = await exportCsv(page, appeals)
      for (const whole of new Set(appealRows.map((r) => `${r['总体']}|${r['年份']}`))) {
        const rows = appealRows.filter((r) => `${r['总体']}|${r['年份']}` === whole)
        expect(rows.some((r) => /_total$/.test(r['指标代码'] ?? '')), `${whole}: no total among the parts`).toBe(false)
        expect(rows.reduce((s, r) => s + num(r['数值']), 0), whole).toBe(num(rows[0]?.['总计']))
      }
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('never puts a county in a prefecture’s chart, and marks a bureau’s figures', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      // 保山市 (a prefecture) with 五华区 and 西山区 (districts; 西山区's figures from a bureau's report)
      const picked = ['530500', '530102', '530112']
      await gotoRoute(session, `/analysis?family=disclosure&regions=${picked.join(',')}`)
      await page.locator('[data-panel="appeals"][data-level="county"] .base-chart[data-rendered="true"]').waitFor({ timeout: 30_000 })
      const panels = await page.$$eval('[data-panel]', (els) =>
        els.map((el) => ({ panel: el.getAttribute('data-panel'), level: el.getAttribute('data-level'), texts: [...el.querySelectorAll('svg text')].map((t) => t.textContent ?? '') })),
      )
      const names = picked.map((code) => ({ code, name: regionOf.get(code)?.name_zh as string, level: regionOf.get(code)?.level as string }))
      expect(new Set(panels.map((p) => p.level))).toEqual(new Set(['prefecture', 'county']))
      for (const p of panels) {
        for (const n of names) {
          const named = p.texts.some((t) => t.startsWith(n.name))
          if (n.level !== p.level) expect(named, `${n.name} in the ${p.level} ${p.panel} chart`).toBe(false)
        }
      }
      // each level's charts say which level they show
      const titled = await page.$$eval('[data-panel][data-level="county"] .base-chart', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
      for (const title of titled) expect(title).toContain('县区')
      // a bureau's report covers that bureau only: its figures carry the mark
      const bureauRegions = new Set(
        observations.filter((o) => picked.includes(o.region_code as string) && o.metric?.startsWith('disclosure.review_') && sourceOf.get(o.source_id as string)?.scope === 'bureau').map((o) => o.region_code as string),
      )
      expect(bureauRegions.size).toBeGreaterThan(0)
      const countyAppeals = panels.find((p) => p.panel === 'appeals' && p.level === 'county')
      for (const code of bureauRegions) expect(countyAppeals?.texts.join('|')).toContain(`${regionOf.get(code)?.name_zh}（部门）`)

      // a family page's indicator with figures at several levels: one chart per level
      const metric = 'online.cases_total'
      const levelsOf = new Map(observations.filter((o) => o.metric === metric).map((o) => [o.region_code as string, regionOf.get(o.region_code as string)?.level as string]))
      expect(new Set(levelsOf.values()).size).toBeGreaterThan(1)
      await gotoRoute(session, `/online?metric=${metric}`)
      await page.locator('.chart-card .base-chart[data-rendered="true"]').first().waitFor({ timeout: 30_000 })
      await page.waitForFunction((n) => document.querySelectorAll('.chart-card .base-chart[data-rendered="true"]').length === n, new Set(levelsOf.values()).size, { timeout: 30_000 })
      const charts = await page.$$eval('.chart-card .level-chart', (els) => els.map((el) => ({ level: el.getAttribute('data-level'), texts: [...el.querySelectorAll('svg text')].map((t) => t.textContent ?? '') })))
      expect(new Set(charts.map((c) => c.level))).toEqual(new Set(levelsOf.values()))
      for (const c of charts) {
        for (const [code, level] of levelsOf) {
          const name = regionOf.get(code)?.name_zh as string
          expect(c.texts.includes(name), `${name} (${level}) in the ${c.level} chart`).toBe(level === c.level)
        }
      }
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('keeps a qualifier: a figure given as “at least” shows ≥ in the overview ranking as on its family page', async () => {
    // a figure of a prefecture given as "at least", in a year two or more prefectures are ranked
    const candidate = observations.find((o) => {
      const year = num(o.year)
      return (
        o.qualifier === 'at_least' &&
        regionOf.get(o.region_code as string)?.level === 'prefecture' &&
        ['online', 'ontime', 'trading', 'disclosure'].includes(metricOf.get(o.metric as string)?.family ?? '') &&
        preferred(o.region_code as string, year, o.metric as string) === o &&
        prefecturesWith(o.metric as string, year).size >= 2
      )
    })
    expect(candidate, 'data/ has a prefecture figure given as at least').toBeDefined()
    const o = candidate as Record<string, string>
    const metric = metricOf.get(o.metric as string) as Record<string, string>
    const label = `≥${formatValue(num(o.value), metric.unit as string, 'zh-CN', metric.id)}`
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, `/overview?metric=${o.metric}&year=${o.year}`)
      await openTable(page, 'ranking-table')
      const row = page.locator(`[data-testid="ranking-table"] tr[data-region="${o.region_code}"]`)
      await row.waitFor({ state: 'attached', timeout: 30_000 })
      await expect(row.locator('td.num').textContent()).resolves.toBe(label)
      const texts = await svgTexts(page.getByTestId('ranking'))
      expect(texts.some((t) => t.includes(label)), `${label} in ${texts.join('|')}`).toBe(true)
      // one level: the ranking lists prefectures only
      const listed = await page.$$eval('[data-testid="ranking-table"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-region') ?? ''))
      for (const code of listed) expect(regionOf.get(code)?.level, code).toBe('prefecture')

      await gotoRoute(session, `/${metric.family}?metric=${o.metric}`)
      const cell = page.locator(`[data-testid="family-table"] tr[data-region="${o.region_code}"][data-year="${o.year}"] td.num`)
      await cell.first().waitFor({ state: 'attached', timeout: 30_000 })
      await expect(cell.first().textContent()).resolves.toBe(label)
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('says so when fewer than 3 regions compare (no ranks, no tiers, no composite), and ranks each region on its latest figure with its year', async () => {
    // an indicator and year with exactly two prefectures' figures
    const rankable = [...new Set(observations.map((o) => o.metric as string))].filter((m) => ['online', 'ontime', 'trading', 'disclosure'].includes(metricOf.get(m)?.family ?? ''))
    let sparse: { metric: string; year: number } | undefined
    for (const metric of rankable) {
      const years = [...new Set(observations.filter((o) => o.metric === metric).map((o) => num(o.year)))]
      const year = years.find((y) => prefecturesWith(metric, y).size === 2)
      if (year !== undefined) {
        sparse = { metric, year }
        break
      }
    }
    expect(sparse, 'data/ has an indicator with two prefectures in a year').toBeDefined()
    const { metric, year } = sparse as { metric: string; year: number }
    // an indicator whose prefectures' latest years differ, three or more of them
    const latestOf = (m: string) => {
      const out = new Map<string, number>()
      for (const code of prefecturesWith(m)) {
        out.set(code, Math.max(...observations.filter((o) => o.metric === m && o.region_code === code && comparable(o)).map((o) => num(o.year))))
      }
      return out
    }
    const latestMetric = rankable.find((m) => {
      const l = latestOf(m)
      return l.size >= 3 && new Set(l.values()).size >= 2
    }) as string
    expect(latestMetric, 'data/ has an indicator with prefectures of different latest years').toBeDefined()

    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, `/overview?metric=${metric}&year=${year}&ci=${metric}:1`)
      const notice = page.getByTestId('sparse-notice')
      await notice.waitFor({ timeout: 30_000 })
      await expect(notice.textContent()).resolves.toContain('仅 2 个地区有可比数据')
      await openTable(page, 'ranking-table')
      const rows = page.locator('[data-testid="ranking-table"] tbody tr')
      expect(await rows.count()).toBe(2)
      for (const row of await rows.all()) {
        await expect(row.getAttribute('data-rank')).resolves.toBe('')
        await expect(row.getAttribute('data-tier')).resolves.toBe('none')
      }
      // the composite panel (mounted on scrolling to it) computes no index either
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
      await page.getByTestId('composite-notice').waitFor({ timeout: 30_000 })
      expect(await page.locator('[data-testid="composite"] .base-chart').count()).toBe(0)

      await page.goto(`${session.baseURL}/#/overview?metric=${latestMetric}&ym=latest`)
      // the chart's title says it once this ranking is drawn (the table is from the same answer)
      await page.locator('[data-testid="ranking"] .base-chart[data-rendered="true"] svg text', { hasText: '各地最新年份' }).first().waitFor({ timeout: 30_000 })
      const expected = latestOf(latestMetric)
      // the title follows the URL at once, the rows when DuckDB has answered
      await openTable(page, 'ranking-table')
      await page
        .waitForFunction((n) => document.querySelectorAll('[data-testid="ranking-table"] tbody tr').length === n, expected.size, { timeout: 30_000 })
        .catch(() => undefined)
      const shown = await page.$$eval('[data-testid="ranking-table"] tbody tr', (trs) =>
        trs.map((tr) => ({ region: tr.getAttribute('data-region') ?? '', year: tr.getAttribute('data-year') ?? '', value: tr.querySelector('td.num')?.textContent ?? '' })),
      )
      expect(new Set(shown.map((r) => r.region))).toEqual(new Set(expected.keys()))
      const unit = metricOf.get(latestMetric)?.unit as string
      const texts = await svgTexts(page.getByTestId('ranking'))
      for (const r of shown) {
        expect(r.year, r.region).toBe(String(expected.get(r.region)))
        const o = preferred(r.region, Number(r.year), latestMetric) as Record<string, string>
        const mark = o.qualifier === 'at_least' ? '≥' : o.qualifier === 'approx' ? '约' : ''
        expect(r.value).toBe(`${mark}${formatValue(num(o.value), unit, 'zh-CN', latestMetric)}`)
        // its bar's label carries its year
        expect(texts.some((t) => t.includes(r.value) && t.includes(r.year)), `${r.region} ${r.value} ${r.year}`).toBe(true)
      }
      expect(texts.some((t) => t.includes('各地最新年份'))).toBe(true)
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })
})

