/**
 * Where an excerpt sits in its report's text, so that it can be highlighted there: the excerpt's own
 * span and, inside it, the figure's (the number). Text only: the panel renders the pieces as text
 * nodes, never as HTML.
 */
export interface ExcerptPieces {
  before: string
  lead: string
  figure: string
  trail: string
  after: string
  /** false: the excerpt was not found in the text (shown on its own then). */
  found: boolean
}

const squeeze = (s: string) => s.replace(/\s+/g, '')

/** The excerpt's span in `text`: the occurrence around [start, end) if offsets are given, else the first; whitespace may differ. */
export function locateExcerpt(text: string, excerpt: string, start: number | null, end: number | null): [number, number] | null {
  if (excerpt === '') return start !== null && end !== null && end > start ? [start, end] : null
  if (start !== null && end !== null) {
    // the occurrence that holds the figure
    let at = text.lastIndexOf(excerpt, start)
    if (at >= 0 && at + excerpt.length >= end) return [at, at + excerpt.length]
    at = text.indexOf(excerpt, Math.max(0, start - excerpt.length))
    if (at >= 0 && at <= start) return [at, at + excerpt.length]
  }
  const at = text.indexOf(excerpt)
  if (at >= 0) return [at, at + excerpt.length]
  // the same characters with other spacing (a table row flattened differently, a PDF's line breaks)
  const target = squeeze(excerpt)
  if (target === '') return null
  const map: number[] = []
  let squeezed = ''
  for (let i = 0; i < text.length; i++) {
    if (!/\s/.test(text[i] as string)) {
      map.push(i)
      squeezed += text[i]
    }
  }
  const found = squeezed.indexOf(target)
  if (found < 0) return null
  return [map[found] as number, (map[found + target.length - 1] as number) + 1]
}

export function excerptPieces(text: string, excerpt: string, start: number | null, end: number | null): ExcerptPieces {
  const span = locateExcerpt(text, excerpt, start, end)
  if (!span) return { before: '', lead: excerpt, figure: '', trail: '', after: '', found: false }
  const [a, b] = span
  const hasFigure = start !== null && end !== null && start >= a && end <= b && end > start
  const fs = hasFigure ? (start as number) : b
  const fe = hasFigure ? (end as number) : b
  return { before: text.slice(0, a), lead: text.slice(a, fs), figure: text.slice(fs, fe), trail: text.slice(fe, b), after: text.slice(b), found: true }
}
