import type { EChartsOption } from 'echarts'
import type { MetricSeriesRow } from '../../queries/build-family-sql'
import { escapeHtml } from '../escape'
import { axisScale, formatValue, type UiLocale } from '../format'
import { collectFootnote, footnoteText, type Translate } from '../footnote'
import { chartFrame } from '../frame'

export interface MetricInfo {
  id: string
  name_zh: string
  name_en: string
  unit: string
}

export interface MetricBarInput {
  rows: readonly MetricSeriesRow[]
  metric: MetricInfo
  locale: UiLocale
  t: Translate
  /** 模拟数据 watermark text when the rows are synthetic. */
  watermark?: string | null
  /** The level the rows are of (州市, 县区 …), named in the title when a page shows one chart per level. */
  levelName?: string | null
}

const LIGHT = [0xa6, 0xc8, 0xe6]
const DARK = [0x08, 0x30, 0x6b]

/** n colours for years, oldest lightest and the latest darkest, evenly spaced on one blue ramp. */
export function yearColours(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const f = n === 1 ? 0.75 : i / (n - 1)
    const rgb = LIGHT.map((light, k) => Math.round(light + ((DARK[k] as number) - light) * f))
    return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`
  })
}

/**
 * A region can have the same figure from two reports (a bureau's and the government's). The chart
 * shows one bar per region and year: the whole-government figure first, then the first source id.
 */
export function preferredRows(rows: readonly MetricSeriesRow[]): MetricSeriesRow[] {
  const chosen = new Map<string, MetricSeriesRow>()
  for (const row of rows) {
    const key = `${row.region_code}|${row.year}`
    const current = chosen.get(key)
    const better =
      !current ||
      (row.scope === 'government' && current.scope !== 'government') ||
      (row.scope === current.scope && row.source_id < current.source_id)
    if (better) chosen.set(key, row)
  }
  return [...chosen.values()]
}

export function labelFor(row: Pick<MetricSeriesRow, 'value' | 'qualifier'>, metric: MetricInfo, locale: UiLocale, t: Translate): string {
  const text = formatValue(row.value, metric.unit, locale, metric.id)
  const mark = row.qualifier === 'exact' ? '' : t(`qualifier.${row.qualifier}`)
  return mark ? `${mark}${text}` : text
}

/** Grouped bars: one group per region, one bar per year, values labelled in Chinese units. */
export function buildMetricBarOption({ rows, metric, locale, t, watermark = null, levelName = null }: MetricBarInput): EChartsOption {
  const shown = preferredRows(rows)
  const regionName = (row: MetricSeriesRow) => (locale === 'en' ? row.region_en : row.region_zh)
  const regions = [...new Map(shown.map((row) => [row.region_code, regionName(row)])).entries()].sort((a, b) =>
    a[0].localeCompare(b[0]),
  )
  const years = [...new Set(shown.map((row) => row.year))].sort((a, b) => a - b)
  const maxAbs = Math.max(0, ...shown.map((row) => Math.abs(row.value)))
  const scale = axisScale(maxAbs, metric.unit, locale, metric.id)
  const byKey = new Map(shown.map((row) => [`${row.region_code}|${row.year}`, row]))
  const metricName = locale === 'en' ? metric.name_en : metric.name_zh
  const yearSpan = years.length === 0 ? '' : years.length === 1 ? `${years[0]}` : `${years[0]}–${years[years.length - 1]}`
  const title = levelName ? `${t('family.chartTitle', { metric: metricName })} · ${levelName}` : t('family.chartTitle', { metric: metricName })
  const footnote = footnoteText(collectFootnote(shown), t)

  return {
    aria: { enabled: true, label: { description: `${title}。${t('family.unitLabel', { unit: scale.label })}。${yearSpan}` } },
    animation: false,
    color: yearColours(years.length),
    ...chartFrame({
      title,
      subtitle: `${t('family.unitLabel', { unit: scale.label })} · ${yearSpan}`,
      footnote,
      watermark,
    }),
    legend: { top: 12, right: 12 },
    grid: { left: 64, right: 24, top: 80, bottom: 84, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params
        const data = p?.data as { key?: string } | undefined
        const row = data?.key ? byKey.get(data.key) : undefined
        if (!row) return ''
        const lines = [
          `<strong>${escapeHtml(regionName(row))}</strong> ${escapeHtml(row.year)}`,
          `${escapeHtml(metricName)}：${escapeHtml(labelFor(row, metric, locale, t))}`,
          `${escapeHtml(t('family.source'))}：${escapeHtml(row.source_id)}`,
        ]
        if (row.note) lines.push(escapeHtml(row.note))
        return lines.join('<br>')
      },
    },
    xAxis: { type: 'category', data: regions.map(([, name]) => name), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', name: scale.label, axisLabel: { formatter: (v: number) => `${v}` } },
    series: years.map((year) => ({
      type: 'bar' as const,
      name: String(year),
      barMaxWidth: 48,
      label: {
        // labels on every bar stay readable up to a few dozen bars; beyond, the tooltip and table carry values
        show: shown.length <= 40,
        position: 'top' as const,
        fontSize: 11,
        formatter: (p: { data?: unknown }) => (p.data as { text?: string } | undefined)?.text ?? '',
      },
      data: regions.map(([code]) => {
        const row = byKey.get(`${code}|${year}`)
        if (!row) return { value: null, key: '', text: '' }
        return { value: row.value / scale.divisor, key: `${code}|${year}`, text: labelFor(row, metric, locale, t) }
      }),
    })),
  } satisfies EChartsOption
}
