import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { neutralise, toCsv } from '../../src/export/csv'
import { toXlsx } from '../../src/export/xlsx'

describe('CSV export', () => {
  it('starts with a BOM, quotes what needs it and neutralises formula-looking text', () => {
    const csv = toCsv({ columns: ['地区', 'value'], rows: [['=HYPERLINK("x")', 1], ['+cmd', -2], ['@SUM(A1)', null], ['a,"b"', 3.5], ['-1+2', 0]] })
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv.slice(1).split('\r\n')).toEqual(['地区,value', `"'=HYPERLINK(""x"")",1`, "'+cmd,-2", "'@SUM(A1),", '"a,""b""",3.5', "'-1+2,0", ''])
    expect(neutralise('\tx')).toBe("'\tx")
  })

  it('labels synthetic data in its first line', () => {
    expect(toCsv({ columns: ['a'], rows: [], synthetic: true }).split('\r\n')[0]).toContain('模拟数据')
  })
})

describe('XLSX export', () => {
  it('writes one sheet of inline strings and numbers, never a formula', () => {
    const files = unzipSync(toXlsx({ columns: ['地区', '数值'], rows: [['<b>昆明</b>', 20934000000], ['=1+1', null]] }))
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] as Uint8Array)
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t xml:space="preserve">&lt;b&gt;昆明&lt;/b&gt;</t></is></c>')
    expect(sheet).toContain('<c r="B2"><v>20934000000</v></c>')
    expect(sheet).toContain('<t xml:space="preserve">=1+1</t>')
    expect(sheet).not.toContain('<f>')
    expect(Object.keys(files)).toContain('[Content_Types].xml')
  })
})
