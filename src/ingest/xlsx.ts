/**
 * A workbook (.xlsx, or the old binary .xls) → one sheet as header and rows of strings, like
 * parseDelimited. SheetJS Community Edition (`@e965/xlsx`, Apache-2.0) parses it on the calling
 * thread: no eval, no workers of its own, so it runs under the page's CSP in the import worker,
 * and in Node for the tests. Every sheet can be read; each cell becomes the text a reader of the
 * sheet would take it for: a percentage as a percentage (0.935 shown as 93.50% → `93.5%`), a date
 * as `YYYY-MM-DD`, any other number in plain decimals.
 */
import { read, set_cptable, SSF, utils, type CellObject, type WorkBook, type WorkSheet } from '@e965/xlsx'
import { isWorkbookBytes } from './decode'
import { FileError } from './types'
import { layoutSheet, type MergedRange, type SheetLayout, type SheetRow } from './layout'

export interface XlsxTable extends SheetLayout {
  sheetName: string
}

/** 150000000 → "150000000", 1e-7 → "0.0000001": never exponent notation. */
export function plainNumber(n: number): string {
  const text = String(n)
  if (!/e/i.test(text)) return text
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
}

/** A number format that shows a percentage: a `%` outside quoted text and escapes. */
function isPercentFormat(format: string): boolean {
  return format.replace(/"[^"]*"|\\./g, '').includes('%')
}

function dateText(serial: number, date1904: boolean): string {
  const d = SSF.parse_date_code(serial, { date1904 })
  if (!d) return ''
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(d.y, 4)}-${pad(d.m)}-${pad(d.d)}`
}

function cellText(cell: CellObject | undefined, date1904: boolean): string {
  if (!cell) return ''
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number
      if (!Number.isFinite(v)) return ''
      const format = typeof cell.z === 'string' ? cell.z : ''
      if (format !== '' && isPercentFormat(format)) return `${plainNumber(Number((v * 100).toPrecision(15)))}%`
      if (format !== '' && SSF.is_date(format)) return dateText(v, date1904)
      return plainNumber(v)
    }
    case 'd': {
      const v = cell.v
      return v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : String(cell.w ?? '')
    }
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE'
    // an error cell (#DIV/0!) is kept as shown, so the check names it
    case 'e':
      return String(cell.w ?? '')
    case 'z':
      return ''
    default:
      return String(cell.v ?? '').trim()
  }
}

export interface SheetSummary {
  name: string
  /** Rows with any cell filled (a hidden or empty sheet has none). */
  filledRows: number
}

export interface Workbook {
  sheets: SheetSummary[]
  /** The sheet a reader would want: the first with data rows under a header. */
  defaultSheet: string
  read(sheetName: string): XlsxTable
}

function sheetRows(sheet: WorkSheet, date1904: boolean): { rows: SheetRow[]; merges: MergedRange[] } {
  const ref = sheet['!ref']
  if (!ref) return { rows: [], merges: [] }
  const { s, e } = utils.decode_range(ref)
  const range = { top: s.r, left: s.c, bottom: e.r, right: e.c }
  const data = (sheet['!data'] ?? []) as (CellObject[] | undefined)[]
  const rows: SheetRow[] = []
  // a sheet formatted down to row 1 048 576 or across to column XFD holds cells only where it has them
  for (let r = range.top; r <= Math.min(range.bottom, data.length - 1); r++) {
    const row = data[r]
    if (!row) continue
    const cells: string[] = []
    for (let c = range.left; c <= Math.min(range.right, row.length - 1); c++) cells.push(cellText(row[c], date1904))
    rows.push({ cells, line: r + 1 })
  }
  const merges = (sheet['!merges'] ?? []).map((m) => ({ top: m.s.r, bottom: m.e.r, left: m.s.c - range.left, right: m.e.c - range.left }))
  return { rows, merges }
}

let codePages: Promise<void> | null = null

/**
 * SheetJS's code page tables, loaded once (≈ 0.5 MB, 170 KB compressed), before the first .xls is
 * read: an Excel 5.0/95 workbook (BIFF5) stores its text in the code page it names (936, GBK, in
 * China), which without them reads as Latin-1 mojibake. Excel 97 and later store Unicode.
 */
export function loadCodePages(): Promise<void> {
  codePages ??= import('@e965/xlsx/dist/cpexcel.full.mjs').then((tables) => set_cptable(tables))
  codePages.catch(() => {
    codePages = null
  })
  return codePages
}

export function openWorkbook(bytes: ArrayBuffer | Uint8Array): Workbook {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  if (view.length === 0) throw new FileError('not-xlsx', 'the file is empty')
  if (!isWorkbookBytes(view)) throw new FileError('not-xlsx', 'not an Excel workbook (.xlsx or .xls)')
  let book: WorkBook
  try {
    book = read(view, { type: 'array', dense: true, cellNF: true, cellDates: false, cellHTML: false, cellFormula: false, cellStyles: false })
  } catch (error) {
    throw new FileError('unreadable', `the workbook could not be read: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (book.SheetNames.length === 0) throw new FileError('unreadable', 'the workbook has no sheets')
  const date1904 = Boolean(book.Workbook?.WBProps?.date1904)
  const cache = new Map<string, XlsxTable>()
  const readSheet = (name: string): XlsxTable => {
    const cached = cache.get(name)
    if (cached) return cached
    const sheet = book.Sheets[name]
    if (!sheet) throw new FileError('unreadable', `the workbook has no sheet ${JSON.stringify(name)}`)
    const { rows, merges } = sheetRows(sheet, date1904)
    const table = { sheetName: name, ...layoutSheet(rows, merges) }
    cache.set(name, table)
    return table
  }
  const sheets = book.SheetNames.map((name) => {
    const data = (book.Sheets[name]?.['!data'] ?? []) as (CellObject[] | undefined)[]
    let filledRows = 0
    for (const row of data) if (row?.some((cell) => cell !== undefined && cell.t !== 'z' && String(cell.v ?? '').trim() !== '')) filledRows++
    return { name, filledRows }
  })
  const defaultSheet = sheets.find((s) => s.filledRows >= 2 && readSheet(s.name).rows.length > 0)?.name ?? sheets.find((s) => s.filledRows > 0)?.name ?? book.SheetNames[0] ?? ''
  return { sheets, defaultSheet, read: readSheet }
}

/** One sheet of a workbook: the one named, or the first with data. */
export function readXlsx(bytes: ArrayBuffer | Uint8Array, sheetName?: string): XlsxTable {
  const book = openWorkbook(bytes)
  return book.read(sheetName ?? book.defaultSheet)
}
