import type { EChartsOption } from 'echarts'
import type { RankingRow } from '../../queries/build-ranking-sql'
import { escapeHtml } from '../escape'
import { formatValue, type UiLocale } from '../format'
import type { Translate } from '../footnote'
import { chartFrame } from '../frame'
import { TIER_COLOURS, type TierKey } from '../tiers'
import type { MetricInfo } from './metric-bar'
import { changeLabel, rankLabel } from './ranking-bar'

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

/**
 * A choropleth keyed by the regions' official names (the GeoJSON's `name`), coloured by tier.
 * Each datum carries [value, tier index] so that a piecewise visualMap can draw the legend inside
 * the chart; the selected region is outlined.
 */
export function buildRegionMapOption(input: RegionMapInput): EChartsOption {
  const { mapName, rows, tiers, metric, year, selected, footnote, locale, t, watermark = null } = input
  const legend = legendTiers(tiers)
  const metricName = locale === 'en' ? metric.name_en : metric.name_zh
  const byName = new Map(rows.map((row, i) => [row.name_zh, { row, tier: tiers[i] ?? 'none' }]))
  return {
    aria: { enabled: true, label: { description: t('map.title', { metric: metricName, year }) } },
    animation: false,
    ...chartFrame({ title: t('map.title', { metric: metricName, year }), subtitle: t('map.subtitle'), footnote, watermark, width: 520 }),
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params
        const hit = byName.get(String(p?.name ?? ''))
        const label = (name: string) => escapeHtml(locale === 'en' ? (hit?.row.name_en ?? name) : name)
        if (!hit || hit.row.value === null) return `<strong>${label(String(p?.name ?? ''))}</strong><br>${escapeHtml(t('ranking.noData'))}`
        const { row, tier } = hit
        return [
          `<strong>${label(row.name_zh)}</strong>`,
          `${escapeHtml(metricName)}：${escapeHtml(formatValue(row.value as number, metric.unit, locale, metric.id))}`,
          `${escapeHtml(t('ranking.rank'))}：${escapeHtml(rankLabel(row, rows, t))}（${escapeHtml(changeLabel(row, t))}）`,
          `${escapeHtml(t('ranking.tier'))}：${escapeHtml(t(`tiers.${tier}`))}`,
        ].join('<br>')
      },
    },
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
        roam: false,
        top: 64,
        bottom: 56,
        // selection is drawn as a dark outline on the tier colour, not ECharts' own select fill
        selectedMode: false,
        label: { show: false },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#9ecae1' } },
        itemStyle: { borderColor: '#ffffff', borderWidth: 0.8 },
        data: [...byName.entries()].map(([name, { row, tier }]) => ({
          name,
          value: [row.value ?? Number.NaN, legend.indexOf(tier)],
          ...(row.region_code === selected ? { itemStyle: { borderColor: '#08306b', borderWidth: 2.5 } } : {}),
        })),
      },
    ],
  } as EChartsOption
}
