/** KPI cards: each family's headline figure for one region, its change and its history. Pure. */
import type { PageFamily } from '../types/data'
import type { RegionSeriesRow } from '../queries/build-region-series-sql'

export interface Kpi {
  family: PageFamily
  metric: string
  year: number
  value: number
  qualifier: string
  previous: number | null
  change: number | null
  series: [number, number][]
}

/**
 * For each family, the first headline metric (in the given order) the region has figures for; its
 * latest year, and last year's value when the report for year − 1 has one.
 */
export function buildKpis(rows: readonly RegionSeriesRow[], headline: Record<PageFamily, string[]>): Kpi[] {
  const kpis: Kpi[] = []
  for (const [family, order] of Object.entries(headline) as [PageFamily, string[]][]) {
    const metric = order.find((id) => rows.some((r) => r.metric === id))
    if (!metric) continue
    const mine = rows.filter((r) => r.metric === metric).sort((a, b) => a.year - b.year)
    const latest = mine[mine.length - 1] as RegionSeriesRow
    const previous = mine.find((r) => r.year === latest.year - 1)?.value ?? null
    kpis.push({
      family,
      metric,
      year: latest.year,
      value: latest.value,
      qualifier: latest.qualifier,
      previous,
      change: previous === null ? null : latest.value - previous,
      series: mine.map((r) => [r.year, r.value]),
    })
  }
  return kpis
}
