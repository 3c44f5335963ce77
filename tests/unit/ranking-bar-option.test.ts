import { describe, expect, it } from 'vitest'
import { fakeT } from './fake-t'
import { buildRankingBarOption, CONDENSE_ABOVE, ENDS, rankingEntries, rankingHeightFor } from '../../src/charts/options/ranking-bar'
import { nativeChartOf } from '../../src/export/native-chart'
import type { RankingRow } from '../../src/queries/build-ranking-sql'
import type { TierKey } from '../../src/charts/tiers'

const t = fakeT((key, v) => `${key}(${v.join(',')})`)
const metric = { id: 'online.items_online_pct', name_zh: '网上可办率', name_en: 'Items online', unit: 'percent' }

/** n regions ranked 1…n, values falling from 99 by 0.25, and two without a figure. */
function ranking(n: number): RankingRow[] {
  const rows = Array.from({ length: n }, (_, i) => ({
    region_code: String(100000 + i), name_zh: `地区${i + 1}`, name_en: `Region ${i + 1}`, value: 99 - i * 0.25, rank: i + 1, prev_value: null, prev_rank: null, source_id: 's1',
  }))
  const none = [0, 1].map((i) => ({ region_code: String(900000 + i), name_zh: `无${i}`, name_en: `None ${i}`, value: null, rank: null, prev_value: null, prev_rank: null, source_id: null }))
  return [...rows, ...none] as unknown as RankingRow[]
}
const tiersFor = (rows: RankingRow[]): TierKey[] => rows.map((r) => (r.value === null ? 'none' : r.value >= 90 ? 'very_high' : 'high'))

type Bar = { value: number | string; labelText: string; itemStyle?: { color: string; borderWidth?: number } }
function drawn(option: ReturnType<typeof buildRankingBarOption>) {
  const y = option.yAxis as { data: string[] }
  const series = (option.series as { data: Bar[] }[])[0]
  return { categories: y.data, bars: series?.data ?? [], subtitle: String((option.title as { subtext?: string }[] | { subtext?: string }) && JSON.stringify(option.title)) }
}

describe('a ranking of a large scope: its leaders and laggards', () => {
  it('draws every region up to CONDENSE_ABOVE, then the first and last ENDS with the gap counted', () => {
    const small = ranking(CONDENSE_ABOVE)
    expect(rankingEntries(small.filter((r) => r.value !== null))).toHaveLength(CONDENSE_ABOVE)

    const rows = ranking(325)
    const option = buildRankingBarOption({ rows, tiers: tiersFor(rows), metric, year: 2023, scopeLabel: '全国地级', footnote: '', locale: 'zh-CN', t })
    const { categories, bars, subtitle } = drawn(option)
    // 15 leaders, one line for the 295 between, 15 laggards, then the line for the regions without a figure
    expect(categories).toHaveLength(ENDS * 2 + 2)
    expect(categories.slice(0, 3)).toEqual(['地区1', '地区2', '地区3'])
    expect(categories[ENDS]).toBe(`charts.skipped(${325 - 2 * ENDS})`)
    expect(categories.at(-2)).toBe('地区325')
    expect(categories.at(-1)).toBe('charts.noDataMore(2)')
    // each bar keeps its own rank, value and tier; the gap has no bar
    expect(bars[0]?.labelText).toMatch(/^1 · 99%/)
    expect(bars[ENDS]).toEqual({ value: '-', labelText: '' })
    expect(bars[ENDS + 1]?.labelText).toContain(`${325 - ENDS + 1} · `)
    expect(bars[ENDS + 1]?.value).toBeCloseTo(99 - (325 - ENDS) * 0.25)
    expect(bars[ENDS + 1]?.itemStyle?.color).not.toBe(bars[0]?.itemStyle?.color)
    // the chart says what it leaves out, so that an exported image is honest on its own
    expect(subtitle).toContain(`charts.condensedNote(${ENDS},325)`)
    // the height follows the lines drawn, not the 325 regions
    expect(rankingHeightFor(rows)).toBeLessThan(rankingHeightFor(rows, false, { all: true }) / 5)
    // a slide's native chart takes the same lines: the gap as a category without a value
    const native = nativeChartOf(option)
    expect(native?.categories).toEqual(categories)
    expect(native?.series[0]?.values[ENDS]).toBeNull()
    // on a phone the gap line is short enough for the names' column
    const phone = drawn(buildRankingBarOption({ rows, tiers: tiersFor(rows), metric, year: 2023, scopeLabel: '', footnote: '', locale: 'zh-CN', t, width: 360 }))
    expect(phone.categories[ENDS]).toBe(`charts.skippedShort(${325 - 2 * ENDS})`)
  })

  it('keeps the region picked in its place between the ends, with a gap on each side', () => {
    const rows = ranking(100)
    const picked = rows[49]?.region_code as string
    const { categories, bars } = drawn(buildRankingBarOption({ rows, tiers: tiersFor(rows), metric, year: 2023, scopeLabel: '', footnote: '', locale: 'zh-CN', t, selected: picked }))
    expect(categories.slice(ENDS, ENDS + 3)).toEqual([`charts.skipped(${49 - ENDS})`, '地区50', `charts.skipped(${100 - ENDS - 50})`])
    expect(bars[ENDS + 1]?.labelText).toContain('50 · ')
    expect(bars[ENDS + 1]?.itemStyle?.borderWidth).toBe(2)
  })

  it('draws every region when asked, with no gap line nor note', () => {
    const rows = ranking(325)
    const { categories, subtitle } = drawn(buildRankingBarOption({ rows, tiers: tiersFor(rows), metric, year: 2023, scopeLabel: '', footnote: '', locale: 'zh-CN', t, all: true }))
    expect(categories).toHaveLength(326)
    expect(categories.some((c) => c.startsWith('charts.skipped'))).toBe(false)
    expect(subtitle).not.toContain('charts.condensedNote')
  })

  it('tooltips name the region under the cursor, and nothing for the gap line', () => {
    const rows = ranking(60)
    const option = buildRankingBarOption({ rows, tiers: tiersFor(rows), metric, year: 2023, scopeLabel: '', footnote: '', locale: 'zh-CN', t })
    const formatter = (option.tooltip as { formatter: (p: { dataIndex: number }) => string }).formatter
    expect(formatter({ dataIndex: ENDS })).toBe('')
    expect(formatter({ dataIndex: ENDS + 1 })).toContain('地区46')
    expect(formatter({ dataIndex: ENDS + 1 })).toContain('tiers.high')
  })
})
