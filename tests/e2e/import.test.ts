import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { fileURLToPath } from 'node:url'
import { excel95Gbk } from '../fixtures/excel95'
import { readFileSync } from 'node:fs'
import { utils, write, type WorkSheet } from '@e965/xlsx'
import { gotoRoute, launch, openSession, type Session } from './harness'
import { observations } from './expected'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))

let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

async function readFile(page: Page, name: string) {
  await page.getByTestId('file-input').setInputFiles(fixture(name))
  await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 })
}

async function check(page: Page) {
  await page.getByTestId('import-check').click()
  await page.getByTestId('import-report').waitFor({ timeout: 20_000 })
}

/**
 * A clean file picked, checked (DuckDB's clean lane, `rows` importable) and applied:
 * its summary chart drawn, the dataset listed and saved for reloads.
 */
async function applyClean(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, rows: number) {
  await page.getByTestId('file-input').setInputFiles(file)
  await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 })
  await check(page)
  expect(await page.getByTestId('import-report').getAttribute('data-lane')).toBe('clean')
  await expect(page.getByTestId('import-report').textContent()).resolves.toContain(`${rows} 条可导入`)
  await page.getByTestId('import-apply').click()
  await page.locator('[data-testid="import-summary"] .base-chart[data-rendered="true"]').waitFor()
  await page.locator(`[data-testid="imported-datasets"] tr[data-dataset="${file.name}"]`).waitFor()
  await page.getByTestId('import-saving').waitFor({ state: 'detached' })
}

/** How many observations every view sees, asked through the SQL console. */
async function observationCount(session: Session): Promise<number> {
  await gotoRoute(session, '/analysis')
  await session.page.getByTestId('console-input').fill('SELECT count(*) AS n FROM observations')
  await session.page.getByTestId('console-run').click()
  const cell = session.page.locator('[data-testid="console-result"] tbody td').first()
  await cell.waitFor()
  return Number(await cell.textContent())
}

/** The first column of a console query's rows. */
async function consoleRows(session: Session, sql: string): Promise<string[]> {
  await gotoRoute(session, '/analysis')
  await session.page.getByTestId('console-input').fill(sql)
  await session.page.getByTestId('console-run').click()
  await session.page.locator('[data-testid="console-result"] tbody td').first().waitFor()
  return session.page.$$eval('[data-testid="console-result"] tbody tr', (trs) => trs.map((tr) => tr.querySelector('td')?.textContent?.trim() ?? ''))
}

describe('import', () => {
  it('imports a GBK wide table, shows it in every view, keeps it across a reload, and removes it', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, '/data')
      await readFile(page, 'gbk-wide.csv')
      await expect(page.locator('.import-view').textContent()).resolves.toContain('gb18030')
      await expect(page.getByTestId('import-preview').textContent()).resolves.toContain('楚雄州')
      await check(page)
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain('10 条可导入')
      await page.getByTestId('import-apply').click()
      await page.getByTestId('import-done').waitFor()
      await page.locator('[data-testid="imported-datasets"] tr[data-dataset="gbk-wide.csv"]').waitFor()

      // the imported figures take part in the family page like ours: 楚雄州 2021 92.5%
      await gotoRoute(session, '/online?metric=online.items_online_pct')
      const row = page.locator('[data-testid="family-table"] tr[data-region="532300"][data-year="2021"]')
      await row.waitFor()
      expect(await row.getAttribute('data-value')).toBe('92.5')
      expect(await row.textContent()).toContain('import-')

      expect(await observationCount(session)).toBe(observations.length + 10)
      await page.reload()
      await page.waitForSelector('.db-status[data-state="ready"]', { state: 'attached' })
      expect(await observationCount(session)).toBe(observations.length + 10)

      await gotoRoute(session, '/data')
      await page.locator('[data-testid="imported-datasets"] tr[data-dataset="gbk-wide.csv"] button').click()
      await page.locator('[data-testid="imported-datasets"]').waitFor({ state: 'detached' })
      expect(await observationCount(session)).toBe(observations.length)
      expect(session.consoleErrors).toEqual([])
      expect(session.blocked).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('reports broken rows by line and column, and a cancelled import changes nothing', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, '/data')
      await readFile(page, 'broken-rows.csv')
      await check(page)
      const problems = await page.$$eval('[data-testid="import-problems"] tbody tr', (trs) =>
        trs.map((tr) => ({ row: tr.getAttribute('data-row'), column: tr.getAttribute('data-column'), code: tr.getAttribute('data-code') })),
      )
      expect(problems).toContainEqual({ row: '4', column: '', code: 'field-count' })
      expect(problems).toContainEqual({ row: '5', column: '年份', code: 'bad-year' })
      await page.getByTestId('import-cancel').click()
      await page.getByTestId('import-report').waitFor({ state: 'detached' })
      expect(await observationCount(session)).toBe(observations.length)
    } finally {
      await session.context.close()
    }
  })

  it('checks a tidy file in DuckDB: problems by line, the valid rows imported, kept across a reload', async () => {
    const session = await openSession(browser)
    const { page } = session
    const text = [
      'region_code,year,metric,value,qualifier,source_id,note',
      '530100,2021,online.items_online_pct,91.5,exact,,',
      '530300,2021,online.items_online_pct,120,exact,,',
      '火星市,2021,online.items_online_pct,80,,,',
      '530400,2021,online.items_online_pct,"1,234",exact,,',
      '530500,2021,online.items_online_pct,88,约,,',
      '530100,2021,online.items_online_pct,90,exact,,',
    ].join('\n')
    try {
      await gotoRoute(session, '/data')
      await page.getByTestId('file-input').setInputFiles({ name: 'tidy-problems.csv', mimeType: 'text/csv', buffer: Buffer.from(text) })
      await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 })
      await check(page)
      expect(await page.getByTestId('import-report').getAttribute('data-checked-by')).toBe('duckdb')
      // rows with problems: judged row by row, so that each is named by line
      expect(await page.getByTestId('import-report').getAttribute('data-lane')).toBe('judged')
      const problems = await page.$$eval('[data-testid="import-problems"] tbody tr', (trs) =>
        trs.map((tr) => [tr.getAttribute('data-row'), tr.getAttribute('data-code')].join(' ')),
      )
      expect(problems).toEqual(['3 percent-range', '4 unknown-region', '5 percent-range', '7 duplicate'])
      await expect(page.getByTestId('unresolved').textContent()).resolves.toContain('火星市')
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain('2 条可导入')
      await page.getByTestId('import-apply').click()
      await page.getByTestId('import-done').waitFor()
      // the import at a glance: one year, two figures
      await page.locator('[data-testid="import-summary"] .base-chart[data-rendered="true"]').waitFor()
      const summary = await page.locator('[data-testid="import-summary"] svg').textContent()
      expect(summary).toContain('已导入：tidy-problems.csv')
      expect(summary).toContain('共 2 条')
      // kept in IndexedDB once DuckDB has written the rows out
      await page.locator('[data-testid="imported-datasets"] tr[data-dataset="tidy-problems.csv"]').waitFor()
      await page.getByTestId('import-saving').waitFor({ state: 'detached' })
      expect(await observationCount(session)).toBe(observations.length + 2)
      await page.reload()
      await page.waitForSelector('.db-status[data-state="ready"]', { state: 'attached' })
      expect(await observationCount(session)).toBe(observations.length + 2)
      await page.getByTestId('console-input').fill("SELECT region_code || ' ' || value || ' ' || qualifier AS r FROM observations WHERE source_id LIKE 'import-%' ORDER BY region_code")
      await page.getByTestId('console-run').click()
      await page.locator('[data-testid="console-result"] tbody td').first().waitFor()
      const rows = await page.$$eval('[data-testid="console-result"] tbody td', (tds) => tds.map((td) => td.textContent?.trim()))
      expect(rows).toEqual(['530100 91.5 exact', '530500 88.0 approx'])
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('takes a clean contract file in through DuckDB\'s clean lane: the same rows in every view, kept across a reload, removed again', async () => {
    const session = await openSession(browser)
    const { page } = session
    // Windows line endings, qualifiers and notes, codes and ids as the contract writes them
    const lines = ['region_code,year,metric,value,qualifier,source_id,note']
    const regions = ['530100', '530300', '530400', '530500']
    for (const [r, region] of regions.entries()) {
      for (let year = 2019; year <= 2023; year++) {
        lines.push(`${region},${year},online.items_online_pct,${80 + r + (year - 2019) / 4},${year === 2023 ? 'approx' : 'exact'},x,${r === 0 ? 'a note' : ''}`)
        lines.push(`${region},${year},trading.projects_total,${100 * r + year - 2000},exact,x,`)
      }
    }
    try {
      await gotoRoute(session, '/data')
      await applyClean(page, { name: 'clean-contract.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n') + '\r\n') }, 40)
      expect(await page.locator('[data-testid="import-summary"] svg').textContent()).toContain('共 40 条')
      const sql = "SELECT region_code || ' ' || year || ' ' || metric || ' ' || value || ' ' || qualifier || ' ' || coalesce(note, '-') AS r FROM observations WHERE source_id LIKE 'import-%' ORDER BY 1"
      const seen = await consoleRows(session, sql)
      expect(seen.length).toBe(40)
      expect(seen.filter((r) => r.startsWith('530100 2023 online.items_online_pct'))).toEqual(['530100 2023 online.items_online_pct 81.0 approx a note'])
      expect(seen.filter((r) => r.startsWith('530400 2019 trading'))).toEqual(['530400 2019 trading.projects_total 219.0 exact -'])
      await page.reload()
      await page.waitForSelector('.db-status[data-state="ready"]', { state: 'attached' })
      expect(await consoleRows(session, sql)).toEqual(seen)
      await gotoRoute(session, '/data')
      await page.locator('[data-testid="imported-datasets"] tr[data-dataset="clean-contract.csv"] button').click()
      await page.locator('[data-testid="imported-datasets"] tr[data-dataset="clean-contract.csv"]').waitFor({ state: 'detached' })
      expect(await observationCount(session)).toBe(observations.length)
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('reads a Parquet file through Arrow into DuckDB: a clean one goes the clean lane and is kept, one with a problem is judged, a wide one is read whole by the careful reader', async () => {
    const { writeParquet, Table: WasmTable, WriterPropertiesBuilder } = await import('parquet-wasm/node')
    const { Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray } = await import('apache-arrow')
    /** Ten rows (two regions, five years), typed as our own exports are, in row groups of four. */
    const parquet = (regions: string[]) => {
      const codes = regions.flatMap((r) => [r, r, r, r, r])
      const table = new Table({
        region_code: vectorFromArray(codes, new Utf8()),
        year: vectorFromArray(codes.map((_, i) => 2019 + (i % 5)), new Int32()),
        metric: vectorFromArray(codes.map(() => 'online.items_online_pct'), new Utf8()),
        value: vectorFromArray(codes.map((_, i) => 80 + i / 4), new Float64()),
      })
      const props = new WriterPropertiesBuilder().setMaxRowGroupSize(4).build()
      return Buffer.from(writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props))
    }
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, '/data')
      await applyClean(page, { name: 'clean.parquet', mimeType: 'application/octet-stream', buffer: parquet(['530100', '530300']) }, 10)
      const sql = "SELECT region_code || ' ' || year || ' ' || value AS r FROM observations WHERE source_id LIKE 'import-%' ORDER BY 1"
      const seen = await consoleRows(session, sql)
      expect(seen).toEqual([
        '530100 2019 80.0', '530100 2020 80.25', '530100 2021 80.5', '530100 2022 80.75', '530100 2023 81.0',
        '530300 2019 81.25', '530300 2020 81.5', '530300 2021 81.75', '530300 2022 82.0', '530300 2023 82.25',
      ])
      await page.reload()
      await page.waitForSelector('.db-status[data-state="ready"]', { state: 'attached' })
      expect(await consoleRows(session, sql)).toEqual(seen)

      // a larger file, in many row groups
      const regionCodes = readFileSync(fileURLToPath(new URL('../../data/regions.csv', import.meta.url)), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0] as string)
      const n = regionCodes.length * 5 * 1000
      const large = new Table({
        region_code: vectorFromArray(Array.from({ length: n }, (_, i) => regionCodes[i % regionCodes.length] as string), new Utf8()),
        year: vectorFromArray(Array.from({ length: n }, (_, i) => 2019 + (Math.floor(i / regionCodes.length) % 5)), new Int32()),
        metric: vectorFromArray(Array.from({ length: n }, (_, i) => `大样本指标${Math.floor(i / (regionCodes.length * 5))}`), new Utf8()),
        value: vectorFromArray(Array.from({ length: n }, (_, i) => i % 997), new Float64()),
      })
      const props = new WriterPropertiesBuilder().setMaxRowGroupSize(25_000).build()
      await gotoRoute(session, '/data')
      await page.getByTestId('file-input').setInputFiles({ name: 'large.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from(writeParquet(WasmTable.fromIPCStream(tableToIPC(large, 'stream')), props)) })
      await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 })
      await check(page)
      expect(await page.getByTestId('import-report').getAttribute('data-lane')).toBe('clean')
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain(`${new Intl.NumberFormat('zh-CN').format(n)} 条可导入`)
      await page.getByTestId('import-cancel').click()

      // a region no one knows: not clean, so DuckDB judges the rows and reports it
      await gotoRoute(session, '/data')
      await page.getByTestId('file-input').setInputFiles({ name: 'unknown.parquet', mimeType: 'application/octet-stream', buffer: parquet(['530100', '539999']) })
      await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 })
      await check(page)
      expect(await page.getByTestId('import-report').getAttribute('data-lane')).toBe('judged')
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain('5 条可导入')
      await expect(page.getByTestId('unresolved').textContent()).resolves.toContain('539999')
      await page.getByTestId('import-cancel').click()

      // one column per indicator (not tidy): the careful reader reads the whole file, row by row
      const wide = new Table({
        地区: vectorFromArray(['昆明市', '曲靖市', '玉溪市'], new Utf8()),
        年份: vectorFromArray([2022, 2022, 2022], new Int32()),
        '网上可办率（%）': vectorFromArray([91.5, 88, 79.25], new Float64()),
      })
      await gotoRoute(session, '/data')
      await page.getByTestId('file-input').setInputFiles({ name: 'wide.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from(writeParquet(WasmTable.fromIPCStream(tableToIPC(wide, 'stream')), new WriterPropertiesBuilder().setMaxRowGroupSize(2).build())) })
      await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 })
      await check(page)
      expect(await page.getByTestId('import-report').getAttribute('data-lane')).toBe('worker')
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain('3 条可导入')
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  }, 150_000)

  it('treats formula-looking cells and HTML in names as plain text', async () => {
    const session = await openSession(browser)
    const { page } = session
    let dialogs = 0
    page.on('dialog', async (d) => {
      dialogs++
      await d.dismiss()
    })
    try {
      for (const name of ['formula-cells.csv', 'html-names.csv']) {
        await gotoRoute(session, '/data')
        await readFile(page, name)
        await check(page)
      }
      await expect(page.getByTestId('unresolved').textContent()).resolves.toContain('<img src=x onerror=alert(1)>')
      expect(await page.locator('.import-view img').count()).toBe(0)
      expect(await page.locator('.import-view b').count()).toBe(0)
      await page.waitForTimeout(300)
      expect(dialogs).toBe(0)
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('reads an Excel workbook with one column per year', async () => {
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, '/data')
      await readFile(page, 'wide-years.xlsx')
      await expect(page.getByTestId('map-kind').inputValue()).resolves.toBe('wide-years')
      const needsMetric = await page.getByTestId('map-default-metric').count()
      if (needsMetric) await page.getByTestId('map-default-metric').fill('online.items_online_pct')
      await check(page)
      const summary = await page.getByTestId('import-report').textContent()
      expect(Number(summary?.match(/(\d+) 条可导入/)?.[1])).toBeGreaterThan(0)
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('reads workbooks as offices write them: merged headers with percentage cells, any sheet, an .xls, 200 000 cells', async () => {
    const sheet = (rows: (string | number | null)[][], merges: string[] = [], format?: [RegExp, string]) => {
      const ws: WorkSheet = utils.aoa_to_sheet(rows)
      ws['!merges'] = merges.map((m) => utils.decode_range(m))
      if (format) for (const address of Object.keys(ws)) if (format[0].test(address) && typeof ws[address]?.v === 'number') ws[address].z = format[1]
      return ws
    }
    const workbook = (sheets: [string, WorkSheet][], bookType: 'xlsx' | 'biff8' = 'xlsx') => {
      const wb = utils.book_new()
      for (const [name, ws] of sheets) utils.book_append_sheet(wb, ws, name)
      return Buffer.from(write(wb, { type: 'buffer', bookType }) as Buffer)
    }
    // a title, a unit line, 网上可办率 and 按时办结率 each merged over three years; every figure formatted as a percentage
    const rates = () =>
      sheet(
        [
          ['2021—2023年各州市政务服务情况', null, null, null, null, null, null],
          ['单位：%'],
          ['地区', '网上可办率', null, null, '按时办结率', null, null],
          [null, '2021年', '2022年', '2023年', '2021年', '2022年', '2023年'],
          ['昆明市', 0.935, 0.95, 0.961, 0.99, 0.995, 1],
          ['楚雄州', 0.9, 0.91, 0.92, 0.98, 0.985, 0.99],
        ],
        ['A1:G1', 'A3:A4', 'B3:D3', 'E3:G3'],
        [/^[B-G][56]$/, '0.00%'],
      )
    const notes = () => sheet([['本表由市政务服务局填报']])
    const older = () => sheet([['地区', '2020年'], ['昆明市', 88], ['曲靖市', 86]])
    const session = await openSession(browser)
    const { page } = session
    try {
      await gotoRoute(session, '/data')
      await page.getByTestId('file-input').setInputFiles({ name: '办件情况.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook([['说明', notes()], ['数据', rates()], ['2020', older()]]) })
      await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 })
      // the first sheet with data is read; every sheet can be picked
      await expect(page.getByTestId('import-sheet').inputValue()).resolves.toBe('数据')
      await page.getByTestId('import-sheet').selectOption('2020')
      await page.locator('[data-testid="import-preview"] th', { hasText: '2020年' }).waitFor()
      await page.getByTestId('import-sheet').selectOption('数据')
      await page.locator('[data-testid="import-preview"] th', { hasText: '按时办结率 2023年（%）' }).waitFor()
      await expect(page.getByTestId('map-kind').inputValue()).resolves.toBe('wide-years')
      expect(await page.getByTestId('map-default-metric').count()).toBe(0)
      await check(page)
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain('12 条可导入，0 个问题')
      await page.getByTestId('import-apply').click()
      await page.getByTestId('import-done').waitFor()
      const seen = await consoleRows(session, "SELECT region_code || ' ' || year || ' ' || metric || ' ' || value AS r FROM observations WHERE source_id LIKE 'import-%' AND region_code = '530100' ORDER BY 1")
      expect(seen).toEqual([
        '530100 2021 online.items_online_pct 93.5', '530100 2021 ontime.on_time_pct 99.0',
        '530100 2022 online.items_online_pct 95.0', '530100 2022 ontime.on_time_pct 99.5',
        '530100 2023 online.items_online_pct 96.1', '530100 2023 ontime.on_time_pct 100.0',
      ])

      // the same workbook saved by an old Excel (.xls, BIFF8)
      await gotoRoute(session, '/data')
      await page.getByTestId('file-input').setInputFiles({ name: '办件情况.xls', mimeType: 'application/vnd.ms-excel', buffer: workbook([['数据', rates()]], 'biff8') })
      await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 })
      await check(page)
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain('12 条可导入，0 个问题')
      await page.getByTestId('import-cancel').click()

      // an Excel 95 workbook (BIFF5), its text in code page 936: read as Chinese
      await gotoRoute(session, '/data')
      const excel95 = excel95Gbk('办件数据', [['地区', '年份', '网上可办率（%）'], ['昆明市', 2022, 91.5], ['曲靖市', 2022, 88]])
      await page.getByTestId('file-input').setInputFiles({ name: '1998年报表.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from(excel95) })
      await page.locator('[data-testid="import-preview"] td', { hasText: '昆明市' }).waitFor({ timeout: 20_000 })
      await expect(page.getByTestId('import-file').textContent()).resolves.toContain('1998年报表.xls（2 行，Excel 工作簿（.xls））')
      await check(page)
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain('2 条可导入，0 个问题')
      await page.getByTestId('import-cancel').click()

      // 200 000 cells: 2 000 rows of region, year and 98 indicators
      const regionCodes = readFileSync(fileURLToPath(new URL('../../data/regions.csv', import.meta.url)), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0] as string)
      const header = ['地区', '年份', ...Array.from({ length: 98 }, (_, k) => `大表指标${k + 1}`)]
      const rows = Array.from({ length: 2000 }, (_, i) => [regionCodes[i % regionCodes.length] as string, 1990 + Math.floor(i / regionCodes.length), ...Array.from({ length: 98 }, (_, k) => (i * 98 + k) % 997)])
      expect(rows.length * header.length).toBe(200_000)
      await gotoRoute(session, '/data')
      await page.getByTestId('file-input').setInputFiles({ name: '大表.xlsx', mimeType: 'application/octet-stream', buffer: workbook([['大表', sheet([header, ...rows])]]) })
      await page.getByTestId('import-mapping').waitFor({ timeout: 60_000 })
      await expect(page.locator('.import-view').textContent()).resolves.toContain('（2,000 行')
      await page.getByTestId('import-check').click()
      await page.getByTestId('import-report').waitFor({ timeout: 60_000 })
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain(`${new Intl.NumberFormat('zh-CN').format(2000 * 98)} 条可导入，0 个问题`)
      await page.getByTestId('import-apply').click()
      await page.getByTestId('import-done').waitFor({ timeout: 60_000 })
      expect(await consoleRows(session, "SELECT count(*) AS n FROM observations WHERE metric LIKE 'context.import_%' AND value = 5")).toEqual([String(rows.flat().filter((v, i) => i % 100 >= 2 && v === 5).length)])
      expect(session.consoleErrors).toEqual([])
      expect(session.blocked).toEqual([])
    } finally {
      await session.context.close()
    }
  }, 240_000)

  it('names bad files in Chinese: not a text table, no data rows, the lines an unclosed quote took; years written as dates', async () => {
    const session = await openSession(browser)
    const { page } = session
    const refused = async (name: string, buffer: Buffer) => {
      await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer })
      await page.getByTestId('import-error').waitFor({ timeout: 20_000 })
      expect(await page.getByTestId('import-mapping').count()).toBe(0)
      return { code: await page.getByTestId('import-error').getAttribute('data-code'), text: await page.getByTestId('import-error').textContent() }
    }
    try {
      await gotoRoute(session, '/data')
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0c2cf9d0000000049454e44ae426082', 'hex')
      await expect(refused('统计表.csv', png)).resolves.toEqual({ code: 'not-text', text: expect.stringContaining('统计表.csv 不是文本表格') })
      await expect(refused('空文件.csv', Buffer.alloc(0))).resolves.toEqual({ code: 'no-rows', text: expect.stringContaining('空文件.csv 没有数据行') })
      await expect(refused('只有表头.csv', Buffer.from('地区,年份,网上可办率\r\n'))).resolves.toEqual({ code: 'no-rows', text: expect.stringContaining('没有数据行') })

      const text = '地区,年份,网上可办率\n昆明市,2018-12-31,90\n楚雄州,2018年度,91\n曲靖市,2018,"92\n玉溪市,2018,93\n大理州,2018,94\n'
      await page.getByTestId('file-input').setInputFiles({ name: '引号.csv', mimeType: 'text/csv', buffer: Buffer.from(text) })
      await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 })
      await check(page)
      const problems = await page.$$eval('[data-testid="import-problems"] tbody tr', (trs) => trs.map((tr) => ({ row: tr.getAttribute('data-row'), code: tr.getAttribute('data-code'), text: tr.textContent ?? '' })))
      expect(problems.find((p) => p.code === 'unclosed-quote')).toMatchObject({ row: '4', text: expect.stringContaining('引号未闭合：第 4–6 行被读成了一个字段') })
      expect(problems.map((p) => p.code)).not.toContain('bad-year')
      // 2018-12-31 and 2018年度 are 2018
      await expect(page.getByTestId('import-report').textContent()).resolves.toContain('2 条可导入')
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })
})
