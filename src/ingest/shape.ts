/**
 * Which columns hold what. Three shapes cover the tables people keep:
 *
 * - `tidy`: one row per figure (region, year, indicator, value), like the contract's observations.csv;
 * - `wide-metrics`: one row per region (and year), one column per indicator;
 * - `wide-years`: one row per region (and indicator), one column per year (2019, 2019年, 2020年度).
 *
 * The guess is only a starting point: the UI shows it and lets the user correct any column.
 * Columns are zero-based indexes into the header.
 */
import { parseCell, splitHeaderUnit } from './numbers'

export interface TidyMapping {
  kind: 'tidy'
  region: number
  /** null: every row is for the fixed year the user gives. */
  year: number | null
  /** null: every row is for the one indicator the user picks (`defaultMetric`). */
  metric: number | null
  value: number
  unit?: number
  qualifier?: number
  note?: number
}

/** The columns a tidy mapping reads, in order. */
export function tidyColumns(m: Omit<TidyMapping, 'kind'>): number[] {
  const all = [m.region, m.year, m.metric, m.value, m.unit, m.qualifier, m.note]
  return [...new Set(all.filter((c): c is number => typeof c === 'number'))].sort((a, b) => a - b)
}

export interface WideMetricsMapping {
  kind: 'wide-metrics'
  region: number
  /** null: the whole sheet is one year, given by the user (`fixedYear`). */
  year: number | null
  metricColumns: number[]
}

export interface YearColumn {
  col: number
  year: number
  /** The indicator this column is for, when the header names it beside the year (`网上可办率 2021年`). */
  metric?: string
}

export interface WideYearsMapping {
  kind: 'wide-years'
  region: number
  /** null: the whole sheet is one indicator, picked by the user (`defaultMetric`), unless each year column names its own. */
  metric: number | null
  yearColumns: YearColumn[]
}

export type ShapeMapping = TidyMapping | WideMetricsMapping | WideYearsMapping
export type ShapeKind = ShapeMapping['kind']

export interface ShapeGuess {
  mapping: ShapeMapping
  /** `low` when the region column was not recognised by name and is only a fallback. */
  confidence: 'high' | 'low'
}

const REGION_CODE_NAMES = ['region_code', 'regioncode', 'code', '区划代码', '行政区划代码', '地区代码', '代码', 'adcode']
const REGION_NAMES = [
  'region', 'region_name', 'region_zh', 'name_zh', 'name', 'prefecture', 'city', 'county', 'area',
  '地区', '地区名称', '区域', '行政区', '行政区划', '行政区划名称', '州市', '州(市)', '市州', '市(州)', '地市', '城市', '州、市',
  '县区', '县(市、区)', '县市区', '单位名称', '名称',
]
const YEAR_NAMES = ['year', '年份', '年度', '年', '统计年度', '报告年度', '统计年份']
const METRIC_NAMES = ['metric', 'metric_id', 'indicator', 'measure', '指标', '指标名称', '指标项', '项目', '统计指标']
const VALUE_NAMES = ['value', 'val', '数值', '值', '数据', '数量', '指标值', '统计值']
const UNIT_NAMES = ['unit', '单位', '计量单位']
const QUALIFIER_NAMES = ['qualifier']
const NOTE_NAMES = ['note', 'notes', 'remark', '备注', '说明']

function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')')
}

/** `2019`, `2019年`, `2020年度`, `2021年(亿元)` → the year; anything else → null. */
export function yearFromHeader(header: string): number | null {
  const { label } = splitHeaderUnit(header)
  const match = /^((?:19|20)\d{2})(?:年度?|年数据)?$/.exec(label.replace(/\s+/g, ''))
  if (!match) return null
  const year = Number(match[1])
  return year >= 1990 && year <= 2100 ? year : null
}

/**
 * A header that names an indicator and a year, as a two-row merged header reads once joined
 * (`网上可办率 2021年`, `网上可办率 2021年（%）`) or as people write it (`2021年网上可办率`,
 * `网上可办率（2021年）`) → both; anything else → null.
 */
export function indicatorYearFromHeader(header: string): { metric: string; year: number } | null {
  if (yearFromHeader(header) !== null) return null
  const { label, unit } = splitHeaderUnit(header)
  const text = label.normalize('NFKC')
  const bracketed = /^(.+?)\s*[([【]\s*((?:19|20)\d{2})\s*(?:年度?)?\s*[)\]】]$/.exec(header.normalize('NFKC').trim())
  const after = /^(.*\D)\s*((?:19|20)\d{2})\s*(?:年度?|年数据)?$/.exec(text)
  const before = /^((?:19|20)\d{2})\s*(?:年度?)?\s*(\D.*)$/.exec(text)
  const [name, digits] = bracketed ? [bracketed[1], bracketed[2]] : after ? [after[1], after[2]] : before ? [before[2], before[1]] : []
  const metric = (name ?? '').replace(/[\s_\-·—]+$/, '').replace(/^[\s_\-·—]+/, '').trim()
  const year = Number(digits)
  if (metric === '' || !Number.isInteger(year) || year < 1990 || year > 2100) return null
  return { metric: unit ? `${metric}（${unit}）` : metric, year }
}

/** The columns headed by a year (`2021年`), or by an indicator and a year (`网上可办率 2021年`). */
export function yearColumnsOf(header: readonly string[], taken: ReadonlySet<number> = new Set()): YearColumn[] {
  const plain: YearColumn[] = []
  const named: YearColumn[] = []
  header.forEach((text, col) => {
    if (taken.has(col)) return
    const year = yearFromHeader(text)
    if (year !== null) {
      plain.push({ col, year })
      return
    }
    const both = indicatorYearFromHeader(text)
    if (both) named.push({ col, year: both.year, metric: both.metric })
  })
  // one indicator and one year in a header is a column named with its year, not a year per column
  const indicators = new Set(named.map((c) => c.metric))
  const years = new Set(named.map((c) => c.year))
  if (named.length < 2 || years.size < 2 || named.length <= indicators.size) return plain
  return [...plain, ...named].sort((a, b) => a.col - b.col)
}

function findColumn(keys: string[], names: string[], taken: Set<number>): number | null {
  for (const name of names) {
    const index = keys.findIndex((key, i) => !taken.has(i) && key === name)
    if (index >= 0) return index
  }
  return null
}

/** Share of the non-empty cells in a column that read as numbers. */
function numericShare(rows: string[][], col: number): number {
  let filled = 0
  let numeric = 0
  for (const row of rows) {
    const parsed = parseCell(row[col] ?? '')
    if (parsed.missing) continue
    filled++
    if (parsed.value !== null) numeric++
  }
  return filled === 0 ? 0 : numeric / filled
}

function isYearColumn(rows: string[][], col: number): boolean {
  const values = rows.map((row) => (row[col] ?? '').trim()).filter((v) => v !== '')
  return values.length > 0 && values.every((v) => /^(?:19|20)\d{2}(?:年度?)?$/.test(v.normalize('NFKC')))
}

export function guessShape(header: string[], rows: string[][]): ShapeGuess {
  const sample = rows.slice(0, 50)
  const keys = header.map(headerKey)
  const taken = new Set<number>()
  const claim = (col: number | null): number | null => {
    if (col !== null) taken.add(col)
    return col
  }

  let confidence: ShapeGuess['confidence'] = 'high'
  let region = claim(findColumn(keys, REGION_CODE_NAMES, taken) ?? findColumn(keys, REGION_NAMES, taken))
  if (region === null) {
    confidence = 'low'
    // The first column that is mostly text is most likely the names.
    const textual = header.findIndex((_, col) => numericShare(sample, col) < 0.5)
    region = claim(textual >= 0 ? textual : 0) ?? 0
  }

  const yearColumns = yearColumnsOf(header, taken)
  const year = claim(findColumn(keys, YEAR_NAMES, taken) ?? yearByContent(sample, header, taken))
  const metric = claim(findColumn(keys, METRIC_NAMES, taken))
  const value = claim(findColumn(keys, VALUE_NAMES, taken))

  if (yearColumns.length > 0 && value === null && year === null) {
    return { mapping: { kind: 'wide-years', region, metric, yearColumns }, confidence }
  }
  if (value !== null) {
    const mapping: TidyMapping = { kind: 'tidy', region, year, metric, value }
    const unit = claim(findColumn(keys, UNIT_NAMES, taken))
    const qualifier = claim(findColumn(keys, QUALIFIER_NAMES, taken))
    const note = claim(findColumn(keys, NOTE_NAMES, taken))
    if (unit !== null) mapping.unit = unit
    if (qualifier !== null) mapping.qualifier = qualifier
    if (note !== null) mapping.note = note
    return { mapping, confidence }
  }
  if (metric !== null) taken.delete(metric)
  const ignored = new Set([...REGION_CODE_NAMES, ...REGION_NAMES, ...UNIT_NAMES, ...QUALIFIER_NAMES, ...NOTE_NAMES, 'source_id', 'name_en'])
  const metricColumns = header
    .map((_, col) => col)
    .filter((col) => !taken.has(col) && !ignored.has(keys[col] ?? '') && (keys[col] ?? '') !== '')
    // A column of names or remarks is not an indicator; an empty column might still be one.
    .filter((col) => sample.every((row) => parseCell(row[col] ?? '').missing) || numericShare(sample, col) >= 0.5)
  if (metricColumns.length === 0) confidence = 'low'
  return { mapping: { kind: 'wide-metrics', region, year, metricColumns }, confidence }
}

/** A column without a year-like name whose every cell is a year (2019, 2020年) is the year. */
function yearByContent(rows: string[][], header: string[], taken: Set<number>): number | null {
  const col = header.findIndex((_, i) => !taken.has(i) && yearFromHeader(header[i] ?? '') === null && isYearColumn(rows, i))
  return col >= 0 ? col : null
}
