/** The workbench's charts: trends, shares (100% stacked), compositions and rates with counts. Pure. */
import type { EChartsOption } from 'echarts'
import type { SeriesRow } from '../../queries/build-analysis-sql'
import { escapeHtml } from '../escape'
import { axisScale, formatValue, type UiLocale } from '../format'
import { collectFootnote, footnoteText, type Translate } from '../footnote'
import { chartFrame } from '../frame'
import { INDICATOR_COLOURS } from './composite-bar'
import type { MetricInfo } from './metric-bar'

export interface AnalysisChartInput {
  rows: readonly SeriesRow[]
  metrics: readonly MetricInfo[]
  title: string
  focusRegion: string | null
  focusYear: number | null
  locale: UiLocale
  t: Translate
  watermark?: string | null
}

const regionName = (row: Pick<SeriesRow, 'region_zh' | 'region_en'>, locale: UiLocale) => (locale === 'en' ? row.region_en : row.region_zh)
const metricName = (m: MetricInfo, locale: UiLocale) => (locale === 'en' ? m.name_en : m.name_zh)

function regionsOf(rows: readonly SeriesRow[]) {
  return [...new Map(rows.map((r) => [r.region_code, r])).values()].sort((a, b) => a.region_code.localeCompare(b.region_code))
}

function footnote(rows: readonly SeriesRow[], t: Translate) {
  return footnoteText(collectFootnote(rows), t)
}

/** Past this many regions a trend is drawn as small multiples, one panel per region. */
export const SMALL_MULTIPLES_FROM = 7

/**
 * Lines over the years, one per region; the focused region stays strong and the others fade. Many
 * regions become small multiples that share one scale.
 */
export function buildTrendOption(input: AnalysisChartInput): EChartsOption {
  const { rows, metrics, title, focusRegion, focusYear, locale, t, watermark = null } = input
  const metric = metrics[0] as MetricInfo
  const regions = regionsOf(rows)
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b)
  const scale = axisScale(Math.max(0, ...rows.map((r) => Math.abs(r.value))), metric.unit, locale, metric.id)
  const frame = chartFrame({
    title,
    subtitle: `${t('family.unitLabel', { unit: scale.label })} · ${years[0] ?? ''}–${years[years.length - 1] ?? ''}`,
    footnote: footnote(rows, t),
    watermark,
  })
  const point = (code: string, year: number) => rows.find((r) => r.region_code === code && r.year === year)
  const tooltip = {
    trigger: 'item' as const,
    formatter: (p: unknown) => {
      const { seriesName, data } = p as { seriesName?: string; data?: { row?: SeriesRow } }
      const row = data?.row
      if (!row) return escapeHtml(seriesName ?? '')
      return `<strong>${escapeHtml(regionName(row, locale))}</strong> ${escapeHtml(row.year)}<br>${escapeHtml(metricName(metric, locale))}：${escapeHtml(formatValue(row.value, metric.unit, locale, metric.id))}<br>${escapeHtml(t('family.source'))}：${escapeHtml(row.source_id)}`
    },
  }
  const data = (code: string) =>
    years.map((year) => {
      const row = point(code, year)
      return row ? { value: row.value / scale.divisor, row } : null
    })
  const xAxisBase = {
    type: 'category' as const,
    data: years.map(String),
    triggerEvent: true,
    axisLabel: { fontWeight: (v: string) => (Number(v) === focusYear ? 'bold' : 'normal') } as object,
  }
  if (regions.length < SMALL_MULTIPLES_FROM) {
    return {
      animation: false,
      ...frame,
      tooltip,
      legend: { top: 52, left: 12, type: 'scroll', selected: Object.fromEntries(regions.map((r) => [regionName(r, locale), true])) },
      grid: { left: 56, right: 24, top: 96, bottom: 70, containLabel: true },
      xAxis: xAxisBase,
      yAxis: { type: 'value', name: scale.label },
      series: regions.map((r, i) => ({
        type: 'line' as const,
        name: regionName(r, locale),
        connectNulls: false,
        symbolSize: 7,
        color: INDICATOR_COLOURS[i % INDICATOR_COLOURS.length],
        lineStyle: { width: focusRegion === r.region_code ? 4 : 2, opacity: focusRegion && focusRegion !== r.region_code ? 0.25 : 1 },
        itemStyle: { opacity: focusRegion && focusRegion !== r.region_code ? 0.25 : 1 },
        data: data(r.region_code),
      })),
    } as EChartsOption
  }
  const columns = 4
  const rowsCount = Math.ceil(regions.length / columns)
  const cellW = 100 / columns
  const cellH = 74 / rowsCount
  return {
    animation: false,
    ...frame,
    tooltip,
    title: [
      ...(frame.title as object[]),
      ...regions.map((r, i) => ({
        text: regionName(r, locale),
        left: `${(i % columns) * cellW + 1}%`,
        top: `${14 + Math.floor(i / columns) * cellH}%`,
        textStyle: { fontSize: 11, fontWeight: focusRegion === r.region_code ? 'bold' : 'normal' },
      })),
    ],
    grid: regions.map((_, i) => ({
      left: `${(i % columns) * cellW + 3}%`,
      width: `${cellW - 5}%`,
      top: `${17 + Math.floor(i / columns) * cellH}%`,
      height: `${cellH - 6}%`,
    })),
    xAxis: regions.map((_, i) => ({ ...xAxisBase, gridIndex: i, axisLabel: { ...xAxisBase.axisLabel, fontSize: 9 } })),
    yAxis: regions.map((_, i) => ({ type: 'value' as const, gridIndex: i, max: Math.max(...rows.map((r) => r.value)) / scale.divisor, axisLabel: { fontSize: 9 }, splitNumber: 2 })),
    series: regions.map((r, i) => ({
      type: 'line' as const,
      name: regionName(r, locale),
      xAxisIndex: i,
      yAxisIndex: i,
      symbolSize: 5,
      color: focusRegion === r.region_code ? '#c0392b' : '#1f4e8c',
      data: data(r.region_code),
    })),
  } as EChartsOption
}

/** Categories for region × year bars: "昆明市 2018" (the year only when several years show). */
function cells(rows: readonly SeriesRow[], locale: UiLocale) {
  const keys = [...new Map(rows.map((r) => [`${r.region_code}|${r.year}`, r])).values()].sort(
    (a, b) => a.region_code.localeCompare(b.region_code) || a.year - b.year,
  )
  const manyYears = new Set(keys.map((k) => k.year)).size > 1
  return keys.map((k) => ({ key: `${k.region_code}|${k.year}`, label: manyYears ? `${regionName(k, locale)} ${k.year}` : regionName(k, locale), region: k.region_code, year: k.year }))
}

/**
 * Stacked bars per region and year: counts as they are (composition), or each part's share of the
 * cell's total (share: 100% stacked). A cell missing a part shows no segment for it, never zero.
 */
export function buildStackedOption(input: AnalysisChartInput & { share: boolean }): EChartsOption {
  const { rows, metrics, title, focusRegion, locale, t, share, watermark = null } = input
  const categories = cells(rows, locale)
  const byKey = new Map(rows.map((r) => [`${r.region_code}|${r.year}|${r.metric}`, r]))
  const totals = new Map(categories.map((c) => [c.key, metrics.reduce((sum, m) => sum + (byKey.get(`${c.key}|${m.id}`)?.value ?? 0), 0)]))
  const unit = metrics[0]?.unit ?? 'count'
  const scale = share ? { divisor: 1, label: '%' } : axisScale(Math.max(0, ...[...totals.values()]), unit, locale, metrics[0]?.id)
  return {
    animation: false,
    color: INDICATOR_COLOURS,
    ...chartFrame({ title, subtitle: t('family.unitLabel', { unit: scale.label }), footnote: footnote(rows, t), watermark }),
    legend: { top: 52, left: 12, type: 'scroll' },
    grid: { left: 12, right: 24, top: 92, bottom: 70, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { seriesIndex, dataIndex } = p as { seriesIndex: number; dataIndex: number }
        const metric = metrics[seriesIndex]
        const cell = categories[dataIndex]
        const row = metric && cell ? byKey.get(`${cell.key}|${metric.id}`) : undefined
        if (!metric || !cell || !row) return ''
        const total = totals.get(cell.key) ?? 0
        const pct = total ? ` (${((100 * row.value) / total).toFixed(1)}%)` : ''
        return `<strong>${escapeHtml(cell.label)}</strong><br>${escapeHtml(metricName(metric, locale))}：${escapeHtml(formatValue(row.value, metric.unit, locale, metric.id))}${escapeHtml(pct)}`
      },
    },
    xAxis: { type: 'category', data: categories.map((c) => c.label), triggerEvent: true, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: scale.label, max: share ? 100 : undefined },
    series: metrics.map((metric) => ({
      type: 'bar' as const,
      name: metricName(metric, locale),
      stack: 'cell',
      barMaxWidth: 42,
      data: categories.map((c) => {
        const row = byKey.get(`${c.key}|${metric.id}`)
        if (!row) return null
        const total = totals.get(c.key) ?? 0
        const value = share ? (total ? (100 * row.value) / total : 0) : row.value / scale.divisor
        return { value, itemStyle: { opacity: focusRegion && focusRegion !== c.region ? 0.3 : 1 } }
      }),
    })),
  } as EChartsOption
}

/** A rate as a line on a % axis, with the count it is a share of as bars on a second axis. */
export function buildRateCountOption(input: AnalysisChartInput & { rate: string; count: string }): EChartsOption {
  const { rows, metrics, title, focusRegion, locale, t, rate, count, watermark = null } = input
  const categories = cells(rows, locale)
  const byKey = new Map(rows.map((r) => [`${r.region_code}|${r.year}|${r.metric}`, r]))
  const rateMetric = metrics.find((m) => m.id === rate) as MetricInfo
  const countMetric = metrics.find((m) => m.id === count) as MetricInfo
  const counts = rows.filter((r) => r.metric === count)
  const scale = axisScale(Math.max(0, ...counts.map((r) => r.value)), countMetric.unit, locale, countMetric.id)
  const point = (c: (typeof categories)[number], id: string, divisor: number) => {
    const row = byKey.get(`${c.key}|${id}`)
    return row ? { value: row.value / divisor, itemStyle: { opacity: focusRegion && focusRegion !== c.region ? 0.3 : 1 } } : null
  }
  return {
    animation: false,
    color: ['#9ecae1', '#c0392b'],
    ...chartFrame({ title, subtitle: `${t('family.unitLabel', { unit: `${scale.label} / %` })}`, footnote: footnote(rows, t), watermark }),
    legend: { top: 52, left: 12 },
    grid: { left: 12, right: 12, top: 92, bottom: 70, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? Number(v.toFixed(2)).toString() : String(v ?? '—')) },
    xAxis: { type: 'category', data: categories.map((c) => c.label), triggerEvent: true, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
    yAxis: [
      { type: 'value', name: scale.label },
      { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: metricName(countMetric, locale), barMaxWidth: 42, data: categories.map((c) => point(c, count, scale.divisor)) },
      { type: 'line', name: metricName(rateMetric, locale), yAxisIndex: 1, symbolSize: 8, connectNulls: false, data: categories.map((c) => point(c, rate, 1)) },
    ],
  } as EChartsOption
}

/** Which region and year a click on a stacked or rate chart means. */
export function cellAt(rows: readonly SeriesRow[], locale: UiLocale, index: number): { region: string; year: number } | null {
  const c = cells(rows, locale)[index]
  return c ? { region: c.region, year: c.year } : null
}
