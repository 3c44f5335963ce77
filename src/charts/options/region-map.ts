import type { EChartsOption } from 'echarts'
import type { RankingRow } from '../../queries/build-ranking-sql'
import { escapeHtml } from '../escape'
import { formatValue, type UiLocale } from '../format'
import type { Translate } from '../footnote'
import { chartFrame, textWidth } from '../frame'
import { TIER_COLOURS, type TierKey } from '../tiers'
import type { MetricInfo } from './metric-bar'
import { changeLabel, rankLabeller } from './ranking-bar'
import { tileLayout, tileName, type TileLayout } from '../geo/tile-layout'

export interface RegionMapInput {
  mapName: string
  rows: readonly RankingRow[]
  tiers: readonly TierKey[]
  metric: MetricInfo
  year: number
  selected: string | null
  footnote: string
  locale: UiLocale
  t: Translate
  watermark?: string | null
}

/** The tiers in legend order, for the mode in use (plus 无数据). */
export function legendTiers(tiers: readonly TierKey[]): TierKey[] {
  const order: TierKey[] = ['very_high', 'high', 'medium', 'low', 'top', 'middle', 'bottom', 'none']
  const present = new Set(tiers)
  const fixed = present.has('very_high') || present.has('high') || present.has('medium') || present.has('low')
  const keys: TierKey[] = fixed ? ['very_high', 'high', 'medium', 'low'] : ['top', 'middle', 'bottom']
  return order.filter((k) => keys.includes(k) || k === 'none')
}

function tooltipFor(rows: readonly RankingRow[], tiers: readonly TierKey[], metric: MetricInfo, locale: UiLocale, t: Translate) {
  const byCode = new Map(rows.map((row, i) => [row.region_code, { row, tier: tiers[i] ?? 'none' }]))
  const metricName = locale === 'en' ? metric.name_en : metric.name_zh
  const rankOf = rankLabeller(rows, t)
  return (params: unknown) => {
    const p = (Array.isArray(params) ? params[0] : params) as { name?: string } | undefined
    const hit = byCode.get(String(p?.name ?? ''))
    if (!hit) return ''
    const { row, tier } = hit
    const label = `<strong>${escapeHtml(locale === 'en' ? row.name_en : row.name_zh)}</strong>`
    if (row.value === null) return `${label}<br>${escapeHtml(t('ranking.noData'))}`
    return [
      label,
      `${escapeHtml(metricName)}：${escapeHtml(formatValue(row.value, metric.unit, locale, metric.id))}`,
      `${escapeHtml(t('ranking.rank'))}：${escapeHtml(rankOf(row))}（${escapeHtml(changeLabel(row, t))}）`,
      `${escapeHtml(t('ranking.tier'))}：${escapeHtml(t(`tiers.${tier}`))}`,
    ].join('<br>')
  }
}

export interface TileMapInput extends Omit<RegionMapInput, 'mapName'> {
  /** The chart's width in pixels: tiles are square and their labels fit them. */
  width: number
}

/** Pixels above and below the tiles: title and subtitle, then the legend and the footnote. */
const TILE_TOP = 64
const TILE_BOTTOM = 92

/** The tile size for a layout in a chart `width` wide: as large as fits, at most 72 px. */
export function tileSize(layout: Pick<TileLayout, 'cols'>, width: number): number {
  return Math.max(18, Math.min(72, Math.floor((width - 24) / Math.max(1, layout.cols))))
}

/** The tier legend in one row if it fits the width, else one entry per line (its height beyond one row, in px). */
function legendFit(labels: readonly string[], width: number): { vertical: boolean; extra: number } {
  const row = labels.reduce((sum, label) => sum + 14 + 5 + textWidth(label, 11) + 8, 0)
  if (row <= width - 24) return { vertical: false, extra: 0 }
  return { vertical: true, extra: (labels.length - 1) * 18 }
}

/** The tile map's height in pixels for this input (the tiles stay square, the legend fits). */
export function tileMapHeight(input: Pick<TileMapInput, 'rows' | 'tiers' | 't' | 'width'>): number {
  const layout = tileLayout(input.rows.map((r) => r.region_code))
  const labels = legendTiers(input.tiers).map((key) => input.t(`tiers.${key}`))
  return TILE_TOP + TILE_BOTTOM + legendFit(labels, input.width).extra + Math.max(1, layout.rows) * tileSize(layout, input.width)
}

/**
 * The default map: one equal tile per region, laid out by where each lies (charts/geo/tile-layout),
 * coloured by tier, labelled with its short name and value, the selected region outlined. No
 * boundary is drawn, so no approved map (审图号) is needed. Keyed by GB/T 2260 code (the datum's
 * name), so a click or a hover gives the region's code.
 */
export function buildTileMapOption(input: TileMapInput): EChartsOption {
  const { rows, tiers, metric, year, selected, footnote, locale, t, watermark = null, width } = input
  const legend = legendTiers(tiers)
  const metricName = locale === 'en' ? metric.name_en : metric.name_zh
  const layout = tileLayout(rows.map((r) => r.region_code))
  const size = tileSize(layout, width)
  const at = new Map(layout.tiles.map((tile) => [tile.code, tile]))
  const plotWidth = size * layout.cols
  const left = Math.max(12, Math.floor((width - plotWidth) / 2))
  const showValue = size >= 40
  const fit = legendFit(legend.map((key) => t(`tiers.${key}`)), width)
  return {
    aria: { enabled: true, label: { description: t('map.title', { metric: metricName, year }) } },
    animation: false,
    ...chartFrame({ title: t('map.title', { metric: metricName, year }), subtitle: t('map.tileSubtitle'), footnote, watermark, width: 520 }),
    tooltip: { trigger: 'item', formatter: tooltipFor(rows, tiers, metric, locale, t) },
    grid: { left, width: plotWidth, top: TILE_TOP, height: size * Math.max(1, layout.rows) },
    xAxis: { type: 'category', data: Array.from({ length: layout.cols }, (_, i) => String(i)), show: false },
    yAxis: { type: 'category', inverse: true, data: Array.from({ length: Math.max(1, layout.rows) }, (_, i) => String(i)), show: false },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      seriesIndex: 0,
      left: 12,
      bottom: 48,
      orient: fit.vertical ? 'vertical' : 'horizontal',
      itemWidth: 14,
      itemHeight: 10,
      itemGap: 8,
      textStyle: { fontSize: 11 },
      selectedMode: false,
      pieces: legend.map((key) => ({ value: legend.indexOf(key), label: t(`tiers.${key}`), color: TIER_COLOURS[key] })),
    },
    series: [
      {
        // a rounded square per region; a scatter, not a heatmap: ECharts updates a scatter's tiles in
        // place when the figures change, where a heatmap draws every tile and its label anew
        type: 'scatter',
        symbol: 'roundRect',
        symbolSize: size - 2,
        itemStyle: { opacity: 1 },
        emphasis: { scale: false, itemStyle: { borderColor: '#08306b', borderWidth: 2 } },
        label: {
          show: true,
          position: 'inside',
          fontSize: size >= 44 ? 11 : 10,
          lineHeight: 13,
          color: '#1c2430',
          width: size - 4,
          overflow: 'truncate',
          formatter: (p: { data?: unknown }) => String((p.data as { text?: string } | undefined)?.text ?? ''),
        },
        data: rows.flatMap((row, i) => {
          const tile = at.get(row.region_code)
          if (!tile) return []
          const tier = tiers[i] ?? 'none'
          const short = tileName(row.name_zh, row.name_en, locale)
          const value = row.value === null ? '' : formatValue(row.value, metric.unit, locale, metric.id)
          return [
            {
              name: row.region_code,
              value: [tile.col, tile.row, legend.indexOf(tier)],
              text: showValue && value ? `${short}\n${value}` : short,
              ...(row.region_code === selected ? { itemStyle: { borderColor: '#08306b', borderWidth: 3 } } : {}),
            },
          ]
        }),
      },
    ],
  } as EChartsOption
}

/**
 * A choropleth on a deployment's own approved map (审图号), registered under `mapName`, whose
 * features carry GB/T 2260 codes in `properties.code`; coloured by tier.
 * Each datum carries [value, tier index] so that a piecewise visualMap can draw the legend inside
 * the chart; the selected region is outlined.
 */
export function buildRegionMapOption(input: RegionMapInput): EChartsOption {
  const { mapName, rows, tiers, metric, year, selected, footnote, locale, t, watermark = null } = input
  const legend = legendTiers(tiers)
  const metricName = locale === 'en' ? metric.name_en : metric.name_zh
  const byCode = new Map(rows.map((row, i) => [row.region_code, { row, tier: tiers[i] ?? 'none' }]))
  return {
    aria: { enabled: true, label: { description: t('map.title', { metric: metricName, year }) } },
    animation: false,
    ...chartFrame({ title: t('map.title', { metric: metricName, year }), subtitle: t('map.subtitle'), footnote, watermark, width: 520 }),
    tooltip: { trigger: 'item', formatter: tooltipFor(rows, tiers, metric, locale, t) },
    visualMap: {
      type: 'piecewise',
      dimension: 1,
      left: 12,
      bottom: 56,
      orient: 'vertical',
      itemWidth: 14,
      itemHeight: 10,
      textStyle: { fontSize: 11 },
      selectedMode: false,
      pieces: legend.map((key) => ({ value: legend.indexOf(key), label: t(`tiers.${key}`), color: TIER_COLOURS[key] })),
    },
    series: [
      {
        type: 'map',
        map: mapName,
        nameProperty: 'code',
        roam: false,
        top: 64,
        bottom: 56,
        // selection is drawn as a dark outline on the tier colour, not ECharts' own select fill
        selectedMode: false,
        label: { show: false },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#9ecae1' } },
        itemStyle: { borderColor: '#ffffff', borderWidth: 0.8 },
        data: [...byCode.entries()].map(([code, { row, tier }]) => ({
          name: code,
          value: [row.value ?? Number.NaN, legend.indexOf(tier)],
          ...(row.region_code === selected ? { itemStyle: { borderColor: '#08306b', borderWidth: 2.5 } } : {}),
        })),
      },
    ],
  } as EChartsOption
}
