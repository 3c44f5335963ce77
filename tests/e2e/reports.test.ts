/**
 * 报告识读 end to end: several reports picked at once (HTML, tab-separated text, Word, PDF, a seed
 * free-text report, one with a lost cell, one with no figure), read in the worker, reviewed,
 * corrected and applied as one import; the corrected figure then on a family page with its excerpt.
 * The fixtures' numbers are invented (模拟数据); expected.json is what make-fixtures.ts generated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gotoRoute, launch, openSession } from './harness'

const reports = (name: string) => fileURLToPath(new URL(`../fixtures/reports/${name}`, import.meta.url))
const SEED = fileURLToPath(new URL('../../data/reports/001_06a5d95269094527.txt', import.meta.url))
const expected = JSON.parse(readFileSync(reports('expected.json'), 'utf8')) as Record<string, { year: number; regionCode: string | null; cells: Record<string, number> }>

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const file = (page: Page, name: string) => page.locator(`[data-testid="report-file"][data-file="${name}"]`)
const figure = (page: Page, metric: string) => page.locator(`[data-testid="report-figures"] tr[data-metric="${metric}"]`).first()

async function review(page: Page, name: string) {
  await file(page, name).locator('button.name').click()
  await page.locator(`[data-testid="report-review"][data-file="${name}"]`).waitFor()
}

describe('reports', () => {
  it('reads a batch, corrects and applies it as one import, and shows the corrected figure with its excerpt', async () => {
    const session = await openSession(browser)
    const { page } = session
    page.setDefaultTimeout(20_000)
    try {
      await gotoRoute(session, '/reports')
      const names = ['t2021-html.html', 't2019-tabs.tsv', 't2021-word.docx', 't2021-text-layer.pdf', 't2021-lost-cell.txt']
      const asFile = (path: string) => ({ name: basename(path), mimeType: 'application/octet-stream', buffer: readFileSync(path) })
      await page.getByTestId('report-input').setInputFiles([
        ...names.map((n) => asFile(reports(n))),
        asFile(SEED),
        { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.from('本页面没有数字。\n') },
      ])
      const progress = page.getByTestId('report-progress')
      await page.waitForFunction(() => {
        const p = document.querySelector('[data-testid="report-progress"]')
        return p !== null && p.getAttribute('data-total') === '7' && p.getAttribute('data-done') === '7'
      }, null, { timeout: 60_000 })
      await expect(progress.textContent()).resolves.toContain('已识读全部 7 份')

      // a file with no figure: a Chinese problem beside its name, the page still there
      expect(await file(page, 'empty.txt').getAttribute('data-status')).toBe('error')
      await expect(file(page, 'empty.txt').getByTestId('report-error').textContent()).resolves.toContain('未找到任何数字')
      expect(await page.locator('.reports-view h2').isVisible()).toBe(true)
      for (const n of [...names, '001_06a5d95269094527.txt']) expect(await file(page, n).getAttribute('data-status'), n).toBe('ready')

      // the HTML's table cells as generated; its region (麒麟区) is not in the app's region table: left out
      await review(page, 't2021-html.html')
      const html = expected['t2021-html.html']!
      for (const metric of ['disclosure.decisions.license', 'disclosure.req_granted.natural_person', 'disclosure.requests_new', 'disclosure.review_total', 'disclosure.fees_collected']) {
        expect(Number(await figure(page, metric).getAttribute('data-value')), metric).toBe(html.cells[metric])
      }
      expect(await page.getByTestId('report-region').inputValue()).toBe(html.regionCode)
      await expect(page.getByTestId('report-blocker').textContent()).resolves.toContain('不在看板的地区表中')
      await page.getByTestId('report-include').uncheck()

      // Word: read (cells as generated); 思茅区 is not in the region table either
      await review(page, 't2021-word.docx')
      const word = expected['t2021-word.docx']!
      expect(Number(await figure(page, 'disclosure.decisions.penalty').getAttribute('data-value'))).toBe(word.cells['disclosure.decisions.penalty'])
      await page.getByTestId('report-include').uncheck()

      // the lost cell: its balance flag; its region is ambiguous, so it is left out
      await review(page, 't2021-lost-cell.txt')
      await page.locator('[data-testid="report-flags"] li[data-flag="balance"]').first().waitFor()
      await page.locator('[data-testid="report-figures"] .flag[data-flag="balance"]').first().waitFor()
      await page.getByTestId('report-include').uncheck()

      // the tab-separated 2019 report (腾冲市 2019): cells, an excerpt, a correction and an exclusion
      await review(page, 't2019-tabs.tsv')
      const tsv = expected['t2019-tabs.tsv']!
      expect(await page.getByTestId('report-region').inputValue()).toBe(tsv.regionCode)
      expect(await page.getByTestId('report-year').inputValue()).toBe(String(tsv.year))
      for (const metric of ['disclosure.decisions.license', 'disclosure.req_granted.natural_person', 'disclosure.req_total', 'disclosure.litigation_direct_total']) {
        expect(Number(await figure(page, metric).getAttribute('data-value')), metric).toBe(tsv.cells[metric])
      }
      const license = figure(page, 'disclosure.decisions.license')
      await license.getByTestId('figure-show').click()
      const excerpt = ((await page.getByTestId('active-excerpt').textContent()) ?? '').replace(/^[^：]*：/, '')
      expect(excerpt).toContain(String(tsv.cells['disclosure.decisions.license']))
      await expect(page.locator('[data-testid="excerpt-mark"] strong.figure').textContent()).resolves.toBe(String(tsv.cells['disclosure.decisions.license']))
      const corrected = tsv.cells['disclosure.decisions.license']! + 1000
      await license.getByTestId('figure-edit').fill(String(corrected))
      await license.getByTestId('figure-edit').blur()
      await expect.poll(() => license.getAttribute('data-value')).toBe(String(corrected))
      const dropped = figure(page, 'disclosure.items.penalty.prev_count')
      await dropped.getByTestId('figure-exclude').check()
      await expect.poll(() => dropped.getAttribute('class')).toContain('excluded')

      // one import: the TSV, the PDF (五华区 2022) and the seed (楚雄州 2018)
      await expect(page.getByTestId('reports-apply').textContent()).resolves.toContain('导入 3 份报告')
      await page.getByTestId('reports-apply').click()
      await page.getByTestId('reports-applied').waitFor({ timeout: 30_000 })
      await expect(page.getByTestId('reports-applied').textContent()).resolves.toContain('已导入 3 份报告')
      await page.locator('[data-testid="applied-reports"] tbody tr').first().waitFor()

      // the corrected value on its family page, noted as corrected, and its excerpt behind it
      await gotoRoute(session, '/disclosure?metric=disclosure.decisions.license')
      const row = page.locator(`[data-testid="family-table"] tr[data-region="${tsv.regionCode}"][data-year="${tsv.year}"]`)
      await row.waitFor({ timeout: 30_000 })
      expect(await row.getAttribute('data-value')).toBe(String(corrected))
      await expect(row.textContent()).resolves.toContain('人工更正')
      await row.getByTestId('evidence-open').click()
      await page.getByTestId('evidence-excerpt').waitFor({ timeout: 30_000 })
      await expect(page.getByTestId('evidence-excerpt').textContent()).resolves.toBe(excerpt)
      await page.getByTestId('evidence-close').click()

      // the excluded figure was not imported; the PDF's were
      await gotoRoute(session, '/analysis')
      const count = async (sql: string) => {
        await page.getByTestId('console-input').fill(sql)
        await page.getByTestId('console-run').click()
        const cell = page.locator('[data-testid="console-result"] tbody td').first()
        await cell.waitFor()
        return Number(await cell.textContent())
      }
      expect(await count(`SELECT count(*) FROM observations WHERE region_code = '530581' AND year = 2019 AND metric = 'disclosure.items.penalty.prev_count'`)).toBe(0)
      const pdf = expected['t2021-text-layer.pdf']!
      expect(await count(`SELECT max(value) FROM observations WHERE region_code = '${pdf.regionCode}' AND year = ${pdf.year} AND metric = 'disclosure.decisions.license' AND source_id LIKE 'reports-%'`)).toBe(pdf.cells['disclosure.decisions.license'])
      expect(session.consoleErrors).toEqual([])
      expect(session.blocked).toEqual([])
    } finally {
      await session.context.close()
    }
  }, 120_000)
})
