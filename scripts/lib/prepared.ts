/**
 * Answers prepared at build time: a view's query sequence (stores/overview-load.ts firstViewQueries,
 * stores/prepared-views.ts) run on real DuckDB in Node (duckdb-node.ts) over data/, each answer as
 * the page will read it: through JSON. vite.config.ts writes them into the build; the unit tests
 * compare them with the live engine's.
 */
import { namedKey, sqlFor, type NamedQuery } from '../../src/queries/registry'
import type { Runner } from '../../src/stores/overview-load'
import { runQuery, type Connection } from './duckdb-node'

export async function recordAnswers(conn: Connection, sequence: (run: Runner) => Promise<unknown>): Promise<Map<string, unknown[]>> {
  const entries = new Map<string, unknown[]>()
  const run = async <Row,>(q: NamedQuery): Promise<Row[]> => {
    const key = namedKey(q)
    let rows = entries.get(key)
    if (!rows) {
      rows = JSON.parse(JSON.stringify(await runQuery<Row>(conn, sqlFor(q.name, q.params)))) as unknown[]
      entries.set(key, rows)
    }
    return rows as Row[]
  }
  await sequence(run)
  return entries
}
