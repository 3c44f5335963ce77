import { describe, expect, it } from 'vitest'
import { chineseShortForms, createRegionResolver, englishShortForms, type RegionRef } from '../../src/ingest/regions'
import { loadRegions } from '../fixtures/load'

const resolve = createRegionResolver(loadRegions())

describe('createRegionResolver on data/regions.csv', () => {
  it('resolves exact codes and names', () => {
    expect(resolve('530100')).toBe('530100')
    expect(resolve('520100-etdz')).toBe('520100-etdz')
    expect(resolve('昆明市')).toBe('530100')
    expect(resolve('楚雄彝族自治州')).toBe('532300')
    expect(resolve('Kunming')).toBe('530100')
    expect(resolve('Chuxiong Yi Autonomous Prefecture')).toBe('532300')
    expect(resolve('贵阳国家经济技术开发区')).toBe('520100-etdz')
  })

  it('resolves the short forms people write', () => {
    expect(resolve('楚雄州')).toBe('532300')
    expect(resolve('楚雄')).toBe('532300')
    expect(resolve('大理州')).toBe('532900')
    expect(resolve('大理')).toBe('532900')
    expect(resolve('红河州')).toBe('532500')
    expect(resolve('德宏')).toBe('533100')
    expect(resolve('西双版纳')).toBe('532800')
    expect(resolve('黔西南州')).toBe('522300')
    expect(resolve('昆明')).toBe('530100')
    expect(resolve('保山市')).toBe('530500')
    expect(resolve('五华')).toBe('530102')
    expect(resolve('腾冲')).toBe('530581')
    expect(resolve('云南')).toBe('530000')
    expect(resolve('贵阳经开区')).toBe('520100-etdz')
  })

  it('ignores case, width, spaces, quotes and brackets', () => {
    expect(resolve('  kunming ')).toBe('530100')
    expect(resolve('KUNMING CITY')).toBe('530100')
    expect(resolve("Pu'er")).toBe('530800')
    expect(resolve('Puer')).toBe('530800')
    expect(resolve('Chuxiong')).toBe('532300')
    expect(resolve('Dali Prefecture')).toBe('532900')
    expect(resolve('昆 明 市')).toBe('530100')
    expect(resolve('\u3000保山市\u3000')).toBe('530500')
    expect(resolve('【昆明市】')).toBe('530100')
    expect(resolve('“保山市”')).toBe('530500')
    expect(resolve('楚雄州（楚雄彝族自治州）')).toBe('532300')
    expect(resolve('５３０１００')).toBe('530100')
  })

  it('does not trim the user’s text into another unit', () => {
    // 楚雄市 and 大理市 are county-level cities, not the prefectures.
    expect(resolve('楚雄市')).toBeNull()
    expect(resolve('大理市')).toBeNull()
    expect(resolve('火星市')).toBeNull()
    expect(resolve('')).toBeNull()
    expect(resolve('<b>昆明市</b>')).toBeNull()
    expect(resolve('=HYPERLINK("x","昆明")')).toBeNull()
  })
})

describe('ambiguity', () => {
  const regions: RegionRef[] = [
    { code: '110105', name_zh: '朝阳区', name_en: 'Chaoyang District', level: 'county', parent_code: '110100' },
    { code: '220104', name_zh: '朝阳区', name_en: 'Chaoyang District', level: 'county', parent_code: '220100' },
    { code: '211300', name_zh: '朝阳市', name_en: 'Chaoyang', level: 'prefecture', parent_code: '210000' },
    { code: '530100', name_zh: '昆明市', name_en: 'Kunming', level: 'prefecture', parent_code: '530000' },
  ]
  const resolveAmbiguous = createRegionResolver(regions)

  it('returns null for a name two regions share, and for a shared short form', () => {
    expect(resolveAmbiguous('朝阳区')).toBeNull()
    expect(resolveAmbiguous('朝阳')).toBeNull()
    expect(resolveAmbiguous('Chaoyang District')).toBeNull()
  })

  it('still resolves an exact name even when its short form is ambiguous', () => {
    expect(resolveAmbiguous('朝阳市')).toBe('211300')
    expect(resolveAmbiguous('Chaoyang')).toBe('211300')
    expect(resolveAmbiguous('110105')).toBe('110105')
    expect(resolveAmbiguous('昆明')).toBe('530100')
  })
})

describe('short forms', () => {
  it('strips the peoples from autonomous prefectures', () => {
    expect(chineseShortForms('楚雄彝族自治州')).toEqual(['楚雄州', '楚雄'])
    expect(chineseShortForms('红河哈尼族彝族自治州')).toEqual(['红河州', '红河'])
    expect(chineseShortForms('德宏傣族景颇族自治州')).toEqual(['德宏州', '德宏'])
    expect(chineseShortForms('石林彝族自治县')).toEqual(['石林县', '石林'])
    expect(chineseShortForms('广西壮族自治区')).toEqual(['广西'])
  })

  it('strips 市, 区, 县 and 省, but never below two characters', () => {
    expect(chineseShortForms('昆明市')).toEqual(['昆明'])
    expect(chineseShortForms('五华区')).toEqual(['五华'])
    expect(chineseShortForms('云南省')).toEqual(['云南'])
    expect(chineseShortForms('城区')).toEqual([])
  })

  it('makes English short forms', () => {
    expect(englishShortForms('Chuxiong Yi Autonomous Prefecture', '楚雄彝族自治州')).toEqual(['Chuxiong', 'Chuxiong Prefecture'])
    expect(englishShortForms('Kunming', '昆明市')).toEqual(['Kunming City'])
    expect(englishShortForms('Wuhua District', '五华区')).toEqual(['Wuhua'])
  })
})
