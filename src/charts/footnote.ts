/** Which sources stand behind a set of rows, and the caveats a reader must see. Pure. */

export interface FootnoteRow {
  source_id: string
  publisher_zh: string
  period_start: string
  period_end: string
  scope: string
  qualifier: string
}

export type Translate = (key: string, params?: Record<string, unknown>) => string

export interface FootnoteSource {
  id: string
  publisher: string
  partial: { start: string; end: string } | null
  bureau: boolean
}

export interface Footnote {
  sources: FootnoteSource[]
  approx: boolean
}

/** A report whose figures do not cover 1 January to 31 December of its year. */
export function isPartialPeriod(start: string, end: string): boolean {
  return !start.endsWith('-01-01') || !end.endsWith('-12-31')
}

export function collectFootnote(rows: readonly FootnoteRow[]): Footnote {
  const byId = new Map<string, FootnoteSource>()
  for (const row of rows) {
    if (byId.has(row.source_id)) continue
    byId.set(row.source_id, {
      id: row.source_id,
      publisher: row.publisher_zh,
      partial: isPartialPeriod(row.period_start, row.period_end)
        ? { start: row.period_start, end: row.period_end }
        : null,
      bureau: row.scope === 'bureau',
    })
  }
  // ids are ASCII: a plain comparison (the first localeCompare of a page sets up ICU's collator, ≈ 15 ms)
  const sources = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { sources, approx: rows.some((row) => row.qualifier !== 'exact') }
}

/** One line of text for a chart's foot: "来源：保山市人民政府办公室（bs-2018）；…". */
export function footnoteText(note: Footnote, t: Translate): string {
  const parts = note.sources.map((source) => {
    const caveats = [source.id]
    if (source.partial) caveats.push(t('footnote.partial', source.partial))
    if (source.bureau) caveats.push(t('footnote.bureau'))
    return `${source.publisher}${t('footnote.open')}${caveats.join(t('footnote.sep'))}${t('footnote.close')}`
  })
  const text = t('footnote.sources') + parts.join(t('footnote.sep'))
  return note.approx ? `${text}${t('footnote.stop')}${t('footnote.approx')}` : text
}
