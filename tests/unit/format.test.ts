import { describe, expect, it } from 'vitest'
import { axisScale, formatValue, measureWord } from '../../src/charts/format'

describe('formatValue (zh-CN)', () => {
  it('writes money in 亿元, 万元 and 元', () => {
    expect(formatValue(20_934_000_000, 'cny', 'zh-CN')).toBe('209.34亿元')
    expect(formatValue(32_000, 'cny', 'zh-CN')).toBe('3.2万元')
    expect(formatValue(500, 'cny', 'zh-CN')).toBe('500元')
  })
  it('writes counts with 万 and the measure word', () => {
    expect(formatValue(1_188_438, 'count', 'zh-CN', 'online.cases_total')).toBe('118.84万件')
    expect(formatValue(4160, 'count', 'zh-CN', 'online.items_total')).toBe('4160项')
    expect(formatValue(2697, 'count', 'zh-CN', 'trading.projects_total')).toBe('2697个')
    expect(formatValue(175, 'count', 'zh-CN', 'trading.land.projects')).toBe('175宗')
  })
  it('keeps percentages as stated', () => {
    expect(formatValue(78.17, 'percent', 'zh-CN')).toBe('78.17%')
    expect(formatValue(100, 'percent', 'en')).toBe('100%')
  })
  it('shows a dash for a missing value rather than zero', () => {
    expect(formatValue(Number.NaN, 'count', 'zh-CN')).toBe('—')
  })
})

describe('formatValue (en)', () => {
  it('uses grouped digits and bn/m', () => {
    expect(formatValue(10_764_174_800, 'cny', 'en')).toBe('¥10.76 bn')
    expect(formatValue(3_200_000, 'cny', 'en')).toBe('¥3.2 m')
    expect(formatValue(1_188_438, 'count', 'en', 'online.cases_total')).toBe('1,188,438')
  })
})

describe('axisScale', () => {
  it('picks one unit for the whole axis', () => {
    expect(axisScale(1.07e10, 'cny', 'zh-CN')).toEqual({ divisor: 1e8, label: '亿元' })
    expect(axisScale(68_566, 'count', 'zh-CN', 'online.items_total')).toEqual({ divisor: 1e4, label: '万项' })
    expect(axisScale(99, 'percent', 'zh-CN')).toEqual({ divisor: 1, label: '%' })
    expect(axisScale(1.07e10, 'cny', 'en')).toEqual({ divisor: 1e9, label: 'CNY bn' })
  })
  it('knows which counts are cases and which are items', () => {
    expect(measureWord('disclosure.requests_new', 'count')).toBe('件')
    expect(measureWord('online.items_total', 'count')).toBe('项')
    expect(measureWord('online.items_online_pct', 'percent')).toBe('')
  })
})
