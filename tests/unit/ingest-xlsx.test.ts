import { describe, expect, it } from 'vitest'
import { plainNumber, readXlsx, XlsxReadError } from '../../src/ingest/xlsx'
import { fixtureBytes } from '../fixtures/load'

describe('readXlsx', () => {
  it('reads the first sheet as strings, skipping the title row', async () => {
    const table = await readXlsx(fixtureBytes('wide-years.xlsx'))
    expect(table.sheetName).toBe('网上可办率')
    expect(table.header).toEqual(['地区', '2019年', '2020年', '2021年', '更新日期'])
    expect(table.headerLine).toBe(3)
    expect(table.rows).toEqual([
      ['昆明市', '85.5', '90.25', '95', '2022-01-15'],
      ['530500', '80', '84.5', '', '2022-02-01'],
      ['楚雄州', '78.1', '—', '88.8', ''],
      ['曲靖市', '76', '81.5', '86.75', '2021-12-31'],
    ])
    expect(table.rowLines).toEqual([4, 5, 6, 7])
  })

  it('accepts an ArrayBuffer and a Uint8Array over a larger buffer', async () => {
    const bytes = fixtureBytes('wide-years.xlsx')
    const padded = new Uint8Array(bytes.length + 16)
    padded.set(bytes, 8)
    const view = padded.subarray(8, 8 + bytes.length)
    const fromView = await readXlsx(view)
    const fromBuffer = await readXlsx(bytes.slice().buffer)
    expect(fromView.rows).toEqual(fromBuffer.rows)
    expect(fromBuffer.rows).toHaveLength(4)
  })

  it('refuses a file that is not a zip', async () => {
    await expect(readXlsx(new TextEncoder().encode('地区,年份\n昆明市,2021\n'))).rejects.toMatchObject({ code: 'not-xlsx' })
    await expect(readXlsx(new Uint8Array())).rejects.toBeInstanceOf(XlsxReadError)
  })

  it('refuses a sheet large enough to need a worker (the CSP forbids blob: workers)', async () => {
    // Same workbook, with the central directory claiming a 1 MB well-compressed sheet.
    const bytes = fixtureBytes('wide-years.xlsx').slice()
    const view = new DataView(bytes.buffer)
    let end = bytes.length - 22
    while (view.getUint32(end, true) !== 0x06054b50) end--
    let p = view.getUint32(end + 16, true)
    for (let k = 0; k < view.getUint16(end + 10, true); k++) {
      const nameLength = view.getUint16(p + 28, true)
      const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength))
      if (name === 'xl/worksheets/sheet1.xml') view.setUint32(p + 24, 1_048_576, true)
      p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true)
    }
    await expect(readXlsx(bytes)).rejects.toMatchObject({ code: 'too-large' })
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
