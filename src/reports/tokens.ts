/**
 * The text as the table reader sees it: a normalised copy of the same length (full-width forms to
 * ASCII, ideographic space to space, curly quotes dropped in matching), and a stream of label pieces
 * and cells. Every token keeps its offsets into the original text.
 */

/** Same length as `text`, so an index into one is an index into the other. */
export function normalise(text: string): string {
  let out = ''
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCodePoint(c - 0xfee0)
    else if (c === 0x3000) out += ' '
    else if (c === 0x3010 || c === 0x3014) out += '['
    else if (c === 0x3011 || c === 0x3015) out += ']'
    else out += ch
    // astral characters are two UTF-16 units in both strings: lengths still agree
  }
  return out
}

export type Token =
  | { type: 'label'; text: string; start: number; end: number }
  /** A number, or a blank (empty field, —, /) that still takes a column. */
  | { type: 'cell'; value: string | null; start: number; end: number }

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/
const DASH = /^(?:-|—|–|－|―|\/|无)$/

/**
 * Tokens of norm[from, to). Separators: `|`, tab and line ends split fields; spaces split pieces
 * within a field. An empty field between two separators on a line is a blank cell (a dropped empty
 * cell stays in its column); a line holding only separators gives nothing.
 */
export function tokenise(norm: string, from: number, to: number): Token[] {
  const tokens: Token[] = []
  let lineStart = from
  while (lineStart < to) {
    let lineEnd = norm.indexOf('\n', lineStart)
    if (lineEnd < 0 || lineEnd > to) lineEnd = to
    tokeniseLine(norm, lineStart, lineEnd, tokens)
    lineStart = lineEnd + 1
  }
  return tokens
}

function tokeniseLine(norm: string, from: number, to: number, out: Token[]): void {
  const line = norm.slice(from, to)
  if (line.trim() === '') return
  const fields: { start: number; end: number }[] = []
  let fieldStart = 0
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === '|' || line[i] === '\t') {
      fields.push({ start: fieldStart, end: i })
      fieldStart = i + 1
    }
  }
  const separated = fields.length > 1
  if (separated && fields.every((f) => line.slice(f.start, f.end).trim() === '')) return
  // "| a | b |": the empty fields outside the outer bars are not cells
  if (separated && line.trimStart().startsWith('|')) {
    fields.shift()
    if (line.trimEnd().endsWith('|')) fields.pop()
  }
  for (const f of fields) {
    const raw = line.slice(f.start, f.end)
    if (raw.trim() === '') {
      if (separated) out.push({ type: 'cell', value: null, start: from + f.start, end: from + f.start })
      continue
    }
    const pieces: { text: string; start: number; end: number }[] = []
    const re = /\S+/g
    let m: RegExpExecArray | null
    while ((m = re.exec(raw))) pieces.push({ text: m[0], start: from + f.start + m.index, end: from + f.start + m.index + m[0].length })
    pieces.forEach((p, i) => {
      const prev = pieces[i - 1]
      const next = pieces[i + 1]
      // "1 . 属于国家秘密": a digit followed by the numbering mark is part of the label
      const numbering = next !== undefined && /^[.、．)]/.test(next.text)
      if (NUMBER.test(p.text) && !numbering) out.push({ type: 'cell', value: p.text.replace(/,/g, ''), start: p.start, end: p.end })
      else if (DASH.test(p.text) && (pieces.length === 1 || isCellText(prev?.text) || isCellText(next?.text))) {
        out.push({ type: 'cell', value: null, start: p.start, end: p.end })
      } else out.push({ type: 'label', text: p.text, start: p.start, end: p.end })
    })
  }
}

function isCellText(s: string | undefined): boolean {
  return s !== undefined && (NUMBER.test(s) || DASH.test(s))
}

/** A label made of several pieces, matched without spaces, quotes or line breaks. */
export interface LabelText {
  /** Pieces joined with nothing between them, quotes dropped. */
  key: string
  /** For each character of key, its offset in the text. */
  offsets: number[]
  start: number
  end: number
}

export function joinLabels(pieces: { text: string; start: number }[]): LabelText {
  let key = ''
  const offsets: number[] = []
  for (const p of pieces) {
    for (let i = 0; i < p.text.length; i++) {
      const ch = p.text[i]!
      if (/["'“”‘’「」]/.test(ch)) continue
      key += ch
      offsets.push(p.start + i)
    }
  }
  const last = pieces[pieces.length - 1]
  return { key, offsets, start: pieces[0]?.start ?? 0, end: last ? last.start + last.text.length : 0 }
}

/** "209.34" × 10^exp as a number, without floating-point noise (209.34 × 10^8 = 20934000000). */
export function scaleDecimal(s: string, exp: number): number {
  const neg = s.startsWith('-')
  const body = s.replace(/^[+-]/, '').replace(/,/g, '')
  const [int = '0', frac = ''] = body.split('.')
  let digits = int + frac
  let point = int.length + exp
  if (point > digits.length) digits = digits.padEnd(point, '0')
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  }
  const v = Number(digits.slice(0, point) + '.' + (digits.slice(point) || '0'))
  return neg ? -v : v
}
