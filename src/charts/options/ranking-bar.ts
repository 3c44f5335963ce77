import type { EChartsOption } from 'echarts'
import type { RankingRow } from '../../queries/build-ranking-sql'
import { escapeHtml } from '../escape'
import { axisScale, formatValue, type UiLocale } from '../format'
import type { Translate } from '../footnote'
import { chartFrame } from '../frame'
import { rankChange, TIER_COLOURS, type TierKey } from '../tiers'
import type { MetricInfo } from './metric-bar'

export interface RankingBarInput {
  rows: readonly RankingRow[]
  tiers: readonly TierKey[]
  metric: MetricInfo
  year: number
  scopeLabel: string
  footnote: string
  locale: UiLocale
  t: Translate
  watermark?: string | null
  selected?: string | null
  /** 最新年份: each region's latest figure, its year on its bar. */
  latest?: boolean
  /** The chart's width in px when known (0: the wide layout, as drawn at build time). */
  width?: number
  /** Every region drawn, however many (by default a large scope shows its two ends: CONDENSE_ABOVE). */
  all?: boolean
}

/** "↑3" / "↓1" / "=" / "new" in the reader's language. */
export function changeLabel(row: Pick<RankingRow, 'rank' | 'prev_rank'>, t: Translate): string {
  const change = rankChange(row.rank, row.prev_rank)
  if (change === 'new') return t('ranking.new')
  return change
}

/**
 * Ranks as shown, for the rows of one ranking: "1", or "1 (并列)" when another region shares it.
 * The shared ranks are counted once, so labelling a few hundred regions is one pass, not one each.
 */
export function rankLabeller(rows: readonly Pick<RankingRow, 'rank'>[], t: Translate): (row: Pick<RankingRow, 'rank'>) => string {
  const count = new Map<number, number>()
  for (const r of rows) if (r.rank !== null) count.set(r.rank, (count.get(r.rank) ?? 0) + 1)
  const tie = t('ranking.tie')
  return (row) => (row.rank === null ? '' : (count.get(row.rank) ?? 0) > 1 ? `${row.rank} ${tie}` : `${row.rank}`)
}

/** Below this width (in px) the chart takes its phone layout: names wrap, labels shorten. */
export const NARROW_BELOW = 480

/** Fewer regions than this with a figure: no ranking as a comparison (a notice says so). */
export const MIN_RANKED = 3

/**
 * A large scope (the country's prefectures, a province's counties) is drawn as its leaders and its
 * laggards: above CONDENSE_ABOVE regions with a figure, the chart shows the first and the last ENDS,
 * the region picked if it lies between them, and one line for each run it leaves out. The ranking
 * table lists every region, and the reader can ask the chart for all of them.
 */
export const CONDENSE_ABOVE = 40
export const ENDS = 15

/** One line of a ranking chart: a region's bar, or the regions left out between two bars. */
export type RankingEntry<T> = { row: T; index: number } | { skipped: number }

/** The lines a ranking chart draws for its rows in rank order (see CONDENSE_ABOVE). */
export function rankingEntries<T extends Pick<RankingRow, 'region_code'>>(rows: readonly T[], options: { all?: boolean; selected?: string | null } = {}): RankingEntry<T>[] {
  if (options.all || rows.length <= CONDENSE_ABOVE) return rows.map((row, index) => ({ row, index }))
  const entries: RankingEntry<T>[] = []
  let skipped = 0
  rows.forEach((row, index) => {
    if (index >= ENDS && index < rows.length - ENDS && row.region_code !== options.selected) {
      skipped++
      return
    }
    if (skipped > 0) entries.push({ skipped })
    skipped = 0
    entries.push({ row, index })
  })
  return entries
}

/** Whether a ranking of these many regions with a figure is drawn condensed unless asked for all. */
export const condenses = (count: number): boolean => count > CONDENSE_ABOVE

/** The ranking chart's height for `count` lines (bars, left-out runs, the 无数据 line), in pixels. */
export function rankingChartHeight(count: number, narrow = false): number {
  return Math.max(260, 150 + count * (narrow ? 36 : 28))
}

/** The height of the ranking of these rows: the lines it draws, and one line for those without a figure. */
export function rankingHeightFor(rows: readonly Pick<RankingRow, 'value' | 'region_code'>[], narrow = false, options: { all?: boolean; selected?: string | null } = {}): number {
  const { shown, missing } = rankedRows(rows)
  return rankingChartHeight(rankingEntries(shown, options).length + (missing > 0 ? 1 : 0), narrow)
}

/** The rows a ranking draws: those with a figure, in rank order; the rest are counted, not listed. */
export function rankedRows<T extends Pick<RankingRow, 'value'>>(rows: readonly T[]): { shown: T[]; missing: number } {
  const shown = rows.filter((r) => r.value !== null)
  return { shown, missing: rows.length - shown.length }
}

/** "另有 N 个地区无数据" / "N more regions have no data" (one region said as one). */
/**
 * The ranking chart's width on a wide screen: main's content box is at most 1152 px (1200 less its
 * padding), two columns less the panel's padding.
 */
export const WIDE_RANKING_WIDTH = 534

export function missingLine(missing: number, t: Translate): string {
  return missing === 1 ? t('charts.noDataMoreOne') : t('charts.noDataMore', { count: missing })
}

/** A value as shown everywhere: its qualifier first (约, ≥), then the figure in Chinese units. */
export function rankingValue(row: Pick<RankingRow, 'value' | 'qualifier'>, metric: MetricInfo, locale: UiLocale, t: Translate): string {
  if (row.value === null) return t('ranking.noData')
  const mark = row.qualifier && row.qualifier !== 'exact' ? t(`qualifier.${row.qualifier}`) : ''
  return `${mark}${formatValue(row.value, metric.unit, locale, metric.id)}`
}

/**
 * Sorted horizontal bars: leader on top, colour by tier; the regions without a figure are one line
 * at the bottom ("另有 N 个地区无数据"), never rows of 无数据 nor bars of zero. Under three regions
 * with a figure no rank is shown. In the latest-year mode each bar carries its own year. A bureau's
 * figure is marked. On a narrow chart (a phone) long names wrap or shorten (the tooltip has them
 * whole) and the bar's label is shorter, so that numbers never run over each other.
 */
export function buildRankingBarOption(input: RankingBarInput): EChartsOption {
  const { tiers: allTiers, metric, year, scopeLabel, footnote, locale, t, watermark = null, selected = null, latest = false, width = 0, all = false } = input
  const narrow = width > 0 && width < NARROW_BELOW
  const { shown: rows, missing } = rankedRows(input.rows)
  const comparable = rows.length >= MIN_RANKED
  const entries = rankingEntries(rows, { all, selected })
  const condensed = entries.length < rows.length
  // no tiers among fewer than three: a band of one or two regions says nothing
  const tierOf = new Map(input.rows.map((r, i) => [r, allTiers[i] ?? 'none']))
  const tiers = rows.map((r) => (comparable ? (tierOf.get(r) ?? 'none') : 'none'))
  const rankOf = rankLabeller(rows, t)
  const bureauMark = t('charts.bureauMark')
  const name = (row: RankingRow) => `${locale === 'en' ? row.name_en : row.name_zh}${row.scope === 'bureau' ? bureauMark : ''}`
  const metricName = locale === 'en' ? metric.name_en : metric.name_zh
  const maxAbs = Math.max(0, ...rows.map((r) => Math.abs(r.value ?? 0)))
  const scale = axisScale(maxAbs, metric.unit, locale, metric.id)
  const labels = rows.map((row) => {
    const value = rankingValue(row, metric, locale, t)
    const parts = comparable ? [rankOf(row), value] : [value]
    if (latest) parts.push(String(row.year ?? ''))
    else if (comparable && !narrow) parts.push(changeLabel(row, t))
    // on a phone a long name is cut short, and its bureau mark with it: the mark goes with the figure
    return `${parts.join(' · ')}${narrow && row.scope === 'bureau' ? bureauMark : ''}`
  })
  const title = latest ? t('charts.latestTitle', { metric: metricName }) : t('ranking.title', { metric: metricName, year })
  const years = rows.map((r) => r.year ?? year)
  const notes = [
    `${t('family.unitLabel', { unit: scale.label })} · ${scopeLabel}`,
    ...(latest ? [t('charts.latestYears', { from: Math.min(...years), to: Math.max(...years) }), t('charts.latestNote')] : []),
    ...(comparable ? [] : [t('charts.fewRegions', { count: rows.length })]),
    ...(condensed ? [t('charts.condensedNote', { ends: ENDS, count: rows.length })] : []),
    ...(rows.some((r) => r.scope === 'bureau') ? [t('charts.bureauNote')] : []),
  ]
  // room on the right for the longest label (a CJK character ≈ 12 px, other ≈ 7 px)
  const textWidth = (text: string) => [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 12 : 7), 0)
  const right = narrow ? Math.min(Math.round(width * 0.42), Math.max(40, ...labels.map(textWidth)) + 10) : 190
  const nameWidth = narrow ? Math.max(56, Math.round(width * 0.26)) : 190
  // the plot starts below the subtitle however many lines it wraps to: fitFrame moves it down at the
  // chart's real width, and the chart's box grows by as much (frameExtraHeight), so that a long
  // subtitle (a notice, the bureau note) never squeezes the bars to nothing
  const subtitle = notes.join(t('footnote.stop'))
  const gridTop = 72
  const axisName = (row: RankingRow) => (narrow ? (locale === 'en' ? row.name_en : row.name_zh) : name(row))
  const categories = [
    ...entries.map((e) => ('row' in e ? axisName(e.row) : t(narrow ? 'charts.skippedShort' : 'charts.skipped', { count: e.skipped }))),
    ...(missing > 0 ? [missingLine(missing, t)] : []),
  ]
  const barAt = (dataIndex: number | undefined): { row: RankingRow; index: number } | null => {
    const entry = entries[dataIndex ?? -1]
    return entry && 'row' in entry ? entry : null
  }
  return {
    aria: { enabled: true, label: { description: title } },
    animation: false,
    ...chartFrame({ title, subtitle, footnote, watermark }),
    grid: { left: 12, right, top: gridTop, bottom: 70, containLabel: true },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params
        const bar = barAt(p?.dataIndex)
        if (!bar) return ''
        const { row, index } = bar
        const lines = [`<strong>${escapeHtml(name(row))}</strong>`]
        lines.push(`${escapeHtml(metricName)}：${escapeHtml(rankingValue(row, metric, locale, t))}${latest ? ` (${escapeHtml(row.year)})` : ''}`)
        if (comparable) {
          lines.push(`${escapeHtml(t('ranking.rank'))}：${escapeHtml(rankOf(row))}${latest ? '' : `（${escapeHtml(changeLabel(row, t))}）`}`)
          lines.push(`${escapeHtml(t('ranking.tier'))}：${escapeHtml(t(`tiers.${tiers[index]}`))}`)
        }
        if (!latest && row.prev_value !== null) {
          lines.push(`${escapeHtml(t('ranking.lastYear', { year: year - 1 }))}：${escapeHtml(formatValue(row.prev_value, metric.unit, locale, metric.id))}`)
        }
        if (row.source_id) lines.push(`${escapeHtml(t('family.source'))}：${escapeHtml(row.source_id)}`)
        return lines.join('<br>')
      },
    },
    xAxis: { type: 'value', name: narrow ? '' : scale.label, nameLocation: 'end', splitNumber: narrow ? 3 : 5, axisLabel: { formatter: (v: number) => `${v}`, hideOverlap: true } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: categories,
      axisTick: { show: false },
      // every region with a figure is named; a long name wraps (Chinese) or is cut short (English),
      // the tooltip and the table have it whole, rather than squeezing the bars to nothing
      axisLabel: {
        interval: 0,
        width: nameWidth,
        overflow: narrow && locale !== 'en' ? 'break' : 'truncate',
        lineHeight: 14,
        color: (_: unknown, index?: number) => (barAt(index) ? '#222' : '#5f5f5f'),
      },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        // one label for the series, its text from each bar's datum: ECharts then keeps no label model per bar
        label: {
          show: true,
          position: 'right',
          formatter: (p: { data?: unknown }) => String((p.data as { labelText?: string } | undefined)?.labelText ?? ''),
          color: '#222',
        },
        data: entries.map((e) =>
          'row' in e
            ? {
                value: (e.row.value as number) / scale.divisor,
                // the label's text is part of the option's data (not only of a function), so that it is
                // in the option's JSON: a chart drawn ahead of time is matched on that (charts/option-key.ts)
                labelText: labels[e.index] ?? '',
                itemStyle: {
                  color: TIER_COLOURS[tiers[e.index] ?? 'none'],
                  ...(e.row.region_code === selected ? { borderColor: '#08306b', borderWidth: 2 } : {}),
                },
              }
            : { value: '-', labelText: '' },
        ),
      },
    ],
  } satisfies EChartsOption
}
