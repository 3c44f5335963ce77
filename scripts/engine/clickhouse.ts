/**
 * The app's named queries on ClickHouse (issue #19, "beyond one machine"): the registry's SQL in the
 * ClickHouse dialect (src/queries/dialect.ts), answered as Arrow IPC streams the page's connector
 * reads as it reads DuckDB's. Two ways to reach a ClickHouse:
 *
 * - `clickhouseHttp(url, …)`: a ClickHouse server's HTTP interface (port 8123), e.g. a cluster whose
 *   `observations` is a Distributed table sharded by region code (README: "ClickHouse"). Parameters
 *   travel as `param_pN`, never in the SQL text; every statement runs with `readonly=1` and the
 *   dialect's settings.
 * - `clickhouseEmbedded()`: chdb, ClickHouse embedded in Node (npm `chdb`, ≈ 550 MB, installed only
 *   by `npm run test:clickhouse`), which the dialect's test runs on.
 *
 * `loadContractTables` creates the contract's four tables (MergeTree; observations ordered by
 * metric, year, region as engine:load sorts them for DuckDB) from CSV files in the contract's form.
 */
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { tableFromIPC, type Table } from 'apache-arrow'
import { CONTRACT_COLUMNS, CONTRACT_TABLES, type ContractTable } from '../../src/queries/build-load-sql'
import { CLICKHOUSE_SETTINGS, toClickHouse } from '../../src/queries/dialect'
import { sqlFor } from '../../src/queries/registry'
import { quoteIdent } from '../../src/queries/sql'

export interface ClickHouseRunner {
  /** One statement with its `{pN:Type}` parameters bound by ClickHouse; the answer as an Arrow IPC stream. */
  arrow(sql: string, params: Record<string, string | number>): Promise<Uint8Array>
  /** A statement without an answer (loading tables). */
  exec(sql: string): Promise<void>
  close(): void
}

const CH_TYPES: Record<string, string> = { VARCHAR: 'String', INTEGER: 'Int32', DOUBLE: 'Float64', DATE: 'Date' }
const ORDER: Record<ContractTable, string> = { regions: 'code', metrics: 'id', sources: 'id', observations: '(metric, year, region_code)' }
const KEYS: Record<ContractTable, string[]> = { regions: ['code'], metrics: ['id'], sources: ['id'], observations: ['metric', 'year', 'region_code'] }

/** The contract table's columns in ClickHouse types (Nullable but for the sorting key). */
export function clickhouseColumns(table: ContractTable): string {
  return Object.entries(CONTRACT_COLUMNS[table])
    .map(([name, type]) => {
      const t = CH_TYPES[type] ?? 'String'
      return `${quoteIdent(name)} ${KEYS[table].includes(name) ? t : `Nullable(${t})`}`
    })
    .join(', ')
}

/** The contract's tables from CSV text in the contract's form (data/*.csv, or a user's files). */
export async function loadContractTables(runner: ClickHouseRunner, csv: (table: ContractTable) => string): Promise<void> {
  for (const table of CONTRACT_TABLES) {
    await runner.exec(`CREATE TABLE ${quoteIdent(table)} (${clickhouseColumns(table)}) ENGINE = MergeTree ORDER BY ${ORDER[table]}`)
    await runner.exec(`INSERT INTO ${quoteIdent(table)} FORMAT CSVWithNames\n${csv(table)}`)
  }
}

/** A named query on ClickHouse: the registry's SQL (parameters checked by its schema) in the dialect. */
export async function runNamed(runner: ClickHouseRunner, name: string, params: unknown): Promise<Table> {
  const statement = toClickHouse(sqlFor(name, params, 'clickhouse'))
  return tableFromIPC(await runner.arrow(statement.sql, statement.params))
}

/** ClickHouse's HTTP interface: POST the statement, parameters and settings as URL parameters. */
export function clickhouseHttp(url: string, options: { user?: string; password?: string; timeoutSeconds?: number } = {}): ClickHouseRunner {
  const headers: Record<string, string> = {}
  if (options.user) headers['X-ClickHouse-User'] = options.user
  if (options.password) headers['X-ClickHouse-Key'] = options.password
  async function post(sql: string, params: Record<string, string | number>, answer: boolean): Promise<Uint8Array> {
    const target = new URL(url)
    for (const [key, value] of Object.entries(CLICKHOUSE_SETTINGS)) target.searchParams.set(key, String(value))
    if (answer) {
      target.searchParams.set('readonly', '1')
      target.searchParams.set('default_format', 'ArrowStream')
      target.searchParams.set('max_execution_time', String(options.timeoutSeconds ?? 10))
    }
    for (const [key, value] of Object.entries(params)) target.searchParams.set(`param_${key}`, String(value))
    const response = await fetch(target, { method: 'POST', headers, body: sql })
    if (!response.ok) throw new Error(`ClickHouse ${response.status}: ${(await response.text()).slice(0, 500)}`)
    return new Uint8Array(await response.arrayBuffer())
  }
  return {
    arrow: (sql, params) => post(sql, params, true),
    exec: async (sql) => void (await post(sql, {}, false)),
    close: () => undefined,
  }
}

interface ChdbResult {
  bytes(): Uint8Array
}
interface ChdbSession {
  query(sql: string, format?: string): string
  queryBindAsync(sql: string, params: object, opts?: { format?: string }): Promise<ChdbResult>
  cleanup(): void
}

/** chdb (embedded ClickHouse) in a temporary session; throws a clear error when the package is absent. */
export function clickhouseEmbedded(): ClickHouseRunner {
  const require = createRequire(import.meta.url)
  let Session: new () => ChdbSession
  try {
    ;({ Session } = require('chdb') as { Session: new () => ChdbSession })
  } catch {
    throw new Error('chdb is not installed: `npm run test:clickhouse` installs it (≈ 550 MB) before its tests')
  }
  const session = new Session()
  const settings = Object.entries(CLICKHOUSE_SETTINGS)
    .map(([key, value]) => `${key} = ${typeof value === 'number' ? value : `'${value}'`}`)
    .join(', ')
  return {
    async arrow(sql, params) {
      const result = await session.queryBindAsync(`${sql}\nSETTINGS ${settings}, readonly = 1`, params, { format: 'ArrowStream' })
      return result.bytes()
    },
    async exec(sql) {
      session.query(sql)
    },
    close: () => session.cleanup(),
  }
}

/** The contract's CSV files of a folder (data/ by default), for loadContractTables. */
export function csvFilesIn(dir: string): (table: ContractTable) => string {
  return (table) => readFileSync(`${dir}${table}.csv`, 'utf8')
}
