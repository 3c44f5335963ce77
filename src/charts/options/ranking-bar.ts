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
}

/** "↑3" / "↓1" / "=" / "new" in the reader's language. */
export function changeLabel(row: Pick<RankingRow, 'rank' | 'prev_rank'>, t: Translate): string {
  const change = rankChange(row.rank, row.prev_rank)
  if (change === 'new') return t('ranking.new')
  return change
}

/** Rank as shown: "1", or "1 (并列)" when another region shares it. */
export function rankLabel(row: Pick<RankingRow, 'rank'>, rows: readonly Pick<RankingRow, 'rank'>[], t: Translate): string {
  if (row.rank === null) return ''
  const tied = rows.filter((r) => r.rank === row.rank).length > 1
  return tied ? `${row.rank} ${t('ranking.tie')}` : `${row.rank}`
}

/** The ranking chart's height for `count` regions, in pixels: room for a bar and its label each. */
export function rankingChartHeight(count: number): number {
  return Math.max(260, 150 + count * 28)
}

/** Sorted horizontal bars: leader on top, colour by tier, 无数据 rows at the bottom without a bar. */
export function buildRankingBarOption(input: RankingBarInput): EChartsOption {
  const { rows, tiers, metric, year, scopeLabel, footnote, locale, t, watermark = null, selected = null } = input
  const name = (row: RankingRow) => (locale === 'en' ? row.name_en : row.name_zh)
  const metricName = locale === 'en' ? metric.name_en : metric.name_zh
  const maxAbs = Math.max(0, ...rows.map((r) => Math.abs(r.value ?? 0)))
  const scale = axisScale(maxAbs, metric.unit, locale, metric.id)
  const labels = rows.map((row) => {
    if (row.value === null) return t('ranking.noData')
    const value = formatValue(row.value, metric.unit, locale, metric.id)
    return `${rankLabel(row, rows, t)} · ${value} · ${changeLabel(row, t)}`
  })
  return {
    aria: { enabled: true, label: { description: `${t('ranking.title', { metric: metricName, year })}` } },
    animation: false,
    ...chartFrame({
      title: t('ranking.title', { metric: metricName, year }),
      subtitle: `${t('family.unitLabel', { unit: scale.label })} · ${scopeLabel}`,
      footnote,
      watermark,
    }),
    grid: { left: 12, right: 190, top: 72, bottom: 70, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params
        const row = rows[p?.dataIndex ?? -1]
        if (!row) return ''
        const lines = [`<strong>${escapeHtml(name(row))}</strong>`]
        if (row.value === null) lines.push(escapeHtml(t('ranking.noData')))
        else {
          lines.push(`${escapeHtml(metricName)}：${escapeHtml(formatValue(row.value, metric.unit, locale, metric.id))}`)
          lines.push(`${escapeHtml(t('ranking.rank'))}：${escapeHtml(rankLabel(row, rows, t))}（${escapeHtml(changeLabel(row, t))}）`)
          lines.push(`${escapeHtml(t('ranking.tier'))}：${escapeHtml(t(`tiers.${tiers[rows.indexOf(row)]}`))}`)
          if (row.prev_value !== null) {
            lines.push(`${escapeHtml(t('ranking.lastYear', { year: year - 1 }))}：${escapeHtml(formatValue(row.prev_value, metric.unit, locale, metric.id))}`)
          }
          if (row.source_id) lines.push(`${escapeHtml(t('family.source'))}：${escapeHtml(row.source_id)}`)
        }
        return lines.join('<br>')
      },
    },
    xAxis: { type: 'value', name: scale.label, nameLocation: 'end', axisLabel: { formatter: (v: number) => `${v}` } },
    yAxis: {
      type: 'category',
      inverse: true,
      // a region without a figure keeps its place in the list, marked 无数据, never drawn as zero
      data: rows.map((row) => (row.value === null ? `${name(row)} · ${t('ranking.noData')}` : name(row))),
      axisTick: { show: false },
      // every region is named (a ranking skips none); a long English name is cut short (the table
      // and the tooltip have it whole) rather than squeezing the bars to nothing
      axisLabel: { interval: 0, width: 190, overflow: 'truncate', color: (_: unknown, index?: number) => (rows[index ?? 0]?.value === null ? '#767676' : '#222') },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        data: rows.map((row, i) => ({
          value: row.value === null ? null : row.value / scale.divisor,
          // the label's text is part of the option's data (not only of a function), so that it is
          // in the option's JSON: a chart drawn ahead of time is matched on that (charts/option-key.ts)
          labelText: labels[i] ?? '',
          itemStyle: {
            color: TIER_COLOURS[tiers[i] ?? 'none'],
            ...(row.region_code === selected ? { borderColor: '#08306b', borderWidth: 2 } : {}),
          },
          label: {
            show: true,
            position: 'right',
            // a missing value has no bar; its label sits at the axis
            formatter: (p: { data?: unknown }) => String((p.data as { labelText?: string } | undefined)?.labelText ?? ''),
            color: row.value === null ? '#777' : '#222',
          },
        })),
      },
    ],
  } satisfies EChartsOption
}
