import type { FootnoteRow } from './footnote'

type Nullable<T> = { [K in keyof T]: T[K] | null }

/** The rows that carry a figure (value and source), as footnote rows. */
export function withSources(rows: readonly (Nullable<FootnoteRow> & { value: number | null })[]): FootnoteRow[] {
  return rows.filter((r): r is FootnoteRow & { value: number } => r.value !== null && r.source_id !== null)
}
