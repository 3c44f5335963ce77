/**
 * Rows of text + a shape mapping → contract observations, proposed new metrics and a list of problems.
 * A bad cell costs only that cell; a bad region or year costs its row; nothing is ever evaluated.
 */
import type { Qualifier } from '../types/data'
import { createMetricMatcher, memoMatcher, type MetricRef, type NewMetric } from './metrics'
import { parseCell, unitFromHeader, unitSpec } from './numbers'
import { createRegionResolver, type RegionRef } from './regions'
import { valueProblem, YEARS } from './rules'
import type { ShapeMapping } from './shape'
import { columnLabel, type ImportedObservation, type ImportProblem, type ImportProblemCode } from './types'

export interface BuildImportInput {
  fileName: string
  header: string[]
  rows: string[][]
  /** The header's line (from parseDelimited/readXlsx); default 1. */
  headerLine?: number
  /** The file line of each row (from parseDelimited/readXlsx); default: the header's line + 1 + index. */
  rowLines?: number[]
  mapping: ShapeMapping
  /** The year of every row when the mapping has no year column. */
  fixedYear?: number
  regions: readonly RegionRef[]
  metrics: readonly MetricRef[]
  /** A metric id or label for every figure when the mapping has no indicator column. */
  defaultMetric?: string
}

export interface UnresolvedRegion {
  /** The cell as written. */
  name: string
  rows: number[]
}

export interface ImportResult {
  observations: ImportedObservation[]
  newMetrics: NewMetric[]
  problems: ImportProblem[]
  unresolvedRegions: UnresolvedRegion[]
  /** Value cells that said "no figure" (empty, —, /, 无): skipped, not zero and not a problem. */
  skippedMissing: number
}

/** A date in the year: `2018-12-31`, `2018/12/31`, `2018.12.31`, `2018年12月31日` (a spreadsheet's date cell reads so). */
const YEAR_DATE = /^(\d{4})(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)$/

/** `2021`, `2021年`, `2021年度`, `2021-12-31` → 2021; anything else, including `=2021` and `2021.5`, is a problem. */
export function parseYear(raw: string): { year: number } | { problem: string } {
  const text = raw.normalize('NFKC').trim()
  const digits = YEAR_DATE.exec(text)?.[1] ?? text.replace(/年度?$/, '')
  if (/^\d+$/.test(digits)) {
    const year = Number(digits)
    if (year >= YEARS.min && year <= YEARS.max) return { year }
  }
  return { problem: `year ${JSON.stringify(raw.trim())} is not a whole number from ${YEARS.min} to ${YEARS.max}` }
}

/** The English messages of row problems; the staged (DuckDB) check words its problems with these too. */
export const problemText = {
  missingRegion: 'no region given',
  unknownRegion: (regionText: string) => `unknown region ${JSON.stringify(regionText)}`,
  missingMetric: 'no indicator given',
  unknownUnit: (unitText: string) => `unknown unit ${JSON.stringify(unitText)}`,
  badQualifier: (text: string) => `qualifier ${JSON.stringify(text)} is not exact, approx or at_least`,
  unitMismatch: (raw: string, cellUnit: string, metric: string, metricUnit: string) =>
    `${JSON.stringify(raw.trim())} is in ${cellUnit} but ${metric} is in ${metricUnit}`,
  percentRange: (raw: string) => `${JSON.stringify(raw.trim())} is outside 0–100 for a percentage`,
  negative: (raw: string, metricUnit: string) => `${JSON.stringify(raw.trim())} is negative for a ${metricUnit} figure`,
  duplicate: (regionCode: string, year: number, metric: string, firstLine: number) =>
    `${regionCode} ${year} ${metric} is already given on line ${firstLine}; that line is kept`,
}

const QUALIFIER_WORDS: Record<string, Qualifier> = {
  exact: 'exact', approx: 'approx', at_least: 'at_least', 精确: 'exact', 约: 'approx', 余: 'at_least', 以上: 'at_least',
}

/** A qualifier cell: a known word, empty (exact), or `bad` with the text as the problem quotes it. */
export function readQualifier(raw: string): { qualifier: Qualifier } | { bad: string } {
  const text = raw.normalize('NFKC').trim().toLowerCase()
  if (text === '') return { qualifier: 'exact' }
  const known = Object.hasOwn(QUALIFIER_WORDS, text) ? QUALIFIER_WORDS[text] : undefined
  return known ? { qualifier: known } : { bad: text }
}

interface ValueCell {
  col: number
  /** Year from the header (wide-years), else from the row. */
  year: number | null
  metricLabel: string
  unitHint: string | null
}

function mappedColumns(mapping: ShapeMapping): number[] {
  switch (mapping.kind) {
    case 'tidy':
      return [mapping.region, mapping.year, mapping.metric, mapping.value, mapping.unit, mapping.qualifier, mapping.note]
        .filter((c): c is number => c !== null && c !== undefined)
    case 'wide-metrics':
      return [mapping.region, ...(mapping.year === null ? [] : [mapping.year]), ...mapping.metricColumns]
    case 'wide-years':
      return [mapping.region, ...(mapping.metric === null ? [] : [mapping.metric]), ...mapping.yearColumns.map((y) => y.col)]
  }
}

export function buildImport(input: BuildImportInput): ImportResult {
  const { fileName, header, rows, mapping } = input
  const result: ImportResult = { observations: [], newMetrics: [], problems: [], unresolvedRegions: [], skippedMissing: 0 }
  const report = (row: number, col: number | null, code: ImportProblemCode, message: string): void => {
    result.problems.push({ file: fileName, row, column: col === null ? null : columnLabel(header, col), code, message })
  }
  const headerLine = input.headerLine ?? 1
  const lineOf = (index: number): number => input.rowLines?.[index] ?? headerLine + 1 + index

  const columns = mappedColumns(mapping)
  const outside = columns.filter((c) => !Number.isInteger(c) || c < 0 || c >= header.length)
  if (outside.length > 0) {
    report(headerLine, null, 'bad-mapping', `the mapping names columns the file does not have: ${outside.join(', ')}`)
    return result
  }

  if (mapping.kind === 'wide-years') {
    const badYears = mapping.yearColumns.filter(({ year }) => 'problem' in parseYear(String(year)))
    if (badYears.length > 0) {
      report(headerLine, badYears[0]?.col ?? null, 'bad-year', `year columns must be whole years from ${YEARS.min} to ${YEARS.max}: ${badYears.map((y) => y.year).join(', ')}`)
      return result
    }
  }
  const hasYearColumn = mapping.kind === 'wide-years' || mapping.year !== null
  if (!hasYearColumn) {
    if (input.fixedYear === undefined) {
      report(headerLine, null, 'missing-year', 'the file has no year column; choose the year its figures are for')
      return result
    }
    const fixed = parseYear(String(input.fixedYear))
    if ('problem' in fixed) {
      report(headerLine, null, 'bad-year', fixed.problem)
      return result
    }
  }
  const needsDefaultMetric =
    (mapping.kind === 'tidy' && mapping.metric === null) ||
    (mapping.kind === 'wide-years' && mapping.metric === null && mapping.yearColumns.some((y) => y.metric === undefined))
  const defaultMetric = (input.defaultMetric ?? '').trim()
  if (needsDefaultMetric && defaultMetric === '') {
    report(headerLine, null, 'missing-metric', 'the file has no indicator column; choose the indicator its figures are for')
    return result
  }

  const resolveRegion = createRegionResolver(input.regions)
  const matchMetric = memoMatcher(createMetricMatcher(input.metrics))
  /** New metrics by id; `unitSettled` once a header or a cell has named the unit. */
  const proposed = new Map<string, { metric: NewMetric; unitSettled: boolean; used: boolean }>()
  const unresolved = new Map<string, number[]>()
  const seen = new Map<string, number>()

  rows.forEach((cells, index) => {
    const line = lineOf(index)
    if (cells.every((cell) => cell.trim() === '')) return
    if (cells.length !== header.length) {
      report(line, null, 'field-count', `${cells.length} fields where the header has ${header.length}`)
      return
    }
    let rowOk = true

    const regionText = (cells[mapping.region] ?? '').trim()
    const regionCode = regionText === '' ? null : resolveRegion(regionText)
    if (regionText === '') {
      report(line, mapping.region, 'missing-region', problemText.missingRegion)
      rowOk = false
    } else if (regionCode === null) {
      const lines = unresolved.get(regionText)
      if (lines) lines.push(line)
      else unresolved.set(regionText, [line])
      report(line, mapping.region, 'unknown-region', problemText.unknownRegion(regionText))
      rowOk = false
    }

    let rowYear: number | null = input.fixedYear ?? null
    if (mapping.kind !== 'wide-years' && mapping.year !== null) {
      const parsed = parseYear(cells[mapping.year] ?? '')
      if ('problem' in parsed) {
        report(line, mapping.year, 'bad-year', parsed.problem)
        rowOk = false
        rowYear = null
      } else {
        rowYear = parsed.year
      }
    }

    const valueCells: ValueCell[] = []
    if (mapping.kind === 'tidy') {
      const label = mapping.metric === null ? defaultMetric : (cells[mapping.metric] ?? '').trim()
      if (label === '') {
        report(line, mapping.metric, 'missing-metric', problemText.missingMetric)
        return
      }
      let unitHint = unitFromHeader(label) ?? unitFromHeader(header[mapping.value] ?? '')
      if (mapping.unit !== undefined) {
        const unitText = (cells[mapping.unit] ?? '').trim()
        if (unitText !== '' && !unitSpec(unitText)) {
          report(line, mapping.unit, 'unknown-unit', problemText.unknownUnit(unitText))
          return
        }
        if (unitText !== '') unitHint = unitText
      }
      valueCells.push({ col: mapping.value, year: rowYear, metricLabel: label, unitHint })
    } else if (mapping.kind === 'wide-metrics') {
      for (const col of mapping.metricColumns) {
        const label = header[col] ?? ''
        valueCells.push({ col, year: rowYear, metricLabel: label, unitHint: unitFromHeader(label) })
      }
    } else {
      const rowLabel = mapping.metric === null ? defaultMetric : (cells[mapping.metric] ?? '').trim()
      if (rowLabel === '' && mapping.yearColumns.some((y) => y.metric === undefined)) {
        report(line, mapping.metric, 'missing-metric', problemText.missingMetric)
        return
      }
      // a column that names its indicator (`网上可办率 2021年`) is that indicator's, whatever the row says
      for (const { col, year, metric } of mapping.yearColumns) {
        const label = metric ?? rowLabel
        const unitHint = unitFromHeader(label) ?? unitFromHeader(header[col] ?? '')
        valueCells.push({ col, year, metricLabel: label, unitHint })
      }
    }

    let qualifierFromColumn: Qualifier = 'exact'
    if (mapping.kind === 'tidy' && mapping.qualifier !== undefined) {
      const read = readQualifier(cells[mapping.qualifier] ?? '')
      if ('bad' in read) {
        report(line, mapping.qualifier, 'bad-qualifier', problemText.badQualifier(read.bad))
        rowOk = false
      } else {
        qualifierFromColumn = read.qualifier
      }
    }
    const note = mapping.kind === 'tidy' && mapping.note !== undefined ? (cells[mapping.note] ?? '').trim() || null : null

    for (const cell of valueCells) {
      const raw = cells[cell.col] ?? ''
      const parsed = parseCell(raw, cell.unitHint)
      if (parsed.missing) {
        result.skippedMissing++
        continue
      }
      if (parsed.value === null) {
        report(line, cell.col, parsed.problemCode ?? 'not-a-number', parsed.problem ?? `${JSON.stringify(raw)} is not a number`)
        continue
      }

      const match = matchMetric(cell.metricLabel)
      let metricUnit: string
      if (match.kind === 'known') {
        metricUnit = match.unit
      } else {
        const entry = proposed.get(match.id) ?? {
          metric: { ...match.metric },
          unitSettled: unitFromHeader(cell.metricLabel) !== null,
          used: false,
        }
        proposed.set(match.id, entry)
        if (!entry.unitSettled && parsed.unit !== null) {
          entry.metric.unit = parsed.unit
          entry.unitSettled = true
        }
        metricUnit = entry.metric.unit
      }

      const problem = valueProblem(parsed.value, parsed.unit, metricUnit)
      if (problem !== null) {
        const message =
          problem === 'unit-mismatch'
            ? problemText.unitMismatch(raw, parsed.unit ?? '', match.id, metricUnit)
            : problem === 'percent-range'
              ? problemText.percentRange(raw)
              : problemText.negative(raw, metricUnit)
        report(line, cell.col, problem, message)
        continue
      }
      if (!rowOk || regionCode === null || cell.year === null) continue

      const key = `${regionCode}\u0000${cell.year}\u0000${match.id}`
      const first = seen.get(key)
      if (first !== undefined) {
        report(line, cell.col, 'duplicate', problemText.duplicate(regionCode, cell.year, match.id, first))
        continue
      }
      seen.set(key, line)
      const entry = proposed.get(match.id)
      if (entry) entry.used = true
      result.observations.push({
        region_code: regionCode,
        year: cell.year,
        metric: match.id,
        value: parsed.value,
        qualifier: parsed.qualifier !== 'exact' ? parsed.qualifier : qualifierFromColumn,
        note,
      })
    }
  })

  result.newMetrics = [...proposed.values()].filter((p) => p.used).map((p) => p.metric)
  result.unresolvedRegions = [...unresolved].map(([name, lines]) => ({ name, rows: lines }))
  return result
}
