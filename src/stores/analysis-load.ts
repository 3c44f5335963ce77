/**
 * What the workbench asks of the engine for one filter, as a plain async function over a query
 * runner (the same shape as overview-load.ts). The analysis store runs it on the live engine; the
 * build runs the default view's sequence in Node to prepare its answers (stores/prepared-views.ts).
 */
import type { AnalysisMetricRow, SeriesRow, TableRow } from '../queries/build-analysis-sql'
import { named } from '../queries/registry'
import type { AnalysisParams } from './analysis-params'
import { FAMILY_PANELS } from './family-panels'
import type { Runner } from './overview-load'

export const PAGE_SIZE = 200

export interface AnalysisResult {
  found: AnalysisMetricRow[]
  chosen: string
  trendRows: SeriesRow[]
  total: number
  firstPage: TableRow[]
  /** by panel id (FAMILY_PANELS) */
  panelRows: Record<string, SeriesRow[]>
}

export async function fetchAnalysis(params: AnalysisParams, run: Runner): Promise<AnalysisResult> {
  const found = await run<AnalysisMetricRow>(named('analysisMetrics', { filter: params.filter }))
  const chosen = found.find((m) => m.id === params.filter.metrics[0])?.id ?? found[0]?.id ?? ''
  const [trendRows, total, firstPage, ...panelRows] = await Promise.all([
    chosen ? run<SeriesRow>(named('analysisSeries', { filter: params.filter, metrics: [chosen] })) : Promise.resolve([]),
    run<{ n: number }>(named('analysisCount', { filter: params.filter })),
    run<TableRow>(named('analysisPage', { filter: params.filter, sort: params.sort, offset: 0, limit: PAGE_SIZE })),
    ...FAMILY_PANELS.map((panel) => run<SeriesRow>(named('analysisSeries', { filter: params.filter, metrics: panel.metrics, useFocus: true, allSources: Boolean(panel.wholes) }))),
  ])
  return {
    found,
    chosen,
    trendRows,
    total: total[0]?.n ?? 0,
    firstPage,
    panelRows: Object.fromEntries(FAMILY_PANELS.map((panel, i) => [panel.id, panelRows[i] ?? []])),
  }
}
