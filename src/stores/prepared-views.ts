/**
 * Every query each chart route's default view (no parameters in its URL) asks, in the order its
 * store asks them, over a query runner: the build runs these in Node on the same engine and data
 * (vite.config.ts) so that the route paints its first chart before DuckDB is up in the page, and a
 * unit test checks that the stores ask exactly these and get exactly DuckDB's answers
 * (tests/unit/prepared-views.test.ts). The landing page's own sequence is firstViewQueries.
 */
import { PAGE_FAMILIES, type PreparedRoute } from '../types/data'
import { fetchFamily } from './family-load'
import { fetchAnalysis } from './analysis-load'
import { parseAnalysisQuery } from './analysis-params'
import { fetchCatalog, type Runner } from './overview-load'

export const PREPARED_VIEWS: Record<PreparedRoute, (run: Runner) => Promise<void>> = {
  ...(Object.fromEntries(PAGE_FAMILIES.map((family) => [family, async (run: Runner) => void (await fetchFamily(family, undefined, run))])) as Record<(typeof PAGE_FAMILIES)[number], (run: Runner) => Promise<void>>),
  // the workbench asks the catalogue (labels, regions) beside its own queries
  analysis: async (run) => {
    await Promise.all([fetchCatalog(run), fetchAnalysis(parseAnalysisQuery({}), run)])
  },
}
