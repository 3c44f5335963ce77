/**
 * The one way the app asks for data: `run(name, params)` → an Arrow table, with `name` one of the
 * registry's queries (queries/registry.ts), plus a guarded console. Two engines answer it: DuckDB-wasm
 * in the page (embedded.ts) and a server over HTTP (http.ts); engine.ts picks one from engine.json.
 * Stores, views and charts never know which.
 */
import type { Table } from 'apache-arrow'

export type EngineKind = 'embedded' | 'server'

/** What an engine says about itself once it answers. */
export interface EngineInfo {
  /** The data are 模拟数据 (the server's database was built with --synthetic). */
  synthetic: boolean
}

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain }

export interface ConsoleResult {
  columns: string[]
  rows: Record<string, Plain>[]
}

export interface Connector {
  readonly kind: EngineKind
  /** Starts the engine (or checks that the server answers), once. */
  start(): Promise<EngineInfo>
  run(name: string, params: unknown): Promise<Table>
  /** `run` as plain row objects (what the stores keep). */
  rows<Row>(name: string, params: unknown): Promise<Row[]>
  /** One read-only SELECT, already checked and wrapped (queries/console-sql.ts), on a connection of its own. */
  console(sql: string): Promise<ConsoleResult>
  cancelConsole(): Promise<void>
}

/** The server answered with an error, or did not answer: said as such, never replaced by other data. */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(status ? `HTTP ${status}: ${message}` : message)
    this.name = 'ServerError'
  }
}

/** Arrow values to plain JS: BigInt counts become numbers (all ours fit in 2^53). */
export function toPlain(value: unknown): Plain {
  if (typeof value === 'bigint') return Number(value)
  if (value === undefined) return null
  return value as Plain
}

/** An Arrow table as plain row objects (the same from either engine). */
export function tableRows<Row>(table: Table): Row[] {
  const names = table.schema.fields.map((field) => field.name)
  const columns = names.map((_, i) => table.getChildAt(i))
  const rows: Row[] = []
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, Plain> = {}
    names.forEach((name, i) => {
      row[name] = toPlain(columns[i]?.get(r))
    })
    rows.push(row as Row)
  }
  return rows
}

/** The console's rows: anything that is not a plain value (a struct, a list) is shown as text. */
export function consoleRows(table: Table): ConsoleResult {
  const columns = table.schema.fields.map((f) => f.name)
  const children = columns.map((_, i) => table.getChildAt(i))
  const rows: Record<string, Plain>[] = []
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, Plain> = {}
    columns.forEach((name, i) => {
      const value = children[i]?.get(r)
      row[name] = value instanceof Object && !(value instanceof Date) && !Array.isArray(value) ? String(value) : toPlain(value)
    })
    rows.push(row)
  }
  return { columns, rows }
}
