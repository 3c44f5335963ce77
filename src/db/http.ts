/**
 * The server engine: named queries and the console over HTTP (scripts/engine/serve.ts), answers as
 * Arrow IPC streams. Parameters are checked against the registry's schema here too, so a refused one
 * never leaves the page; any failure is a ServerError, never an answer from elsewhere.
 */
import type { Table } from 'apache-arrow'
import { queryDef } from '../queries/registry'
import { consoleRows, ServerError, tableRows, type Connector, type EngineInfo } from './connector'

export interface ServerOptions {
  /** The API's base, e.g. https://host/api/ (relative URLs resolve against engine.json's). */
  url: URL
  token?: string
}

export function httpConnector({ url, token }: ServerOptions): Connector {
  const base = new URL(url.href.endsWith('/') ? url.href : `${url.href}/`)
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  let consoleAbort: AbortController | null = null
  let started: Promise<EngineInfo> | null = null

  async function request(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response | null = null
    // every request is a read (named queries, the console's one SELECT): one that never reached the
    // server (a kept-alive connection closed under it) is sent once more before the error is said
    for (let attempt = 1; !response; attempt++) {
      try {
        response = await fetch(new URL(path, base), { ...init, headers: { ...headers, ...(init.body ? { 'content-type': 'application/json' } : {}) } })
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') throw error
        if (attempt < 2) continue
        throw new ServerError(0, `server unreachable: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '')
      let message = text.slice(0, 500) || response.statusText
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? message
      } catch {
        // not JSON: the text as it came
      }
      throw new ServerError(response.status, message)
    }
    return response
  }

  async function arrow(path: string, body: unknown, signal?: AbortSignal): Promise<Table> {
    const response = await request(path, { method: 'POST', body: JSON.stringify(body), signal })
    const bytes = new Uint8Array(await response.arrayBuffer())
    const { tableFromIPC } = await import('apache-arrow')
    return tableFromIPC(bytes)
  }

  async function run(name: string, params: unknown): Promise<Table> {
    queryDef(name).params.parse(params)
    return arrow(`q/${encodeURIComponent(name)}`, params)
  }

  return {
    kind: 'server',
    start() {
      started ??= request('queries')
        .then((r) => r.json() as Promise<{ synthetic?: boolean }>)
        .then((info) => ({ synthetic: info.synthetic === true }))
      started.catch(() => {
        started = null
      })
      return started
    },
    run,
    rows: async <Row,>(name: string, params: unknown) => tableRows<Row>(await run(name, params)),
    async console(sql) {
      consoleAbort?.abort()
      const abort = new AbortController()
      consoleAbort = abort
      try {
        return consoleRows(await arrow('console', { sql }, abort.signal))
      } finally {
        if (consoleAbort === abort) consoleAbort = null
      }
    },
    async cancelConsole() {
      // the server interrupts the query when its request goes away
      consoleAbort?.abort()
      consoleAbort = null
    },
  }
}
