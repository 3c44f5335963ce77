/**
 * The workbench's per-family charts: which metrics each one draws and how. Order = stacking order.
 */
import { LITIGATION_SPEC, OUTCOME_SPEC, REVIEW_SPEC, specIds, type WholeSpec } from '../charts/part-whole'

export type PanelKind = 'share' | 'appeals' | 'composition' | 'rate-count'

export interface FamilyPanel {
  id: string
  kind: PanelKind
  /** i18n key of the title */
  title: string
  metrics: string[]
  /** rate-count panels: the rate metric and the count metric drawn on a second axis */
  rate?: string
  count?: string
  /** share and appeals panels: the wholes and their parts (charts/part-whole.ts) */
  wholes?: { spec: WholeSpec; title: string }[]
}

export const FAMILY_PANELS: FamilyPanel[] = [
  {
    id: 'outcomes',
    kind: 'share',
    title: 'analysis.panels.outcomes',
    metrics: specIds(OUTCOME_SPEC),
    wholes: [{ spec: OUTCOME_SPEC, title: 'analysis.panels.outcomes' }],
  },
  {
    id: 'appeals',
    kind: 'appeals',
    title: 'analysis.panels.appeals',
    metrics: [...specIds(REVIEW_SPEC), ...specIds(LITIGATION_SPEC)],
    wholes: [
      { spec: REVIEW_SPEC, title: 'charts.review' },
      { spec: LITIGATION_SPEC, title: 'charts.litigation' },
    ],
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
