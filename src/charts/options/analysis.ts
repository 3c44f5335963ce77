/** The workbench's charts: trends, shares (100% stacked), compositions and rates with counts. Pure. */
import type { EChartsOption } from 'echarts'
import type { SeriesRow } from '../../queries/build-analysis-sql'
import { escapeHtml } from '../escape'
import { axisScale, formatValue, type UiLocale } from '../format'
import { collectFootnote, footnoteText, type Translate } from '../footnote'
import { chartFrame } from '../frame'
import { INDICATOR_COLOURS } from './composite-bar'
import { labelFor, type MetricInfo } from './metric-bar'
import { wholeCells, type WholeCell, type WholeSpec } from '../part-whole'

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
    subtitle: [
      `${t('family.unitLabel', { unit: scale.label })} · ${years[0] ?? ''}–${years[years.length - 1] ?? ''}`,
      ...(rows.some((r) => r.scope === 'bureau') ? [t('charts.bureauPoint')] : []),
    ].join(t('footnote.stop')),
    footnote: footnote(rows, t),
    watermark,
  })
  const byCell = new Map(rows.map((r) => [`${r.region_code}|${r.year}`, r]))
  const tooltip = {
    trigger: 'item' as const,
    formatter: (p: unknown) => {
      const { seriesName, data } = p as { seriesName?: string; data?: { row?: SeriesRow } }
      const row = data?.row
      if (!row) return escapeHtml(seriesName ?? '')
      const bureau = row.scope === 'bureau' ? t('charts.bureauMark') : ''
      return `<strong>${escapeHtml(regionName(row, locale))}</strong> ${escapeHtml(row.year)}<br>${escapeHtml(metricName(metric, locale))}：${escapeHtml(labelFor(row, metric, locale, t))}<br>${escapeHtml(t('family.source'))}：${escapeHtml(row.source_id)}${escapeHtml(bureau)}`
    },
  }
  // years are values on a time axis: every year of the span is a point, a year without a figure
  // is a gap in the line (never closed up as on a category axis)
  const first = years[0] ?? 0
  const last = years[years.length - 1] ?? 0
  const span = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i)
  const data = (code: string) =>
    span.map((year) => {
      const row = byCell.get(`${code}|${year}`)
      if (!row) return { value: [year, null] }
      // a bureau's own figure is a triangle: set apart from the governments' circles (see the subtitle)
      return { value: [year, row.value / scale.divisor], row, ...(row.scope === 'bureau' ? { symbol: 'triangle', symbolSize: 11 } : {}) }
    })
  const single = first === last
  const xAxisBase = {
    type: 'value' as const,
    min: single ? first - 1 : first,
    max: single ? last + 1 : last,
    interval: span.length > 12 ? 2 : 1,
    triggerEvent: true,
    splitLine: { show: false },
    // the linked year in bold, as rich text: ECharts takes no function for an axis label's fontWeight
    // (it would write the function's source into the SVG's style)
    axisLabel: { formatter: (v: number) => (v === focusYear ? `{focus|${v}}` : String(v)), rich: { focus: { fontWeight: 'bold' } } },
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

/**
 * Categories for region × year bars: "昆明市 2018" (the year only when several years show), marked
 * when the cell's figures come from a bureau's own report rather than the government's.
 */
function cells(rows: readonly SeriesRow[], locale: UiLocale, t: Translate) {
  const keys = [...new Map(rows.map((r) => [`${r.region_code}|${r.year}`, r])).values()].sort(
    (a, b) => a.region_code.localeCompare(b.region_code) || a.year - b.year,
  )
  const manyYears = new Set(keys.map((k) => k.year)).size > 1
  const bureau = (k: SeriesRow) => rows.some((r) => r.region_code === k.region_code && r.year === k.year && r.scope === 'bureau')
  return keys.map((k) => {
    const text = manyYears ? `${regionName(k, locale)} ${k.year}` : regionName(k, locale)
    return { key: `${k.region_code}|${k.year}`, label: bureau(k) ? `${text}${t('charts.bureauMark')}` : text, region: k.region_code, year: k.year }
  })
}

/**
 * Stacked bars per region and year of parts that add up (trading by kind): counts as they are. A
 * cell missing a part shows no segment for it, never zero. Parts within a whole are drawn by
 * buildShareOption and buildAppealsOption, never here.
 */
export function buildStackedOption(input: AnalysisChartInput): EChartsOption {
  const { rows, metrics, title, focusRegion, locale, t, watermark = null } = input
  const categories = cells(rows, locale, t)
  const byKey = new Map(rows.map((r) => [`${r.region_code}|${r.year}|${r.metric}`, r]))
  const totals = new Map(categories.map((c) => [c.key, metrics.reduce((sum, m) => sum + (byKey.get(`${c.key}|${m.id}`)?.value ?? 0), 0)]))
  const unit = metrics[0]?.unit ?? 'count'
  const scale = axisScale(Math.max(0, ...[...totals.values()]), unit, locale, metrics[0]?.id)
  return {
    animation: false,
    color: INDICATOR_COLOURS,
    ...chartFrame({ title, subtitle: withScopeNote(t('family.unitLabel', { unit: scale.label }), rows, t), footnote: footnote(rows, t), watermark }),
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
        return `<strong>${escapeHtml(cell.label)}</strong><br>${escapeHtml(metricName(metric, locale))}：${escapeHtml(labelFor(row, metric, locale, t))}`
      },
    },
    xAxis: { type: 'category', data: categories.map((c) => c.label), triggerEvent: true, axisLabel: { interval: 0, rotate: categories.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', name: scale.label },
    series: metrics.map((metric) => ({
      type: 'bar' as const,
      name: metricName(metric, locale),
      stack: 'cell',
      barMaxWidth: 42,
      data: categories.map((c) => {
        const row = byKey.get(`${c.key}|${metric.id}`)
        if (!row) return null
        return { value: row.value / scale.divisor, itemStyle: { opacity: focusRegion && focusRegion !== c.region ? 0.3 : 1 } }
      }),
    })),
  } as EChartsOption
}

/** Colours of results, one meaning each across charts; 未细分 is grey. */
export const PART_COLOURS: Record<string, string> = {
  granted: '#1a9850',
  partial: '#91cf60',
  granted_or_partial: '#66bd63',
  denied: '#d73027',
  unavailable: '#fdae61',
  not_processed: '#f46d43',
  other: '#8073ac',
  already_public: '#4575b4',
  maintained: '#4575b4',
  corrected: '#d73027',
  pending: '#fee090',
  rest: '#bdbdbd',
}

/** A segment's share shows on the bar when it is wide enough to hold its text. */
const LABEL_FROM_PCT = 4

function cellLabelOf(cell: WholeCell, manyYears: boolean, locale: UiLocale, t: Translate): string {
  const name = regionName(cell, locale)
  const text = manyYears ? `${name} ${cell.year}` : name
  return cell.scope === 'bureau' ? `${text}${t('charts.bureauMark')}` : text
}

function countText(value: number, qualifier: string, unitMetric: string, locale: UiLocale, t: Translate): string {
  const text = formatValue(value, 'count', locale, unitMetric)
  return qualifier === 'exact' ? text : `${t(`qualifier.${qualifier}`)}${text}`
}

function partName(key: string, id: string, metricInfo: (id: string) => MetricInfo | undefined, locale: UiLocale, t: Translate): string {
  if (key === 'rest') return t('charts.rest')
  const m = metricInfo(id)
  return m ? metricName(m, locale) : t(`charts.parts.${key}`)
}

export interface PartWholeInput {
  rows: readonly SeriesRow[]
  metricInfo: (id: string) => MetricInfo | undefined
  title: string
  focusRegion: string | null
  locale: UiLocale
  t: Translate
  watermark?: string | null
}

/**
 * Shares of each region-year's own total (100% stacked): each part as the report's total gives it,
 * and 未细分 for what it does not break down. A cell without a total (none reported, none to be had
 * from the balance 新收 + 上年结转 − 结转下年) is withheld and named under the title.
 */
export function buildShareOption(input: PartWholeInput & { spec: WholeSpec }): EChartsOption {
  const { rows, metricInfo, title, focusRegion, locale, t, spec, watermark = null } = input
  const all = wholeCells(rows, spec)
  const shown = all.filter((c) => c.total !== null && c.total > 0)
  const withheld = all.filter((c) => !(c.total !== null && c.total > 0))
  const manyYears = new Set(shown.map((c) => c.year)).size > 1
  const labels = shown.map((c) => cellLabelOf(c, manyYears, locale, t))
  const keys = spec.parts.map((p) => p.key).filter((k) => shown.some((c) => c.parts.some((p) => p.key === k)))
  const hasRest = shown.some((c) => c.rest > 0)
  const idOf = (key: string) => spec.parts.find((p) => p.key === key)?.id ?? key
  const over = shown.some((c) => c.over)
  const notes = [
    withheld.length ? t('charts.withheld', { cells: withheld.map((c) => cellLabelOf(c, true, locale, t)).join('、') }) : '',
    shown.some((c) => c.totalFrom === 'derived') ? t('charts.derivedTotal') : '',
    over ? t('charts.overTotal') : '',
  ].filter(Boolean)
  const subtitle = withScopeNote([t('charts.shareOfTotal'), ...notes].join(t('footnote.stop')), shown.flatMap((c) => c.rows), t)
  const usedRows = shown.flatMap((c) => c.rows)
  const segment = (cell: WholeCell, key: string) => {
    if (key === 'rest') return cell.rest > 0 ? { value: cell.restShare as number, count: cell.rest, qualifier: cell.totalQualifier } : null
    const part = cell.parts.find((p) => p.key === key)
    return part ? { value: part.share as number, count: part.value, qualifier: part.qualifier } : null
  }
  const seriesKeys = hasRest ? [...keys, 'rest'] : keys
  return {
    animation: false,
    ...chartFrame({ title, subtitle, footnote: footnote(usedRows, t), watermark }),
    legend: { top: 70, left: 12, type: 'scroll' },
    grid: { left: 12, right: 24, top: 104, bottom: 70, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { seriesIndex, dataIndex } = p as { seriesIndex: number; dataIndex: number }
        const key = seriesKeys[seriesIndex]
        const cell = shown[dataIndex]
        const seg = key && cell ? segment(cell, key) : null
        if (!key || !cell || !seg) return ''
        const total = countText(cell.total as number, cell.totalQualifier, spec.total, locale, t)
        const lines = [
          `<strong>${escapeHtml(labels[dataIndex] ?? '')}</strong>`,
          `${escapeHtml(partName(key, idOf(key), metricInfo, locale, t))}：${escapeHtml(countText(seg.count, seg.qualifier, idOf(key), locale, t))} / ${escapeHtml(total)}（${escapeHtml(seg.value.toFixed(1))}%）`,
        ]
        if (cell.totalFrom === 'derived') lines.push(escapeHtml(t('charts.derivedTotal')))
        if (cell.totalFrom === 'with-outside') lines.push(escapeHtml(t('charts.withOutside')))
        lines.push(`${escapeHtml(t('family.source'))}：${escapeHtml(cell.source_id)}`)
        return lines.join('<br>')
      },
    },
    xAxis: { type: 'category', data: labels, triggerEvent: true, axisLabel: { interval: 0, rotate: labels.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', name: '%', min: 0, max: over ? undefined : 100 },
    series: seriesKeys.map((key) => ({
      type: 'bar' as const,
      name: partName(key, idOf(key), metricInfo, locale, t),
      stack: 'share',
      barMaxWidth: 56,
      color: PART_COLOURS[key] ?? '#999',
      label: {
        show: true,
        position: 'inside',
        fontSize: 11,
        formatter: (p: { value?: unknown }) => (typeof p.value === 'number' && p.value >= LABEL_FROM_PCT ? `${p.value.toFixed(1)}%` : ''),
      },
      data: shown.map((c) => {
        const seg = segment(c, key)
        if (!seg) return null
        return { value: seg.value, count: seg.count, itemStyle: { opacity: focusRegion && focusRegion !== c.region_code ? 0.3 : 1 } }
      }),
    })),
  } as EChartsOption
}

/**
 * 行政复议 and 行政诉讼 in two panels that share the regions and years: in each, the results (维持,
 * 纠正, 其他, 未审结, and 未细分 for what the report leaves out) stacked up to that group's total,
 * with the total written above. A part is never stacked on its whole.
 */
export function buildAppealsOption(input: PartWholeInput & { groups: { spec: WholeSpec; title: string }[] }): EChartsOption {
  const { rows, title, focusRegion, locale, t, groups, watermark = null } = input
  const perGroup = groups.map((g) => new Map(wholeCells(rows, g.spec).map((c) => [c.key, c])))
  const unionCells = [...new Map(perGroup.flatMap((m) => [...m.values()]).map((c) => [c.key, c])).values()].sort(
    (a, b) => a.region_code.localeCompare(b.region_code) || a.year - b.year,
  )
  const manyYears = new Set(unionCells.map((c) => c.year)).size > 1
  const labels = unionCells.map((c) => cellLabelOf(c, manyYears, locale, t))
  const resultKeys = ['maintained', 'corrected', 'other', 'pending', 'rest']
  const used = perGroup.flatMap((m) => [...m.values()].flatMap((c) => c.rows))
  const maxTotal = Math.max(1, ...perGroup.flatMap((m) => [...m.values()].map((c) => Math.max(c.total ?? 0, c.parts.reduce((s, p) => s + p.value, 0)))))
  // pixels, for a chart APPEALS_HEIGHT tall: legend, then each panel's title above its plot
  const panelTop = (i: number) => 108 + i * 170
  const series: object[] = []
  const legendNames = new Set<string>()
  groups.forEach((g, gi) => {
    const cellsOf = perGroup[gi] as Map<string, WholeCell>
    const idOf = (key: string) => g.spec.parts.find((p) => p.key === key)?.id ?? key
    for (const key of resultKeys) {
      const data = unionCells.map((u) => {
        const c = cellsOf.get(u.key)
        if (!c) return null
        if (key === 'rest') return c.rest > 0 ? { value: c.rest, count: c.rest, qualifier: c.totalQualifier, cell: c } : null
        const part = c.parts.find((p) => p.key === key)
        return part ? { value: part.value, count: part.value, qualifier: part.qualifier, cell: c } : null
      })
      if (!data.some(Boolean)) continue
      const name = key === 'rest' ? t('charts.rest') : t(`charts.parts.${key}`)
      legendNames.add(name)
      series.push({
        type: 'bar',
        name,
        stack: g.spec.total,
        xAxisIndex: gi,
        yAxisIndex: gi,
        barMaxWidth: 42,
        color: PART_COLOURS[key] ?? '#999',
        partId: idOf(key),
        data: data.map((d) => (d ? { value: d.value, count: d.count, qualifier: d.qualifier, itemStyle: { opacity: focusRegion && focusRegion !== d.cell.region_code ? 0.3 : 1 } } : null)),
      })
    }
    // the total, written above its stack (an invisible point carries the label; not a bar of its own)
    series.push({
      type: 'scatter',
      name: `${g.title}·${t('charts.total')}`,
      xAxisIndex: gi,
      yAxisIndex: gi,
      symbolSize: 0,
      silent: true,
      tooltip: { show: false },
      label: { show: true, position: 'top', color: '#222', fontSize: 11, formatter: (p: { data?: { text?: string } }) => p.data?.text ?? '' },
      data: unionCells.map((u) => {
        const c = cellsOf.get(u.key)
        if (!c) return null
        const known = c.parts.reduce((s, p) => s + p.value, 0)
        const text = c.total === null ? t('charts.noTotal') : `${t('charts.total')} ${countText(c.total, c.totalQualifier, g.spec.total, locale, t)}`
        return { value: Math.max(c.total ?? 0, known), text }
      }),
    })
  })
  const frame = chartFrame({ title, subtitle: withScopeNote(t('charts.appealsSubtitle'), used, t), footnote: footnote(used, t), watermark })
  return {
    animation: false,
    ...frame,
    title: [
      ...(frame.title as object[]),
      ...groups.map((g, i) => ({ text: g.title, left: 12, top: panelTop(i) - 24, textStyle: { fontSize: 13 } })),
    ],
    legend: { top: 52, left: 12, type: 'scroll', data: [...legendNames] },
    grid: groups.map((_, i) => ({ left: 12, right: 24, top: panelTop(i), height: 118, containLabel: true })),
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const { seriesName, dataIndex, data, seriesIndex } = p as { seriesName: string; dataIndex: number; seriesIndex: number; data?: { count?: number; qualifier?: string } }
        if (!data || data.count === undefined) return ''
        const s = series[seriesIndex] as { xAxisIndex: number; partId: string }
        const group = groups[s.xAxisIndex]
        const cell = perGroup[s.xAxisIndex]?.get(unionCells[dataIndex]?.key ?? '')
        if (!group || !cell) return ''
        const total = cell.total === null ? t('charts.noTotal') : countText(cell.total, cell.totalQualifier, group.spec.total, locale, t)
        return `<strong>${escapeHtml(labels[dataIndex] ?? '')}</strong> · ${escapeHtml(group.title)}<br>${escapeHtml(seriesName)}：${escapeHtml(countText(data.count, data.qualifier ?? 'exact', s.partId, locale, t))} / ${escapeHtml(total)}<br>${escapeHtml(t('family.source'))}：${escapeHtml(cell.source_id)}`
      },
    },
    xAxis: groups.map((_, i) => ({ type: 'category', gridIndex: i, data: labels, triggerEvent: true, axisLabel: { interval: 0, rotate: labels.length > 4 ? 30 : 0, show: i === groups.length - 1 } })),
    yAxis: groups.map((_, i) => ({ type: 'value', gridIndex: i, name: t('charts.cases'), max: Math.ceil(maxTotal * 1.15), minInterval: 1 })),
    series,
  } as EChartsOption
}

/** The appeals chart's height in pixels (its panels are laid out for it). */
export const APPEALS_HEIGHT = 540

/** Which region and year a click on a part-whole chart means. */
export function wholeCellAt(rows: readonly SeriesRow[], specs: readonly WholeSpec[], index: number, sharesOnly: boolean): { region: string; year: number } | null {
  const cellsAll = [...new Map(specs.flatMap((s) => wholeCells(rows, s)).map((c) => [c.key, c])).values()].sort(
    (a, b) => a.region_code.localeCompare(b.region_code) || a.year - b.year,
  )
  const list = sharesOnly ? cellsAll.filter((c) => c.total !== null && c.total > 0) : cellsAll
  const c = list[index]
  return c ? { region: c.region_code, year: c.year } : null
}

/** The subtitle, with a word on the bureau marker when a bureau's report is among the rows. */
function withScopeNote(subtitle: string, rows: readonly Pick<SeriesRow, 'scope'>[], t: Translate): string {
  return rows.some((r) => r.scope === 'bureau') ? `${subtitle}${t('footnote.stop')}${t('charts.bureauNote')}` : subtitle
}

/** A rate as a line on a % axis, with the count it is a share of as bars on a second axis. */
export function buildRateCountOption(input: AnalysisChartInput & { rate: string; count: string }): EChartsOption {
  const { rows, metrics, title, focusRegion, locale, t, rate, count, watermark = null } = input
  const categories = cells(rows, locale, t)
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
    tooltip: {
      trigger: 'item',
      // the figure as the report gives it, qualifier included (约, ≥)
      formatter: (p: unknown) => {
        const { seriesIndex, dataIndex } = p as { seriesIndex: number; dataIndex: number }
        const metric = seriesIndex === 0 ? countMetric : rateMetric
        const cell = categories[dataIndex]
        const row = cell ? byKey.get(`${cell.key}|${metric.id}`) : undefined
        if (!cell || !row) return ''
        return `<strong>${escapeHtml(cell.label)}</strong><br>${escapeHtml(metricName(metric, locale))}：${escapeHtml(labelFor(row, metric, locale, t))}<br>${escapeHtml(t('family.source'))}：${escapeHtml(row.source_id)}`
      },
    },
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
export function cellAt(rows: readonly SeriesRow[], locale: UiLocale, index: number, t: Translate): { region: string; year: number } | null {
  const c = cells(rows, locale, t)[index]
  return c ? { region: c.region, year: c.year } : null
}
