/** The workbook reader over workbooks written here with SheetJS itself: the layouts offices send. */
import { describe, expect, it } from 'vitest'
import { utils, write, type WorkSheet } from '@e965/xlsx'
import { buildImport } from '../../src/ingest/build'
import { parseDelimited } from '../../src/ingest/delimited'
import { guessShape } from '../../src/ingest/shape'
import { loadCodePages, openWorkbook, plainNumber, readXlsx } from '../../src/ingest/xlsx'
import { FileError } from '../../src/ingest/types'
import { excel95Gbk } from '../fixtures/excel95'
import { fixtureBytes, loadMetrics, loadRegions } from '../fixtures/load'

const regions = loadRegions()
const metrics = loadMetrics()

type Cell = string | number | null

function sheet(rows: Cell[][], merges: string[] = [], formats: Record<string, string> = {}): WorkSheet {
  const ws = utils.aoa_to_sheet(rows)
  ws['!merges'] = merges.map((ref) => utils.decode_range(ref))
  for (const [address, format] of Object.entries(formats)) {
    const cell = ws[address]
    if (cell) cell.z = format
  }
  return ws
}

function book(sheets: [string, WorkSheet][], bookType: 'xlsx' | 'biff8' = 'xlsx'): Uint8Array {
  const wb = utils.book_new()
  for (const [name, ws] of sheets) utils.book_append_sheet(wb, ws, name)
  return new Uint8Array(write(wb, { type: 'array', bookType }) as ArrayBuffer)
}

/** Excel's day count for a date (1900 system). */
const serial = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000

function importTable(bytes: Uint8Array, sheetName?: string) {
  const table = readXlsx(bytes, sheetName)
  const guess = guessShape(table.header, table.rows)
  const result = buildImport({ fileName: 'book.xlsx', ...table, mapping: guess.mapping, regions, metrics })
  return { table, guess, result }
}

/** A title merged across the sheet, a unit line, then 网上可办率 and 按时办结率 each over three years, as percentages. */
const rates: Cell[][] = [
  ['2021—2023年各州市政务服务情况', null, null, null, null, null, null],
  ['单位：%'],
  ['地区', '网上可办率', null, null, '按时办结率', null, null],
  [null, '2021年', '2022年', '2023年', '2021年', '2022年', '2023年'],
  ['昆明市', 0.935, 0.95, 0.961, 0.99, 0.995, 1],
  ['楚雄州', 0.9, 0.91, null, 0.98, 0.985, 0.99],
]
const rateMerges = ['A1:G1', 'A3:A4', 'B3:D3', 'E3:G3']
const percentCells = Object.fromEntries(['B', 'C', 'D', 'E', 'F', 'G'].flatMap((c) => [5, 6].map((r) => [`${c}${r}`, '0.00%'])))
const ratesSheet = () => sheet(rates, rateMerges, percentCells)

describe('readXlsx', () => {
  it('joins a two-row merged header into one column per indicator and year, percent cells as percentages', () => {
    const { table, guess, result } = importTable(book([['说明', sheet([['本表由市政务服务局填报']])], ['数据', ratesSheet()]]))
    // the first sheet with data rows is read
    expect(table.sheetName).toBe('数据')
    expect(table.header).toEqual([
      '地区',
      '网上可办率 2021年（%）', '网上可办率 2022年（%）', '网上可办率 2023年（%）',
      '按时办结率 2021年（%）', '按时办结率 2022年（%）', '按时办结率 2023年（%）',
    ])
    expect(table.unitLine).toBe('单位：%')
    // the header starts on the sheet's row 3; data rows are the sheet's rows 5 and 6
    expect(table.headerLine).toBe(3)
    expect(table.rowLines).toEqual([5, 6])
    expect(table.rows[0]).toEqual(['昆明市', '93.5%', '95%', '96.1%', '99%', '99.5%', '100%'])
    expect(guess.mapping.kind).toBe('wide-years')
    expect(result.problems).toEqual([])
    const value = (region: string, year: number, metric: string) =>
      result.observations.find((o) => o.region_code === region && o.year === year && o.metric === metric)?.value
    expect(value('530100', 2021, 'online.items_online_pct')).toBe(93.5)
    expect(value('530100', 2023, 'online.items_online_pct')).toBe(96.1)
    expect(value('530100', 2022, 'ontime.on_time_pct')).toBe(99.5)
    expect(value('532300', 2023, 'ontime.on_time_pct')).toBe(99)
    // the empty cell is no figure, not zero
    expect(value('532300', 2023, 'online.items_online_pct')).toBeUndefined()
    expect(result.skippedMissing).toBe(1)
    expect(result.observations).toHaveLength(11)
  })

  it('reads the same workbook saved as an old .xls (BIFF8)', () => {
    const bytes = book([['数据', ratesSheet()]], 'biff8')
    expect([...bytes.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0])
    const xls = importTable(bytes)
    const xlsx = importTable(book([['数据', ratesSheet()]]))
    expect(xls.table.header).toEqual(xlsx.table.header)
    expect(xls.table.rows).toEqual(xlsx.table.rows)
    expect(xls.result.observations).toEqual(xlsx.result.observations)
  })

  it('reads an Excel 95 workbook (BIFF5) in code page 936 as Chinese, not as Latin-1', async () => {
    const bytes = excel95Gbk('办件数据', [['地区', '年份', '网上可办率（%）'], ['昆明市', 2022, 91.5], ['曲靖市', 2022, 88]])
    await loadCodePages()
    const book = openWorkbook(bytes)
    expect(book.sheets.map((s) => s.name)).toEqual(['办件数据'])
    const { table, result } = importTable(bytes)
    expect(table.header).toEqual(['地区', '年份', '网上可办率（%）'])
    expect(result.problems).toEqual([])
    expect(result.observations.map((o) => `${o.region_code} ${o.year} ${o.metric} ${o.value}`)).toEqual(['530100 2022 online.items_online_pct 91.5', '530300 2022 online.items_online_pct 88'])
  })

  it('reads the same sheet saved as CSV (title, unit line, parent labels over years, percentages as shown) to the same figures', () => {
    const csv = utils.sheet_to_csv(ratesSheet())
    const table = parseDelimited(csv, 'rates.csv')
    const xlsx = importTable(book([['数据', ratesSheet()]]))
    expect(table.header).toEqual(xlsx.table.header)
    expect(table.unitLine).toBe('单位：%')
    const guess = guessShape(table.header, table.rows)
    const result = buildImport({ fileName: 'rates.csv', ...table, mapping: guess.mapping, regions, metrics })
    expect(result.problems).toEqual([])
    expect(result.observations).toEqual(xlsx.result.observations)
  })

  it('applies a unit line to the columns its units match: 万件 to counts, % to rates; dates are dates', () => {
    const rows: Cell[][] = [
      ['2022年政务服务情况', null, null, null],
      [null, null, null, '单位：万件、%'],
      ['地区', '年份', '办件量', '网上可办率'],
      ['昆明市', serial(2022, 12, 31), 12.5, 95.5],
      ['楚雄州', serial(2022, 12, 31), '约3.2', '９１．５'],
    ]
    const { table, result } = importTable(book([['Sheet1', sheet(rows, ['A1:D1'], { B4: 'yyyy-mm-dd', B5: 'yyyy-mm-dd' })]]))
    expect(table.header).toEqual(['地区', '年份', '办件量（万件）', '网上可办率（%）'])
    expect(table.rows.map((r) => r[1])).toEqual(['2022-12-31', '2022-12-31'])
    expect(result.problems).toEqual([])
    const find = (region: string, metric: string) => result.observations.find((o) => o.region_code === region && o.metric === metric)
    expect(find('530100', 'online.cases_total')).toMatchObject({ year: 2022, value: 125_000, qualifier: 'exact' })
    expect(find('532300', 'online.cases_total')).toMatchObject({ year: 2022, value: 32_000, qualifier: 'approx' })
    expect(find('530100', 'online.items_online_pct')?.value).toBe(95.5)
    expect(find('532300', 'online.items_online_pct')?.value).toBe(91.5)
  })

  it('applies a single unit to every column of figures, and leaves names and years alone', () => {
    const rows: Cell[][] = [['单位：亿元'], ['地区', '年度', '交易额'], ['昆明市', '2021年度', 10.76]]
    const { table, result } = importTable(book([['交易', sheet(rows)]]))
    expect(table.header).toEqual(['地区', '年度', '交易额（亿元）'])
    expect(result.observations).toMatchObject([{ region_code: '530100', year: 2021, value: 1_076_000_000 }])
  })

  it('gives a region merged down over its years to each of those rows, and never spreads a note across figures', () => {
    const rows: Cell[][] = [
      ['地区', '年份', '网上可办率', '备注'],
      ['昆明市', 2021, 90, '含市本级'],
      [null, 2022, 92, null],
      ['楚雄州', 2021, 80, null],
      [null, 2022, 85, null],
      ['合计说明：数据来自各州市报送', null, null, null],
    ]
    const { table, result } = importTable(book([['Sheet1', sheet(rows, ['A2:A3', 'A4:A5', 'A6:D6', 'D2:D3'])]]))
    expect(table.rows.map((r) => r[0])).toEqual(['昆明市', '昆明市', '楚雄州', '楚雄州', '合计说明：数据来自各州市报送'])
    expect(table.rows[4]?.slice(1)).toEqual(['', '', ''])
    expect(result.observations.map((o) => `${o.region_code} ${o.year} ${o.value}`)).toEqual([
      '530100 2021 90', '530100 2022 92', '532300 2021 80', '532300 2022 85',
    ])
  })

  it('reads a row of figures under a merged header cell as data, not as a second header row', () => {
    const rows: Cell[][] = [['地区', '网上可办率', null], ['昆明市', 90, 91], ['楚雄州', 80, 81]]
    const table = readXlsx(book([['Sheet1', sheet(rows, ['B1:C1'])]]))
    expect(table.headerLine).toBe(1)
    expect(table.rowLines).toEqual([2, 3])
  })

  it('reads any sheet asked for, and lists every sheet with its filled rows', () => {
    const bytes = book([['说明', sheet([['说明文字']])], ['数据', ratesSheet()], ['2020', sheet([['地区', '2020年'], ['昆明市', 88]])]])
    const wb = openWorkbook(bytes)
    expect(wb.sheets).toEqual([
      { name: '说明', filledRows: 1 },
      { name: '数据', filledRows: 6 },
      { name: '2020', filledRows: 2 },
    ])
    expect(wb.defaultSheet).toBe('数据')
    expect(wb.read('2020')).toMatchObject({ header: ['地区', '2020年'], rows: [['昆明市', '88']], headerLine: 1, rowLines: [2] })
  })

  it('reads the repository fixture: title row skipped, dates as YYYY-MM-DD', () => {
    const table = readXlsx(fixtureBytes('wide-years.xlsx'))
    expect(table.sheetName).toBe('网上可办率')
    expect(table.header).toEqual(['地区', '2019年', '2020年', '2021年', '更新日期'])
    expect(table.headerLine).toBe(3)
    expect(table.rows[0]).toEqual(['昆明市', '85.5', '90.25', '95', '2022-01-15'])
    expect(table.rowLines).toEqual([4, 5, 6, 7])
  })

  it('refuses bytes that are not a workbook', () => {
    expect(() => readXlsx(new TextEncoder().encode('地区,年份\n昆明市,2021\n'))).toThrow(FileError)
    expect(() => readXlsx(new Uint8Array())).toThrow(expect.objectContaining({ code: 'not-xlsx' }))
    // a zip signature with nothing readable behind it
    expect(() => readXlsx(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toThrow(expect.objectContaining({ code: 'unreadable' }))
  })
})

describe('plainNumber', () => {
  it('never writes exponents', () => {
    expect(plainNumber(150000000)).toBe('150000000')
    expect(plainNumber(0.1)).toBe('0.1')
    expect(plainNumber(1e21)).toBe('1000000000000000000000')
    expect(plainNumber(1.5e-7)).toBe('0.00000015')
    expect(plainNumber(-2.5)).toBe('-2.5')
  })
})
