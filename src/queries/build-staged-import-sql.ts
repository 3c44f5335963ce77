/**
 * The staged import: a large file in the tidy form is read by DuckDB itself into `import_staging`
 * (columns c0, c1, … in file order; rowid + firstLine is the file line), checked there against
 * lookups of its distinct cells (ingest/staged-lookups.ts, the same judgement buildImport makes row
 * by row), and its valid rows inserted from there. Pure builders: nothing here runs SQL.
 *
 * The check gives exactly what buildImport gives for the same rows: the same observations, the same
 * problems with the same lines and messages, the same new metrics and counts; the unit test runs
 * both on the same files and compares.
 */
import type { SqlQuery } from '../types/query'
import { LOOKUP_COLUMNS, type LookupName } from '../ingest/staged-lookups'
import { valueRuleBranches, yearRuleSql } from './build-rules-sql'
import type { TidyMapping } from '../ingest/shape'
import { quoteIdent, quoteLiteral } from './sql'

/**
 * What the check reads: a view with the file's columns as c0, c1, … and a `rowid` column (the
 * record's number, so rowid + firstLine is its line), over the table the file was read into.
 */
export const STAGING_TABLE = 'import_staging'
/** A delimited file read by read_csv. */
export const STAGING_CSV = 'staging_csv'
/** A Parquet file inserted as Arrow, its columns under their own names. */
export const STAGING_ARROW = 'staging_arrow'

/** Which staging column holds what (zero-based): a tidy mapping's columns. */
export type StagedColumns = Omit<TidyMapping, 'kind'>

export interface StagedPlan {
  columns: StagedColumns
  /** How many columns the staging table has. */
  width: number
  /** Columns DuckDB holds as numbers (a Parquet file's INTEGER/DOUBLE columns); the rest are VARCHAR. */
  numeric: readonly number[]
  /** The year of every row when there is no year column. */
  fixedYear: number | null
  /** The file line of the first data row (the header's line + 1). */
  firstLine: number
}

const col = (i: number): string => quoteIdent(`c${i}`)

const lk = (name: LookupName): string => quoteIdent(`imp_lk_${name}`)

/**
 * A delimited file, registered in DuckDB as `fileName`, into the staging table: every column text,
 * nothing sniffed. Only the columns in `keep` (default: all) are kept; the others stay NULL, which
 * the check may read only where a row's region cell is blank (it stages the file whole then).
 */
export function buildStageCsvSql(fileName: string, width: number, delimiter: string, keep?: readonly number[]): string[] {
  const columns = Array.from({ length: width }, (_, i) => `${quoteLiteral(`c${i}`)}: 'VARCHAR'`).join(', ')
  const select = keep ? Array.from({ length: width }, (_, i) => (keep.includes(i) ? col(i) : `NULL::VARCHAR AS ${col(i)}`)).join(', ') : '*'
  return [
    // the check may stage the file half way (stores/staged-check.ts): its lookups stay
    ...buildDropStagedRowsSql(),
    `CREATE TEMP TABLE ${STAGING_CSV} AS SELECT ${select} FROM read_csv(${quoteLiteral(fileName)}, ` +
      `header = true, delim = ${quoteLiteral(delimiter)}, quote = '"', escape = '"', strict_mode = true, ` +
      `null_padding = false, columns = {${columns}})`,
    `CREATE TEMP VIEW ${STAGING_TABLE} AS SELECT rowid AS rowid, * FROM ${STAGING_CSV}`,
  ]
}

/** An Arrow table already inserted as STAGING_ARROW (column names as in the file) → the staging view, columns renamed c0, c1, … (no copy). */
export function buildStageFromArrowSql(names: readonly string[]): string {
  const select = names.map((name, i) => `${quoteIdent(name)} AS ${col(i)}`).join(', ')
  return `CREATE OR REPLACE TEMP VIEW ${STAGING_TABLE} AS SELECT rowid AS rowid, ${select} FROM ${STAGING_ARROW}`
}

/** A cell as text, the empty string for no cell (read_csv gives NULL for an empty field). */
function text(plan: StagedPlan, i: number): string {
  return plan.numeric.includes(i) ? `coalesce(CAST(s.${col(i)} AS VARCHAR), '')` : `coalesce(s.${col(i)}, '')`
}

/** Distinct cells of one column, as text (a number column's distinct numbers are written as text, not every row's). */
export function buildDistinctSql(plan: StagedPlan, i: number): string {
  if (plan.numeric.includes(i)) return `SELECT DISTINCT ${text(plan, i)} AS raw FROM (SELECT DISTINCT ${col(i)} FROM ${STAGING_TABLE}) s`
  return `SELECT DISTINCT ${text(plan, i)} AS raw FROM ${STAGING_TABLE} s`
}

export function buildLookupTableSql(name: LookupName, fileName: string): string {
  const columns = Object.entries(LOOKUP_COLUMNS[name]).map(([c, type]) => `${quoteLiteral(c)}: ${quoteLiteral(type)}`).join(', ')
  return (
    `CREATE OR REPLACE TEMP TABLE ${lk(name)} AS SELECT * FROM read_csv(${quoteLiteral(fileName)}, header = true, ` +
    `delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false, columns = {${columns}})`
  )
}

/** A plain decimal (`12`, `-3.5`): read by a cast, exactly as parseCell reads it. */
const PLAIN = `'[+-]?[0-9]+(\\.[0-9]+)?'`

/** Whitespace as JavaScript's trim() sees it, so that a blank row here is a blank row there. */
const BLANK = `'[\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]*'`

function joins(plan: StagedPlan): string {
  const { columns: c } = plan
  const parts = [`LEFT JOIN ${lk('region')} r ON r.raw = ${text(plan, c.region)}`]
  parts.push(c.metric === null ? `CROSS JOIN ${lk('metric')} m` : `LEFT JOIN ${lk('metric')} m ON m.raw = ${text(plan, c.metric)}`)
  if (c.unit !== undefined) parts.push(`LEFT JOIN ${lk('unit')} u ON u.raw = ${text(plan, c.unit)}`)
  return parts.join(' ')
}

/** The unit hint of a row: its unit cell, else the label's or the value header's. */
function hintExpr(plan: StagedPlan): string {
  return plan.columns.unit === undefined ? 'm.hint' : 'CASE WHEN u.empty THEN m.hint ELSE u.hint END'
}

function valueIsNumeric(plan: StagedPlan): boolean {
  return plan.numeric.includes(plan.columns.value)
}

/** NaN and ±Infinity as JavaScript's String() writes them (parseCell reads NaN as no figure). */
function oddNumberText(e: string): string {
  return `CASE WHEN isnan(${e}) THEN 'NaN' WHEN ${e} > 0 THEN 'Infinity' ELSE '-Infinity' END`
}

/** Value cells that need parseCell (anything but a plain decimal), with the hint they are read under. */
export function buildOddValuesSql(plan: StagedPlan): string {
  if (valueIsNumeric(plan)) {
    // numbers from a typed column: only NaN (no figure) and ±Infinity (not a number) are odd
    return `SELECT DISTINCT ${oddNumberText('v')} AS raw, ${hintExpr(plan)} AS hint FROM (SELECT *, ${col(plan.columns.value)} AS v FROM ${STAGING_TABLE}) s ${joins(plan)} WHERE NOT isfinite(v)`
  }
  const v = text(plan, plan.columns.value)
  return `SELECT DISTINCT ${v} AS raw, ${hintExpr(plan)} AS hint FROM ${STAGING_TABLE} s ${joins(plan)} WHERE NOT ${plainRead(plan, v).plain}`
}

/** A row's value problem, the first of: the cell's own, a unit mismatch, a percentage out of range, a negative amount. */
function valueProblem(unit: string): string {
  return `CASE
    WHEN p_stop IS NOT NULL OR v_missing THEN NULL
    WHEN p_cell IS NOT NULL THEN p_cell
    ${valueRuleBranches('value', 'cell_unit', unit)}
  END`
}

/** Whether a row gives an observation, before duplicates are looked for. */
function candidate(valueProblemExpr: string): string {
  return `p_stop IS NULL AND NOT v_missing AND (${valueProblemExpr}) IS NULL AND row_ok`
}

/** A year from a number column: a whole number in range, as parseYear reads String(n). */
function numericYear(y: string): string {
  const whole = yearRuleSql(y)
  return `CASE WHEN ${whole} THEN CAST(${y} AS INTEGER) END AS year, ${y} IS NULL OR NOT (${whole}) AS year_bad`
}

/** The year of a staged row, as `year` and `year_bad` (s is the staging view, y the year lookup). */
function yearSelect(plan: StagedPlan): string {
  const { columns: c } = plan
  if (c.year === null) return `${Math.trunc(plan.fixedYear ?? 0)} AS year, false AS year_bad`
  return plan.numeric.includes(c.year) ? numericYear(`s.${col(c.year)}`) : `y.year, y.year IS NULL AS year_bad`
}

/** The joins to the year, qualifier and note lookups a mapping needs. */
function cellJoins(plan: StagedPlan): string {
  const { columns: c } = plan
  return [
    c.year !== null && !plan.numeric.includes(c.year) ? `LEFT JOIN ${lk('year')} y ON y.raw = ${text(plan, c.year)}` : '',
    c.qualifier === undefined ? '' : `LEFT JOIN ${lk('qualifier')} q ON q.raw = ${text(plan, c.qualifier)}`,
    c.note === undefined ? '' : `LEFT JOIN ${lk('note')} n ON n.raw = ${text(plan, c.note)}`,
  ].join(' ')
}

/** The value cell (`v`), and the value a plain one reads as under hint lookup `h`. */
function plainRead(plan: StagedPlan, v: string): { value: string; plain: string } {
  if (valueIsNumeric(plan)) return { plain: `isfinite(${v})`, value: positiveZero(`CASE WHEN coalesce(h.exponent, 0) = 0 THEN ${v} ELSE ${v} * pow(10, h.exponent) END`) }
  // a plain number under a hint: the decimal exponent shifted in the text, as parseCell does
  return {
    // a plain decimal too large for a double is not a figure (parseCell: "too large")
    plain: `(regexp_full_match(${v}, ${PLAIN}) AND isfinite(TRY_CAST(${v} AS DOUBLE)))`,
    value: positiveZero(`CASE WHEN coalesce(h.exponent, 0) = 0 THEN CAST(${v} AS DOUBLE) ELSE CAST(${v} || 'e' || h.exponent AS DOUBLE) END`),
  }
}

function valueCell(plan: StagedPlan): string {
  return valueIsNumeric(plan) ? `s.${col(plan.columns.value)}` : text(plan, plan.columns.value)
}

/**
 * Every non-blank row, judged: where it stops (no indicator, unknown unit), its region, year and
 * qualifier problems, how its value reads, its value problem under the metric's unit, and whether
 * it gives an observation (`candidate`). A table, so that the report and the insert read it
 * without judging again; the metric is its lookup row `mk`.
 */
export function buildJudgeSql(plan: StagedPlan): string {
  const { columns: c } = plan
  const t = (i: number) => text(plan, i)
  const others = Array.from({ length: plan.width }, (_, i) => i).filter((i) => i !== c.region)
  const blank = others.length === 0 ? 'true' : others.map((i) => `regexp_full_match(${t(i)}, ${BLANK})`).join(' AND ')
  const v = valueCell(plan)
  const { plain } = plainRead(plan, v)
  const { value: plainValue } = plainRead(plan, 'b.v')
  const oddRaw = valueIsNumeric(plan) ? oddNumberText('b.v') : 'b.v'
  const stop = c.unit === undefined ? `CASE WHEN m.empty THEN 'missing-metric' END` : `CASE WHEN m.empty THEN 'missing-metric' WHEN u.unknown THEN 'unknown-unit' END`
  return `CREATE OR REPLACE TEMP TABLE imp_rows AS
WITH base AS (
  SELECT s.rowid + ${plan.firstLine} AS line,
    r.code AS region_code, CASE WHEN r.empty THEN 'missing-region' WHEN r.code IS NULL THEN 'unknown-region' END AS p_region,
    CASE WHEN r.code IS NULL AND NOT r.empty THEN r.name END AS unknown_name,
    CASE WHEN r.empty THEN ${blank} ELSE false END AS blank,
    ${yearSelect(plan)},
    ${stop} AS p_stop,
    m.k AS mk, m.ik, m.unit AS metric_unit,
    ${hintExpr(plan)} AS hint,
    ${c.qualifier === undefined ? `'exact' AS col_qualifier, false AS q_bad` : `q.qualifier AS col_qualifier, q.bad AS q_bad`},
    ${c.note === undefined ? 'NULL::VARCHAR AS note' : 'n.note'},
    ${plain} AS plain, ${v} AS v
  FROM ${STAGING_TABLE} s ${joins(plan)} ${cellJoins(plan)}
), read AS (
  SELECT b.line, b.region_code, b.p_region, b.unknown_name, b.year, b.year_bad, b.p_stop, b.mk, b.ik, b.metric_unit, b.hint,
    CASE WHEN b.p_stop IS NULL AND b.q_bad THEN 'bad-qualifier' END AS p_qualifier,
    b.p_stop IS NULL AND CASE WHEN b.plain THEN false ELSE x.missing END AS v_missing,
    CASE WHEN b.p_stop IS NULL AND NOT b.plain THEN x.code END AS p_cell,
    CASE WHEN b.plain THEN ${plainValue} ELSE x.value END AS value,
    CASE WHEN b.plain THEN h.unit ELSE x.unit END AS cell_unit,
    CASE WHEN NOT b.plain AND x.qualifier <> 'exact' THEN x.qualifier ELSE b.col_qualifier END AS qualifier,
    b.note,
    b.p_region IS NULL AND NOT b.year_bad AND NOT coalesce(b.q_bad, false) AS row_ok
  FROM base b
    LEFT JOIN ${lk('hint')} h ON h.hint = b.hint
    LEFT JOIN ${lk('value')} x ON NOT b.plain AND x.raw = ${oddRaw} AND x.hint IS NOT DISTINCT FROM b.hint
  WHERE NOT b.blank
)
SELECT *, ${valueProblem('metric_unit')} AS p_value, ${candidate(valueProblem('metric_unit'))} AS candidate, NULL::BIGINT AS dup_first FROM read`
}

/** The clean lane's rows: a view over the staging rows, read as the contract's columns (see buildCleanRowsSql). */
export const CLEAN_ROWS = 'imp_clean'

/**
 * Which of a clean file's columns already say what their lookup would: a region column of codes,
 * years written as years, values under no power of ten, labels that are metric ids, notes with
 * nothing to trim. Those are read as they are; the others through their lookups.
 */
export interface CleanReading {
  regionAsIs: boolean
  yearAsIs: boolean
  /** No value needs a power of ten (no hint with one). */
  valueAsIs: boolean
  metricAsIs: boolean
  noteAsIs: boolean
}

/** Distinct cells of one column, each with its rows and first row (for the region column). */
export function buildColumnStatsSql(plan: StagedPlan, i: number): string {
  return `SELECT ${text(plan, i)} AS raw, count(*)::INTEGER AS n, min(rowid)::INTEGER AS first_row FROM ${STAGING_TABLE} s GROUP BY 1`
}

/**
 * Per indicator label (one, '', when the indicator is fixed), year cell and unit cell: rows, first
 * row, the least and greatest value that reads as a number, and how many values are not plain
 * decimals. Small (labels × years × units), and enough for the clean lane's value check, its new
 * metrics' order and the chart of what came in.
 */
export const LABEL_STATS = 'imp_label_stats'

export function buildLabelStatsSql(plan: StagedPlan): string {
  const { columns: c } = plan
  const label = c.metric === null ? `''` : text(plan, c.metric)
  const year = c.year === null ? 'NULL' : `s.${col(c.year)}`
  const v = valueIsNumeric(plan) ? `CASE WHEN isfinite(${valueCell(plan)}) THEN ${valueCell(plan)} END` : `TRY_CAST(${valueCell(plan)} AS DOUBLE)`
  const { plain } = plainRead(plan, valueCell(plan))
  const unit = c.unit === undefined ? 'NULL::VARCHAR' : text(plan, c.unit)
  // the qualifier cells too (a file has few): their distinct cells come from here, not from another scan
  const qualifier = c.qualifier === undefined ? 'NULL::VARCHAR' : text(plan, c.qualifier)
  return `CREATE OR REPLACE TEMP TABLE ${LABEL_STATS} AS
SELECT ${label} AS raw, ${year} AS year_cell, ${unit} AS unit_cell, ${qualifier} AS qualifier_cell, count(*)::INTEGER AS n, min(rowid)::INTEGER AS first_row,
  min(${v}) AS lo, max(${v}) AS hi, count(*) FILTER (WHERE NOT ${plain})::INTEGER AS odd
FROM ${STAGING_TABLE} s GROUP BY 1, 2, 3, 4`
}

/** The distinct year or qualifier cells, as text, from the label statistics (a few rows, not the file's). */
export function buildStatsCellsSql(plan: StagedPlan, cell: 'year' | 'qualifier'): string {
  const numeric = cell === 'year' && plan.columns.year !== null && plan.numeric.includes(plan.columns.year)
  const raw = numeric ? `coalesce(CAST(year_cell AS VARCHAR), '')` : `coalesce(${cell}_cell, '')`
  return `SELECT DISTINCT ${raw} AS raw FROM ${LABEL_STATS}`
}

/** Each label's rows, first row and values that are not plain decimals. */
export function buildLabelsSql(): string {
  return `SELECT raw, sum(n)::INTEGER AS n, min(first_row)::INTEGER AS first_row, sum(odd)::INTEGER AS odd FROM ${LABEL_STATS} GROUP BY raw`
}

/**
 * A clean file's rows by year and family, as buildImportSummarySql counts them once inserted (a new
 * metric's family is 'context'), from the label statistics instead of a million rows.
 */
export function buildCleanSummarySql(plan: StagedPlan): string {
  const { columns: c } = plan
  const on = c.metric === null ? 'true' : 'm.raw = g.raw'
  const year =
    c.year === null ? `${Math.trunc(plan.fixedYear ?? 0)}` : plan.numeric.includes(c.year) ? 'CAST(g.year_cell AS INTEGER)' : 'y.year'
  const yearJoin = c.year !== null && !plan.numeric.includes(c.year) ? `JOIN ${lk('year')} y ON y.raw = coalesce(g.year_cell, '')` : ''
  return `SELECT ${year} AS year, coalesce(CASE WHEN m.known THEN f.family END, 'context') AS family, sum(g.n)::INTEGER AS n
FROM ${LABEL_STATS} g JOIN ${lk('metric')} m ON ${on} ${yearJoin} LEFT JOIN metrics f ON f.id = m.id
GROUP BY 1, 2 ORDER BY 1, 2`
}

/** A staged row's value as a number, for the clean lane (every value cell there is a plain decimal). */
function cleanNumber(plan: StagedPlan): string {
  return positiveZero(valueIsNumeric(plan) ? `s.${col(plan.columns.value)}` : `CAST(${text(plan, plan.columns.value)} AS DOUBLE)`)
}

/** -0 read as 0, as parseCell reads it (adding zero turns -0.0 into 0.0 and changes nothing else). */
function positiveZero(e: string): string {
  return `(${e} + 0)`
}

/**
 * The clean lane's value problems: the least and greatest value of each indicator label, judged as
 * buildJudgeSql judges a row (a percentage out of range, a negative amount, a hint's unit against
 * the metric's); a problem at either end is a problem somewhere. A percentage under a power of ten
 * is counted as a problem here, so that the judged path decides it digit for digit; so are an
 * unknown unit and a proposed metric whose unit a cell could settle.
 */
export function buildCleanValueProblemsSql(plan: StagedPlan): string {
  const { columns: c } = plan
  const on = c.metric === null ? 'true' : 'm.raw = g.raw'
  const unitJoin = c.unit === undefined ? '' : `JOIN ${lk('unit')} u ON u.raw = coalesce(g.unit_cell, '')`
  return `WITH ends AS (
  SELECT m.unit AS metric_unit, h.unit AS cell_unit, coalesce(h.exponent, 0) AS exponent, m.known, m.settled, ${c.unit === undefined ? 'false' : 'u.unknown'} AS unknown_unit,
    unnest([g.lo, g.hi]) * pow(10, coalesce(h.exponent, 0)) AS value
  FROM (SELECT raw, unit_cell, min(lo) AS lo, max(hi) AS hi FROM ${LABEL_STATS} GROUP BY raw, unit_cell) g
    JOIN ${lk('metric')} m ON ${on} ${unitJoin} LEFT JOIN ${lk('hint')} h ON h.hint = ${hintExpr(plan)}
)
SELECT count(*)::INTEGER AS problems FROM (SELECT *, NULL AS p_stop, false AS v_missing, NULL AS p_cell FROM ends)
WHERE unknown_unit OR (metric_unit = 'percent' AND exponent <> 0) OR (NOT known AND NOT settled AND cell_unit IS NOT NULL)
  OR (${valueProblem('metric_unit')}) IS NOT NULL`
}

/**
 * Distinct (region, year, indicator) keys; fewer than rows means a repeat (or a hash collision: the
 * judged path decides). When no two cells of these columns name the same thing, the cells are the
 * keys and the staging rows are hashed as they are; otherwise the clean view's keys are.
 */
export function buildCleanKeysSql(plan: StagedPlan, cellsAreKeys: boolean): string {
  if (!cellsAreKeys) return `SELECT count(*)::INTEGER AS n, count(DISTINCT hash(region_code, year, metric))::INTEGER AS keys FROM ${CLEAN_ROWS}`
  const { columns: c } = plan
  // a number column's cells are hashed as numbers, not written out as text first (a repeat this finds and the text would not only sends the file the judged way)
  const cells = [c.region, c.year, c.metric].filter((i): i is number => i !== null).map((i) => (plan.numeric.includes(i) ? `s.${col(i)}` : text(plan, i)))
  return `SELECT count(*)::INTEGER AS n, count(DISTINCT hash(${cells.join(', ')}))::INTEGER AS keys FROM ${STAGING_TABLE} s`
}

/**
 * The clean lane. When every distinct cell read cleanly (each region known, each year a year, each
 * label an indicator, each unit known, no bad qualifier, every value a plain decimal, no proposed
 * metric a cell could settle), no value is out of range and no key repeats, every row is an
 * observation: this view is what gets inserted, and no judged table of a million rows is written.
 */
export function buildCleanRowsSql(plan: StagedPlan, reading: CleanReading): string {
  const { columns: c } = plan
  const from = [`${STAGING_TABLE} s`]
  if (!reading.regionAsIs) from.push(`JOIN ${lk('region')} r ON r.raw = ${text(plan, c.region)}`)
  if (!reading.metricAsIs || c.metric === null || !reading.valueAsIs) {
    from.push(c.metric === null ? `CROSS JOIN ${lk('metric')} m` : `JOIN ${lk('metric')} m ON m.raw = ${text(plan, c.metric)}`)
  }
  if (!reading.valueAsIs) {
    // the row's unit hint: its unit cell, else its label's (as buildJudgeSql reads it)
    if (c.unit !== undefined) from.push(`JOIN ${lk('unit')} u ON u.raw = ${text(plan, c.unit)}`)
    from.push(`LEFT JOIN ${lk('hint')} h ON h.hint = ${hintExpr(plan)}`)
  }
  if (c.year !== null && !reading.yearAsIs) from.push(`JOIN ${lk('year')} y ON y.raw = ${text(plan, c.year)}`)
  if (c.qualifier !== undefined) from.push(`JOIN ${lk('qualifier')} q ON q.raw = ${text(plan, c.qualifier)}`)
  if (c.note !== undefined && !reading.noteAsIs) from.push(`JOIN ${lk('note')} n ON n.raw = ${text(plan, c.note)}`)
  const year =
    c.year === null ? `${Math.trunc(plan.fixedYear ?? 0)}` : reading.yearAsIs ? `CAST(s.${col(c.year)} AS INTEGER)` : 'y.year'
  const metric = reading.metricAsIs && c.metric !== null ? `s.${col(c.metric)}` : 'm.id'
  const value = reading.valueAsIs ? cleanNumber(plan) : plainRead(plan, valueCell(plan)).value
  const note = c.note === undefined ? 'NULL::VARCHAR' : reading.noteAsIs ? `nullif(s.${col(c.note)}, '')` : 'n.note'
  return `CREATE OR REPLACE TEMP VIEW ${CLEAN_ROWS} AS
SELECT ${reading.regionAsIs ? `s.${col(c.region)}` : 'r.code'} AS region_code, ${year} AS year, ${metric} AS metric, ${value} AS value,
  ${c.qualifier === undefined ? `'exact'` : 'q.qualifier'} AS qualifier, ${note} AS note
FROM ${from.join(' ')}`
}

/** Where a proposed metric (no unit in its label) first meets a cell naming a unit: from there on, that is its unit. */
export function buildSettleSql(): string {
  return `CREATE OR REPLACE TEMP TABLE imp_settle AS
SELECT r.ik, arg_min(r.cell_unit, r.line) AS unit, min(r.line) AS line FROM imp_rows r JOIN ${lk('metric')} m ON m.k = r.mk
WHERE r.cell_unit IS NOT NULL AND r.p_stop IS NULL AND NOT r.v_missing AND r.p_cell IS NULL AND NOT m.known AND NOT m.settled
GROUP BY r.ik`
}

/** Rows of a settled metric from its settling line on: judged again under the unit the cell named. Run only when imp_settle has rows. */
export function buildResettleSql(): string[] {
  return [
    `UPDATE imp_rows SET metric_unit = st.unit FROM imp_settle st WHERE imp_rows.ik = st.ik AND imp_rows.line >= st.line`,
    `UPDATE imp_rows SET p_value = ${valueProblem('metric_unit')}, candidate = ${candidate(valueProblem('metric_unit'))} WHERE ik IN (SELECT ik FROM imp_settle)`,
  ]
}

/**
 * (region, year, metric) given more than once: the first line is kept, the others become
 * `duplicate` problems. Hashes find the suspects cheaply; the keys themselves decide.
 */
export function buildDuplicatesSql(): string[] {
  return [
    `CREATE OR REPLACE TEMP TABLE imp_dup AS
WITH suspects AS (SELECT hash(region_code, year, ik) AS h FROM imp_rows WHERE candidate GROUP BY 1 HAVING count(*) > 1)
SELECT region_code, year, ik, min(line) AS first_line FROM imp_rows
WHERE candidate AND hash(region_code, year, ik) IN (SELECT h FROM suspects)
GROUP BY region_code, year, ik HAVING count(*) > 1`,
    `UPDATE imp_rows SET candidate = false, dup_first = d.first_line FROM imp_dup d
WHERE imp_rows.candidate AND imp_rows.region_code = d.region_code AND imp_rows.year = d.year AND imp_rows.ik = d.ik AND imp_rows.line <> d.first_line`,
  ]
}

/** The first `limit` problems, in buildImport's order (by line, then region, year, stop, qualifier, value, duplicate), with what their messages quote. */
export function buildProblemsSql(plan: StagedPlan, limit: number): SqlQuery {
  const { columns: c } = plan
  const cell = (i: number | null | undefined) => (i === null || i === undefined ? 'NULL' : text(plan, i))
  return {
    sql: `WITH f AS (
  SELECT * FROM imp_rows WHERE p_region IS NOT NULL OR year_bad OR p_stop IS NOT NULL OR p_qualifier IS NOT NULL OR p_value IS NOT NULL OR dup_first IS NOT NULL
), p AS (
  SELECT line, 1 AS seq, p_region AS code FROM f WHERE p_region IS NOT NULL
  UNION ALL SELECT line, 2, 'bad-year' FROM f WHERE year_bad
  UNION ALL SELECT line, 3, p_stop FROM f WHERE p_stop IS NOT NULL
  UNION ALL SELECT line, 4, p_qualifier FROM f WHERE p_qualifier IS NOT NULL
  UNION ALL SELECT line, 5, p_value FROM f WHERE p_value IS NOT NULL
  UNION ALL SELECT line, 6, 'duplicate' FROM f WHERE dup_first IS NOT NULL
), shown AS (SELECT * FROM p ORDER BY line, seq LIMIT ?)
SELECT p.line, p.seq, p.code, ${cell(c.region)} AS region, ${cell(c.year)} AS year_text, ${cell(c.unit)} AS unit_text,
  ${cell(c.qualifier)} AS qualifier_text, ${valueIsNumeric(plan) ? `CAST(s.${col(c.value)} AS DOUBLE)` : 'NULL::DOUBLE'} AS value_num,
  ${valueIsNumeric(plan) ? 'NULL' : text(plan, c.value)} AS value_text, k.hint, k.cell_unit, m.id AS metric, k.metric_unit, k.region_code, k.year,
  k.dup_first AS first_line
FROM shown p JOIN imp_rows k ON k.line = p.line JOIN ${STAGING_TABLE} s ON s.rowid = p.line - ${plan.firstLine}
  LEFT JOIN ${lk('metric')} m ON m.k = k.mk
ORDER BY p.line, p.seq`,
    params: [limit],
  }
}

/** Counts for the report: observations kept, problems, missing values, years, the region with most rows. */
export function buildSummarySql(): string {
  return `SELECT count(*) FILTER (WHERE candidate)::INTEGER AS observations,
  (count(p_region) + count(*) FILTER (WHERE year_bad) + count(p_stop) + count(p_qualifier) + count(p_value) + count(dup_first))::INTEGER AS problems,
  count(*) FILTER (WHERE v_missing)::INTEGER AS skipped_missing,
  min(year) FILTER (WHERE candidate) AS year_min,
  max(year) FILTER (WHERE candidate) AS year_max,
  (SELECT region_code FROM imp_rows WHERE candidate GROUP BY region_code ORDER BY count(*) DESC, min(line) LIMIT 1) AS region_code
FROM imp_rows`
}

/** Unknown region names with every line they are on, in the order they first appear. */
export function buildUnresolvedSql(limit: number): SqlQuery {
  return {
    sql: `SELECT unknown_name AS name, list(line ORDER BY line) AS lines FROM imp_rows WHERE unknown_name IS NOT NULL
GROUP BY unknown_name ORDER BY min(line) LIMIT ?`,
    params: [limit],
  }
}

/** Proposed metrics that gave at least one observation, with the unit a cell settled, if any. */
export function buildUsedProposalsSql(): string {
  return `SELECT m.id, st.unit AS settled_unit FROM (SELECT ik, min(line) AS first_line FROM imp_rows WHERE candidate GROUP BY ik) u
  JOIN ${lk('metric')} m ON m.k = u.ik LEFT JOIN imp_settle st ON st.ik = u.ik
WHERE NOT m.known ORDER BY u.first_line`
}

/** The kept rows into the user's dataset, under the import's source (no ORDER BY: every query orders its own answer, and sorting a million rows cost 0.2 s). */
export function buildStagedInsertSql(sourceId: string, rows: 'judged' | 'clean' = 'judged'): SqlQuery {
  if (rows === 'clean') {
    return { sql: `INSERT INTO user_data.observations SELECT region_code, year, metric, value, qualifier, ?, note FROM ${CLEAN_ROWS}`, params: [sourceId] }
  }
  return {
    sql: `INSERT INTO user_data.observations SELECT r.region_code, r.year, m.id, r.value, r.qualifier, ?, r.note
FROM imp_rows r JOIN ${lk('metric')} m ON m.k = r.mk WHERE r.candidate`,
    params: [sourceId],
  }
}

export function buildStagedRowCountSql(): string {
  return `SELECT count(*)::INTEGER AS n FROM ${STAGING_TABLE}`
}

export function buildStagingTypesSql(): string {
  return `DESCRIBE ${STAGING_TABLE}`
}

/** Everything the staged import left behind. */
export function buildDropStagingSql(): string[] {
  return [
    ...buildDropStagedRowsSql(),
    ...[LABEL_STATS, ...Object.keys(LOOKUP_COLUMNS).map((n) => `imp_lk_${n}`)].map((t) => `DROP TABLE IF EXISTS ${quoteIdent(t)}`),
  ]
}

/** The staged rows and what was made of them (before a file is staged: the last one's); the lookups stay. */
export function buildDropStagedRowsSql(): string[] {
  return [
    `DROP VIEW IF EXISTS ${CLEAN_ROWS}`,
    `DROP VIEW IF EXISTS ${STAGING_TABLE}`,
    ...[STAGING_CSV, STAGING_ARROW, 'imp_rows', 'imp_settle', 'imp_dup'].map((t) => `DROP TABLE IF EXISTS ${quoteIdent(t)}`),
  ]
}
