import { describe, expect, it } from 'vitest'
import { guessShape, indicatorYearFromHeader, yearFromHeader } from '../../src/ingest/shape'

describe('guessShape', () => {
  it('recognises the contract’s tidy form', () => {
    const header = ['region_code', 'year', 'metric', 'value', 'qualifier', 'source_id', 'note']
    expect(guessShape(header, [['530100', '2020', 'online.items_online_pct', '90', 'exact', '', '']])).toEqual({
      mapping: { kind: 'tidy', region: 0, year: 1, metric: 2, value: 3, qualifier: 4, note: 6 },
      confidence: 'high',
    })
  })

  it('recognises tidy Chinese headers with a unit column', () => {
    const header = ['地区', '年度', '指标', '数值', '单位']
    expect(guessShape(header, [['昆明市', '2019', '网上可办率', '85.3', '%']]).mapping).toEqual({
      kind: 'tidy', region: 0, year: 1, metric: 2, value: 3, unit: 4,
    })
  })

  it('reads a sheet with one column per indicator as wide-metrics', () => {
    const header = ['地区', '年份', '网上可办率(%)', '办件量(万件)']
    expect(guessShape(header, [['楚雄州', '2021', '92.5', '12.3']])).toEqual({
      mapping: { kind: 'wide-metrics', region: 0, year: 1, metricColumns: [2, 3] },
      confidence: 'high',
    })
  })

  it('leaves the year to the user when there is no year column, and skips text columns', () => {
    const header = ['州（市）', '备注', '交易额（亿元）', 'English name']
    const rows = [['昆明市', '含县区', '10.76', 'Kunming'], ['保山市', '', '3.2', 'Baoshan']]
    expect(guessShape(header, rows).mapping).toEqual({ kind: 'wide-metrics', region: 0, year: null, metricColumns: [2] })
  })

  it('reads year headers as wide-years', () => {
    const header = ['地区', '2019年', '2020年度', '2021', '更新日期']
    expect(guessShape(header, [['昆明市', '85', '90', '95', '2022-01-15']])).toEqual({
      mapping: {
        kind: 'wide-years', region: 0, metric: null,
        yearColumns: [{ col: 1, year: 2019 }, { col: 2, year: 2020 }, { col: 3, year: 2021 }],
      },
      confidence: 'high',
    })
  })

  it('keeps an indicator column in wide-years', () => {
    const header = ['指标', '地区', '2020年', '2021年']
    expect(guessShape(header, [['网上可办率', '昆明市', '90', '95']]).mapping).toEqual({
      kind: 'wide-years', region: 1, metric: 0, yearColumns: [{ col: 2, year: 2020 }, { col: 3, year: 2021 }],
    })
  })

  it('finds a year column by its contents', () => {
    const header = ['地区', '时间', '网上可办率']
    expect(guessShape(header, [['昆明市', '2021', '95'], ['保山市', '2020年', '90']]).mapping).toEqual({
      kind: 'wide-metrics', region: 0, year: 1, metricColumns: [2],
    })
  })

  it('falls back to the first text column with low confidence', () => {
    const guess = guessShape(['序号', '名字', '得分'], [['1', '昆明市', '90'], ['2', '保山市', '85']])
    expect(guess.confidence).toBe('low')
    expect(guess.mapping).toMatchObject({ kind: 'wide-metrics', region: 1 })
  })

  it('reads a one-indicator tidy sheet without a metric column', () => {
    expect(guessShape(['地区', '数值'], [['昆明市', '90']]).mapping).toEqual({ kind: 'tidy', region: 0, year: null, metric: null, value: 1 })
  })
})

describe('yearFromHeader', () => {
  it('reads years with 年 and 年度, and a unit after them', () => {
    expect(yearFromHeader('2019')).toBe(2019)
    expect(yearFromHeader('2019年')).toBe(2019)
    expect(yearFromHeader(' 2020年度 ')).toBe(2020)
    expect(yearFromHeader('２０２１年')).toBe(2021)
    expect(yearFromHeader('2021年(亿元)')).toBe(2021)
  })
  it('refuses anything else', () => {
    expect(yearFromHeader('1989')).toBeNull()
    expect(yearFromHeader('20190')).toBeNull()
    expect(yearFromHeader('2019年增长率')).toBeNull()
    expect(yearFromHeader('办件量')).toBeNull()
  })
})

describe('indicatorYearFromHeader', () => {
  it('reads an indicator and a year from one header, the unit kept with the indicator', () => {
    expect(indicatorYearFromHeader('网上可办率 2021年')).toEqual({ metric: '网上可办率', year: 2021 })
    expect(indicatorYearFromHeader('网上可办率 2021年（%）')).toEqual({ metric: '网上可办率（%）', year: 2021 })
    expect(indicatorYearFromHeader('2022年办件量')).toEqual({ metric: '办件量', year: 2022 })
    expect(indicatorYearFromHeader('按时办结率（2023年）')).toEqual({ metric: '按时办结率', year: 2023 })
    expect(indicatorYearFromHeader('2021年')).toBeNull()
    expect(indicatorYearFromHeader('12345办结率')).toBeNull()
  })

  it('makes a header of indicators by year wide-years, each column with its indicator', () => {
    const header = ['地区', '网上可办率 2021年', '网上可办率 2022年', '按时办结率 2021年', '按时办结率 2022年']
    expect(guessShape(header, [['昆明市', '90', '91', '99', '98']]).mapping).toEqual({
      kind: 'wide-years',
      region: 0,
      metric: null,
      yearColumns: [
        { col: 1, year: 2021, metric: '网上可办率' },
        { col: 2, year: 2022, metric: '网上可办率' },
        { col: 3, year: 2021, metric: '按时办结率' },
        { col: 4, year: 2022, metric: '按时办结率' },
      ],
    })
  })
})
