/**
 * The server's DuckDB (native, `@duckdb/node-api`): opened read-only, external access off (no file
 * or URL can be read: a query naming one fails and makes no request), extensions never loaded,
 * a memory limit, and the configuration locked so that no statement can undo any of it.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api'

export interface ServeLimits {
  memoryLimit: string
  threads?: number
}

export async function openReadOnly(file: string, limits: ServeLimits): Promise<DuckDBInstance> {
  return DuckDBInstance.create(file, {
    access_mode: 'READ_ONLY',
    enable_external_access: 'false',
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
    allow_community_extensions: 'false',
    memory_limit: limits.memoryLimit,
    ...(limits.threads ? { threads: String(limits.threads) } : {}),
    lock_configuration: 'true',
  })
}

/** JS values bound as the page binds them: whole numbers as BIGINT, others as DOUBLE, text as VARCHAR. */
export function bindable(values: readonly (string | number)[]): DuckDBValue[] {
  return values.map((v) => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v))
}

/** One statement on `conn` within `ms`, else interrupted (the error says so). */
export async function withTimeout<T>(conn: DuckDBConnection, ms: number, work: () => Promise<T>): Promise<T> {
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    conn.interrupt()
  }, ms)
  try {
    return await work()
  } catch (error) {
    if (timedOut) throw new QueryTimeout(ms)
    throw error
  } finally {
    clearTimeout(timer)
  }
}

export class QueryTimeout extends Error {
  constructor(readonly ms: number) {
    super(`query stopped after ${ms} ms (the server's per-query timeout)`)
    this.name = 'QueryTimeout'
  }
}
