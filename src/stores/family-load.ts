/**
 * What a family page asks of the engine, as plain async functions over a query runner (the same
 * shape as overview-load.ts). The family store runs them on the live engine; the build runs the
 * default view's sequence in Node to prepare its answers (stores/prepared-views.ts).
 */
import type { FamilyMetricRow, MetricSeriesRow } from '../queries/build-family-sql'
import { named } from '../queries/registry'
import type { PageFamily } from '../types/data'
import { HEADLINE_METRICS } from '../queries/headline'
import type { Runner } from './overview-load'

/** The default metric: the widest coverage, the contract's headline order breaking ties. */
export function defaultMetric(family: PageFamily, metrics: readonly FamilyMetricRow[]): string | undefined {
  const rank = (id: string) => {
    const i = HEADLINE_METRICS[family].indexOf(id)
    return i === -1 ? Number.MAX_SAFE_INTEGER : i
  }
  return [...metrics].sort((a, b) => b.regions - a.regions || rank(a.id) - rank(b.id) || b.observations - a.observations)[0]?.id
}

export interface FamilyResult {
  found: FamilyMetricRow[]
  chosen: string
  series: MetricSeriesRow[]
}

/** A family's metrics (or those already at hand), the one asked for or the default, and its rows. */
export async function fetchFamily(family: PageFamily, requested: string | undefined, run: Runner, cachedMetrics?: FamilyMetricRow[]): Promise<FamilyResult> {
  const found = cachedMetrics ?? (await run<FamilyMetricRow>(named('familyMetrics', { family })))
  const known = found.some((m) => m.id === requested)
  const chosen = known && requested ? requested : (defaultMetric(family, found) ?? '')
  const series = chosen ? await run<MetricSeriesRow>(named('metricSeries', { metric: chosen })) : []
  return { found, chosen, series }
}
