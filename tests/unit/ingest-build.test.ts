import { describe, expect, it } from 'vitest'
import { buildImport, parseYear, type BuildImportInput } from '../../src/ingest/build'
import type { ShapeMapping } from '../../src/ingest/shape'
import { loadMetrics, loadRegions } from '../fixtures/load'

const regions = loadRegions()
const metrics = loadMetrics()
const base = { fileName: 'in.csv', regions, metrics }

function run(input: Omit<BuildImportInput, 'fileName' | 'regions' | 'metrics'>) {
  return buildImport({ ...base, ...input })
}

describe('buildImport: shapes', () => {
  it('builds from a tidy table, with units from a column and qualifiers from the cells', () => {
    const result = run({
      header: ['地区', '年份', '指标', '数值', '单位', '备注'],
      rows: [
        ['楚雄州', '2021', '交易额', '1.5', '亿元', ''],
        ['昆明', '2021年', '网上可办率', '约78.17%', '', '报告原文'],
      ],
      mapping: { kind: 'tidy', region: 0, year: 1, metric: 2, value: 3, unit: 4, note: 5 },
    })
    expect(result.problems).toEqual([])
    expect(result.observations).toEqual([
      { region_code: '532300', year: 2021, metric: 'trading.amount_total', value: 150000000, qualifier: 'exact', note: null },
      { region_code: '530100', year: 2021, metric: 'online.items_online_pct', value: 78.17, qualifier: 'approx', note: '报告原文' },
    ])
  })

  it('builds from wide-metrics with a fixed year', () => {
    const result = run({
      header: ['州市', '交易额（亿元）', '办件量/万件'],
      rows: [['大理州', '10.76', '3.2']],
      mapping: { kind: 'wide-metrics', region: 0, year: null, metricColumns: [1, 2] },
      fixedYear: 2020,
    })
    expect(result.observations).toEqual([
      { region_code: '532900', year: 2020, metric: 'trading.amount_total', value: 1076000000, qualifier: 'exact', note: null },
      { region_code: '532900', year: 2020, metric: 'online.cases_total', value: 32000, qualifier: 'exact', note: null },
    ])
  })

  it('builds from wide-years with an indicator column carrying its unit', () => {
    const result = run({
      header: ['指标', '地区', '2020年', '2021年'],
      rows: [['交易额(万元)', '保山市', '3,200', '—']],
      mapping: { kind: 'wide-years', region: 1, metric: 0, yearColumns: [{ col: 2, year: 2020 }, { col: 3, year: 2021 }] },
    })
    expect(result.observations).toEqual([
      { region_code: '530500', year: 2020, metric: 'trading.amount_total', value: 32000000, qualifier: 'exact', note: null },
    ])
    expect(result.skippedMissing).toBe(1)
  })

  it('takes the indicator from defaultMetric (an id or a label) when there is no column for it', () => {
    const mapping: ShapeMapping = { kind: 'wide-years', region: 0, metric: null, yearColumns: [{ col: 1, year: 2021 }] }
    const rows = [['昆明市', '95']]
    expect(run({ header: ['地区', '2021'], rows, mapping, defaultMetric: 'online.items_online_pct' }).observations[0]?.metric).toBe('online.items_online_pct')
    expect(run({ header: ['地区', '2021'], rows, mapping, defaultMetric: '按时办结率' }).observations[0]?.metric).toBe('ontime.on_time_pct')
  })

  it('proposes new metrics, with the unit the cells name', () => {
    const result = run({
      header: ['地区', '年份', '营商环境满意度'],
      rows: [['昆明市', '2021', '88.5%'], ['保山市', '2021', '90%']],
      mapping: { kind: 'wide-metrics', region: 0, year: 1, metricColumns: [2] },
    })
    expect(result.newMetrics).toHaveLength(1)
    expect(result.newMetrics[0]).toMatchObject({ name_zh: '营商环境满意度', unit: 'percent' })
    expect(result.observations.map((o) => o.metric)).toEqual([result.newMetrics[0]?.id, result.newMetrics[0]?.id])
  })
})

describe('buildImport: problems', () => {
  const wide: ShapeMapping = { kind: 'wide-metrics', region: 0, year: 1, metricColumns: [2, 3] }
  const header = ['地区', '年份', '网上可办率(%)', '交易额(亿元)']

  it('lists unknown regions with their lines, and keeps the other rows', () => {
    const result = run({
      header,
      rows: [['火星市', '2021', '90', '1'], ['昆明市', '2021', '95', '2'], ['火星市', '2020', '91', '1']],
      mapping: wide,
    })
    expect(result.unresolvedRegions).toEqual([{ name: '火星市', rows: [2, 4] }])
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, '地区', 'unknown-region'],
      [4, '地区', 'unknown-region'],
    ])
    expect(result.observations).toHaveLength(2)
  })

  it('checks years, numbers, percent range, units and duplicates', () => {
    const result = run({
      header,
      rows: [
        ['昆明市', '2021', '95', '2'],
        ['保山市', '1989', '90', '1'],
        ['楚雄州', '2021', '101', 'abc'],
        ['大理州', '2021', '3亿元', '-1'],
        ['昆明市', '2021', '96', '2.5'],
      ],
      rowLines: [2, 3, 5, 6, 7],
      mapping: wide,
    })
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, '年份', 'bad-year'],
      [5, '网上可办率(%)', 'percent-range'],
      [5, '交易额(亿元)', 'not-a-number'],
      [6, '网上可办率(%)', 'unit-mismatch'],
      [6, '交易额(亿元)', 'negative'],
      [7, '网上可办率(%)', 'duplicate'],
      [7, '交易额(亿元)', 'duplicate'],
    ])
    expect(result.problems[0]?.message).toBe('year "1989" is not a whole number from 1990 to 2100')
    expect(result.problems[3]?.message).toBe('"3亿元" is in cny but online.items_online_pct is in percent')
    expect(result.problems[5]?.message).toContain('line 2')
    expect(result.observations).toEqual([
      { region_code: '530100', year: 2021, metric: 'online.items_online_pct', value: 95, qualifier: 'exact', note: null },
      { region_code: '530100', year: 2021, metric: 'trading.amount_total', value: 200000000, qualifier: 'exact', note: null },
    ])
  })

  it('reports rows with the wrong number of fields instead of guessing', () => {
    const result = run({ header, rows: [['昆明市', '2021', '95']], mapping: wide })
    expect(result.problems).toEqual([{ file: 'in.csv', row: 2, column: null, code: 'field-count', message: '3 fields where the header has 4' }])
  })

  it('asks for a year, an indicator or a valid mapping before reading rows', () => {
    const rows = [['昆明市', '95']]
    expect(run({ header: ['地区', '网上可办率'], rows, mapping: { kind: 'wide-metrics', region: 0, year: null, metricColumns: [1] } }).problems[0]).toMatchObject({ row: 1, code: 'missing-year' })
    expect(run({ header: ['地区', '网上可办率'], rows, mapping: { kind: 'wide-metrics', region: 0, year: null, metricColumns: [1] }, fixedYear: 1900 }).problems[0]).toMatchObject({ code: 'bad-year' })
    expect(run({ header: ['地区', '2021'], rows, mapping: { kind: 'wide-years', region: 0, metric: null, yearColumns: [{ col: 1, year: 2021 }] } }).problems[0]).toMatchObject({ code: 'missing-metric' })
    expect(run({ header: ['地区', '2021'], rows, mapping: { kind: 'wide-metrics', region: 0, year: 5, metricColumns: [1] } }).problems[0]).toMatchObject({ code: 'bad-mapping' })
    expect(run({ header: ['地区', '1800'], rows, mapping: { kind: 'wide-years', region: 0, metric: null, yearColumns: [{ col: 1, year: 1800 }] }, defaultMetric: '办件量' }).problems[0]).toMatchObject({ row: 1, column: '1800', code: 'bad-year' })
  })

  it('checks the unit and qualifier columns of a tidy table', () => {
    const result = run({
      header: ['region', 'year', 'metric', 'value', 'unit', 'qualifier'],
      rows: [
        ['530100', '2021', 'online.cases_total', '5', '分', ''],
        ['530100', '2021', 'online.cases_total', '5', '万件', 'roughly'],
        ['530500', '2021', '', '5', '', ''],
        ['530500', '2021', 'online.cases_total', '5', '万件', 'approx'],
      ],
      mapping: { kind: 'tidy', region: 0, year: 1, metric: 2, value: 3, unit: 4, qualifier: 5 },
    })
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'unit', 'unknown-unit'],
      [3, 'qualifier', 'bad-qualifier'],
      [4, 'metric', 'missing-metric'],
    ])
    expect(result.observations).toEqual([
      { region_code: '530500', year: 2021, metric: 'online.cases_total', value: 50000, qualifier: 'approx', note: null },
    ])
  })

  it('skips blank rows and counts missing cells without reporting them', () => {
    const result = run({ header, rows: [['', '', '', ''], ['昆明市', '2021', '—', '/']], mapping: wide })
    expect(result).toMatchObject({ observations: [], problems: [], skippedMissing: 2 })
  })

  it('never evaluates a cell', () => {
    const result = run({
      header: ['地区', '年份', '网上可办率'],
      rows: [['=HYPERLINK("http://example.invalid","昆明")', '2021', '90'], ['昆明市', '=2020+1', '90'], ['保山市', '2021', '=45+45']],
      mapping: { kind: 'wide-metrics', region: 0, year: 1, metricColumns: [2] },
    })
    expect(result.observations).toEqual([])
    expect(result.unresolvedRegions).toEqual([{ name: '=HYPERLINK("http://example.invalid","昆明")', rows: [2] }])
    expect(result.problems.map((p) => p.code)).toEqual(['unknown-region', 'bad-year', 'not-a-number'])
  })
})

describe('parseYear', () => {
  it('accepts whole years from 1990 to 2100', () => {
    expect(parseYear('2021')).toEqual({ year: 2021 })
    expect(parseYear(' 2021年度 ')).toEqual({ year: 2021 })
    expect(parseYear('１９９０')).toEqual({ year: 1990 })
    expect(parseYear('2100')).toEqual({ year: 2100 })
  })
  it('reads a date in the year as the year (a spreadsheet date cell, a report period end)', () => {
    expect(parseYear('2018-12-31')).toEqual({ year: 2018 })
    expect(parseYear('2018/6/30')).toEqual({ year: 2018 })
    expect(parseYear('2018年12月31日')).toEqual({ year: 2018 })
    expect(parseYear('2018年度')).toEqual({ year: 2018 })
  })
  it.each(['1989', '2101', '21', '2021.5', '二〇二一', '=2021', '', '2018-12', '1989-12-31'])('refuses %j', (raw) => {
    expect(parseYear(raw)).toHaveProperty('problem')
  })
})
