import { describe, expect, it } from 'vitest'
import { parseCell, splitHeaderUnit, unitFromHeader, unitSpec } from '../../src/ingest/numbers'

const value = (raw: string, hint?: string | null) => parseCell(raw, hint).value

describe('parseCell: numbers', () => {
  it('reads plain numbers, trimming spaces', () => {
    expect(parseCell(' 78.17 ')).toEqual({ value: 78.17, missing: false, unit: null, qualifier: 'exact' })
    expect(value('0')).toBe(0)
    expect(value('-3.5')).toBe(-3.5)
    expect(value('.5')).toBe(0.5)
    expect(value('1.2E+05')).toBe(120000)
  })

  it('drops thousands separators, ASCII and full-width', () => {
    expect(value('1,234,567')).toBe(1234567)
    expect(value('1，234，567')).toBe(1234567)
    expect(value('3,200.5')).toBe(3200.5)
  })

  it('reads full-width digits, decimal point and spaces', () => {
    expect(value('１２３．４５')).toBe(123.45)
    expect(value('\u3000８８\u3000')).toBe(88)
  })

  it('refuses commas that are not thousands separators', () => {
    expect(parseCell('12,34')).toMatchObject({ value: null, missing: false, problemCode: 'bad-separator' })
    expect(parseCell('1,2345').problem).toContain('"1,2345"')
  })
})

describe('parseCell: units', () => {
  it('reads percentages', () => {
    expect(parseCell('78.17%')).toMatchObject({ value: 78.17, unit: 'percent' })
    expect(parseCell('78.17％')).toMatchObject({ value: 78.17, unit: 'percent' })
    expect(parseCell('78.17', '%')).toMatchObject({ value: 78.17, unit: 'percent' })
  })

  it('turns money into yuan', () => {
    expect(parseCell('3.2万元')).toMatchObject({ value: 32000, unit: 'cny' })
    expect(parseCell('1.5亿元')).toMatchObject({ value: 150000000, unit: 'cny' })
    expect(parseCell('10.76亿元')).toMatchObject({ value: 1076000000, unit: 'cny' })
    expect(parseCell('209.34亿元').value).toBe(20934000000)
    expect(parseCell('3,200万元')).toMatchObject({ value: 32000000, unit: 'cny' })
    expect(parseCell('500元')).toMatchObject({ value: 500, unit: 'cny' })
    expect(parseCell('12', '千元')).toMatchObject({ value: 12000, unit: 'cny' })
  })

  it('scales counts by 万 and keeps measure words', () => {
    expect(parseCell('12.3万件')).toMatchObject({ value: 123000, unit: 'count' })
    expect(parseCell('12.3', '万件')).toMatchObject({ value: 123000, unit: 'count' })
    expect(parseCell('4160项')).toMatchObject({ value: 4160, unit: 'count' })
    expect(parseCell('2697个')).toMatchObject({ value: 2697, unit: 'count' })
    expect(parseCell('175宗')).toMatchObject({ value: 175, unit: 'count' })
    expect(parseCell('3.5万')).toMatchObject({ value: 35000, unit: null })
    expect(parseCell('2', '亿')).toMatchObject({ value: 200000000, unit: null })
    expect(parseCell('1200人次')).toMatchObject({ value: 1200, unit: 'persons' })
    expect(parseCell('5个工作日')).toMatchObject({ value: 5, unit: 'days' })
  })

  it('lets the cell’s own unit win over the header’s', () => {
    expect(parseCell('3,200万元', '亿元')).toMatchObject({ value: 32000000, unit: 'cny' })
    expect(parseCell('12万', '万件')).toMatchObject({ value: 120000, unit: 'count' })
    expect(parseCell('88%', '万件')).toMatchObject({ value: 88, unit: 'percent' })
  })

  it('avoids floating-point noise when scaling', () => {
    expect(value('0.07亿元')).toBe(7000000)
    expect(value('1.1万')).toBe(11000)
    expect(value('10.05', '万件')).toBe(100500)
  })

  it('names an unknown unit', () => {
    expect(parseCell('85分')).toMatchObject({ value: null, problemCode: 'unknown-unit' })
    expect(parseCell('85分').problem).toContain('"分"')
  })
})

describe('parseCell: missing and qualifiers', () => {
  it.each(['', '  ', '—', '–', '-', '/', '－', '无', '——', '…', 'N/A'])('%j is missing, not zero', (raw) => {
    expect(parseCell(raw)).toEqual({ value: null, missing: true, unit: null, qualifier: 'exact' })
  })

  it('reads 约, 近 and 左右 as approx', () => {
    expect(parseCell('约5.2亿元')).toMatchObject({ value: 520000000, unit: 'cny', qualifier: 'approx' })
    expect(parseCell('近90%')).toMatchObject({ value: 90, qualifier: 'approx' })
    expect(parseCell('300左右')).toMatchObject({ value: 300, qualifier: 'approx' })
  })

  it('reads 余, 超过, 以上 and 多 as at_least', () => {
    expect(parseCell('3万余件')).toMatchObject({ value: 30000, unit: 'count', qualifier: 'at_least' })
    expect(parseCell('12亿余元')).toMatchObject({ value: 1200000000, unit: 'cny', qualifier: 'at_least' })
    expect(parseCell('超过1000件')).toMatchObject({ value: 1000, qualifier: 'at_least' })
    expect(parseCell('500以上')).toMatchObject({ value: 500, qualifier: 'at_least' })
    expect(parseCell('1.2万多件')).toMatchObject({ value: 12000, qualifier: 'at_least' })
    expect(parseCell('300余')).toMatchObject({ value: 300, qualifier: 'at_least' })
  })

  it('refuses upper bounds, which the contract cannot store', () => {
    expect(parseCell('100以下')).toMatchObject({ value: null, problemCode: 'upper-bound' })
    expect(parseCell('<5%')).toMatchObject({ value: null, problemCode: 'upper-bound' })
    expect(parseCell('不到3万件').problem).toBe('"不到3万件": an upper bound (不到) cannot be stored as a figure')
  })
})

describe('parseCell: anything else is a problem, never evaluated', () => {
  it.each(['abc', '12..3', '8x.5', '=1+1', '+1+1', '-1+2', '@SUM(A1:A3)', "+cmd|' /C calc'!A0", '<img src=x onerror=alert(1)>', '%', '三千'])(
    '%j is not a number',
    (raw) => {
      const parsed = parseCell(raw)
      expect(parsed.value).toBeNull()
      expect(parsed.missing).toBe(false)
      expect(parsed.problemCode).toBe('not-a-number')
      expect(parsed.problem).toBe(`${JSON.stringify(raw)} is not a number`)
    },
  )
})

describe('unitFromHeader and splitHeaderUnit', () => {
  it('reads a unit in brackets or after a slash', () => {
    expect(unitFromHeader('网上可办率(%)')).toBe('%')
    expect(unitFromHeader('网上可办率（%）')).toBe('%')
    expect(unitFromHeader('交易额（亿元）')).toBe('亿元')
    expect(unitFromHeader('办件量/万件')).toBe('万件')
    expect(unitFromHeader('办件量 / 万件')).toBe('万件')
    expect(unitFromHeader('金额（单位：万元）')).toBe('万元')
    expect(unitFromHeader('交易额【亿元】')).toBe('亿元')
  })

  it('returns null when there is no unit', () => {
    expect(unitFromHeader('网上可办率')).toBeNull()
    expect(unitFromHeader('州(市)')).toBeNull()
    expect(unitFromHeader('工程/采购')).toBeNull()
    expect(unitFromHeader('<b>网上可办率</b>')).toBeNull()
  })

  it('gives the label without its unit', () => {
    expect(splitHeaderUnit('交易额（亿元）')).toEqual({ label: '交易额', unit: '亿元' })
    expect(splitHeaderUnit('网上可办率（2021年）')).toEqual({ label: '网上可办率', unit: null })
    expect(splitHeaderUnit('工程/采购')).toEqual({ label: '工程/采购', unit: null })
  })

  it('knows its unit tokens', () => {
    expect(unitSpec('亿元')).toEqual({ unit: 'cny', exponent: 8 })
    expect(unitSpec('万')).toEqual({ unit: null, exponent: 4 })
    expect(unitSpec('percent')).toEqual({ unit: 'percent', exponent: 0 })
    expect(unitSpec('分')).toBeNull()
    expect(unitSpec('')).toBeNull()
  })
})
