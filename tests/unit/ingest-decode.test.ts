import { describe, expect, it } from 'vitest'
import { decodeText, looksBinary } from '../../src/ingest/decode'
import { fixtureBytes } from '../fixtures/load'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('decodeText', () => {
  it('reads plain UTF-8', () => {
    expect(decodeText(utf8('地区,年份\n昆明市,2021'))).toEqual({ text: '地区,年份\n昆明市,2021', encoding: 'utf-8' })
  })

  it('strips a UTF-8 BOM and says it was there', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('楚雄州')])
    expect(decodeText(bytes)).toEqual({ text: '楚雄州', encoding: 'utf-8-bom' })
  })

  it('falls back to GB18030 for GBK bytes (what Chinese Excel writes)', () => {
    // 楚雄州 in GBK: B3FE D0DB D6DD
    const bytes = new Uint8Array([0xb3, 0xfe, 0xd0, 0xdb, 0xd6, 0xdd, 0x2c, 0x32, 0x30, 0x32, 0x31])
    expect(decodeText(bytes)).toEqual({ text: '楚雄州,2021', encoding: 'gb18030' })
  })

  it('decodes the GBK fixture to the right Chinese', () => {
    const { text, encoding } = decodeText(fixtureBytes('gbk-wide.csv'))
    expect(encoding).toBe('gb18030')
    expect(text.split('\r\n')[0]).toBe('地区,年份,网上可办率(%),办件量(万件)')
    expect(text).toContain('楚雄州,2021,92.5,12.3')
    expect(text).toContain('大理州,2021,90,—')
    expect(text).not.toContain('\uFFFD')
  })

  it('reads UTF-16 with a BOM (Excel "Unicode text")', () => {
    const le = new Uint8Array([0xff, 0xfe, 0x06, 0x66, 0x0e, 0x66, 0x09, 0x00]) // 昆明\t
    expect(decodeText(le)).toEqual({ text: '昆明\t', encoding: 'utf-16le' })
    const be = new Uint8Array([0xfe, 0xff, 0x66, 0x06, 0x66, 0x0e])
    expect(decodeText(be)).toEqual({ text: '昆明', encoding: 'utf-16be' })
  })

  it('returns empty text for empty input', () => {
    expect(decodeText(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' })
  })
})

describe('looksBinary', () => {
  it('tells a picture or a zip from text in UTF-8, GBK or UTF-16', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
    expect(looksBinary(png)).toBe(true)
    expect(looksBinary(new TextEncoder().encode('地区,年份\r\n昆明市,2021\n'))).toBe(false)
    expect(looksBinary(fixtureBytes('gbk-wide.csv'))).toBe(false)
    expect(looksBinary(new Uint8Array([0xff, 0xfe, 0x30, 0x57, 0x3a, 0x53]))).toBe(false)
    expect(looksBinary(fixtureBytes('wide-years.xlsx'))).toBe(true)
  })
})
