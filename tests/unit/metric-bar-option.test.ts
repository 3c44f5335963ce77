import { describe, expect, it } from 'vitest'
import { fakeT } from './fake-t'
import { buildMetricBarOption, preferredRows, yearColours } from '../../src/charts/options/metric-bar'
import type { MetricSeriesRow } from '../../src/queries/build-family-sql'

const t = fakeT((key, v) => `${key}(${v.join(',')})`)

function row(over: Partial<MetricSeriesRow>): MetricSeriesRow {
  return {
    region_code: '530100', region_zh: '昆明市', region_en: 'Kunming', level: 'prefecture', year: 2018,
    value: 1, qualifier: 'exact', note: null, source_id: 's1', publisher_zh: '某局', period_start: '2018-01-01',
    period_end: '2018-12-31', scope: 'government', ...over,
  }
}

const metric = { id: 'trading.amount_total', name_zh: '交易额', name_en: 'Trading amount', unit: 'cny' }

type BarDatum = { value: number | null; text: string; key: string }
type Series = { name: string; data: BarDatum[] }

describe('buildMetricBarOption', () => {
  const rows = [
    row({ value: 10_764_174_800 }),
    row({ region_code: '530500', region_zh: '保山市', region_en: 'Baoshan', value: 4_200_000_000, qualifier: 'at_least' }),
    row({ year: 2017, value: 8e9 }),
  ]
  const option = buildMetricBarOption({ rows, metric, locale: 'zh-CN', t })
  const series = option.series as Series[]

  it('puts regions on the axis and one series per year, oldest first', () => {
    expect((option.xAxis as { data: string[] }).data).toEqual(['昆明市', '保山市'])
    expect(series.map((s) => s.name)).toEqual(['2017', '2018'])
  })

  it('scales values to the axis unit and labels them in Chinese units', () => {
    const y2018 = series[1] as Series
    expect(y2018.data.map((d) => d.value)).toEqual([107.641748, 42])
    expect(y2018.data.map((d) => d.text)).toEqual(['107.64亿元', 'qualifier.at_least42亿元'])
    expect((option.yAxis as { name: string }).name).toBe('亿元')
  })

  it('leaves a gap, not a zero, where a region has no figure for a year', () => {
    const y2017 = series[0] as Series
    expect(y2017.data[1]?.value).toBeNull()
  })

  it('escapes HTML from the data in tooltips', () => {
    const hostile = [row({ region_zh: '<img src=x onerror=alert(1)>', note: '<b>x</b>' })]
    const opt = buildMetricBarOption({ rows: hostile, metric, locale: 'zh-CN', t })
    const formatter = (opt.tooltip as { formatter: (p: unknown) => string }).formatter
    const s = (opt.series as Series[])[0] as Series
    const html = formatter({ data: s.data[0] })
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;')
  })

  it('carries its title, unit, years and source footnote inside the chart', () => {
    const titles = option.title as { text: string; subtext?: string }[]
    expect(titles[0]?.text).toBe('family.chartTitle(交易额)')
    expect(titles[0]?.subtext).toContain('2017–2018')
    expect(titles[1]?.text).toContain('某局（s1）')
  })
})

describe('preferredRows', () => {
  it("keeps the whole government's figure over a bureau's for the same region and year", () => {
    const kept = preferredRows([
      row({ source_id: 'a-bureau', scope: 'bureau', value: 1 }),
      row({ source_id: 'b-gov', scope: 'government', value: 2 }),
    ])
    expect(kept.map((r) => r.value)).toEqual([2])
  })
})

describe('yearColours', () => {
  it('gives distinct colours, darkest for the latest year', () => {
    const colours = yearColours(9)
    expect(new Set(colours).size).toBe(9)
    expect(colours[8]).toBe('#08306b')
  })
})
