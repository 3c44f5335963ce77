import { describe, expect, it } from 'vitest'
import { buildImportSummaryOption } from '../../src/charts/options/import-summary'
import { fakeT } from './fake-t'

const t = fakeT((key, values) => `${key}(${values.join(',')})`)

describe('import summary chart', () => {
  it('stacks each family per year, years in order, with the total in the subtitle', () => {
    const option = buildImportSummaryOption({
      rows: [
        { year: 2022, family: 'online', n: 3 },
        { year: 2021, family: 'context', n: 5 },
        { year: 2021, family: 'online', n: 2 },
      ],
      fileName: '<b>x</b>.csv',
      locale: 'zh-CN',
      t,
    })
    expect(option.xAxis).toMatchObject({ data: ['2021', '2022'] })
    const series = option.series as { name: string; stack: string; data: number[] }[]
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['nav.online', [2, 3]],
      ['import.contextFamily', [5, 0]],
    ])
    expect(new Set(series.map((s) => s.stack)).size).toBe(1)
    const titles = option.title as { text: string; subtext?: string }[]
    expect(titles[0]?.text).toBe('import.summaryTitle(<b>x</b>.csv)')
    expect(titles[0]?.subtext).toContain('10')
  })
})
