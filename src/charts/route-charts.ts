/**
 * The charts a family page and the workbench's trend draw from their rows, one per level (a
 * county's figure is never set beside a prefecture's in one plot). Pure: the views build their
 * charts here, and so does the build when it draws a route's first chart ahead of time
 * (charts/prerender.ts), so that both give the same option.
 */
import type { EChartsOption } from 'echarts'
import type { FamilyMetricRow, MetricSeriesRow } from '../queries/build-family-sql'
import type { SeriesRow } from '../queries/build-analysis-sql'
import type { UiLocale } from './format'
import type { Translate } from './footnote'
import { byLevel } from './levels'
import { buildMetricBarOption, type MetricInfo } from './options/metric-bar'
import { buildTrendOption } from './options/analysis'

interface Context {
  locale: UiLocale
  t: Translate
  watermark: string | null
}

export interface FamilyChart {
  level: string
  rows: MetricSeriesRow[]
  option: EChartsOption
  label: string
}

/** The family card's charts for one metric. */
export function familyCharts(rows: readonly MetricSeriesRow[], metric: FamilyMetricRow, { locale, t, watermark }: Context): FamilyChart[] {
  const name = locale === 'en' ? metric.name_en : metric.name_zh
  const groups = byLevel(rows)
  return groups.map((g) => {
    const levelName = groups.length > 1 ? t(`level.${g.level}`) : null
    return {
      level: g.level,
      rows: g.rows,
      option: buildMetricBarOption({ rows: g.rows, metric, locale, t, watermark, levelName }),
      label: levelName ? `${t('family.chartTitle', { metric: name })} · ${levelName}` : t('family.chartTitle', { metric: name }),
    }
  })
}

export interface TrendChart {
  level: string
  rows: SeriesRow[]
  title: string
  option: EChartsOption
}

/** The workbench's trend charts for one metric, with the linked region and year. */
export function trendCharts(rows: readonly SeriesRow[], metric: MetricInfo, focus: { focusRegion: string | null; focusYear: number | null }, { locale, t, watermark }: Context): TrendChart[] {
  const groups = byLevel(rows)
  const name = locale === 'en' ? metric.name_en : metric.name_zh
  return groups.map((g) => {
    const title = t('analysis.trend', { metric: name }) + (groups.length > 1 ? ` · ${t(`level.${g.level}`)}` : '')
    return {
      level: g.level,
      rows: g.rows,
      title,
      option: buildTrendOption({ rows: g.rows, metrics: [metric], title, focusRegion: focus.focusRegion, focusYear: focus.focusYear, locale, t, watermark }),
    }
  })
}
