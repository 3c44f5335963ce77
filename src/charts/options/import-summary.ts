import type { EChartsOption } from 'echarts'
import type { ImportSummaryRow } from '../../queries/build-import-sql'
import { formatValue, type UiLocale } from '../format'
import type { Translate } from '../footnote'
import { chartFrame } from '../frame'
import { INDICATOR_COLOURS } from './composite-bar'

export interface ImportSummaryInput {
  rows: readonly ImportSummaryRow[]
  fileName: string
  locale: UiLocale
  t: Translate
}

const FAMILIES = ['online', 'ontime', 'trading', 'disclosure', 'context'] as const

/** Stacked columns: how many figures the import brought, per year and family. */
export function buildImportSummaryOption({ rows, fileName, locale, t }: ImportSummaryInput): EChartsOption {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b)
  const present = FAMILIES.filter((f) => rows.some((r) => r.family === f))
  const label = (family: string) => (family === 'context' ? t('import.contextFamily') : t(`nav.${family}`))
  const total = rows.reduce((sum, r) => sum + r.n, 0)
  return {
    // drawn at once, as every other chart: an animation only delays the moment the figures are readable
    animation: false,
    ...chartFrame({
      title: t('import.summaryTitle', { file: fileName }),
      subtitle: t('import.summarySubtitle', { rows: formatValue(total, 'count', locale) }),
      footnote: t('import.summaryFootnote', { file: fileName }),
      watermark: null,
    }),
    color: INDICATOR_COLOURS,
    legend: { top: 58, left: 12, data: present.map(label) },
    grid: { left: 64, right: 24, top: 96, bottom: 56 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: years.map(String) },
    // the subtitle says what the bars count; an axis name would sit on the legend
    yAxis: { type: 'value' },
    series: present.map((family) => ({
      type: 'bar',
      name: label(family),
      stack: 'rows',
      data: years.map((y) => rows.find((r) => r.year === y && r.family === family)?.n ?? 0),
    })),
  }
}
