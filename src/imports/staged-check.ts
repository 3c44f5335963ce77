/**
 * The staged check: a tidy file already in DuckDB's `import_staging` → the same report buildImport
 * would give (observations counted, problems, new metrics, unresolved regions), without a row
 * crossing into JavaScript. Distinct cells are judged here by the ingest functions; rows are joined
 * to those judgements in DuckDB (queries/build-staged-import-sql.ts).
 *
 * It takes the engine as an argument, so the unit tests run this very code on DuckDB in Node.
 */
import { buildImport, parseYear, problemText, readQualifier } from '../ingest/build'
import { YEARS } from '../ingest/rules'
import type { MetricMatcher, MetricRef } from '../ingest/metrics'
import { parseCell } from '../ingest/numbers'
import type { RegionRef } from '../ingest/regions'
import { tidyColumns, type TidyMapping } from '../ingest/shape'
import {
  hintLookup, lookupCsv, type Cell, type MetricLookup, metricLookup, noteLookup, qualifierLookup, regionLookup, unitLookup, valueLookup, yearLookup,
  type LookupName, firstOfEachId, topRegion,
} from '../ingest/staged-lookups'
import { columnLabel, type ImportProblem, type ImportProblemCode } from '../ingest/types'
import {
  buildCleanKeysSql, buildCleanRowsSql, buildCleanValueProblemsSql, buildColumnStatsSql, buildDistinctSql, buildCleanSummarySql, buildLabelsSql, buildLabelStatsSql, type CleanReading, buildDuplicatesSql, buildResettleSql, buildJudgeSql, buildLookupTableSql, buildOddValuesSql,
  buildProblemsSql, buildSettleSql, buildStatsCellsSql, buildSummarySql, buildUnresolvedSql, buildUsedProposalsSql, type StagedColumns, type StagedPlan,
} from '../queries/build-staged-import-sql'
import type { StagingEngine } from '../types/query'
import type { ImportSummaryRow } from '../queries/build-import-sql'
import type { ImportCheck } from '../ingest/protocol'

export interface StagedCheckInput {
  fileName: string
  header: string[]
  mapping: TidyMapping
  plan: Omit<StagedPlan, 'columns' | 'fixedYear'>
  fixedYear?: number
  defaultMetric?: string
  regions: readonly RegionRef[]
  /** The catalog's metrics (a known metric's family places its rows in the chart of what came in). */
  metrics: readonly (MetricRef & { family: string })[]
  maxProblems: number
  maxUnresolved: number
  /** A matcher of indicator labels against `metrics` (one that remembers, warmed while the file was read); else one is made. */
  matcher?: MetricMatcher
  /** Puts the file into `import_staging` (when it is not there yet; awaited before anything reads it). */
  stage?: () => Promise<void>
  /**
   * When only some columns were staged (`kept`; the others are NULL): how to stage them all. Needed
   * when the mapping reads another column, or when a row's region cell is blank (whether the row is
   * blank then depends on every cell).
   */
  partial?: { kept: readonly number[]; stageAll: () => Promise<void> }
}

/**
 * The report, and which rows the insert reads: the judged table, or (when the file is proven clean
 * from its distinct cells) the staging rows joined to their lookups. A clean file's report also has
 * its chart's rows (by year and family), counted before the insert from the label statistics.
 */
export type StagedCheck = ImportCheck & { rows: 'judged' | 'clean'; summary?: ImportSummaryRow[] }

/** More distinct odd values than this, and the file is better read the careful way (the worker). */
export const MAX_ODD_VALUES = 200_000

export class TooOddError extends Error {}

interface ProblemRow {
  line: number
  seq: number
  code: ImportProblemCode
  region: string | null
  year_text: string | null
  unit_text: string | null
  qualifier_text: string | null
  value_num: number | null
  value_text: string | null
  hint: string | null
  cell_unit: string | null
  metric: string | null
  metric_unit: string | null
  region_code: string | null
  year: number | null
  first_line: number | null
}

let lookupSeq = 0

async function loadLookup(engine: StagingEngine, name: LookupName, rows: Parameters<typeof lookupCsv>[1]): Promise<void> {
  const file = await engine.registerText(`imp_lookup_${name}_${++lookupSeq}.csv`, lookupCsv(name, rows))
  try {
    await engine.exec(buildLookupTableSql(name, file))
  } finally {
    await engine.dropFile(file)
  }
}

/** The `raw` cells a query answers with. */
async function cells(engine: StagingEngine, sql: string): Promise<string[]> {
  return (await engine.query<{ raw: string }>(sql)).map((r) => r.raw)
}

type ColumnStats = Parameters<typeof topRegion>[0][number]

/** Whether no two of `values` are the same. */
const allDifferent = (values: readonly unknown[]) => new Set(values).size === values.length

/** What the clean lane needs to know of the distinct cells, besides the lookups themselves. */
interface CleanFacts {
  regions: Cell[][]
  regionStats: ColumnStats[]
  /** Each distinct year cell's year (null: not a year); null when the year is fixed. */
  years: { raw: string; year: number | null }[] | null
  metrics: MetricLookup
  labelStats: ColumnStats[] | null
  hints: Cell[][]
  qualifiersRead: boolean
  noteAsIs: boolean
  /** The count of distinct (region, year, indicator) cells, asked for at the start. */
  cellKeys: Promise<{ n: number; keys: number }[]>
}

/**
 * The clean lane's report, or null when the file is not provably clean (then the judged path reads
 * it row by row): every distinct cell read cleanly, no value out of range, no key repeated. The
 * view it leaves (buildCleanRowsSql) is what the insert reads.
 */
async function cleanReport(engine: StagingEngine, plan: StagedPlan, f: CleanFacts): Promise<StagedCheck | null> {
  const c = plan.columns
  // a metric lookup row is [k, ik, raw, empty, id, known, unit, hint, settled] (LOOKUP_COLUMNS.metric)
  const rows = f.metrics.rows
  const readable =
    f.qualifiersRead &&
    f.regions.every((row) => row[1] !== null) &&
    (f.years === null || f.years.every((y) => y.year !== null)) &&
    rows.every((row) => row[3] === false) &&
    // two labels proposing one new metric: its unit is settled across both, row by row (the judged way)
    rows.every((row) => row[5] !== false || row[1] === row[0])
  if (!readable) return null
  // values out of range, unknown units, a proposed metric whose unit a cell could still settle
  const [values] = await engine.query<{ problems: number }>(buildCleanValueProblemsSql(plan))
  if ((values?.problems ?? 1) > 0) return null
  const reading: CleanReading = {
    regionAsIs: f.regions.every((row) => row[0] === row[1]),
    yearAsIs: c.year !== null && (plan.numeric.includes(c.year) || (f.years ?? []).every((y) => y.raw === String(y.year))),
    // no hint in use (a label's or a unit cell's) shifts a value by a power of ten
    valueAsIs: f.hints.every((row) => !row[2]),
    metricAsIs: c.metric !== null && rows.every((row) => row[2] === row[4]),
    noteAsIs: f.noteAsIs,
  }
  await engine.exec(buildCleanRowsSql(plan, reading))
  // two cells naming one region, year or indicator: then only the view's keys tell repeats apart
  const cellsAreKeys =
    allDifferent(f.regions.map((row) => row[1])) && allDifferent((f.years ?? []).map((y) => y.year)) && allDifferent(rows.map((row) => row[1]))
  const [keys] = cellsAreKeys ? await f.cellKeys : await engine.query<{ n: number; keys: number }>(buildCleanKeysSql(plan, false))
  if (!keys || keys.keys !== keys.n) return null
  const summary = await engine.query<ImportSummaryRow>(buildCleanSummarySql(plan))
  const years = f.years === null ? [plan.fixedYear ?? 0] : f.years.map((y) => y.year as number)
  // the region with most rows, the first to appear among equals (buildSummarySql's order)
  const firstRow = new Map((f.labelStats ?? []).map((l) => [l.raw, l.first_row]))
  const newMetrics = rows
    .filter((row) => row[5] === false)
    .sort((a, b) => (firstRow.get(a[2] as string) ?? 0) - (firstRow.get(b[2] as string) ?? 0))
    .map((row) => {
      const id = String(row[4])
      return f.metrics.proposals.get(id) ?? { id, name_zh: id, name_en: id, unit: 'count' }
    })
  return {
    rows: 'clean',
    summary,
    observationCount: keys.n,
    newMetrics: firstOfEachId(newMetrics),
    problems: [],
    problemCount: 0,
    unresolvedRegions: [],
    skippedMissing: 0,
    yearMin: Math.min(...years),
    yearMax: Math.max(...years),
    regionCode: topRegion(f.regionStats, f.regions),
  }
}

export async function checkStaged(engine: StagingEngine, input: StagedCheckInput): Promise<StagedCheck> {
  const { mapping, header, fileName } = input
  const empty: StagedCheck = {
    rows: 'judged', observationCount: 0, newMetrics: [], problems: [], problemCount: 0, unresolvedRegions: [], skippedMissing: 0, yearMin: null, yearMax: null, regionCode: null,
  }
  // problems with the mapping itself (no year, no indicator, columns the file lacks) are buildImport's to find
  const upfront = buildImport({ fileName, header, rows: [], mapping, fixedYear: input.fixedYear, defaultMetric: input.defaultMetric, regions: [], metrics: [] })
  if (upfront.problems.length > 0) return { ...empty, problems: upfront.problems, problemCount: upfront.problems.length }

  // a copy of the mapping's columns: the ones that say nothing row by row are dropped below
  const columns: StagedColumns = { ...mapping }
  const plan: StagedPlan = { ...input.plan, columns, fixedYear: input.fixedYear ?? null }
  const c = plan.columns
  // Everything that reads the whole staging table is asked for at once: DuckDB works through it (in
  // its own worker) while the distinct cells are judged here. The keys' count serves the clean lane;
  // a file that turns out not to be clean has spent one scan on it.
  const quiet = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => undefined)
    return p
  }
  // the file goes into staging once (it is on its way while the mapping is shown)
  await (input.stage?.() ?? Promise.resolve())
  let partial = input.partial ?? null
  const stageAll = async () => {
    if (!partial) return
    await partial.stageAll()
    partial = null
  }
  if (partial && tidyColumns(mapping).some((i) => !partial?.kept.includes(i))) await stageAll()
  const distinctOf = (i: number | null | undefined) => (i === null || i === undefined ? Promise.resolve([]) : cells(engine, buildDistinctSql(plan, i)))
  const labelTable = engine.exec(buildLabelStatsSql(plan))
  const asked = {
    regionStats: quiet(engine.query<ColumnStats>(buildColumnStatsSql(plan, c.region))),
    labelRows: quiet(labelTable.then(() => engine.query<ColumnStats & { odd: number }>(buildLabelsSql()))),
    units: quiet(distinctOf(c.unit)),
    years: quiet(c.year === null ? Promise.resolve([]) : labelTable.then(() => cells(engine, buildStatsCellsSql(plan, 'year')))),
    qualifiers: quiet(c.qualifier === undefined ? Promise.resolve([]) : labelTable.then(() => cells(engine, buildStatsCellsSql(plan, 'qualifier')))),
    notes: quiet(distinctOf(c.note)),
    cellKeys: quiet(engine.query<{ n: number; keys: number }>(buildCleanKeysSql(plan, true))),
  }
  const regionStats = await asked.regionStats
  const regions = regionLookup(regionStats.map((r) => r.raw), input.regions)
  await loadLookup(engine, 'region', regions)
  const labelRows = await asked.labelRows
  const labelStats = c.metric === null ? null : labelRows
  const labels = labelStats === null ? [(input.defaultMetric ?? '').trim()] : labelStats.map((l) => l.raw)
  const metrics = metricLookup(labels, input.metrics, header[c.value] ?? '', input.matcher)
  await loadLookup(engine, 'metric', metrics.rows)
  // A column whose every cell says what no column would say (no unit, exact, no note) is left out of
  // the row-by-row join: the same result, one join fewer per million rows.
  const units = c.unit === undefined ? [] : unitLookup(await asked.units)
  if (units.every((row) => row[1] === true)) c.unit = undefined
  else await loadLookup(engine, 'unit', units)
  let years: CleanFacts['years'] = null
  if (c.year !== null && !plan.numeric.includes(c.year)) {
    const lookup = yearLookup(await asked.years)
    years = lookup.map(([raw, year]) => ({ raw: String(raw), year: typeof year === 'number' ? year : null }))
    await loadLookup(engine, 'year', lookup)
  } else if (c.year !== null) {
    // a number column: the judged path reads these as numericYear does
    years = (await asked.years).map((raw) => {
      const year = raw === '' ? NaN : Number(raw)
      return { raw, year: Number.isInteger(year) && year >= YEARS.min && year <= YEARS.max ? year : null }
    })
  }
  let qualifiersRead = true
  if (c.qualifier !== undefined) {
    const qualifiers = qualifierLookup(await asked.qualifiers)
    qualifiersRead = qualifiers.every((row) => row[2] === false)
    if (qualifiers.every((row) => row[1] === 'exact')) c.qualifier = undefined
    else await loadLookup(engine, 'qualifier', qualifiers)
  }
  let noteAsIs = true
  if (c.note !== undefined) {
    const notes = noteLookup(await asked.notes)
    noteAsIs = notes.every((row) => row[0] === (row[1] ?? ''))
    if (notes.every((row) => row[1] === null)) c.note = undefined
    else await loadLookup(engine, 'note', notes)
  }
  // the hint sits in column `hint` of both lookups (LOOKUP_COLUMNS): index 7 of a metric row, 3 of a unit row
  const hints = new Set([...metrics.rows.map((r) => r[7]), ...units.map((r) => r[3])].filter((h): h is string => typeof h === 'string'))
  const hintRows = hintLookup([...hints])
  await loadLookup(engine, 'hint', hintRows)
  // every value a plain decimal (the label statistics counted them): no odd value to look up
  const anyOdd = labelRows.some((l) => l.odd > 0)
  const odd = anyOdd ? await engine.query<{ raw: string; hint: string | null }>(buildOddValuesSql(plan)) : []
  if (odd.length > MAX_ODD_VALUES) throw new TooOddError(`${odd.length} distinct values need the careful reader`)

  if (odd.length === 0) {
    const report = await cleanReport(engine, plan, {
      regions, regionStats, years, metrics, labelStats, hints: hintRows, qualifiersRead, noteAsIs, cellKeys: asked.cellKeys,
    })
    if (report) return report
  }
  await loadLookup(engine, 'value', valueLookup(odd))

  if (regions.some((row) => row[2] === true)) await stageAll()
  await engine.exec(buildJudgeSql(plan))
  await engine.exec(buildSettleSql())
  const [settled] = await engine.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM imp_settle')
  if ((settled?.n ?? 0) > 0) for (const statement of buildResettleSql()) await engine.exec(statement)
  for (const statement of buildDuplicatesSql()) await engine.exec(statement)

  const [summary] = await engine.query<{
    observations: number; problems: number; skipped_missing: number; year_min: number | null; year_max: number | null; region_code: string | null
  }>(buildSummarySql())
  const problemRows = await engine.query<ProblemRow>(buildProblemsSql(plan, input.maxProblems))
  const unresolved = await engine.query<{ name: string; lines: number[] }>(buildUnresolvedSql(input.maxUnresolved))
  const used = await engine.query<{ id: string; settled_unit: string | null }>(buildUsedProposalsSql())

  const label = (col: number | null | undefined) => (col === null || col === undefined ? null : columnLabel(header, col))
  const problems = problemRows.map((p): ImportProblem => {
    const raw = input.plan.numeric.includes(c.value) ? String(p.value_num) : (p.value_text ?? '')
    const at = (column: number | null | undefined, message: string): ImportProblem => ({ file: fileName, row: p.line, column: label(column), code: p.code, message })
    switch (p.code) {
      case 'missing-region': return at(c.region, problemText.missingRegion)
      case 'unknown-region': return at(c.region, problemText.unknownRegion((p.region ?? '').trim()))
      case 'bad-year': {
        const parsed = parseYear(p.year_text ?? '')
        return at(c.year, 'problem' in parsed ? parsed.problem : '')
      }
      case 'missing-metric': return at(c.metric, problemText.missingMetric)
      case 'unknown-unit': return at(c.unit, problemText.unknownUnit((p.unit_text ?? '').trim()))
      case 'bad-qualifier': {
        const read = readQualifier(p.qualifier_text ?? '')
        return at(c.qualifier, problemText.badQualifier('bad' in read ? read.bad : ''))
      }
      case 'unit-mismatch': return at(c.value, problemText.unitMismatch(raw, p.cell_unit ?? '', p.metric ?? '', p.metric_unit ?? ''))
      case 'percent-range': return at(c.value, problemText.percentRange(raw))
      case 'negative': return at(c.value, problemText.negative(raw, p.metric_unit ?? ''))
      case 'duplicate': return at(c.value, problemText.duplicate(p.region_code ?? '', p.year ?? 0, p.metric ?? '', p.first_line ?? 0))
      default: {
        const parsed = parseCell(raw, p.hint)
        return at(c.value, parsed.problem ?? `${JSON.stringify(raw.trim())} is not a number`)
      }
    }
  })
  const newMetrics = used.map(({ id, settled_unit }) => {
    const proposal = metrics.proposals.get(id) ?? { id, name_zh: id, name_en: id, unit: 'count' }
    return settled_unit ? { ...proposal, unit: settled_unit } : proposal
  })
  return {
    rows: 'judged',
    observationCount: summary?.observations ?? 0,
    newMetrics,
    problems,
    problemCount: summary?.problems ?? 0,
    unresolvedRegions: unresolved.map((u) => ({ name: u.name, rows: [...u.lines].map(Number) })),
    skippedMissing: summary?.skipped_missing ?? 0,
    yearMin: summary?.year_min ?? null,
    yearMax: summary?.year_max ?? null,
    regionCode: summary?.region_code ?? null,
  }
}
