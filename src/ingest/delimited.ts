/**
 * CSV/TSV text → header and rows of strings, with each row's line number. Rows whose field count
 * differs from the header's are reported and left out, never padded or cut. A title, a unit line
 * and a two-row header are read as in a workbook (layout.ts).
 */
import Papa from 'papaparse'
import { layoutSheet, type SheetLayout } from './layout'
import { isBlankRow, locateHeader } from './table'
import type { ImportProblem } from './types'

export type Delimiter = ',' | '\t' | ';'

export interface DelimitedTable extends SheetLayout {
  delimiter: Delimiter
  problems: ImportProblem[]
}

const DELIMITERS: readonly Delimiter[] = [',', '\t', ';']

/** Counts each candidate outside quotes in the first lines; used when PapaParse cannot decide (ragged rows). */
function countDelimiters(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]))
  let inQuotes = false
  let lines = 0
  for (const char of text.slice(0, 20_000)) {
    if (char === '"') inQuotes = !inQuotes
    else if (!inQuotes && char === '\n' && ++lines >= 20) break
    else if (!inQuotes && counts.has(char as Delimiter)) counts.set(char as Delimiter, (counts.get(char as Delimiter) ?? 0) + 1)
  }
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0]
}

function detectDelimiter(text: string): Delimiter {
  const sample = text.split(/\r\n|\n|\r/).slice(0, 50).join('\n')
  const guess = Papa.parse<string[]>(sample, { delimitersToGuess: [...DELIMITERS], preview: 50 })
  const detected = guess.errors.some((e) => e.code === 'UndetectableDelimiter') ? null : guess.meta.delimiter
  return DELIMITERS.find((d) => d === detected) ?? countDelimiters(text)
}

/** Line number (1-based) at each character offset, counted incrementally as rows arrive in order. */
function lineCounter(text: string): (offset: number) => number {
  let position = 0
  let line = 1
  return (offset) => {
    for (; position < offset && position < text.length; position++) {
      const char = text[position]
      if (char === '\n' || (char === '\r' && text[position + 1] !== '\n')) line++
    }
    return line
  }
}

export function parseDelimited(text: string, fileName = ''): DelimitedTable {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  const delimiter = detectDelimiter(source)
  const lineAt = lineCounter(source)
  const records: { cells: string[]; line: number }[] = []
  const problems: ImportProblem[] = []
  let start = 0
  Papa.parse<string[]>(source, {
    delimiter,
    step: (step) => {
      const line = lineAt(start)
      const cursor = step.meta.cursor
      start = cursor
      if (step.errors.some((e) => e.code === 'MissingQuotes')) {
        // the field runs from its opening quote to the end of the file: every line it took is named
        const last = source[cursor - 1] === '\n' || source[cursor - 1] === '\r' ? cursor - 1 : cursor
        const end = Math.max(line, lineAt(last))
        problems.push({
          file: fileName,
          row: line,
          column: null,
          code: 'unclosed-quote',
          message: end > line ? `a quote opened on line ${line} is never closed: lines ${line}–${end} were read as one field` : `a quote opened on line ${line} is never closed`,
          params: { from: line, to: end },
        })
      }
      records.push({ cells: step.data, line })
    },
  })

  const nonBlank = records.filter((r) => !isBlankRow(r.cells))
  const headerAt = locateHeader(nonBlank.map((r) => r.cells))
  const width = nonBlank[headerAt]?.cells.length ?? 0
  const body = nonBlank.slice(headerAt + 1).filter((record) => {
    if (record.cells.length === width) return true
    problems.push({
      file: fileName,
      row: record.line,
      column: null,
      code: 'field-count',
      message: `${record.cells.length} fields where the header has ${width}`,
    })
    return false
  })
  // a sheet saved as text keeps its layout: a title and a unit line above the header, a parent label
  // over a row of years; read as the workbook reader reads them (there are no merged blocks in text)
  const { header, rows, headerLine, rowLines, unitLine } = layoutSheet([...nonBlank.slice(0, headerAt + 1), ...body])
  problems.sort((a, b) => a.row - b.row)
  return { header, rows, headerLine, rowLines, unitLine, delimiter, problems }
}
