/**
 * Tables 二, 三 and 四 of the national template (国办公开办函〔2019〕60号, 〔2021〕30号) → figures under
 * the contract's v2 ids. One reader for every shape: the section's text is cut into label pieces and
 * cells (tokens.ts); a run of cells belongs to the row named by the label just before it. Which row a
 * label names is the last row wording found in it, so header words and a spanning group label before
 * a sub-row's own label do not matter. Row boundaries, line breaks and spaces inside labels do not
 * matter either. A row with fewer cells than columns (an empty cell dropped when the page was
 * flattened) keeps its last cell in the last column and is flagged; the balance rules then show
 * whether a number was lost.
 */
import type { CellRef, Figure, ReportFlag } from './types'
import { joinLabels, scaleDecimal, tokenise, type LabelText, type Token } from './tokens'

export type TableId = '二' | '三' | '四'

interface RowDef {
  id: string
  /** Matched against the label with spaces and quotes removed, full-width forms made ASCII. */
  re: RegExp
  /** Data columns, left to right: id suffix ('' = the row id itself) and the header as printed. */
  cols?: { suffix: string; name: string; exp?: number }[]
  /** A group label (不予公开 over its eight reasons): it may have no cells of its own. */
  parent?: string
  group?: boolean
  only2021?: boolean
}

const APPLICANT_COLS = [
  { suffix: '.natural_person', name: '自然人' },
  { suffix: '.commercial', name: '商业企业' },
  { suffix: '.research', name: '科研机构' },
  { suffix: '.public_interest', name: '社会公益组织' },
  { suffix: '.legal_service', name: '法律服务机构' },
  { suffix: '.other_org', name: '其他' },
  { suffix: '', name: '总计' },
]

const D = 'disclosure.'

/** Table 三's rows in template order (the order also places a row whose label could not be read). */
export const TABLE3_ROWS: RowDef[] = [
  { id: D + 'requests_new', re: /本年新收/ },
  { id: D + 'requests_carried_in', re: /上年结转/ },
  { id: D + 'req_granted', re: /予以公开/ },
  { id: D + 'req_partial', re: /部分公开/ },
  { id: D + 'req_denied', re: /不予公开/, group: true },
  { id: D + 'req_denied.state_secret', re: /国家秘密/, parent: D + 'req_denied' },
  { id: D + 'req_denied.law_forbidden', re: /禁止公开/, parent: D + 'req_denied' },
  { id: D + 'req_denied.security_stability', re: /三安全一稳定|危及/, parent: D + 'req_denied' },
  { id: D + 'req_denied.third_party', re: /第三方/, parent: D + 'req_denied' },
  { id: D + 'req_denied.internal_affairs', re: /内部事务/, parent: D + 'req_denied' },
  { id: D + 'req_denied.process_info', re: /过程性信息/, parent: D + 'req_denied' },
  { id: D + 'req_denied.enforcement_file', re: /执法案卷/, parent: D + 'req_denied' },
  { id: D + 'req_denied.admin_query', re: /行政查询/, parent: D + 'req_denied' },
  { id: D + 'req_unavailable', re: /无法提供/, group: true },
  { id: D + 'req_unavailable.not_held', re: /不掌握/, parent: D + 'req_unavailable' },
  { id: D + 'req_unavailable.needs_creation', re: /另行制作|没有现成信息/, parent: D + 'req_unavailable' },
  { id: D + 'req_unavailable.unclear', re: /仍不明确|补正后申请内容/, parent: D + 'req_unavailable' },
  { id: D + 'req_not_processed', re: /不予处理/, group: true },
  { id: D + 'req_not_processed.petition', re: /信访|举报投诉/, parent: D + 'req_not_processed' },
  { id: D + 'req_not_processed.repeated', re: /重复申请/, parent: D + 'req_not_processed' },
  { id: D + 'req_not_processed.publication', re: /公开出版物/, parent: D + 'req_not_processed' },
  { id: D + 'req_not_processed.excessive', re: /大量反复/, parent: D + 'req_not_processed' },
  { id: D + 'req_not_processed.confirm_reissue', re: /重新出具|确认或/, parent: D + 'req_not_processed' },
  { id: D + 'req_other', re: /其他处理/, group: true },
  { id: D + 'req_other.not_corrected', re: /逾期不补正/, parent: D + 'req_other', only2021: true },
  { id: D + 'req_other.fee_unpaid', re: /缴纳费用|收费通知/, parent: D + 'req_other', only2021: true },
  { id: D + 'req_other.other', re: /(?:^|[\d.、)])其他$/, parent: D + 'req_other', only2021: true },
  { id: D + 'req_total', re: /总计/ },
  { id: D + 'requests_carried_out', re: /结转下年度/ },
]

const R2019 = [
  { suffix: '.made', name: '本年新制作数量' },
  { suffix: '.published', name: '本年新公开数量' },
  { suffix: '.total_public', name: '对外公开总数量' },
]
const R2021 = [
  { suffix: '.issued', name: '本年制发件数' },
  { suffix: '.repealed', name: '本年废止件数' },
  { suffix: '.in_force', name: '现行有效件数' },
]
const items2019 = (key: string): { suffix: string; name: string }[] => [
  { suffix: `items.${key}.prev_count`, name: '上一年项目数量' },
  { suffix: `items.${key}.change`, name: '本年增/减' },
  { suffix: `decisions.${key}`, name: '处理决定数量' },
]

/** Table 二's rows; `cols` suffixes here are whole ids after `disclosure.`. */
function table2Rows(format: 'gb-2019' | 'gb-2021', moneyExp: number): RowDef[] {
  if (format === 'gb-2021') {
    return [
      { id: D + 'rules', re: /规章/, cols: R2021 },
      { id: D + 'normative_docs', re: /规范性文件/, cols: R2021 },
      { id: D, re: /行政许可/, cols: [{ suffix: 'decisions.license', name: '本年处理决定数量' }] },
      { id: D, re: /行政处罚/, cols: [{ suffix: 'decisions.penalty', name: '本年处理决定数量' }] },
      { id: D, re: /行政强制/, cols: [{ suffix: 'decisions.coercion', name: '本年处理决定数量' }] },
      { id: D, re: /行政事业性收费/, cols: [{ suffix: 'fees_collected', name: '本年收费金额', exp: moneyExp }] },
    ]
  }
  return [
    { id: D + 'rules', re: /规章/, cols: R2019 },
    { id: D + 'normative_docs', re: /规范性文件/, cols: R2019 },
    { id: D, re: /行政许可/, cols: items2019('license') },
    { id: D, re: /其他对外管理服务/, cols: items2019('other_services') },
    { id: D, re: /行政处罚/, cols: items2019('penalty') },
    { id: D, re: /行政强制/, cols: items2019('coercion') },
    { id: D, re: /行政事业性收费/, cols: items2019('fees').slice(0, 2) },
    {
      id: D,
      re: /政府集中采购/,
      cols: [
        { suffix: 'central_procurement.projects', name: '采购项目数量' },
        { suffix: 'central_procurement.amount', name: '采购总金额', exp: moneyExp },
      ],
    },
  ]
}

const REVIEW_COLS = ['_maintained', '_corrected', '_other', '_pending', '_total']
const REVIEW_COL_NAMES = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']
const REVIEW_GROUPS = [
  { id: D + 'review', name: '行政复议' },
  { id: D + 'litigation_direct', name: '行政诉讼·未经复议直接起诉' },
  { id: D + 'litigation_after_review', name: '行政诉讼·复议后起诉' },
]

export interface TableReading {
  figures: Figure[]
  flags: ReportFlag[]
  /** Which table sections were found (even with no figures in them). */
  found: TableId[]
  /** The table version told by header words, or null when no header said. */
  format: 'gb-2019' | 'gb-2021' | null
}

interface Section {
  table: TableId
  start: number
  end: number
}

const HEADINGS: { table: TableId | 'end'; re: RegExp }[] = [
  { table: '二', re: /^[ \t]*(?:二|2)[ \t]*[、.,][ \t]*主动公开政府信息/gm },
  { table: '三', re: /^[ \t]*(?:三|3)[ \t]*[、.,][ \t]*收到和处理政府信息公开申请/gm },
  { table: '四', re: /^[ \t]*(?:四|4)[ \t]*[、.,][ \t]*(?:政府信息公开)?(?:行政复议|因政府信息公开工作被申请行政复议)/gm },
  // (not "5." alone: the reasons under 不予公开 are numbered 1. … 8.)
  { table: 'end', re: /^[ \t]*五[ \t]*[、.,]|^[ \t]*[一二三四五六七八九十]+[ \t]*[、.][ \t]*(?:存在的主要问题|其他需要报告)/gm },
]

export function findSections(norm: string): Section[] {
  const marks: { table: TableId | 'end'; at: number }[] = []
  for (const h of HEADINGS) {
    h.re.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = h.re.exec(norm))) marks.push({ table: h.table, at: m.index })
  }
  // without its heading, table 三 still announces itself by its balance note or its first row
  if (!marks.some((m) => m.table === '三')) {
    const anchor = /勾稽关系|本年新收政府信息公开申请数量/.exec(norm)
    if (anchor) marks.push({ table: '三', at: norm.lastIndexOf('\n', anchor.index) + 1 })
  }
  marks.sort((a, b) => a.at - b.at)
  const sections: Section[] = []
  marks.forEach((m, i) => {
    if (m.table === 'end') return
    // a heading repeated later (a table of contents, a quote) gives way to the one with cells after it
    const end = marks[i + 1]?.at ?? norm.length
    sections.push({ table: m.table, start: m.at, end })
  })
  const best = new Map<TableId, Section>()
  // a prose chapter with the same heading (older reports number their chapters too) is no table
  const looksLikeTable = (s: Section): boolean => {
    const key = norm.slice(s.start, s.end).replace(/\s+/g, '')
    if (s.table === '二') return tableFormat(key) !== null || (/信息内容/.test(key) && /规章|规范性文件/.test(key))
    if (s.table === '三') return /本年新收|勾稽关系/.test(key) && /结转|总计/.test(key)
    // its narrow headers may be stacked a character per line: then the two group names and fifteen cells
    return /结果维持|结果纠正|尚未审结/.test(key) || (/行政复议/.test(key) && /行政诉讼/.test(key) && cellCount(norm, s) >= 15)
  }
  for (const s of sections.filter(looksLikeTable)) {
    const prev = best.get(s.table)
    if (!prev || cellCount(norm, s) > cellCount(norm, prev)) best.set(s.table, s)
  }
  return [...best.values()].sort((a, b) => a.start - b.start)
}

function cellCount(norm: string, s: Section): number {
  return tokenise(norm, s.start, s.end).filter((t) => t.type === 'cell').length
}

interface RowGroup {
  label: LabelText
  cells: Extract<Token, { type: 'cell' }>[]
}

function rowGroups(tokens: Token[]): RowGroup[] {
  const groups: RowGroup[] = []
  let labels: Extract<Token, { type: 'label' }>[] = []
  let cells: Extract<Token, { type: 'cell' }>[] = []
  const close = (): void => {
    if (cells.length) groups.push({ label: joinLabels(labels), cells })
    labels = []
    cells = []
  }
  for (const t of tokens) {
    if (t.type === 'label') {
      if (cells.length) close()
      labels.push(t)
    } else cells.push(t)
  }
  close()
  return groups
}

/** The row a label names: the row wording that ends last in it (ties: the longer wording). */
function matchRow<T extends RowDef>(label: LabelText, rows: T[], accept: (r: T) => boolean = () => true): { row: T; at: number } | null {
  let best: { row: T; at: number; end: number; len: number } | null = null
  for (const row of rows) {
    if (!accept(row)) continue
    const re = new RegExp(row.re.source, 'g')
    let m: RegExpExecArray | null
    while ((m = re.exec(label.key))) {
      const end = m.index + m[0].length
      if (!best || end > best.end || (end === best.end && m[0].length > best.len)) best = { row, at: m.index, end, len: m[0].length }
      if (m[0].length === 0) re.lastIndex++
    }
  }
  return best ? { row: best.row, at: best.at } : null
}

/** The verbatim row label: from where its wording starts to the end of the label pieces. */
function rowLabel(text: string, label: LabelText, at: number): { label: string; start: number } {
  // back up over the numbering just before the wording: "(三)" "1." "一、"
  let i = at
  while (i > 0 && /[\d.、()一二三四五六七八九十]/.test(label.key[i - 1]!)) i--
  const start = label.offsets[i] ?? label.start
  return { label: text.slice(start, label.end).replace(/\s+/g, ' ').trim().slice(0, 80), start }
}

function lineEnd(text: string, at: number): number {
  const i = text.indexOf('\n', at)
  return i < 0 ? text.length : i
}

function excerptOf(text: string, from: number, cellEnd: number): string {
  const end = lineEnd(text, cellEnd)
  const s = text.slice(from, end)
  return s.length > 400 ? text.slice(from, Math.min(end, cellEnd + 20)) : s
}

/** Header words tell the versions apart: 本年制发件数 (2021), 本年新制作数量 (2019). */
export function tableFormat(key: string): 'gb-2019' | 'gb-2021' | null {
  if (/本年制发件数|本年废止件数|现行有效件数|本年收费金额/.test(key)) return 'gb-2021'
  if (/本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量/.test(key)) return 'gb-2019'
  return null
}

export function readTables(text: string, norm: string, yearHint: number | null): TableReading {
  const sections = findSections(norm)
  const figures: Figure[] = []
  const flags: ReportFlag[] = []
  let format: 'gb-2019' | 'gb-2021' | null = null
  const sec2 = sections.find((s) => s.table === '二')
  if (sec2) format = tableFormat(norm.slice(sec2.start, sec2.end).replace(/\s+/g, ''))
  const sec3 = sections.find((s) => s.table === '三')
  if (sec3 && !format && /逾期不补正|缴纳费用/.test(norm.slice(sec3.start, sec3.end).replace(/\s+/g, ''))) format = 'gb-2021'
  const fmt = format ?? (yearHint !== null && yearHint >= 2021 ? 'gb-2021' : 'gb-2019')

  for (const s of sections) {
    const tokens = tokenise(norm, s.start, s.end)
    if (s.table === '三') readTable3(text, tokens, fmt, figures, flags)
    else if (s.table === '二') readTable2(text, norm, s, tokens, fmt, figures, flags)
    else readTable4(text, tokens, figures, flags)
  }
  return { figures, flags, found: sections.map((s) => s.table), format }
}

function cellFigure(
  text: string,
  metric: string,
  cell: Extract<Token, { type: 'cell' }>,
  ref: CellRef,
  labelStart: number,
  exp = 0,
  flags: Figure['flags'] = [],
): Figure | null {
  if (cell.value === null) return null
  return {
    metric,
    value: scaleDecimal(cell.value, exp),
    unit: exp ? 'cny' : 'count',
    qualifier: 'exact',
    excerpt: excerptOf(text, labelStart, cell.end),
    start: cell.start,
    end: cell.end,
    cell: ref,
    flags: [...flags],
  }
}

/** Which column each cell goes to: all of them when the counts agree; else the last one last. */
function placeRow<C>(cells: C[], ncols: number): { placed: (C | undefined)[]; short: boolean; extra: C[] } {
  if (cells.length >= ncols) return { placed: cells.slice(0, ncols), short: false, extra: cells.slice(ncols) }
  const placed: (C | undefined)[] = new Array<C | undefined>(ncols).fill(undefined)
  cells.slice(0, -1).forEach((c, i) => (placed[i] = c))
  placed[ncols - 1] = cells[cells.length - 1]
  return { placed, short: true, extra: [] }
}

function readTable3(text: string, tokens: Token[], fmt: 'gb-2019' | 'gb-2021', figures: Figure[], flags: ReportFlag[]): void {
  const groups = rowGroups(tokens)
  const rows = TABLE3_ROWS.filter((r) => fmt === 'gb-2021' || !r.only2021)
  let lastIndex = -1
  let lastParent: string | undefined
  for (const g of groups) {
    const accept = (r: RowDef): boolean => r.id !== D + 'req_other.other' || lastParent === D + 'req_other'
    const hit = matchRow(g.label, rows, accept)
    let row: RowDef | undefined
    let labelStart = g.label.start
    let rowName: string
    const extraFlags: Figure['flags'] = []
    if (hit) {
      row = hit.row
      const l = rowLabel(text, g.label, hit.at)
      labelStart = l.start
      rowName = l.label
      // a group label has no cells of its own in the template (only 2019's 其他处理 does): the cells
      // after it are its first reason's, whose own label was cut off (a PDF wraps long labels)
      if (row.group && !(row.id === D + 'req_other' && fmt === 'gb-2019')) {
        const first = rows[rows.indexOf(row) + 1]
        if (first?.parent === row.id) {
          row = first
          extraFlags.push('uncertain')
        }
      }
    } else {
      // a row whose label was lost or garbled: the next row of the template, by position
      row = rows.slice(lastIndex + 1).find((r) => !r.group)
      rowName = text.slice(g.label.start, g.label.end).replace(/\s+/g, ' ').trim().slice(0, 80)
      flags.push({ kind: 'unknown_label', table: '三', label: rowName || '(no label)', start: g.cells[0]!.start })
      if (!row) continue
      extraFlags.push('uncertain')
    }
    lastIndex = rows.indexOf(row)
    lastParent = row.parent ?? (row.group ? row.id : undefined)
    const { placed, short, extra } = placeRow(g.cells, APPLICANT_COLS.length)
    if (short) extraFlags.push('short_row')
    placed.forEach((cell, i) => {
      if (!cell) return
      const col = APPLICANT_COLS[i]!
      const f = cellFigure(text, row.id + col.suffix, cell, { table: '三', row: rowName, col: col.name }, labelStart, 0, extraFlags)
      if (f) figures.push(f)
    })
    if (extra.length) flags.push({ kind: 'unknown_label', table: '三', label: `${rowName} (+${extra.length})`, start: extra[0]!.start })
  }
}

function readTable2(
  text: string,
  norm: string,
  s: Section,
  tokens: Token[],
  fmt: 'gb-2019' | 'gb-2021',
  figures: Figure[],
  flags: ReportFlag[],
): void {
  const key = norm.slice(s.start, s.end).replace(/\s+/g, '')
  // money columns are in 万元 in the template; a header that says 元 alone is taken at its word
  const moneyExp = /金额[(（]?(?:单位[:：])?元/.test(key) ? 0 : 4
  const rows = table2Rows(fmt, moneyExp)
  for (const g of rowGroups(tokens)) {
    const hit = matchRow(g.label, rows)
    if (!hit) {
      flags.push({ kind: 'unknown_label', table: '二', label: text.slice(g.label.start, g.label.end).replace(/\s+/g, ' ').trim().slice(0, 80) || '(no label)', start: g.cells[0]!.start })
      continue
    }
    const cols = hit.row.cols!
    const l = rowLabel(text, g.label, hit.at)
    const { placed, short } = placeRow(g.cells, cols.length)
    placed.forEach((cell, i) => {
      if (!cell) return
      const col = cols[i]!
      const metric = hit.row.id === D ? D + col.suffix : hit.row.id + col.suffix
      const f = cellFigure(text, metric, cell, { table: '二', row: l.label, col: col.name }, l.start, col.exp ?? 0, short ? ['short_row'] : [])
      if (f) figures.push(f)
    })
  }
}

function readTable4(text: string, tokens: Token[], figures: Figure[], flags: ReportFlag[]): void {
  // the fifteen numbers come after the last header word; anything before it is heading and header
  let from = 0
  tokens.forEach((t, i) => {
    if (t.type === 'label' && /总计|审结/.test(t.text)) from = i + 1
  })
  const cells = tokens.slice(from).filter((t): t is Extract<Token, { type: 'cell' }> => t.type === 'cell').slice(0, 15)
  if (!cells.length) return
  const short = cells.length < 15
  if (short) flags.push({ kind: 'unknown_label', table: '四', label: `${cells.length}/15`, start: cells[0]!.start })
  const rowStart = text.lastIndexOf('\n', cells[0]!.start) + 1
  cells.forEach((cell, i) => {
    const g = REVIEW_GROUPS[Math.floor(i / 5)]!
    const c = i % 5
    const f = cellFigure(text, g.id + REVIEW_COLS[c]!, cell, { table: '四', row: g.name, col: REVIEW_COL_NAMES[c]! }, rowStart, 0, short ? ['short_row'] : [])
    if (f) figures.push(f)
  })
}
