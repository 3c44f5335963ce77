import { describe, expect, it } from 'vitest'
import { parseDelimited } from '../../src/ingest/delimited'

describe('parseDelimited', () => {
  it('detects commas, tabs and semicolons', () => {
    expect(parseDelimited('地区,年份\n昆明市,2021\n').delimiter).toBe(',')
    expect(parseDelimited('地区\t年份\n昆明市\t2021\n').delimiter).toBe('\t')
    expect(parseDelimited('地区;年份;值\n昆明市;2021;"1,5"\n').delimiter).toBe(';')
  })

  it('returns the header, rows and each row’s line', () => {
    const table = parseDelimited('地区,年份\r\n昆明市,2021\r\n\r\n保山市,2020\r\n', 'a.csv')
    expect(table).toEqual({
      header: ['地区', '年份'],
      rows: [['昆明市', '2021'], ['保山市', '2020']],
      headerLine: 1,
      rowLines: [2, 4],
      unitLine: null,
      delimiter: ',',
      problems: [],
    })
  })

  it('reads a sheet saved as text as a workbook is read: its title, unit line and a parent label over its years', () => {
    const text = ['2023年各州市政务服务情况,,,', '单位：万件,,,', '地区,网上办件量,,', ',2021年,2022年,2023年', '昆明市,12.5,13,14.25', '曲靖市,8,9,10', ''].join('\r\n')
    const table = parseDelimited(text, 'x.csv')
    expect(table.header).toEqual(['地区', '网上办件量 2021年（万件）', '网上办件量 2022年（万件）', '网上办件量 2023年（万件）'])
    expect(table.unitLine).toBe('单位：万件')
    expect(table.headerLine).toBe(3)
    expect(table.rows).toEqual([['昆明市', '12.5', '13', '14.25'], ['曲靖市', '8', '9', '10']])
    expect(table.rowLines).toEqual([5, 6])
    expect(table.problems).toEqual([])
  })

  it('counts lines inside quoted fields', () => {
    const table = parseDelimited('地区,备注\n昆明市,"第一行\n第二行"\n保山市,x\n')
    expect(table.rows).toEqual([['昆明市', '第一行\n第二行'], ['保山市', 'x']])
    expect(table.rowLines).toEqual([2, 4])
  })

  it('reports rows with another field count by line, without padding them', () => {
    const table = parseDelimited('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n', 'x.csv')
    expect(table.rows).toEqual([['1', '2', '3'], ['10', '11', '12']])
    expect(table.rowLines).toEqual([2, 5])
    expect(table.problems).toEqual([
      { file: 'x.csv', row: 3, column: null, code: 'field-count', message: '2 fields where the header has 3' },
      { file: 'x.csv', row: 4, column: null, code: 'field-count', message: '4 fields where the header has 3' },
    ])
  })

  it('still detects the delimiter when rows are ragged', () => {
    const table = parseDelimited('地区\t年份\t值\n昆明市\t2021\n保山市\t2021\t5\t6\n楚雄州\t2021\t7\n')
    expect(table.delimiter).toBe('\t')
    expect(table.rows).toEqual([['楚雄州', '2021', '7']])
  })

  it('skips a title line above the header', () => {
    const table = parseDelimited('2021年各州市网上可办率,,\n地区,年份,网上可办率\n昆明市,2021,95\n')
    expect(table.header).toEqual(['地区', '年份', '网上可办率'])
    expect(table.headerLine).toBe(2)
    expect(table.rowLines).toEqual([3])
  })

  it('strips a BOM left in the text and reports an unclosed quote', () => {
    expect(parseDelimited('\uFEFFa,b\n1,2\n').header).toEqual(['a', 'b'])
    const broken = parseDelimited('a,b\n1,"2\n3,4\n', 'q.csv')
    expect(broken.problems).toContainEqual({
      file: 'q.csv', row: 2, column: null, code: 'unclosed-quote',
      message: 'a quote opened on line 2 is never closed: lines 2–3 were read as one field',
      params: { from: 2, to: 3 },
    })
  })

  it('names every line an unclosed quote swallowed, from the quote to the end of the file', () => {
    const text = '地区,年份,值\n昆明市,2021,1\n楚雄州,2021,"2\n曲靖市,2021,3\n\n玉溪市,2021,4\r\n大理州,2021,5'
    const broken = parseDelimited(text, 'q.csv')
    const problem = broken.problems.find((p) => p.code === 'unclosed-quote')
    expect(problem).toMatchObject({ row: 3, params: { from: 3, to: 7 } })
    // the lines are not dropped silently: they are in the one field the quote opened, and named
    expect(broken.rows.map((r) => r[0])).toEqual(['昆明市', '楚雄州'])
    expect(broken.rows[1]?.[2]).toContain('大理州,2021,5')
  })

  it('keeps formula-looking cells as text', () => {
    const table = parseDelimited('a,b\n=1+1,@SUM(A1)\n')
    expect(table.rows).toEqual([['=1+1', '@SUM(A1)']])
  })

  it('handles empty text', () => {
    expect(parseDelimited('')).toMatchObject({ header: [], rows: [], problems: [] })
  })
})
