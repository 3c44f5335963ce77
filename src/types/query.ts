/** A statement with positional `?` parameters; values are always bound, never spliced. */
export interface SqlQuery {
  sql: string
  params: (string | number)[]
}

export type LoadState = 'idle' | 'loading' | 'ready' | 'error'
