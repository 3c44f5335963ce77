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
  registerText(name: string, text: string): Promise<void>
  /** Bytes handed over (not copied): the buffer is detached afterwards. */
  registerBytes(name: string, bytes: Uint8Array): Promise<void>
  dropFile(name: string): Promise<void>
  /** An Arrow IPC stream into a new table `name` (in the app's database; drop it when done). */
  insertArrow(name: string, ipc: Uint8Array): Promise<void>
}
