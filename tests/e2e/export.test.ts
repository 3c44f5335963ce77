import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Download, Locator, Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { unzipSync, strFromU8 } from 'fflate'
import Papa from 'papaparse'
import { gotoRoute, launch, openSession } from './harness'
import { observations } from './expected'

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

async function exportFrom(page: Page, chart: Locator, kind: string): Promise<{ bytes: Buffer; name: string }> {
  await chart.getByTestId('export-menu').click()
  const [download] = (await Promise.all([page.waitForEvent('download'), chart.locator(`[data-export="${kind}"]`).click()])) as [Download, void]
  const path = await download.path()
  return { bytes: readFileSync(path as string), name: download.suggestedFilename() }
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString()).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe('export', () => {
  it('exports a family chart as PNG at 2× and 3×, SVG with its title and footnote, CSV and Excel', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, '/trading?metric=trading.eng.amount')
      const card = page.locator('.chart-card')
      await card.locator('svg').first().waitFor()
      const box = await card.locator('.base-chart').boundingBox()
      const width = Math.round(box?.width ?? 0)
      const height = Math.round(box?.height ?? 0)

      const png2 = await exportFrom(page, card, 'png2')
      expect(png2.name).toMatch(/\.png$/)
      expect(pngSize(png2.bytes)).toEqual({ width: width * 2, height: height * 2 })
      const png3 = await exportFrom(page, card, 'png3')
      expect(pngSize(png3.bytes)).toEqual({ width: width * 3, height: height * 3 })

      const svg = (await exportFrom(page, card, 'svg')).bytes.toString('utf8')
      expect(svg).toContain('<svg')
      expect(svg).toContain('工程建设')
      expect(svg).toContain('来源：')
      expect(svg).not.toContain('模拟数据')

      const expected = observations.filter((o) => o.metric === 'trading.eng.amount')
      const csv = (await exportFrom(page, card, 'csv')).bytes.toString('utf8')
      expect(csv.charCodeAt(0)).toBe(0xfeff)
      const parsed = Papa.parse<string[]>(csv.slice(1).trim()).data
      expect(parsed.length - 1).toBe(expected.length)
      // the header in the UI's language
      expect(parsed[0]?.slice(0, 5)).toEqual(['地区', '地区代码', '年份', '指标代码', '数值'])
      for (const o of expected) {
        expect(parsed.some((row) => row[1] === o.region_code && row[2] === o.year && Number(row[4]) === Number(o.value) && row[8] === o.source_id)).toBe(true)
      }

      const xlsx = unzipSync((await exportFrom(page, card, 'xlsx')).bytes)
      const sheet = strFromU8(xlsx['xl/worksheets/sheet1.xml'] as Uint8Array)
      for (const o of expected) expect(sheet).toContain(`<v>${Number(o.value)}</v>`)
      expect(sheet).toContain('<t xml:space="preserve">地区</t>')
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('marks synthetic exports 模拟数据 and builds a PPTX briefing with one titled slide per chart', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, '/overview?dataset=demo&metric=ontime.on_time_pct&year=2024')
      const ranking = page.getByTestId('ranking')
      await ranking.locator('svg').first().waitFor()
      const csv = (await exportFrom(page, ranking, 'csv')).bytes.toString('utf8')
      expect(csv.split('\r\n')[0]).toContain('模拟数据')
      const svg = (await exportFrom(page, ranking, 'svg')).bytes.toString('utf8')
      expect(svg).toContain('模拟数据')

      // collect two charts into the deck
      await ranking.getByTestId('export-menu').click()
      await ranking.locator('[data-export="deck"]').click()
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
      const composite = page.getByTestId('composite')
      await composite.getByTestId('export-menu').click()
      await composite.locator('[data-export="deck"]').click()
      await page.goto(`${session.baseURL}/#/briefing`)
      await page.locator('.slide[data-slide="2"]').waitFor()
      // a cover, then one slide per chart
      expect(await page.locator('.slide').count()).toBe(3)
      expect(await page.locator('.slide[data-slide="cover"]').textContent()).toContain('模拟数据')
      const [download] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('deck-download').click()])) as [Download, void]
      const pptx = unzipSync(readFileSync((await download.path()) as string))
      const slides = Object.keys(pptx).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
      expect(slides).toHaveLength(3)
      expect(strFromU8(pptx['ppt/slides/slide1.xml'] as Uint8Array)).toContain('模拟数据')
      const slide2 = strFromU8(pptx['ppt/slides/slide2.xml'] as Uint8Array)
      expect(slide2).toContain('【模拟数据】')
      expect(slide2).toContain('按时办结率')
      expect(strFromU8(pptx['ppt/slides/slide3.xml'] as Uint8Array)).toContain('综合指数')
      // the bar charts go in as native charts PowerPoint and WPS can edit, with their data
      const charts = Object.keys(pptx).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))
      expect(charts.length).toBeGreaterThanOrEqual(2)
      expect(Object.keys(pptx).some((n) => /^ppt\/embeddings\/.*\.xlsx$/.test(n))).toBe(true)
      expect(session.consoleErrors).toEqual([])
      expect(session.blocked).toEqual([])
    } finally {
      await session.context.close()
    }
  })
})

describe('Parquet', () => {
  it('exports every filtered row as Parquet, and the file imports back', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, '/analysis?family=trading')
      const expected = observations.filter((o) => o.metric?.startsWith('trading.'))
      const [download] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-filtered-parquet').click()])) as [Download, void]
      const path = (await download.path()) as string
      const bytes = readFileSync(path)
      expect(bytes.subarray(0, 4).toString()).toBe('PAR1')
      const { readParquet } = await import('parquet-wasm/node')
      const { tableFromIPC } = await import('apache-arrow')
      const table = tableFromIPC(readParquet(new Uint8Array(bytes)).intoIPCStream())
      expect(table.numRows).toBe(expected.length)
      expect(table.schema.fields.map((f) => f.name)).toContain('source_id')

      await gotoRoute(session, '/data')
      await page.getByTestId('file-input').setInputFiles({ name: 'trading.parquet', mimeType: 'application/octet-stream', buffer: bytes })
      await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 })
      await expect(page.getByTestId('map-kind').inputValue()).resolves.toBe('tidy')
      await page.getByTestId('import-check').click()
      await page.getByTestId('import-report').waitFor({ timeout: 20_000 })
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain(`${new Intl.NumberFormat('zh-CN').format(expected.length)} 条可导入`)
      // our own export is clean: proven so from its distinct cells in DuckDB
      expect(await page.getByTestId('import-report').getAttribute('data-lane')).toBe('clean')
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })
})
