/**
 * A plain delimited file's rows into DuckDB while the import worker is still reading it: each piece
 * of rows the worker encodes (ingest/cell-codes.ts) is appended, as numbers, to the import's own
 * table (queries/build-coded-import-sql.ts), which no view shows until the import is applied.
 *
 * The table serves only a file the check finds clean from its codes (coded-check.ts), for the
 * guessed mapping whose columns these are; what each number reads as is added when the import is
 * applied. For any other file the table is dropped.
 */
import type { CodedName, RowChunk } from '../ingest/cell-codes'
import { codedColumnsOf, rowCodesIpc } from '../ingest/coded-arrow'
import type { TidyMapping } from '../ingest/shape'

export interface PendingDeps {
  create(sourceId: string, names: readonly CodedName[]): Promise<string>
  append(table: string, ipc: Uint8Array): Promise<void>
  drop(table: string): Promise<void>
}

/** The coded columns of a mapping's rows table, in order (as codedColumns gives them for its check). */
export function mappedColumns(mapping: TidyMapping): CodedName[] {
  return codedColumnsOf({ year: mapping.year !== null, metric: mapping.metric !== null, qualifier: mapping.qualifier !== undefined, note: mapping.note !== undefined })
}

export class PendingRows {
  /** The table, once made (null until then, and after a drop or a release). */
  private table: string | null = null
  private chain: Promise<void>
  /** A failed append: the rows here are of no use. */
  private broken = false
  private dropped = false
  private rows = 0
  readonly names: readonly CodedName[]

  constructor(private readonly deps: PendingDeps, sourceId: string, mapping: TidyMapping) {
    this.names = mappedColumns(mapping)
    this.chain = deps.create(sourceId, this.names).then(
      (table) => {
        this.table = table
      },
      () => {
        this.broken = true
      },
    )
  }

  /** A piece of rows, appended after those before it. */
  add(chunk: RowChunk): void {
    this.chain = this.chain.then(async () => {
      if (this.broken || this.dropped || this.table === null) return
      try {
        await this.deps.append(this.table, rowCodesIpc(chunk, this.names))
        this.rows += chunk.rows
      } catch {
        this.broken = true
      }
    })
  }

  /** The table, once every piece so far is in, if it holds `rows` rows of these columns; null otherwise. */
  async complete(rows: number, names: readonly CodedName[]): Promise<string | null> {
    await this.chain
    const same = names.length === this.names.length && names.every((name, i) => name === this.names[i])
    return !this.broken && !this.dropped && same && this.rows === rows ? this.table : null
  }

  /** The table goes (after any append under way). */
  drop(): Promise<void> {
    this.dropped = true
    this.chain = this.chain.then(async () => {
      if (this.table !== null) await this.deps.drop(this.table).catch(() => undefined)
      this.table = null
    })
    return this.chain
  }

  /** The table is the applied import's now: nothing here drops it any more. */
  release(): void {
    this.dropped = true
    this.table = null
  }
}
