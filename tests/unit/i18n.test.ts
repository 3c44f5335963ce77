import { describe, expect, it } from 'vitest'
import { i18n, t } from '../../src/i18n'
import zh from '../../src/i18n/zh-CN'
import en from '../../src/i18n/en'

type Tree = { [key: string]: string | Tree }
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))

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

  it('has every Chinese message in English too, so the fallback is never needed', () => {
    expect(keys(en as Tree).sort()).toEqual(keys(zh as Tree).sort())
  })
})
