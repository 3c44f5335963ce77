/**
 * The workbench's per-family charts: which metrics each one draws and how. Order = stacking order.
 */
export type PanelKind = 'share' | 'composition' | 'rate-count'

export interface FamilyPanel {
  id: string
  kind: PanelKind
  /** i18n key of the title */
  title: string
  metrics: string[]
  /** rate-count panels: the rate metric and the count metric drawn on a second axis */
  rate?: string
  count?: string
}

export const FAMILY_PANELS: FamilyPanel[] = [
  {
    id: 'outcomes',
    kind: 'share',
    title: 'analysis.panels.outcomes',
    metrics: [
      'disclosure.req_granted',
      'disclosure.req_partial',
      'disclosure.req_denied',
      'disclosure.req_unavailable',
      'disclosure.req_not_processed',
      'disclosure.req_other',
    ],
  },
  {
    id: 'appeals',
    kind: 'composition',
    title: 'analysis.panels.appeals',
    metrics: ['disclosure.review_total', 'disclosure.review_corrected', 'disclosure.litigation_total', 'disclosure.litigation_corrected'],
  },
  {
    id: 'trading-amount',
    kind: 'composition',
    title: 'analysis.panels.tradingAmount',
    metrics: ['trading.eng.amount', 'trading.proc.amount', 'trading.land.amount'],
  },
  {
    id: 'trading-count',
    kind: 'composition',
    title: 'analysis.panels.tradingCount',
    metrics: ['trading.eng.projects', 'trading.proc.projects', 'trading.land.projects'],
  },
  {
    id: 'online-rate',
    kind: 'rate-count',
    title: 'analysis.panels.onlineRate',
    metrics: ['online.cases_online_pct', 'online.cases_online'],
    rate: 'online.cases_online_pct',
    count: 'online.cases_online',
  },
  {
    id: 'ontime-rate',
    kind: 'rate-count',
    title: 'analysis.panels.ontimeRate',
    metrics: ['ontime.completion_pct', 'ontime.cases_completed'],
    rate: 'ontime.completion_pct',
    count: 'ontime.cases_completed',
  },
]
