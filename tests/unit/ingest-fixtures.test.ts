/** Every fixture end to end: bytes → decode → parse → guess the shape → buildImport. */
import { describe, expect, it } from 'vitest'
import { buildImport, type BuildImportInput, type ImportResult } from '../../src/ingest/build'
import { decodeText } from '../../src/ingest/decode'
import { parseDelimited } from '../../src/ingest/delimited'
import { guessShape, type ShapeGuess } from '../../src/ingest/shape'
import type { ImportProblem, TextTable } from '../../src/ingest/types'
import { readXlsx } from '../../src/ingest/xlsx'
import { fixtureBytes, loadMetrics, loadRegions } from '../fixtures/load'

const regions = loadRegions()
const metrics = loadMetrics()

interface Pipeline {
  encoding: string | null
  table: TextTable
  readProblems: ImportProblem[]
  guess: ShapeGuess
  result: ImportResult
}

async function importFixture(fileName: string, extra: Partial<BuildImportInput> = {}): Promise<Pipeline> {
  const bytes = fixtureBytes(fileName)
  let encoding: string | null = null
  let table: TextTable
  let readProblems: ImportProblem[] = []
  if (fileName.endsWith('.xlsx')) {
    table = await readXlsx(bytes)
  } else {
    const decoded = decodeText(bytes)
    encoding = decoded.encoding
    const parsed = parseDelimited(decoded.text, fileName)
    table = parsed
    readProblems = parsed.problems
  }
  const guess = guessShape(table.header, table.rows)
  const result = buildImport({
    fileName,
    header: table.header,
    rows: table.rows,
    headerLine: table.headerLine,
    rowLines: table.rowLines,
    mapping: guess.mapping,
    regions,
    metrics,
    ...extra,
  })
  return { encoding, table, readProblems, guess, result }
}

/** region|year|metric → value, qualifier: easy to read in assertions. */
const byKey = (result: ImportResult) =>
  Object.fromEntries(result.observations.map((o) => [`${o.region_code}|${o.year}|${o.metric}`, [o.value, o.qualifier]]))
const brief = (problems: ImportProblem[]) => problems.map((p) => [p.row, p.column, p.code])

describe('gbk-wide.csv', () => {
  it('decodes GBK, reads one column per indicator and scales 万件', async () => {
    const { encoding, table, guess, result } = await importFixture('gbk-wide.csv')
    expect(encoding).toBe('gb18030')
    expect(table.header).toEqual(['地区', '年份', '网上可办率(%)', '办件量(万件)'])
    expect(guess).toEqual({ mapping: { kind: 'wide-metrics', region: 0, year: 1, metricColumns: [2, 3] }, confidence: 'high' })
    expect(result.problems).toEqual([])
    expect(byKey(result)).toEqual({
      '532300|2021|online.items_online_pct': [92.5, 'exact'],
      '532300|2021|online.cases_total': [123000, 'exact'],
      '530500|2021|online.items_online_pct': [88.1, 'exact'],
      '530500|2021|online.cases_total': [86000, 'exact'],
      '530100|2021|online.items_online_pct': [95.4, 'exact'],
      '530100|2021|online.cases_total': [1234500, 'exact'],
      '532900|2021|online.items_online_pct': [90, 'exact'],
      '532500|2021|online.items_online_pct': [89.2, 'approx'],
      '532500|2021|online.cases_total': [100500, 'exact'],
      '532600|2021|online.items_online_pct': [87.6, 'exact'],
    })
    expect(result.skippedMissing).toBe(2)
  })
})

describe('utf8-bom-tidy.csv', () => {
  it('strips the BOM and reads the contract form as it is', async () => {
    const { encoding, table, guess, result } = await importFixture('utf8-bom-tidy.csv')
    expect(encoding).toBe('utf-8-bom')
    expect(table.header[0]).toBe('region_code')
    expect(guess.mapping).toEqual({ kind: 'tidy', region: 0, year: 1, metric: 2, value: 3, qualifier: 4, note: 6 })
    expect(result.problems).toEqual([])
    expect(result.observations).toEqual([
      { region_code: '530100', year: 2020, metric: 'online.items_online_pct', value: 90.21, qualifier: 'exact', note: null },
      { region_code: '530100', year: 2020, metric: 'online.cases_total', value: 1188438, qualifier: 'exact', note: null },
      { region_code: '532300', year: 2020, metric: 'trading.amount_total', value: 2093400000, qualifier: 'approx', note: '约20.93亿元' },
      { region_code: '520100-etdz', year: 2020, metric: 'ontime.on_time_pct', value: 99.5, qualifier: 'exact', note: null },
      { region_code: '530500', year: 2021, metric: 'disclosure.proactive_items', value: 3456, qualifier: 'at_least', note: '3400余条, 见附表' },
    ])
    expect(result.skippedMissing).toBe(1)
  })
})

describe('tidy-utf8.tsv', () => {
  it('reads tabs, Chinese headers, names in both languages and a unit column', async () => {
    const { encoding, table, guess, result } = await importFixture('tidy-utf8.tsv')
    expect(encoding).toBe('utf-8')
    expect(table.rows).toHaveLength(7)
    expect(guess.mapping).toEqual({ kind: 'tidy', region: 0, year: 1, metric: 2, value: 3, unit: 4 })
    expect(result.problems).toEqual([])
    const satisfaction = result.newMetrics[0]
    expect(result.newMetrics).toEqual([{ id: satisfaction?.id, name_zh: '营商环境满意度', name_en: '营商环境满意度', unit: 'percent' }])
    expect(satisfaction?.id).toMatch(/^context\.import_h[0-9a-z]{7}$/)
    expect(byKey(result)).toEqual({
      '530100|2019|online.items_online_pct': [85.3, 'exact'],
      '530500|2019|trading.amount_total': [1076000000, 'exact'],
      '532300|2019|disclosure.proactive_items': [1234, 'exact'],
      '530100|2020|ontime.completion_pct': [99.1, 'exact'],
      '532900|2020|ontime.on_time_pct': [98.76, 'exact'],
      [`530581|2020|${satisfaction?.id}`]: [88.5, 'exact'],
      '532800|2020|online.cases_online_pct': [45, 'exact'],
    })
  })
})

describe('wide-years.xlsx', () => {
  it('reads year columns from the first sheet under its title row', async () => {
    const { table, guess, result } = await importFixture('wide-years.xlsx', { defaultMetric: '网上可办率' })
    expect(table.headerLine).toBe(3)
    expect(guess.mapping).toEqual({
      kind: 'wide-years', region: 0, metric: null,
      yearColumns: [{ col: 1, year: 2019 }, { col: 2, year: 2020 }, { col: 3, year: 2021 }],
    })
    expect(result.problems).toEqual([])
    expect(byKey(result)).toEqual({
      '530100|2019|online.items_online_pct': [85.5, 'exact'],
      '530100|2020|online.items_online_pct': [90.25, 'exact'],
      '530100|2021|online.items_online_pct': [95, 'exact'],
      '530500|2019|online.items_online_pct': [80, 'exact'],
      '530500|2020|online.items_online_pct': [84.5, 'exact'],
      '532300|2019|online.items_online_pct': [78.1, 'exact'],
      '532300|2021|online.items_online_pct': [88.8, 'exact'],
      '530300|2019|online.items_online_pct': [76, 'exact'],
      '530300|2020|online.items_online_pct': [81.5, 'exact'],
      '530300|2021|online.items_online_pct': [86.75, 'exact'],
    })
    expect(result.skippedMissing).toBe(2)
  })

  it('names the sheet’s own row numbers in problems', async () => {
    const { result } = await importFixture('wide-years.xlsx', {
      defaultMetric: 'online.items_online_pct',
      regions: regions.filter((r) => r.code !== '532300'),
    })
    expect(brief(result.problems)).toEqual([[6, '地区', 'unknown-region']])
    expect(result.unresolvedRegions).toEqual([{ name: '楚雄州', rows: [6] }])
  })

  it('asks for the indicator when the sheet has no column for it', async () => {
    const { result } = await importFixture('wide-years.xlsx')
    expect(result.observations).toEqual([])
    expect(brief(result.problems)).toEqual([[3, null, 'missing-metric']])
  })
})

describe('units-in-cells.csv', () => {
  it('turns 亿元 and 万元 into yuan and keeps dashes missing', async () => {
    const { guess, result } = await importFixture('units-in-cells.csv')
    expect(guess.mapping).toEqual({ kind: 'wide-metrics', region: 0, year: 1, metricColumns: [2] })
    expect(result.problems).toEqual([])
    expect(byKey(result)).toEqual({
      '532300|2021|trading.amount_total': [1076000000, 'exact'],
      '530500|2021|trading.amount_total': [32000000, 'exact'],
      '532500|2021|trading.amount_total': [520000000, 'approx'],
      '532600|2021|trading.amount_total': [1200000000, 'at_least'],
      '530300|2021|trading.amount_total': [12340000, 'exact'],
      '530400|2021|trading.amount_total': [150000000, 'exact'],
    })
    expect(result.skippedMissing).toBe(2)
  })
})

describe('broken-rows.csv', () => {
  it('names the line and column of every problem and keeps the good figures', async () => {
    const { readProblems, result } = await importFixture('broken-rows.csv')
    expect(brief(readProblems)).toEqual([
      [3, null, 'field-count'],
      [4, null, 'field-count'],
    ])
    expect(readProblems[0]?.message).toBe('3 fields where the header has 4')
    expect(brief(result.problems)).toEqual([
      [5, '年份', 'bad-year'],
      [6, '年份', 'bad-year'],
      [7, '网上可办率(%)', 'not-a-number'],
      [8, '办件量(万件)', 'not-a-number'],
      [9, '地区', 'unknown-region'],
      [11, '网上可办率(%)', 'percent-range'],
      [12, '网上可办率(%)', 'duplicate'],
      [12, '办件量(万件)', 'duplicate'],
      [13, '网上可办率(%)', 'not-a-number'],
      [14, '年份', 'bad-year'],
    ])
    expect(result.problems.every((p) => p.file === 'broken-rows.csv')).toBe(true)
    expect(result.problems[0]?.message).toBe('year "二〇二一" is not a whole number from 1990 to 2100')
    expect(result.problems[2]?.message).toBe('"8x.5" is not a number')
    expect(result.problems[3]?.message).toBe('"12..3" is not a number')
    expect(result.unresolvedRegions).toEqual([{ name: '火星市', rows: [9] }])
    expect(byKey(result)).toEqual({
      '532300|2021|online.items_online_pct': [92.5, 'exact'],
      '532300|2021|online.cases_total': [123000, 'exact'],
      '532600|2021|online.cases_total': [33000, 'exact'],
      '530800|2021|online.items_online_pct': [91.2, 'exact'],
      '530900|2021|online.cases_total': [22000, 'exact'],
    })
    expect(result.skippedMissing).toBe(1)
  })
})

describe('formula-cells.csv', () => {
  it('keeps formulas as inert strings', async () => {
    const { table, result } = await importFixture('formula-cells.csv')
    expect(table.rows[0]?.[0]).toBe('=HYPERLINK("http://example.invalid","昆明")')
    expect(brief(result.problems)).toEqual([
      [2, '地区', 'unknown-region'],
      [3, '数值', 'not-a-number'],
      [4, '数值', 'not-a-number'],
      [5, '数值', 'not-a-number'],
      [6, '年份', 'bad-year'],
    ])
    expect(result.problems.slice(1, 4).map((p) => p.message)).toEqual([
      `"+cmd|' /C calc'!A0" is not a number`,
      '"@SUM(1+1)" is not a number',
      '"-1+2" is not a number',
    ])
    expect(result.unresolvedRegions).toEqual([{ name: '=HYPERLINK("http://example.invalid","昆明")', rows: [2] }])
    // A formula as an indicator name is only a name: a proposed metric, kept verbatim.
    expect(result.newMetrics).toEqual([{ id: expect.stringMatching(/^context\.import_h/), name_zh: '=1+1', name_en: '=1+1', unit: 'count' }])
    expect(byKey(result)).toEqual({
      [`532500|2021|${result.newMetrics[0]?.id}`]: [5, 'exact'],
      '532600|2021|online.items_online_pct': [87.5, 'exact'],
    })
  })
})

describe('html-names.csv', () => {
  it('keeps markup in names verbatim and never treats it as anything but text', async () => {
    const { table, result } = await importFixture('html-names.csv')
    expect(table.header.slice(2)).toEqual(['<b>网上可办率</b>', '<img src=x onerror=alert(1)>', '"最多跑一次"事项比例'])
    expect(result.unresolvedRegions).toEqual([
      { name: '<b>昆明市</b>', rows: [2] },
      { name: '<img src=x onerror=alert(1)>', rows: [4] },
      { name: "曲靖市' OR '1'='1", rows: [5] },
    ])
    expect(result.newMetrics.map((m) => m.name_zh)).toEqual(['<b>网上可办率</b>', '<img src=x onerror=alert(1)>'])
    expect(result.newMetrics.every((m) => /^context\.import_h[0-9a-z]+$/.test(m.id))).toBe(true)
    const [bold, img] = result.newMetrics.map((m) => m.id)
    // "保山市" in quotes resolves; 最多跑一次 in quotes is the known metric.
    expect(byKey(result)).toEqual({
      [`530500|2021|${bold}`]: [88, 'exact'],
      [`530500|2021|${img}`]: [2, 'exact'],
      '530500|2021|online.one_trip_pct': [60, 'exact'],
      [`532300|2021|${bold}`]: [85, 'exact'],
      [`532300|2021|${img}`]: [3, 'exact'],
      '532300|2021|online.one_trip_pct': [70, 'exact'],
    })
  })
})

describe('fixtures', () => {
  it.each(['gbk-wide.csv', 'utf8-bom-tidy.csv', 'tidy-utf8.tsv', 'wide-years.xlsx', 'units-in-cells.csv', 'broken-rows.csv', 'formula-cells.csv', 'html-names.csv'])(
    '%s is small',
    (name) => {
      expect(fixtureBytes(name).length).toBeLessThan(20_000)
    },
  )
})
