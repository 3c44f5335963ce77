import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { fakeT } from './fake-t'
import { deckToPptx, type DeckMeta } from '../../src/export/pptx'
import { nativeChartOf } from '../../src/export/native-chart'
import { buildMetricBarOption } from '../../src/charts/options/metric-bar'
import { buildRankingBarOption } from '../../src/charts/options/ranking-bar'
import { buildTileMapOption } from '../../src/charts/options/region-map'
import { fitFrame } from '../../src/charts/frame'
import { TIER_COLOURS } from '../../src/charts/tiers'
import type { DeckSlide } from '../../src/stores/deck'
import type { MetricSeriesRow } from '../../src/queries/build-family-sql'
import type { RankingRow } from '../../src/queries/build-ranking-sql'

const t = fakeT((key, v) => `${key}(${v.join(',')})`)

function series(over: Partial<MetricSeriesRow>): MetricSeriesRow {
  return {
    region_code: '530100', region_zh: '昆明市', region_en: 'Kunming', level: 'prefecture', year: 2018,
    value: 1, qualifier: 'exact', note: null, source_id: 's1', publisher_zh: '某局', period_start: '2018-01-01',
    period_end: '2018-12-31', scope: 'government', ...over,
  }
}
function ranked(code: string, name: string, value: number | null, rank: number | null): RankingRow {
  return { region_code: code, name_zh: name, name_en: name, value, rank, prev_value: null, prev_rank: null, source_id: 's1' } as RankingRow
}

const metric = { id: 'online.items_online_pct', name_zh: '网上可办率', name_en: 'Items online', unit: 'percent' }
const barOption = fitFrame(
  buildMetricBarOption({
    rows: [series({ value: 91.5 }), series({ year: 2019, value: 97.25 }), series({ region_code: '530500', region_zh: '保山市', region_en: 'Baoshan', value: 86.73 })],
    metric,
    locale: 'zh-CN',
    t,
  }),
  900,
)
const rankingRows = [ranked('532300', '楚雄彝族自治州', 87.26, 1), ranked('530500', '保山市', 86.73, 2), ranked('530100', '昆明市', null, null)]
const rankingOption = fitFrame(
  buildRankingBarOption({ rows: rankingRows, tiers: ['very_high', 'high', 'none'], metric: { ...metric, unit: 'percent' }, year: 2018, scopeLabel: '州市', footnote: '来源：s1', locale: 'zh-CN', t }),
  560,
)

function slide(option: unknown, title: string, extra: Partial<DeckSlide> = {}): DeckSlide {
  return { id: title, title, svg: '<svg xmlns="http://www.w3.org/2000/svg"/>', width: 800, height: 500, keyFigure: '楚雄州 87.26%', unit: '单位：%', source: '来源：s1', date: '2026-12-02', synthetic: false, chart: nativeChartOf(option), key: title, ...extra }
}

const meta: DeckMeta = {
  title: '政务服务绩效简报',
  date: '2026-12-02',
  dataset: '模拟数据（程序生成）',
  synthetic: true,
  labels: { date: '日期', dataset: '数据集', synthetic: '模拟数据', unit: '单位', source: '来源', keyFigure: '关键数字' },
}
// a 1×1 PNG: the map's picture as the page would hand it over (no canvas in Node)
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

describe('nativeChartOf', () => {
  it('reads categories, one series per year and the values as the chart shows them', () => {
    const chart = nativeChartOf(barOption)
    expect(chart?.kind).toBe('bar')
    expect(chart?.horizontal).toBe(false)
    expect(chart?.categories).toEqual(['昆明市', '保山市'])
    expect(chart?.series.map((s) => [s.name, s.values])).toEqual([
      ['2018', [91.5, 86.73]],
      ['2019', [97.25, null]],
    ])
  })

  it('keeps a ranking horizontal with its leader on top and each bar in its tier colour', () => {
    const chart = nativeChartOf(rankingOption)
    expect(chart?.horizontal).toBe(true)
    expect(chart?.firstOnTop).toBe(true)
    expect(chart?.series[0]?.values).toEqual([87.26, 86.73, null])
    // the bars keep the page's tier colours
    const tierHex = new Set(Object.values(TIER_COLOURS).map((c) => c.slice(1).toUpperCase()))
    expect(chart?.series[0]?.colours.length).toBeGreaterThan(0)
    for (const c of chart?.series[0]?.colours ?? []) expect(tierHex.has(c)).toBe(true)
  })

  it('gives no native chart for the tile map: it goes as a picture', () => {
    const tiles = buildTileMapOption({ rows: rankingRows, tiers: ['high', 'high', 'none'], metric, year: 2018, selected: null, footnote: '', locale: 'zh-CN', t, width: 500 })
    expect(nativeChartOf(tiles)).toBeNull()
  })
})

describe('deckToPptx', () => {
  it('writes a cover, then native charts with their data, and the map as a picture', async () => {
    const slides = [slide(barOption, '网上可办率（按地区、年份）'), slide(rankingOption, '网上可办率 排名'), slide(null, '地图', { chart: null })]
    const file = await deckToPptx(slides, meta, async () => PNG)
    const bytes = file instanceof Uint8Array ? file : new Uint8Array(await (file as Blob).arrayBuffer())
    const parts = unzipSync(bytes)
    const names = Object.keys(parts)
    const text = (name: string) => strFromU8(parts[name] as Uint8Array)
    // cover + three chart slides
    expect(names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length).toBe(4)
    const cover = text('ppt/slides/slide1.xml')
    expect(cover).toContain('政务服务绩效简报')
    expect(cover).toContain('2026-12-02')
    expect(cover).toContain('模拟数据')

    const charts = names.filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))
    expect(charts.length).toBe(2)
    const xml = charts.map(text)
    const grouped = xml.find((x) => x.includes('<c:v>2019</c:v>')) as string
    expect(grouped).toContain('<c:barDir val="col"/>')
    for (const v of ['昆明市', '保山市', '91.5', '86.73', '97.25']) expect(grouped).toContain(`<c:v>${v}</c:v>`)
    const ranking = xml.find((x) => x.includes('楚雄彝族自治州')) as string
    expect(ranking).toContain('<c:barDir val="bar"/>')
    expect(ranking).toContain('<c:v>87.26</c:v>')
    expect(ranking).toContain('maxMin')
    // each native chart carries its data as an embedded workbook, so PowerPoint and WPS can edit it
    expect(names.some((n) => n.startsWith('ppt/embeddings/'))).toBe(true)
    // the third chart slide holds a picture, not a chart
    expect(names.some((n) => n.startsWith('ppt/media/'))).toBe(true)
    const third = text('ppt/slides/slide4.xml')
    expect(third).toContain('<p:pic>')
    expect(third).not.toContain('graphicFrame')
    // title once, key figure, footer with unit, source and date
    const first = text('ppt/slides/slide2.xml')
    expect(first.match(/网上可办率（按地区、年份）/g)?.length).toBe(1)
    expect(first).toContain('楚雄州 87.26%')
    expect(first).toContain('单位：%')
    expect(first).toContain('来源：s1')
  })
})
