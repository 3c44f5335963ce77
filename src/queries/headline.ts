import type { PageFamily } from '../types/data'

/**
 * Headline metrics per family, in order of preference: the family page's default chart, the KPI
 * cards and the leadership view's default indicator all start from here.
 */
export const HEADLINE_METRICS: Record<PageFamily, string[]> = {
  online: ['online.items_online_pct', 'online.cases_online_pct', 'online.one_trip_pct', 'online.cases_total', 'online.items_total'],
  ontime: ['ontime.on_time_pct', 'ontime.completion_pct', 'ontime.invest_on_time_pct', 'ontime.cases_completed', 'ontime.invest_projects'],
  trading: ['trading.amount_total', 'trading.projects_total', 'trading.savings_pct', 'trading.eng.amount', 'trading.eng.projects'],
  disclosure: ['disclosure.proactive_items', 'disclosure.requests_new', 'disclosure.req_granted', 'disclosure.review_total'],
}

/** The composite index's default indicators and weights (documented in the README). */
export const DEFAULT_COMPOSITE: { metric: string; weight: number }[] = [
  { metric: 'online.items_online_pct', weight: 2 },
  { metric: 'online.cases_online_pct', weight: 1 },
  { metric: 'online.one_trip_pct', weight: 1 },
  { metric: 'ontime.on_time_pct', weight: 2 },
  { metric: 'ontime.invest_on_time_pct', weight: 1 },
  { metric: 'trading.savings_pct', weight: 1 },
]

/** The headline metrics of every family in one list: the KPI cards' series (regionSeries, scopeSeries). */
export const HEADLINE_SERIES_METRICS: string[] = Object.values(HEADLINE_METRICS).flat()
