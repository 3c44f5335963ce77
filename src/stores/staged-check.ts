/**
 * The staged check: a tidy file already in DuckDB's `import_staging` → the same report buildImport
 * would give (observations counted, problems, new metrics, unresolved regions), without a row
 * crossing into JavaScript. Distinct cells are judged here by the ingest functions; rows are joined
 * to those judgements in DuckDB (queries/build-staged-import-sql.ts).
 *
 * It takes the engine as an argument, so the unit tests run this very code on DuckDB in Node.
 */
import { buildImport, parseYear, problemText, readQualifier } from '../ingest/build'
import type { MetricRef } from '../ingest/metrics'
import { parseCell } from '../ingest/numbers'
import type { RegionRef } from '../ingest/regions'
import type { TidyMapping } from '../ingest/shape'
import {
  hintLookup, lookupCsv, metricLookup, noteLookup, qualifierLookup, regionLookup, unitLookup, valueLookup, yearLookup,
  type LookupName,
} from '../ingest/staged-lookups'
import { columnLabel, type ImportProblem, type ImportProblemCode } from '../ingest/types'
import {
  buildDistinctSql, buildDuplicatesSql, buildResettleSql, buildJudgeSql, buildLookupTableSql, buildOddValuesSql,
  buildProblemsSql, buildSettleSql, buildSummarySql, buildUnresolvedSql, buildUsedProposalsSql, type StagedColumns, type StagedPlan,
} from '../queries/build-staged-import-sql'
import type { StagingEngine } from '../types/query'
import type { ImportCheck } from '../ingest/protocol'

export interface StagedCheckInput {
  fileName: string
  header: string[]
  mapping: TidyMapping
  plan: Omit<StagedPlan, 'columns' | 'fixedYear'>
  fixedYear?: number
  defaultMetric?: string
  regions: readonly RegionRef[]
  metrics: readonly MetricRef[]
  maxProblems: number
  maxUnresolved: number
}

export type StagedCheck = ImportCheck

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
  const file = `imp_lookup_${name}_${++lookupSeq}.csv`
  await engine.registerText(file, lookupCsv(name, rows))
  try {
    await engine.exec(buildLookupTableSql(name, file))
  } finally {
    await engine.dropFile(file)
  }
}

async function distinct(engine: StagingEngine, plan: StagedPlan, col: number): Promise<string[]> {
  return (await engine.query<{ raw: string }>(buildDistinctSql(plan, col))).map((r) => r.raw)
}

export async function checkStaged(engine: StagingEngine, input: StagedCheckInput): Promise<StagedCheck> {
  const { mapping, header, fileName } = input
  const empty: StagedCheck = {
    observationCount: 0, newMetrics: [], problems: [], problemCount: 0, unresolvedRegions: [], skippedMissing: 0, yearMin: null, yearMax: null, regionCode: null,
  }
  // problems with the mapping itself (no year, no indicator, columns the file lacks) are buildImport's to find
  const upfront = buildImport({ fileName, header, rows: [], mapping, fixedYear: input.fixedYear, defaultMetric: input.defaultMetric, regions: [], metrics: [] })
  if (upfront.problems.length > 0) return { ...empty, problems: upfront.problems, problemCount: upfront.problems.length }

  // a copy of the mapping's columns: the ones that say nothing row by row are dropped below
  const columns: StagedColumns = { ...mapping }
  const plan: StagedPlan = { ...input.plan, columns, fixedYear: input.fixedYear ?? null }
  const c = plan.columns
  await loadLookup(engine, 'region', regionLookup(await distinct(engine, plan, c.region), input.regions))
  const labels = c.metric === null ? [(input.defaultMetric ?? '').trim()] : await distinct(engine, plan, c.metric)
  const metrics = metricLookup(labels, input.metrics, header[c.value] ?? '')
  await loadLookup(engine, 'metric', metrics.rows)
  // A column whose every cell says what no column would say (no unit, exact, no note) is left out of
  // the row-by-row join: the same result, one join fewer per million rows.
  const units = c.unit === undefined ? [] : unitLookup(await distinct(engine, plan, c.unit))
  if (units.every((row) => row[1] === true)) c.unit = undefined
  else await loadLookup(engine, 'unit', units)
  if (c.year !== null && !plan.numeric.includes(c.year)) await loadLookup(engine, 'year', yearLookup(await distinct(engine, plan, c.year)))
  if (c.qualifier !== undefined) {
    const qualifiers = qualifierLookup(await distinct(engine, plan, c.qualifier))
    if (qualifiers.every((row) => row[1] === 'exact')) c.qualifier = undefined
    else await loadLookup(engine, 'qualifier', qualifiers)
  }
  if (c.note !== undefined) {
    const notes = noteLookup(await distinct(engine, plan, c.note))
    if (notes.every((row) => row[1] === null)) c.note = undefined
    else await loadLookup(engine, 'note', notes)
  }
  // the hint sits in column `hint` of both lookups (LOOKUP_COLUMNS): index 7 of a metric row, 3 of a unit row
  const hints = new Set([...metrics.rows.map((r) => r[7]), ...units.map((r) => r[3])].filter((h): h is string => typeof h === 'string'))
  await loadLookup(engine, 'hint', hintLookup([...hints]))
  const odd = await engine.query<{ raw: string; hint: string | null }>(buildOddValuesSql(plan))
  if (odd.length > MAX_ODD_VALUES) throw new TooOddError(`${odd.length} distinct values need the careful reader`)
  await loadLookup(engine, 'value', valueLookup(odd))

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
