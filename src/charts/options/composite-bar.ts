import type { EChartsOption } from 'echarts'
import type { CompositeRow } from '../../queries/build-composite-sql'
import { escapeHtml } from '../escape'
import { formatValue, type UiLocale } from '../format'
import type { Translate } from '../footnote'
import { chartFrame } from '../frame'
import type { MetricInfo } from './metric-bar'

export interface CompositeRegion {
  region_code: string
  name_zh: string
  name_en: string
  composite: number | null
  rank: number | null
  coverage: number
  indicator_count: number
  cells: CompositeRow[]
}

/** Long rows (region × indicator) to one entry per region, in rank order. */
export function groupComposite(rows: readonly CompositeRow[]): CompositeRegion[] {
  const regions = new Map<string, CompositeRegion>()
  for (const row of rows) {
    let region = regions.get(row.region_code)
    if (!region) {
      region = { region_code: row.region_code, name_zh: row.name_zh, name_en: row.name_en, composite: row.composite, rank: row.rank, coverage: row.coverage, indicator_count: row.indicator_count, cells: [] }
      regions.set(row.region_code, region)
    }
    region.cells.push(row)
  }
  return [...regions.values()]
}

export const INDICATOR_COLOURS = ['#1f4e8c', '#4aa3df', '#f2a93b', '#7b5ea7', '#3c9d5d', '#d9534f', '#8c6d31', '#17becf']

export interface CompositeBarInput {
  regions: readonly CompositeRegion[]
  metrics: readonly MetricInfo[]
  year: number
  footnote: string
  method: string
  locale: UiLocale
  t: Translate
  watermark?: string | null
}

/** Stacked horizontal bars: each indicator's weighted contribution; the bar's length is the index. */
export function buildCompositeBarOption(input: CompositeBarInput): EChartsOption {
  const { metrics, year, footnote, method, locale, t, watermark = null } = input
  // Regions with none of the indicators are counted in the subtitle instead of filling the chart.
  const regions = input.regions.filter((r) => r.coverage > 0)
  const hidden = input.regions.length - regions.length
  const name = (r: CompositeRegion) => (locale === 'en' ? r.name_en : r.name_zh)
  const metricName = (m: MetricInfo) => (locale === 'en' ? m.name_en : m.name_zh)
  const categories = regions.map((r) =>
    r.composite === null
      ? `${name(r)}  ${t('ranking.noData')}`
      : `${r.rank}. ${name(r)}  ${r.composite.toFixed(1)}  (${r.coverage}/${r.indicator_count})`,
  )
  return {
    aria: { enabled: true, label: { description: t('composite.title', { year }) } },
    animation: false,
    color: INDICATOR_COLOURS,
    ...chartFrame({
      title: t('composite.title', { year }),
      subtitle: hidden > 0 ? `${method}\n${t('composite.hidden', { count: hidden })}` : method,
      footnote,
      watermark,
    }),
    legend: { top: 100, left: 12, type: 'scroll' },
    grid: { left: 12, right: 32, top: 132, bottom: 70, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params
        const region = regions[p?.dataIndex ?? -1]
        const metric = metrics[p?.seriesIndex ?? -1]
        if (!region || !metric) return ''
        const cell = region.cells.find((c) => c.metric === metric.id)
        const lines = [`<strong>${escapeHtml(name(region))}</strong> · ${escapeHtml(metricName(metric))}`]
        if (!cell || cell.value === null) lines.push(escapeHtml(t('ranking.noData')))
        else {
          lines.push(`${escapeHtml(t('family.value'))}：${escapeHtml(formatValue(cell.value, metric.unit, locale, metric.id))}`)
          lines.push(`${escapeHtml(t('composite.score'))}：${escapeHtml((cell.score ?? 0).toFixed(2))}`)
          lines.push(`${escapeHtml(t('composite.contribution'))}：${escapeHtml((cell.contribution ?? 0).toFixed(2))}`)
        }
        return lines.join('<br>')
      },
    },
    xAxis: { type: 'value', name: t('composite.axis') },
    yAxis: { type: 'category', inverse: true, data: categories, axisTick: { show: false } },
    series: metrics.map((metric) => ({
      type: 'bar' as const,
      name: metricName(metric),
      stack: 'index',
      barMaxWidth: 22,
      data: regions.map((r) => {
        const cell = r.cells.find((c) => c.metric === metric.id)
        return cell?.contribution ?? null
      }),
    })),
  } satisfies EChartsOption
}

export interface MethodInput {
  indicators: { metric: MetricInfo; weight: number }[]
  normalisation: 'minmax' | 'zscore' | 'rank'
  missing: 'reweight' | 'zero' | 'exclude'
  locale: UiLocale
  t: Translate
}

/** The method in words, printed beside the chart and inside it. */
export function compositeMethod({ indicators, normalisation, missing, locale, t }: MethodInput): string {
  const weights = indicators
    .map(({ metric, weight }) => `${locale === 'en' ? metric.name_en : metric.name_zh} ×${weight}`)
    .join(locale === 'en' ? ', ' : '、')
  return t('composite.method', {
    normalisation: t(`composite.norm.${normalisation}`),
    weights,
    missing: t(`composite.missing.${missing}`),
  })
}
