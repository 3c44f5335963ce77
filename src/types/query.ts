/** A statement with positional `?` parameters; values are always bound, never spliced. */
export interface SqlQuery {
  sql: string
  params: (string | number)[]
}

export type LoadState = 'idle' | 'loading' | 'ready' | 'error'

/** What the staged import check needs of DuckDB: db/client.ts gives it in the app, the Node helper in tests. */
export interface StagingEngine {
  exec(statement: string | SqlQuery): Promise<void>
  query<Row>(statement: string | SqlQuery): Promise<Row[]>
  /** Text handed to DuckDB as a file: the name to read it by. */
  registerText(name: string, text: string): Promise<string>
  dropFile(name: string): Promise<void>
}
