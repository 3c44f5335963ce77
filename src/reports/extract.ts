/**
 * A report file → plain text. Tables are flattened one grid row per line, cells joined by ` | `, an
 * empty cell kept as an empty field (so a row's numbers keep their columns); a cell covered by a
 * rowspan or colspan from another cell is not repeated (the text stays what the user saw).
 *
 * One HTML/XML parser (htmlparser2 + domhandler) serves .html and the .docx document XML, in the page
 * and in Node. PDF goes through pdf.js (./pdf.ts), loaded only when a PDF comes.
 */
import { parseDocument } from 'htmlparser2'
import type { ChildNode, Element } from 'domhandler'
import { unzipSync } from 'fflate'
import { decodeText } from '../ingest/decode'
import type { ReadOptions, SourceKind } from './types'

export interface ExtractedText {
  kind: SourceKind
  text: string
  /** The HTML <title>, when there is one. */
  title: string | null
}

export function kindOf(name: string): SourceKind {
  const ext = name.toLowerCase().replace(/^.*\./, '')
  if (ext === 'html' || ext === 'htm' || ext === 'shtml' || ext === 'xhtml') return 'html'
  if (ext === 'docx') return 'docx'
  if (ext === 'pdf') return 'pdf'
  return 'text'
}

export async function extractText(name: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<ExtractedText> {
  let kind = kindOf(name)
  // a file named .txt that is really a PDF, zip or HTML page: go by its first bytes
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) kind = 'pdf'
  else if (bytes[0] === 0x50 && bytes[1] === 0x4b && kind !== 'docx') kind = 'docx'
  if (kind === 'pdf') {
    const { pdfText } = await import('./pdf')
    return { kind, text: tidy(await pdfText(bytes, options)), title: null }
  }
  if (kind === 'docx') return { kind, text: tidy(docxText(bytes)), title: null }
  const decoded = decodeText(bytes).text
  if (kind === 'html' || /^\s*<(!doctype html|html|head|body|meta|table|div|p)\b/i.test(decoded)) {
    const { text, title } = htmlText(decoded)
    return { kind: 'html', text: tidy(text), title }
  }
  return { kind: 'text', text: tidy(decoded), title: null }
}

/** Line ends to \n, no-break and ideographic spaces kept as they are (offsets are into this text). */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/ +\n/g, '\n')
    .replace(/\n +/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

// ---------------------------------------------------------------- HTML

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object', 'select', 'button'])
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'ul', 'caption', 'center',
])

export function htmlText(html: string): { text: string; title: string | null } {
  const doc = parseDocument(html, { decodeEntities: true })
  const titleEl = findFirst(doc.children, (e) => e.name === 'title')
  const title = titleEl ? inlineText(titleEl.children).trim() || null : null
  const out: string[] = []
  walkHtml(doc.children, out)
  return { text: out.join(''), title }
}

function walkHtml(nodes: ChildNode[], out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') out.push((node as unknown as { data: string }).data.replace(/[ \t\r\n]+/g, ' '))
    else if (isElement(node)) {
      const name = node.name.toLowerCase()
      if (SKIP.has(name)) continue
      if (name === 'table') {
        out.push('\n')
        out.push(gridLines(htmlGrid(node)).join('\n'))
        out.push('\n')
        continue
      }
      if (name === 'br') {
        out.push('\n')
        continue
      }
      const block = BLOCK.has(name)
      if (block) out.push('\n')
      walkHtml(node.children, out)
      if (block) out.push('\n')
    }
  }
}

function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style'
}

function findFirst(nodes: ChildNode[], test: (e: Element) => boolean): Element | null {
  for (const node of nodes) {
    if (!isElement(node)) continue
    if (test(node)) return node
    const inner = findFirst(node.children, test)
    if (inner) return inner
  }
  return null
}

/** A cell's text: line breaks inside it become spaces (a label wrapped as 本年新<br>制作数量 stays one cell). */
function inlineText(nodes: ChildNode[]): string {
  let s = ''
  for (const node of nodes) {
    if (node.type === 'text') s += (node as unknown as { data: string }).data
    else if (isElement(node)) {
      const name = node.name.toLowerCase()
      if (SKIP.has(name) && name !== 'head') continue
      if (name === 'br' || name === 'p' || name === 'div') s += ' '
      if (name === 'table') s += ' ' + gridLines(htmlGrid(node)).join(' ') + ' '
      else s += inlineText(node.children)
    }
  }
  return s.replace(/[\s\u00a0]+/g, ' ').trim()
}

/** One table's rows as a grid: null where a rowspan/colspan from another cell covers the slot. */
export type Grid = (string | null)[][]

interface RawCell {
  text: string
  rowspan: number
  colspan: number
}

function span(value: string | undefined): number {
  const n = Number.parseInt(value ?? '1', 10)
  return Number.isFinite(n) && n > 0 ? Math.min(n, 100) : 1
}

function htmlGrid(table: Element): Grid {
  const rows: RawCell[][] = []
  const collectRows = (nodes: ChildNode[]): void => {
    for (const node of nodes) {
      if (!isElement(node)) continue
      const name = node.name.toLowerCase()
      if (name === 'table') continue // a nested table is read as its cell's text
      if (name === 'tr') {
        rows.push(
          node.children.filter(isElement).filter((c) => c.name === 'td' || c.name === 'th')
            .map((c) => ({ text: inlineText(c.children), rowspan: span(c.attribs.rowspan), colspan: span(c.attribs.colspan) })),
        )
      } else collectRows(node.children)
    }
  }
  collectRows(table.children)
  return placeCells(rows)
}

/** Lay cells into a grid the way a browser does: each cell takes the first free slot of its row. */
function placeCells(rows: RawCell[][]): Grid {
  const grid: Grid = []
  const taken: boolean[][] = []
  rows.forEach((cells, r) => {
    grid[r] ??= []
    taken[r] ??= []
    let c = 0
    for (const cell of cells) {
      while (taken[r]![c]) c++
      for (let dr = 0; dr < cell.rowspan; dr++) {
        const rr = r + dr
        if (rr >= rows.length) break
        grid[rr] ??= []
        taken[rr] ??= []
        for (let dc = 0; dc < cell.colspan; dc++) {
          taken[rr]![c + dc] = true
          grid[rr]![c + dc] = dr === 0 && dc === 0 ? cell.text : null
        }
      }
      c += cell.colspan
    }
  })
  return grid
}

/** Grid → lines: covered slots left out, empty cells kept as empty fields. */
export function gridLines(grid: Grid): string[] {
  const lines: string[] = []
  for (const row of grid) {
    const cells: string[] = []
    for (let c = 0; c < row.length; c++) {
      const v = row[c]
      if (v === null || v === undefined) continue
      cells.push(v)
    }
    if (cells.some((x) => x !== '')) lines.push(cells.join(' | '))
  }
  return lines
}

// ---------------------------------------------------------------- DOCX

export function docxText(bytes: Uint8Array): string {
  const files = unzipSync(bytes, { filter: (f) => f.name === 'word/document.xml' })
  const xml = files['word/document.xml']
  if (!xml) throw new Error('not a Word document: word/document.xml is missing')
  const doc = parseDocument(new TextDecoder('utf-8').decode(xml), { xmlMode: true, decodeEntities: true })
  const body = findFirst(doc.children, (e) => e.name === 'w:body')
  const out: string[] = []
  if (body) walkDocx(body.children, out)
  return out.join('\n')
}

function walkDocx(nodes: ChildNode[], out: string[]): void {
  for (const node of nodes) {
    if (!isElement(node)) continue
    if (node.name === 'w:p') out.push(runText(node.children))
    else if (node.name === 'w:tbl') out.push(...gridLines(docxGrid(node)))
    else if (node.name === 'w:sdt' || node.name === 'w:sdtContent' || node.name === 'w:customXml') walkDocx(node.children, out)
  }
}

function runText(nodes: ChildNode[]): string {
  let s = ''
  for (const node of nodes) {
    if (!isElement(node)) continue
    if (node.name === 'w:t') s += node.children.map((c) => (c.type === 'text' ? (c as unknown as { data: string }).data : '')).join('')
    else if (node.name === 'w:tab') s += '\t'
    else if (node.name === 'w:br' || node.name === 'w:cr') s += ' '
    else if (node.name !== 'w:instrText' && node.name !== 'w:delText') s += runText(node.children)
  }
  return s
}

function child(el: Element, name: string): Element | undefined {
  return el.children.filter(isElement).find((c) => c.name === name)
}

/** Word tables: w:gridSpan is colspan; w:vMerge (without "restart") continues the cell above. */
function docxGrid(tbl: Element): Grid {
  const grid: Grid = []
  for (const tr of tbl.children.filter(isElement).filter((e) => e.name === 'w:tr')) {
    const row: (string | null)[] = []
    for (const tc of tr.children.filter(isElement).filter((e) => e.name === 'w:tc')) {
      const pr = child(tc, 'w:tcPr')
      const colspan = span(pr && child(pr, 'w:gridSpan')?.attribs['w:val'])
      const vMerge = pr && child(pr, 'w:vMerge')
      const continued = vMerge !== undefined && vMerge.attribs['w:val'] !== 'restart'
      const text = tc.children.filter(isElement).filter((e) => e.name === 'w:p').map((p) => runText(p.children)).join(' ').replace(/\s+/g, ' ').trim()
      for (let i = 0; i < colspan; i++) row.push(i === 0 && !continued ? text : null)
    }
    grid.push(row)
  }
  return grid
}
