/**
 * A sheet as offices lay it out → one header and its rows. Above the header there may be a merged
 * title (`2023年各州市政务服务情况`) and a unit line (`单位：万件、%`); the header itself may take two
 * rows, a merged indicator (`网上可办率`) over its years (`2021年 2022年 2023年`). What comes out is
 * one label per column (`网上可办率 2021年（%）`), which `guessShape` and `buildImport` read like any
 * other header. Row numbers stay the sheet's own.
 */
import { parseCell, splitHeaderUnit, unitSpec, type Unit } from './numbers'
import { yearFromHeader } from './shape'
import { isBlankRow, locateHeader } from './table'
import type { TextTable } from './types'

/** A merged block, zero-based and inclusive, in the sheet's own rows and columns. */
export interface MergedRange {
  top: number
  left: number
  bottom: number
  right: number
}

export interface SheetRow {
  cells: string[]
  /** The sheet's own row number (1-based). */
  line: number
}

export interface SheetLayout extends TextTable {
  /** The unit line above the header as written (`单位：万件、%`), if there was one. */
  unitLine: string | null
}

/** `单位：万件、%`, `计量单位:亿元`, `（单位：万件）`. */
const UNIT_LINE = /^[（(]?\s*(?:计量)?单位\s*[:：]\s*(.+?)\s*[）)]?$/

/** One unit of a unit line, and the column it names if it names one (`办件量万件`, `办件量：万件`). */
interface LineUnit {
  token: string
  unit: Unit | null
  name: string
}

/** `万件、%` → 万件 (count), % (percent); `办件量：万件；网上可办率：%` → the same, each naming its column. */
export function readUnitLine(text: string): LineUnit[] | null {
  const match = UNIT_LINE.exec(text.normalize('NFKC').trim())
  if (!match) return null
  const units: LineUnit[] = []
  for (const raw of (match[1] ?? '').split(/[、,，;；\s]+/)) {
    const item = raw.replace(/[:：()（）]/g, '')
    if (item === '') continue
    // the longest tail that is a unit; what precedes it names a column
    for (let i = 0; i < item.length; i++) {
      const spec = unitSpec(item.slice(i))
      if (spec) {
        units.push({ token: item.slice(i), unit: spec.unit, name: item.slice(0, i) })
        break
      }
    }
  }
  return units.length > 0 ? units : null
}

/** The unit a column's label suggests, by the words Chinese statistics use. */
function kindOfLabel(label: string): Unit | null {
  if (/率|比例|占比|比重|百分比|满意度/.test(label)) return 'percent'
  if (/金额|资金|额|收入|支出|投资|费|元/.test(label)) return 'cny'
  if (/人次|人数/.test(label)) return 'persons'
  if (/天数|时长|时限|用时|工作日/.test(label)) return 'days'
  return null
}

function unitForColumn(label: string, units: LineUnit[]): string | null {
  const named = units.find((u) => u.name !== '' && label.includes(u.name))
  if (named) return named.token
  const open = units.filter((u) => u.name === '')
  const kind = kindOfLabel(label)
  const byKind = open.find((u) => u.unit === (kind ?? 'count'))
  if (byKind) return byKind.token
  // one unit for the whole sheet applies to every figure it does not contradict
  if (open.length === 1 && open[0] && (kind === null || open[0].unit === null)) return open[0].token
  return null
}

const YEAR_CELL = /^(?:19|20)\d{2}(?:年度?)?$/

/** A column of figures (not names, not years): the unit line applies to it. */
function isFigureColumn(rows: readonly string[][], col: number): boolean {
  let filled = 0
  let numbers = 0
  let years = 0
  for (const row of rows.slice(0, 50)) {
    const raw = (row[col] ?? '').trim()
    const parsed = parseCell(raw)
    if (parsed.missing) continue
    filled++
    if (parsed.value !== null) numbers++
    if (YEAR_CELL.test(raw.normalize('NFKC'))) years++
  }
  return filled > 0 && numbers / filled >= 0.5 && years < filled
}

/** Spans of merged blocks that start on a row (by column), for filling a parent label across its span. */
function spansOnRow(merges: readonly MergedRange[], row: number): MergedRange[] {
  return merges.filter((m) => m.top === row && m.right > m.left)
}

/**
 * A header row and the row under it form one header when a block on the header row spans several
 * columns and the row under it labels those columns (usually with years), or when the row under it
 * names years under gaps of the header row (a parent written once, unmerged).
 */
function subHeader(header: SheetRow, next: SheetRow | undefined, merges: readonly MergedRange[]): string[] | null {
  if (!next) return null
  const r = header.line - 1
  const spans = spansOnRow(merges, r).filter((m) => m.bottom === r)
  const parents = [...header.cells]
  let joined = false
  // a label is a year or words; a row of figures under a merged header cell is data, not a header
  const isLabel = (c: string) => yearFromHeader(c) !== null || (!parseCell(c).missing && parseCell(c).value === null)
  for (const span of spans) {
    const labels = next.cells.slice(span.left, span.right + 1).filter((c) => c.trim() !== '')
    if (labels.length > 0 && labels.every(isLabel)) joined = true
    for (let c = span.left; c <= span.right; c++) parents[c] = header.cells[span.left] ?? ''
  }
  if (!joined) {
    // unmerged: a parent, then blanks, over a row of years
    const filledNext = next.cells.map((c, i) => [c.trim(), i] as const).filter(([c]) => c !== '')
    if (filledNext.length < 2 || !filledNext.every(([c]) => yearFromHeader(c) !== null)) return null
    if (!filledNext.some(([, i]) => (header.cells[i] ?? '').trim() === '')) return null
    let parent = ''
    for (let c = 0; c < Math.max(header.cells.length, next.cells.length); c++) {
      const own = (header.cells[c] ?? '').trim()
      if (own !== '') parent = own
      else if ((next.cells[c] ?? '').trim() !== '') parents[c] = parent
    }
  }
  const width = Math.max(parents.length, next.cells.length)
  return Array.from({ length: width }, (_, c) => {
    const parent = (parents[c] ?? '').trim()
    const child = (next.cells[c] ?? '').trim()
    if (child === '' || child === parent) return parent
    if (parent === '') return child
    return `${parent} ${child}`
  })
}

/**
 * A cell merged down over several data rows (`昆明市` beside its three years) stands for each of
 * them: its text is copied down the block. A block across columns is left alone, so a note merged
 * over the figures never becomes a figure.
 */
function fillDown(records: SheetRow[], merges: readonly MergedRange[]): void {
  const byLine = new Map(records.map((r) => [r.line, r]))
  for (const m of merges) {
    if (m.left !== m.right || m.bottom <= m.top) continue
    const text = byLine.get(m.top + 1)?.cells[m.left]
    if (text === undefined || text.trim() === '') continue
    for (let line = m.top + 2; line <= m.bottom + 1; line++) {
      const record = byLine.get(line)
      if (record && (record.cells[m.left] ?? '').trim() === '') {
        while (record.cells.length <= m.left) record.cells.push('')
        record.cells[m.left] = text
      }
    }
  }
}

/** A whole sheet's non-blank rows and merged blocks → header and rows; unit line applied to the header. */
export function layoutSheet(all: readonly SheetRow[], merges: readonly MergedRange[] = []): SheetLayout {
  const numbered = all.filter((r) => !isBlankRow(r.cells))
  const headerAt = locateHeader(numbered.map((r) => r.cells))
  const headerRecord = numbered[headerAt]
  let header = headerRecord ? [...headerRecord.cells] : []
  let bodyFrom = headerAt + 1
  if (headerRecord) {
    const joined = subHeader(headerRecord, numbered[headerAt + 1], merges)
    if (joined) {
      header = joined
      bodyFrom++
    }
  }
  const bodyRecords = numbered.slice(bodyFrom).map((r) => ({ cells: [...r.cells], line: r.line }))
  fillDown(bodyRecords, merges)

  // Columns to the right of the header's last filled cell that hold nothing at all are dropped.
  let width = header.length
  for (const r of bodyRecords) width = Math.max(width, r.cells.length)
  while (width > 0 && (header[width - 1] ?? '').trim() === '' && bodyRecords.every((r) => (r.cells[width - 1] ?? '').trim() === '')) width--
  const fit = (cells: readonly string[]) => Array.from({ length: width }, (_, i) => cells[i] ?? '')
  header = fit(header)
  const rows = bodyRecords.map((r) => fit(r.cells))

  let unitLine: string | null = null
  for (const r of numbered.slice(0, headerAt)) {
    for (const cell of r.cells) {
      const units = cell.trim() === '' ? null : readUnitLine(cell)
      if (!units) continue
      unitLine = cell.trim()
      header = header.map((label, col) => {
        if (label.trim() === '' || splitHeaderUnit(label).unit !== null || !isFigureColumn(rows, col)) return label
        const unit = unitForColumn(label, units)
        return unit ? `${label}（${unit}）` : label
      })
    }
  }
  return { header, headerLine: headerRecord?.line ?? 1, rows, rowLines: bodyRecords.map((r) => r.line), unitLine }
}
