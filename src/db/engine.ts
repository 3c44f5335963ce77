/**
 * Which engine answers: `engine.json` beside index.html says (absent: the embedded one). Read once;
 * a malformed file or a server that fails is an error the page shows, never a quiet fall back to the
 * embedded data (which would be other data).
 *
 *   { "engine": "embedded" }
 *   { "engine": "server", "url": "/api/", "token": "…" }   url: absolute, or relative to engine.json
 */
import { ServerError, type Connector } from './connector'
import { embeddedConnector } from './embedded'
import type { NamedQuery } from '../queries/registry'

export type EngineConfig = { engine: 'embedded' } | { engine: 'server'; url: string; token?: string }

export function parseEngineConfig(value: unknown): EngineConfig {
  if (typeof value !== 'object' || value === null) throw new Error('engine.json: expected an object')
  const v = value as Record<string, unknown>
  if (v.engine === 'embedded') return { engine: 'embedded' }
  if (v.engine === 'server') {
    if (typeof v.url !== 'string' || v.url === '') throw new Error('engine.json: a server engine needs "url"')
    if (v.token !== undefined && typeof v.token !== 'string') throw new Error('engine.json: "token" must be a string')
    return { engine: 'server', url: v.url, ...(v.token ? { token: v.token } : {}) }
  }
  throw new Error(`engine.json: unknown engine ${JSON.stringify(v.engine)}`)
}

const CONFIG_FILE = 'engine.json'

async function readConfig(): Promise<{ config: EngineConfig; at: URL }> {
  const at = new URL(CONFIG_FILE, document.baseURI)
  const response = await fetch(at, { cache: 'no-cache' })
  if (response.status === 404) return { config: { engine: 'embedded' }, at }
  if (!response.ok) throw new Error(`${CONFIG_FILE}: HTTP ${response.status}`)
  return { config: parseEngineConfig(await response.json()), at }
}

let chosen: Promise<Connector> | null = null
const errorListeners = new Set<(error: ServerError) => void>()

/** Called with every error the server gives (the header says so). */
export function onServerError(listener: (error: ServerError) => void): void {
  errorListeners.add(listener)
}

function reported(connector: Connector): Connector {
  const report = <T,>(p: Promise<T>): Promise<T> =>
    p.catch((error: unknown) => {
      if (error instanceof ServerError) for (const listener of errorListeners) listener(error)
      throw error
    })
  return {
    kind: connector.kind,
    start: () => report(connector.start()),
    run: (name, params) => report(connector.run(name, params)),
    rows: (name, params) => report(connector.rows(name, params)),
    console: (sql) => report(connector.console(sql)),
    cancelConsole: () => connector.cancelConsole(),
  }
}

/** The engine of this page, once. */
export function connector(): Promise<Connector> {
  chosen ??= readConfig().then(async ({ config, at }) => {
    if (config.engine === 'embedded') return embeddedConnector
    const { httpConnector } = await import('./http')
    return reported(httpConnector({ url: new URL(config.url, at), ...(config.token ? { token: config.token } : {}) }))
  })
  return chosen
}

/** A named query's rows, from whichever engine answers. */
export async function runRows<Row>(name: string, params: unknown): Promise<Row[]> {
  return (await connector()).rows<Row>(name, params)
}

/** The same, for a query made with `named()` (its parameters typed by the registry). */
export function ask<Row>(q: NamedQuery): Promise<Row[]> {
  return runRows<Row>(q.name, q.params)
}
