/**
 * CSV for Excel: UTF-8 with a BOM (so that Excel reads Chinese), RFC 4180 quoting, and text cells
 * that a spreadsheet would run as a formula (= + - @, tab, CR) neutralised with a leading apostrophe.
 * Numbers stay numbers. Synthetic data says so in its first line.
 */
export type Cell = string | number | null | undefined

export interface ExportTable {
  columns: string[]
  rows: Cell[][]
  /** 模拟数据: the export carries the label too. */
  synthetic?: boolean
}

const FORMULA_START = /^[=+\-@\t\r]/

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

function csvCell(cell: Cell): string {
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : ''
  const safe = neutralise(cell)
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

export const SYNTHETIC_LABEL = '模拟数据（非真实数据） / Synthetic data, not real'

export function toCsv(table: ExportTable): string {
  const lines = [table.columns.map(csvCell).join(',')]
  for (const row of table.rows) lines.push(row.map(csvCell).join(','))
  const body = lines.join('\r\n')
  return `\uFEFF${table.synthetic ? `${csvCell(SYNTHETIC_LABEL)}\r\n` : ''}${body}\r\n`
}
