import { describe, expect, it } from 'vitest'
import { i18n, t } from '../../src/i18n'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'

type Tree = { [key: string]: string | Tree }
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))

const flat = (tree: Tree, prefix = ''): Record<string, string> =>
  Object.fromEntries(Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v]] : Object.entries(flat(v, `${prefix}${k}.`)))))

describe('i18n', () => {
  it('fills named placeholders as text, in the current language', () => {
    i18n.global.locale.value = 'zh-CN'
    expect(t('import.summaryTitle', { file: '<b>x</b>.csv' })).toBe('已导入：<b>x</b>.csv')
    i18n.global.locale.value = 'en'
    expect(t('import.summaryTitle', { file: 'x.csv' })).toBe('Imported: x.csv')
    i18n.global.locale.value = 'zh-CN'
  })

  it('leaves an unknown placeholder visible and an unknown key as the key', () => {
    expect(t('import.summaryTitle', {})).toBe('已导入：{file}')
    expect(t('no.such.key')).toBe('no.such.key')
  })

  it('says one region, not "1 regions": a count picks its word in English', () => {
    i18n.global.locale.value = 'en'
    expect(t('charts.fewRegions', { count: 1 })).toMatch(/^Only 1 region has comparable figures/)
    expect(t('charts.fewRegions', { count: 2 })).toMatch(/^Only 2 regions have comparable figures/)
    expect(t('family.coverage', { regions: 1, years: 1, observations: 1 })).toBe('1 region · 1 year · 1 figure')
    expect(t('family.coverage', { regions: 4, years: 3, observations: 0 })).toBe('4 regions · 3 years · 0 figures')
    i18n.global.locale.value = 'zh-CN'
    expect(t('charts.fewRegions', { count: 1 })).toContain('仅 1 个地区')
  })

  it('writes no English count that could read "1 regions"', () => {
    const plainCount = Object.values(flat(en as Tree)).filter((m) => /\{(count|n|regions|rows|figures|reports)\} (regions|rows|figures|reports|slides|problems|flags)\b/.test(m))
    expect(plainCount).toEqual([])
  })

  it('has every Chinese message in English too, so the fallback is never needed', () => {
    expect(keys(en as Tree).sort()).toEqual(keys(zh as Tree).sort())
  })
})
