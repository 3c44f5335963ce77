/**
 * The embedded engine: DuckDB-wasm in the page (client.ts). Until it is up, the default views'
 * queries are answered from the build-time snapshot (vite.config.ts, preparedAnswers).
 */
import { cancelConsole, consoleQuery, queryTable, ready, recorded } from './client'
import { namedKey, sqlFor } from '../queries/registry'
import { tableRows, type Connector } from './connector'

export const embeddedConnector: Connector = {
  kind: 'embedded',
  async start() {
    await ready()
    return { synthetic: false }
  },
  run: (name, params) => queryTable(sqlFor(name, params)),
  async rows<Row>(name: string, params: unknown): Promise<Row[]> {
    const q = sqlFor(name, params)
    const hit = await recorded(namedKey({ name, params }))
    if (hit) return hit as Row[]
    return tableRows<Row>(await queryTable(q))
  },
  console: (sql) => consoleQuery(sql),
  cancelConsole: () => cancelConsole(),
}
