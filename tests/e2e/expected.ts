/** Expectations computed from data/ itself, so that a change of data never needs a test edit. */
import { readCsv } from '../unit/csv'
import { preferredRows } from '../../src/charts/options/metric-bar'
import type { MetricSeriesRow } from '../../src/queries/build-family-sql'

export const observations = readCsv('observations.csv')
export const metrics = readCsv('metrics.csv')
export const sources = readCsv('sources.csv')
export const regions = readCsv('regions.csv')

/** The rows a chart of this metric should show: one per region and year, the government's first. */
export function expectedChartRows(metric: string): MetricSeriesRow[] {
  const rows = observations
    .filter((o) => o.metric === metric)
    .map((o) => {
      const source = sources.find((s) => s.id === o.source_id)
      const region = regions.find((r) => r.code === o.region_code)
      return {
        region_code: o.region_code as string,
        region_zh: region?.name_zh as string,
        region_en: region?.name_en as string,
        level: region?.level as string,
        year: Number(o.year),
        value: Number(o.value),
        qualifier: o.qualifier as string,
        note: o.note || null,
        source_id: o.source_id as string,
        publisher_zh: source?.publisher_zh as string,
        period_start: source?.period_start as string,
        period_end: source?.period_end as string,
        scope: source?.scope as string,
      }
    })
  return preferredRows(rows)
}
