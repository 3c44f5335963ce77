/**
 * The answers each chart route's default view is prepared with at build time (vite.config.ts,
 * stores/prepared-views.ts, scripts/lib/prepared.ts) are exactly what live DuckDB answers, and
 * are all the route's store asks: the route paints from them alone and, when the live engine takes
 * over, gets the same.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { openContractDb, type Connection } from '../../scripts/lib/duckdb-node'
import { recordAnswers } from '../../scripts/lib/prepared'
import { namedKey, sqlFor, type NamedQuery } from '../../src/queries/registry'
import { tableRows } from '../../src/db/connector'
import { firstViewQueries } from '../../src/stores/overview-load'
import { PREPARED_VIEWS } from '../../src/stores/prepared-views'
import { PAGE_FAMILIES, PREPARED_ROUTES, type PreparedRoute } from '../../src/types/data'
import { parseAnalysisQuery } from '../../src/stores/analysis-params'
import { sameOr } from '../../src/stores/same'

/** What the stores' `ask` answers with: set per test (vi.mock is hoisted above the imports). */
const engine = vi.hoisted(() => ({ answer: (async () => []) as (q: { name: string; params: unknown }) => Promise<unknown[]> }))
vi.mock('../../src/db/engine', () => ({ ask: (q: { name: string; params: unknown }) => engine.answer(q) }))

const { useFamilyStore } = await import('../../src/stores/family')
const { useAnalysisStore } = await import('../../src/stores/analysis')
const { useCatalogStore } = await import('../../src/stores/catalog')

let conn: Connection
let firstView: Map<string, unknown[]>

/** The live engine's answer, read from its Arrow table as the page reads it (db/connector.ts). */
function live(q: { name: string; params: unknown }): unknown[] {
  const statement = conn.prepare(sqlFor(q.name, q.params).sql)
  try {
    return tableRows(statement.query(...sqlFor(q.name, q.params).params) as never)
  } finally {
    statement.close()
  }
}

/** The route's store opened on its default view, with every query asked recorded; its state after. */
async function openDefault(route: PreparedRoute, answer: (q: NamedQuery) => Promise<unknown[]>): Promise<{ asked: string[]; state: unknown }> {
  const asked: string[] = []
  engine.answer = (q) => {
    asked.push(namedKey(q))
    return answer(q as NamedQuery)
  }
  setActivePinia(createPinia())
  if ((PAGE_FAMILIES as readonly string[]).includes(route)) {
    const store = useFamilyStore()
    await store.open(route as (typeof PAGE_FAMILIES)[number], undefined, 0)
    return { asked, state: { state: store.state, metrics: store.metrics, metricId: store.metricId, rows: store.rows } }
  }
  const store = useAnalysisStore()
  const catalog = useCatalogStore()
  await Promise.all([catalog.load(0), store.load(parseAnalysisQuery({}))])
  return {
    asked,
    state: { state: store.state, metrics: store.metrics, metricId: store.metricId, trend: store.trend, panels: store.panels, count: store.count, pages: [...store.pages], catalog: [...catalog.metrics], regions: catalog.regions },
  }
}

beforeAll(async () => {
  conn = await openContractDb()
  firstView = await recordAnswers(conn, firstViewQueries)
}, 60_000)

beforeEach(() => {
  engine.answer = async () => []
})

describe.each(PREPARED_ROUTES)('prepared answers of #/%s', (route) => {
  it('are what live DuckDB answers, and every query the default view asks', async () => {
    const prepared = await recordAnswers(conn, PREPARED_VIEWS[route])
    expect(prepared.size).toBeGreaterThan(0)
    for (const [key, rows] of prepared) {
      const [name, params] = JSON.parse(key) as [string, unknown]
      expect(rows, key).toEqual(JSON.parse(JSON.stringify(live({ name, params }))))
      expect(rows.length, `${key} has rows`).toBeGreaterThan(0)
    }
    // the store, on the live engine, asks exactly these (the page then never waits for DuckDB)
    const onLive = await openDefault(route, async (q) => live(q))
    expect(new Set(onLive.asked)).toEqual(new Set(prepared.keys()))
    // and from the prepared answers (the route's own, plus the first view's it shares) it ends in the same state
    const onPrepared = await openDefault(route, async (q) => {
      const key = namedKey(q)
      const rows = prepared.get(key) ?? firstView.get(key)
      if (!rows) throw new Error(`not prepared: ${key}`)
      return rows
    })
    expect(onPrepared.state).toEqual(onLive.state)
  })
})

describe('sameOr', () => {
  it('keeps what is shown when the new answer is equal, else takes the new one', () => {
    const shown = [{ a: 1 }]
    expect(sameOr(shown, [{ a: 1 }])).toBe(shown)
    const next = [{ a: 2 }]
    expect(sameOr(shown, next)).toBe(next)
  })

  it('leaves the family chart alone when the live engine brings the same rows', async () => {
    const answers = await recordAnswers(conn, PREPARED_VIEWS.online)
    engine.answer = async (q) => JSON.parse(JSON.stringify(answers.get(namedKey(q)) ?? []))
    setActivePinia(createPinia())
    const store = useFamilyStore()
    await store.open('online', undefined, 0)
    const rows = store.rows
    const states: string[] = []
    const opened = store.open('online', undefined, 1)
    states.push(store.state)
    await opened
    // no dimming while the same view is asked again, and the same array (nothing redraws)
    expect(states).toEqual(['ready'])
    expect(store.rows).toBe(rows)
  })
})
