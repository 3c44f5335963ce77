/**
 * The staged import (DuckDB reads the file, distinct cells judged in JS) against buildImport (every
 * row in JS) on the same files: the same observations, problems, new metrics and counts.
 */
import { describe, expect, it } from 'vitest'
import { buildImport } from '../../src/ingest/build'
import { decodeText } from '../../src/ingest/decode'
import { parseDelimited } from '../../src/ingest/delimited'
import { guessShape, type TidyMapping } from '../../src/ingest/shape'
import { buildUserSchemaSql } from '../../src/queries/build-load-sql'
import { buildImportSummarySql } from '../../src/queries/build-import-sql'
import { buildStageCsvSql, buildStageFromArrowSql, buildStagedInsertSql, buildDropStagingSql } from '../../src/queries/build-staged-import-sql'
import { checkStaged, type StagedCheck } from '../../src/stores/staged-check'
import { cellEncoder, cellStats, columnsOf, countCells, dataStart } from '../../src/ingest/cell-stats'
import { lineEnd, RowEncoder } from '../../src/ingest/cell-codes'
import { codedColumns, codedReadings, codedRowsInput, readingsIpc, rowCodesIpc, type CodedRows } from '../../src/ingest/coded-arrow'
import { buildCodedRowsViewSql, buildCreateCodedRowsSql, buildSettleCodedSql, readingsTable, type CodedTables } from '../../src/queries/build-coded-import-sql'
import { openContractDbWithFiles, runQuery } from '../../scripts/lib/duckdb-node'
import { fixtureBytes, loadMetrics, loadRegions } from '../fixtures/load'
import type { SqlQuery, StagingEngine } from '../../src/types/query'
import { Bool, DateDay, Float64, Int32, Int64, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow'
import { ArrowEncoder, numberColumns, plainDouble } from '../../src/ingest/arrow-codes'
import { MAX_DISTINCT, type CellStats } from '../../src/ingest/cell-stats'
import { STAGING_ARROW } from '../../src/queries/build-staged-import-sql'

const regions = loadRegions()
const metrics = loadMetrics()
const { conn, db } = await openContractDbWithFiles()
for (const sql of buildUserSchemaSql()) conn.query(sql.replaceAll('"real".', ''))

const engine: StagingEngine = {
  exec: async (s) => {
    if (typeof s === 'string') conn.query(s)
    else await runQuery(conn, s)
  },
  query: async <Row,>(s: string | SqlQuery) => runQuery<Row>(conn, typeof s === 'string' ? { sql: s, params: [] } : s),
  registerText: async (name, text) => db.registerFileText(name, text),
  registerBytes: async (name, bytes) => db.registerFileBuffer(name, bytes),
  dropFile: async (name) => db.dropFile(name),
  insertArrow: async (name, ipc) => conn.insertArrowFromIPCStream(ipc, { name, create: true }),
}

/** The app's chart of an import's rows, over the table the tests insert into (the app reads it through its views). */
const importedSummary = () => {
  const q = buildImportSummarySql('s1')
  return { ...q, sql: q.sql.replace('FROM observations o', 'FROM user_data.observations o') }
}

const isUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/** Data lines all ended by LF, or all by CR LF, and no CR anywhere else. */
const oneLineEnding = (bytes: Uint8Array) => {
  const text = new TextDecoder().decode(bytes)
  if (/\r(?!\n)/.test(text)) return false
  const body = text.slice(text.indexOf('\n') + 1)
  const crlf = body.split('\r\n').length - 1
  return crlf === 0 || crlf === body.split('\n').length - 1
}

/** Both readings of one tidy file; `mapping` overrides the guess. */
async function both(name: string, bytes: Uint8Array, change: (m: TidyMapping) => TidyMapping = (m) => m, extra: { fixedYear?: number; defaultMetric?: string } = {}) {
  const table = parseDelimited(decodeText(bytes).text, name)
  const guess = guessShape(table.header, table.rows)
  expect(guess.mapping.kind).toBe('tidy')
  const mapping = change(guess.mapping as TidyMapping)
  const js = buildImport({ fileName: name, header: table.header, rows: table.rows, headerLine: table.headerLine, rowLines: table.rowLines, mapping, regions, metrics, ...extra })

  const stage = () => {
    db.registerFileBuffer(name, bytes.slice())
    for (const sql of buildStageCsvSql(name, table.header.length, table.delimiter)) conn.query(sql)
  }
  stage()
  const input = {
    fileName: name, header: table.header, mapping, plan: { width: table.header.length, numeric: [], firstLine: 2 },
    regions, metrics, maxProblems: 10_000, maxUnresolved: 1_000, ...extra,
  }
  const staged = await checkStaged(engine, input)
  conn.query('DELETE FROM user_data.observations')
  if (staged.observationCount > 0) await runQuery(conn, buildStagedInsertSql('s1', staged.rows))
  const rows = await insertedRows()
  // the clean lane's chart rows, counted before the insert, are what the inserted rows count to
  if (staged.summary) expect(staged.summary).toEqual(await runQuery(conn, importedSummary()))

  // the same check on the cells as the import worker counts them: the same report, the same rows
  const counted = countCells(bytes, table.delimiter, table.header.length, mapping)
  const plain = !bytes.includes(0x22) && oneLineEnding(bytes) && isUtf8(bytes)
  expect(counted !== null, 'a plain UTF-8 file is counted, any other is not').toBe(plain)
  // the same cells in an Arrow table of text columns (a Parquet file of strings) count the same
  if (counted) expect(arrowCounted(textTable(table.header, table.rows), mapping)).toEqual(withoutLineEnding(counted))
  let countedLane: StagedCheck['rows'] | null = null
  // twice: a reader who goes back to the mapping and checks again is served the same counts
  for (let i = 0; counted && i < 2; i++) {
    // nothing staged: the check stages the file only if it reads its rows
    for (const sql of buildDropStagingSql()) conn.query(sql)
    let stagings = 0
    const again = await checkStaged(engine, { ...input, cells: counted, stage: async () => void (stagings++, stage()) })
    const { rows: lane, coded, ...report } = again
    const { rows: stagedLane, ...stagedReport } = staged
    expect(report).toEqual(stagedReport)
    countedLane = lane
    if (lane === 'coded' && coded) {
      // a clean file inserted from the worker's codes: DuckDB never read it, and the rows are the same
      expect(stagedLane).toBe('clean')
      expect(stagings).toBe(0)
      await expectCodedRows(coded, again.summary, rows)
    } else {
      expect(lane).toBe(stagedLane)
      expect(stagings).toBeLessThanOrEqual(1)
    }
  }
  for (const sql of buildDropStagingSql()) conn.query(sql)
  return { js, staged, rows, countedLane }
}

/** A table's cells counted as the import worker counts a Parquet file's (arrow-codes.ts), batch by batch. */
function arrowCounted(table: Table, mapping: TidyMapping): CellStats | null {
  const encoder = new ArrowEncoder(table.schema, columnsOf(mapping), MAX_DISTINCT, table.numRows)
  for (const batch of table.batches) encoder.encode(batch)
  const codes = encoder.finish()
  return codes && cellStats(columnsOf(mapping), codes)
}

/** Rows of text as an Arrow table of text columns, in batches of two rows. */
function textTable(header: readonly string[], rows: readonly string[][]): Table {
  const batches: Table[] = []
  for (let at = 0; at < rows.length; at += 2) {
    const part = rows.slice(at, at + 2)
    batches.push(new Table(Object.fromEntries(header.map((name, i) => [name, vectorFromArray(part.map((row) => row[i] ?? ''), new Utf8())]))))
  }
  return batches.length > 0 ? batches.reduce((a, b) => a.concat(b)) : new Table(Object.fromEntries(header.map((name) => [name, vectorFromArray([], new Utf8())])))
}

/** Counts as a table gives them: only a delimited file's lines have endings. */
const withoutLineEnding = (cells: CellStats): CellStats => ({ ...cells, codes: { ...cells.codes, lineEnding: null } })

/** A table's cells as the careful reader writes them (String(v), a null as ''). */
function tableText(table: Table): string[][] {
  const columns = table.schema.fields.map((_, i) => table.getChildAt(i))
  return Array.from({ length: table.numRows }, (_, r) => columns.map((c) => {
    const v = c?.get(r)
    return v === null || v === undefined ? '' : String(v)
  }))
}

/**
 * A typed table (a Parquet file, as Arrow) read every way: buildImport on its cells as text, the
 * staged check on the table as stageArrow stages it, and the check of the worker's codes, whose
 * report must be the staged one's (and whose rows, if it takes them, the same rows).
 */
async function typedBoth(table: Table, mapping: TidyMapping) {
  const header = table.schema.fields.map((f) => f.name)
  const js = buildImport({ fileName: 't.parquet', header, rows: tableText(table), mapping, regions, metrics })
  const stage = async () => {
    for (const sql of buildDropStagingSql()) conn.query(sql)
    await conn.insertArrowFromIPCStream(tableToIPC(table, 'stream'), { name: STAGING_ARROW, create: true })
    conn.query(buildStageFromArrowSql(header))
  }
  await stage()
  const input = {
    fileName: 't.parquet', header, mapping, plan: { width: header.length, numeric: numberColumns(table.schema), firstLine: 2 }, regions, metrics, maxProblems: 100, maxUnresolved: 10,
  }
  const staged = await checkStaged(engine, input)
  conn.query('DELETE FROM user_data.observations')
  if (staged.observationCount > 0) await runQuery(conn, buildStagedInsertSql('s1', staged.rows))
  const rows = await insertedRows()
  if (staged.summary) expect(staged.summary).toEqual(await runQuery(conn, importedSummary()))
  for (const sql of buildDropStagingSql()) conn.query(sql)

  const cells = arrowCounted(table, mapping)
  let lane: StagedCheck['rows'] | null = null
  if (cells) {
    let stagings = 0
    const again = await checkStaged(engine, { ...input, cells, stage: async () => void (stagings++, await stage()) })
    const { rows: countedLane, coded, ...report } = again
    const { rows: stagedLane, ...stagedReport } = staged
    expect(report).toEqual(stagedReport)
    lane = countedLane
    if (countedLane === 'coded' && coded) {
      expect(stagings).toBe(0)
      await expectCodedRows(coded, again.summary, rows)
    } else {
      expect(countedLane).toBe(stagedLane)
      expect(stagings).toBe(1)
    }
    for (const sql of buildDropStagingSql()) conn.query(sql)
  }
  return { js, staged, rows, cells, lane }
}

/**
 * A coded check's rows inserted as the app inserts them: read through the app's view (codes joined
 * to their readings), then settled as any import's, they are `rows`; its chart rows count them.
 */
async function expectCodedRows(coded: CodedRows, summary: StagedCheck['summary'], rows: readonly Record<string, unknown>[]) {
  conn.query('DELETE FROM user_data.observations')
  const tables = insertCoded(coded, 's1')
  const viewed = await runQuery<Record<string, unknown>>(conn, { sql: 'SELECT region_code, year, metric, value, qualifier, note FROM user_data.imported_observations', params: [] })
  expect(byKey(viewed)).toEqual(byKey(rows))
  for (const q of buildSettleCodedSql(tables, [])) await runQuery(conn, q)
  expect(byKey(await insertedRows())).toEqual(byKey(rows))
  expect(summary).toEqual(await runQuery(conn, importedSummary()))
}

/** A coded check's rows into DuckDB as the app puts them there (client.ts applyCodedImport): codes, readings, the imported rows' view. */
function insertCoded(coded: CodedRows, sourceId: string): CodedTables {
  const names = codedColumns(coded)
  const tables: CodedTables = {
    sourceId, table: `rows_${sourceId}`, names,
    fixedYear: 'fixed' in coded.year ? coded.year.fixed : null, fixedMetric: 'fixed' in coded.metric ? coded.metric.fixed : null,
  }
  for (const sql of buildCreateCodedRowsSql(tables.table, names)) conn.query(sql)
  conn.insertArrowFromIPCStream(rowCodesIpc(codedRowsInput(coded), names), { schema: 'user_data', name: tables.table, create: false })
  for (const [name, values] of codedReadings(coded)) conn.insertArrowFromIPCStream(readingsIpc(values), { schema: 'user_data', name: readingsTable(tables.table, name), create: true })
  conn.query(buildCodedRowsViewSql([tables]))
  return tables
}

const insertedRows = () => runQuery<Record<string, unknown>>(conn, { sql: 'SELECT region_code, year, metric, value, qualifier, note FROM user_data.observations', params: [] })

/** Observations in (region, year, metric) order: one per key once duplicates are gone. */
const byKey = <T extends Record<string, unknown>>(list: readonly T[]) =>
  [...list].sort((a, b) => `${a.region_code}|${a.year}|${a.metric}`.localeCompare(`${b.region_code}|${b.year}|${b.metric}`))

function expectSame({ js, staged, rows }: Pick<Awaited<ReturnType<typeof both>>, 'js' | 'staged' | 'rows'>) {
  expect(byKey(rows)).toEqual(byKey(js.observations as unknown as Record<string, unknown>[]))
  expect(staged.observationCount).toBe(js.observations.length)
  expect(staged.problems).toEqual(js.problems)
  expect(staged.problemCount).toBe(js.problems.length)
  expect(staged.unresolvedRegions).toEqual(js.unresolvedRegions)
  expect(staged.skippedMissing).toBe(js.skippedMissing)
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)
  expect([...staged.newMetrics].sort(byId)).toEqual([...js.newMetrics].sort(byId))
}

const MESSY = [
  'region,year,metric,value,unit,qualifier,note',
  '昆明市,2021,网上可办率,90.5,,,  spaced note ',
  '昆明,2021年,网上可办率,91,,,',                    // duplicate of line 2 (昆明 = 昆明市)
  '楚雄州,2021,交易额（亿元）,10.76,,,',              // label unit: 亿
  '楚雄州,2021,交易额,"3,200",万元,,',                // unit column
  '保山市,2021,交易额,5,斤,,',                        // unknown unit
  '保山市,2021,办结率,120,,,',                         // percent out of range
  '保山市,2022,办件量,-3,,,',                          // negative count
  '大理州,2021,办件量,约3万,,,',                       // qualifier in the cell
  '大理州,2022,办件量,—,,,',                           // missing
  '火星市,2021,办件量,1,,,',                           // unknown region
  '火星市,2022,办件量,2,,,',
  ',2021,办件量,1,,,',                                // no region
  '曲靖市,二〇二一,办件量,1,,,',                       // bad year
  '曲靖市,2021,,1,,,',                                 // no indicator
  '曲靖市,2021,办件量,1,,maybe,',                      // bad qualifier
  '曲靖市,2022,办件量,1,,约,',
  ',,,,,,',                                           // blank row
  '昭通市,2021,满意度得分,80,,,',                       // a new metric, no unit yet …
  '昭通市,2022,满意度得分,3万件,,,',                    // … settled as count here
  '昭通市,2023,满意度得分,50%,,,',                      // … so a percent is a mismatch
  '普洱市,2021,办件量,1e3,,,',
  '普洱市,2022,办件量,5.,,,',
  '普洱市,2023,办件量,"1,23",,,',
  '普洱市,2024,办件量,=1+1,,,',
  '普洱市,2020,网上可办率,92.5%,,,',
  '普洱市,2019,交易额,10.76,亿元,,',
  '普洱市,2018,办件量, 12 ,,,',
  '普洱市,2017,online.cases_total,+7,,exact,',
].join('\n') + '\n'

describe('staged import = buildImport', () => {
  it('a messy tidy file: every problem, line and message, every observation', async () => {
    const result = await both('messy.csv', new TextEncoder().encode(MESSY))
    expect(result.js.problems.length).toBeGreaterThan(12)
    expect(result.js.newMetrics.length).toBeGreaterThan(0)
    expectSame(result)
  })

  it('columns that say nothing (all exact, no notes, no units) are left out of the join, with the same result', async () => {
    const text = 'region,year,metric,value,unit,qualifier,note\n昆明市,2021,办件量,5,,exact,\n保山市,2021,办件量,-5,,, \n火星市,2021,办件量,1,,exact,\n'
    const result = await both('plain.csv', new TextEncoder().encode(text))
    expect(result.js.problems.map((p) => p.code)).toEqual(['negative', 'unknown-region'])
    expectSame(result)
  })

  it('the worker counts only a file it splits as DuckDB reads it: no quotes, one kind of line ending, every line whole', () => {
    const mapping: TidyMapping = { kind: 'tidy', region: 0, year: 1, metric: 2, value: 3 }
    const count = (text: string) => countCells(new TextEncoder().encode(text), ',', 4, mapping)
    expect(count('r,y,m,v\n530100,2021,a,1\n530100,2022,a,2\n')?.keys).toEqual({ n: 2, keys: 2 })
    expect(count('r,y,m,v\n530100,2021,a,1\n530100,2021,a,2\n')?.keys).toEqual({ n: 2, keys: 1 })
    expect(count('r,y,m,v\n"530100",2021,a,1\n')).toBeNull()
    expect(count('r,y,m,v\r\n530100,2021,a,1\r\n530100,2022,a,2')?.keys).toEqual({ n: 2, keys: 2 })
    expect(count('r,y,m,v\n530100,2021,a,1\r530100,2022,a,2\n')).toBeNull()
    expect(count('r,y,m,v\n530100,2021,a,1\r\n530100,2022,a,2\n')).toBeNull()
    expect(count('r,y,m,v\n530100,2021,a\n')).toBeNull()
    expect(count('r,y,m,v\n530100,2021,a,1,extra\n')).toBeNull()
    expect(count('r,y,m,v\n530100,2021,a,1\n\n530100,2022,a,2\n')).toBeNull()
  })

  it('a file encoded in two halves (the worker and its helper) counts the same as in one piece', () => {
    const lines = ['region,year,metric,value,unit,note']
    for (let i = 0; i < 300; i++) lines.push(`${['530100', '昆明', '530300'][i % 3]},${2016 + (i % 7)},${['网上可办率', 'online.cases_total', '满意度'][i % 3]},${i % 5 === 0 ? '约3' : String(i)},${i % 4 === 0 ? '万' : ''},${i % 9 === 0 ? 'n' : ''}`)
    const bytes = new TextEncoder().encode(lines.join('\r\n') + '\r\n')
    const mapping: TidyMapping = { kind: 'tidy', region: 0, year: 1, metric: 2, value: 3, unit: 4, note: 5 }
    const whole = countCells(bytes, ',', 6, mapping)
    const start = dataStart(bytes)
    const half = lineEnd(bytes, start + ((bytes.length - start) >> 1))
    const first = cellEncoder(bytes, ',', 6, mapping)
    const second = new RowEncoder(bytes.slice(half), 0x2c, 6, columnsOf(mapping))
    expect(first?.encode(start, half)).toBe(true)
    expect(second.encode(0, bytes.length - half)).toBe(true)
    const later = second.finish()
    expect(later && first?.absorb(later)).toBeTruthy()
    const codes = first?.finish()
    expect(codes && cellStats(columnsOf(mapping), codes)).toEqual(whole)
    // halves that end their lines differently are not one plain file
    const mixed = new RowEncoder(new TextEncoder().encode('530100,2016,a,1\n'), 0x2c, 4, { region: 0, year: 1, metric: 2, value: 3 })
    mixed.encode(0, 16)
    const crlf = new RowEncoder(new TextEncoder().encode('530100,2017,a,1\r\n'), 0x2c, 4, { region: 0, year: 1, metric: 2, value: 3 })
    crlf.encode(0, 17)
    expect(mixed.absorb(crlf.finish() as NonNullable<ReturnType<RowEncoder['finish']>>)).toBeNull()
  })

  it.each(['utf8-bom-tidy.csv', 'tidy-utf8.tsv', 'formula-cells.csv'])('fixture %s', async (name) => {
    expectSame(await both(name, fixtureBytes(name)))
  })

  it('no year or indicator column: the fixed year and the chosen indicator', async () => {
    const text = 'region,value\n昆明市,90\n保山市,abc\n楚雄州,\n'
    expectSame(await both('fixed.csv', new TextEncoder().encode(text), (m) => ({ ...m, year: null, metric: null }), { fixedYear: 2021, defaultMetric: '网上可办率' }))
  })

  it('a mapping without a year or indicator stops before any row is read, as buildImport does', async () => {
    const text = 'region,value\n昆明市,90\n'
    const { js, staged } = await both('nofixed.csv', new TextEncoder().encode(text), (m) => ({ ...m, year: null }))
    expect(js.problems.map((p) => p.code)).toEqual(['missing-year'])
    expect(staged.problems).toEqual(js.problems)
    expect(staged.observationCount).toBe(0)
  })

  it('typed columns (a Parquet file through Arrow): numbers read as String() would write them', async () => {
    const table = new Table({
      region_code: vectorFromArray(['530100', '530300', '530400', '530500', '530600', '530700', '530100', '530800'], new Utf8()),
      year: vectorFromArray([2021, 2021, 1980, 2021, 2021, 2021, 2021, 2022], new Int32()),
      metric: vectorFromArray(['online.items_online_pct', 'online.items_online_pct', 'online.items_online_pct', 'online.cases_total', 'online.cases_total', 'online.cases_total', 'online.items_online_pct', 'Satisfaction score'], new Utf8()),
      value: vectorFromArray([91.5, 120, 80, -5, Number.NaN, Number.POSITIVE_INFINITY, 90, 77.25], new Float64()),
      qualifier: vectorFromArray(['exact', 'exact', 'exact', 'exact', 'exact', 'approx', 'exact', 'approx'], new Utf8()),
    })
    const mapping: TidyMapping = { kind: 'tidy', region: 0, year: 1, metric: 2, value: 3, qualifier: 4 }
    const result = await typedBoth(table, mapping)
    expect(result.js.problems.map((p) => p.code)).toEqual(['percent-range', 'bad-year', 'negative', 'not-a-number', 'duplicate'])
    // counted, but not clean: DuckDB finds the problems
    expect(result.cells).not.toBeNull()
    expect(result.lane).toBe('judged')
    expectSame(result)
  })

  // A clean file: names and codes, labels and ids, a label with a power of ten, a new indicator,
  // years written 2021 and 2022年, notes, approximate figures. Nothing for the judged table to find.
  const CLEAN = [
    'region,year,metric,value,qualifier,note',
    '昆明市,2021,网上可办率,90.5,exact, a note ',
    '530300,2021,online.items_online_pct,88,approx,',
    '楚雄州,2022年,交易额（亿元）,10.76,exact,',
    '保山市,2021,满意度得分,77.25,exact,',
    '昆明市,2022年,网上可办率,91,exact,',
  ]

  it('a clean file goes the clean lane (no judged table) and gives the same result', async () => {
    const result = await both('clean.csv', new TextEncoder().encode(CLEAN.join('\n') + '\n'))
    expect(result.staged.rows).toBe('clean')
    expect(result.js.problems).toEqual([])
    expect(result.js.newMetrics.length).toBe(1)
    expect(result.rows.length).toBe(5)
    expectSame(result)
    expect(result.staged.yearMin).toBe(2021)
    expect(result.staged.yearMax).toBe(2022)
    expect(result.staged.regionCode).toBe('530100')
    expect(result.staged.summary).toEqual([
      { year: 2021, family: 'context', n: 1 }, { year: 2021, family: 'online', n: 2 },
      { year: 2022, family: 'online', n: 1 }, { year: 2022, family: 'trading', n: 1 },
    ])
  })

  it('a contract file of codes, ids and plain years is read as it is, with the same result', async () => {
    // -0 too: a number, read as 0 every way
    const text = 'region_code,year,metric,value\n530100,2021,online.items_online_pct,90\n530300,2021,online.items_online_pct,88\n530300,2022,online.items_online_pct,89\n530400,2022,online.items_online_pct,-0\n'
    const result = await both('codes.csv', new TextEncoder().encode(text))
    expect(result.staged.rows).toBe('clean')
    expect(result.countedLane).toBe('coded')
    expect(result.staged.regionCode).toBe('530300')
    expectSame(result)
  })

  it('a value too large for a number is reported, not imported, either way', async () => {
    const text = `region_code,year,metric,value\n530100,2021,online.cases_total,1${'0'.repeat(400)}\n530300,2021,online.cases_total,5\n`
    const result = await both('huge.csv', new TextEncoder().encode(text))
    expect(result.countedLane).not.toBe('coded')
    expect(result.js.problems.map((p) => p.code)).toEqual(['not-a-number'])
    expectSame(result)
  })

  it.each([
    ['the second naming its unit', ['满意度指数,50', '满意度指数（%）,60']],
    ['with different units', ['满意度指数(件),60', '满意度指数(%),50']],
  ])('two labels of one new indicator (%s) are not read from the counts: its unit is settled row by row', async (_what, lines) => {
    const text = ['region_code,year,metric,value', ...lines.map((l, i) => `${['530100', '530300'][i]},2021,${l}`)].join('\n') + '\n'
    const result = await both('labels.csv', new TextEncoder().encode(text))
    expect(result.countedLane).not.toBe('coded')
    expect(result.staged.rows).toBe('judged')
  })

  it('the region with most rows counts the cells that name it together', async () => {
    const lines = ['region,year,metric,value']
    for (let i = 0; i < 3; i++) lines.push(`昆明市,${2010 + i},办件量,1`, `昆明,${2015 + i},办件量,1`)
    for (let i = 0; i < 4; i++) lines.push(`530300,${2020 + i},办件量,1`)
    const result = await both('top.csv', new TextEncoder().encode(lines.join('\n') + '\n'))
    expect(result.countedLane).toBe('coded')
    expect(result.staged.regionCode).toBe('530100')
    expectSame(result)
  })

  it('a file with a header and no rows gives the same empty report either way', async () => {
    const result = await both('empty.csv', new TextEncoder().encode('region_code,year,metric,value\n'))
    expect(result.staged.observationCount).toBe(0)
    expect(result.countedLane).not.toBe('coded')
    expectSame(result)
  })

  it('a counted clean file that names one region two ways goes in from its codes; a key it repeats that way is found', async () => {
    const lines = ['region,year,metric,value', '昆明市,2021,网上可办率,90', '昆明,2022,网上可办率,91', '保山市,2021,网上可办率,80']
    const clean = await both('names.csv', new TextEncoder().encode(lines.join('\n') + '\n'))
    expect(clean.countedLane).toBe('coded')
    expect(clean.rows.length).toBe(3)
    expectSame(clean)
    const repeated = await both('names-repeat.csv', new TextEncoder().encode([...lines, '昆明,2021,网上可办率,92'].join('\n') + '\n'))
    expect(repeated.countedLane).toBe('judged')
    expect(repeated.js.problems.map((p) => p.code)).toEqual(['duplicate'])
    expectSame(repeated)
  })

  it.each([
    ['a repeated key under another name', '昆明,2021,online.items_online_pct,90,exact,', 1],
    ['a percentage over 100', '曲靖市,2021,网上可办率,100.5,exact,', 1],
    ['a negative count', '曲靖市,2021,办件量,-1,exact,', 1],
    ['an unknown region', '火星市,2021,办件量,1,exact,', 1],
    ['a figure that needs reading (no problem)', '曲靖市,2021,办件量,"1,200",exact,', 0],
  ])('one odd row (%s) sends a clean-looking file to the judged path, with the same result', async (_what, line, problems) => {
    const result = await both('almost.csv', new TextEncoder().encode([...CLEAN, line].join('\n') + '\n'))
    expect(result.staged.rows).toBe('judged')
    expect(result.js.problems.length).toBe(problems)
    expectSame(result)
  })

  it('a unit column (units the metrics share, a power of ten, empty cells) still goes the clean lane, with the same result', async () => {
    const text = [
      'region_code,year,metric,value,unit',
      '530100,2021,online.items_online_pct,90.5,percent',
      '530300,2021,trading.amount_total,1.25,万元',
      '530300,2022,trading.amount_total,3,',
      '530500,2021,满意度得分,77,',
    ].join('\n') + '\n'
    const result = await both('units.csv', new TextEncoder().encode(text))
    expect(result.staged.rows).toBe('clean')
    // a power of ten to apply: the counted check stages the file and reads it there
    expect(result.countedLane).toBe('clean')
    expect(result.rows.find((r) => r.region_code === '530300' && r.year === 2021)?.value).toBe(12500)
    expectSame(result)
  })

  it.each([
    ['an unknown unit', '530400,2021,trading.amount_total,5,斤'],
    ['a unit the metric does not have', '530400,2021,online.items_online_pct,5,万元'],
    ['a unit that settles a new indicator', '530400,2022,满意度得分,5,percent'],
  ])('a unit column with %s goes the judged path, with the same result', async (_what, line) => {
    const text = ['region_code,year,metric,value,unit', '530100,2021,online.items_online_pct,90.5,percent', '530500,2021,满意度得分,77,', line].join('\n') + '\n'
    const result = await both('units-odd.csv', new TextEncoder().encode(text))
    expect(result.staged.rows).toBe('judged')
    expectSame(result)
  })

  it('a clean file with a fixed year and indicator goes the clean lane', async () => {
    const text = 'region,value\n昆明市,90\n保山市,80.5\n'
    const result = await both('fixed-clean.csv', new TextEncoder().encode(text), (m) => ({ ...m, year: null, metric: null }), { fixedYear: 2021, defaultMetric: '网上可办率' })
    expect(result.staged.rows).toBe('clean')
    expect(result.countedLane).toBe('coded')
    expectSame(result)
  })

  it('typed columns of a clean file (codes as integers, empty notes, two batches) go in from their codes, with the same result', async () => {
    const part = (codes: bigint[], years: number[], labels: string[], values: number[], notes: (string | null)[]) =>
      new Table({
        region_code: vectorFromArray(codes, new Int64()),
        year: vectorFromArray(years, new Int32()),
        metric: vectorFromArray(labels, new Utf8()),
        value: vectorFromArray(values, new Float64()),
        note: vectorFromArray(notes, new Utf8()),
      })
    const table = part([530100n, 530300n], [2021, 2022], ['online.items_online_pct', 'Satisfaction score'], [91.5, 77.25], [null, 'a note']).concat(
      part([530300n, 530100n], [2021, 2022], ['online.items_online_pct', 'online.items_online_pct'], [-0, 0.000001], ['', null]),
    )
    const mapping: TidyMapping = { kind: 'tidy', region: 0, year: 1, metric: 2, value: 3, note: 4 }
    const result = await typedBoth(table, mapping)
    expect(result.staged.rows).toBe('clean')
    expect(result.lane).toBe('coded')
    expect(result.rows.length).toBe(4)
    expect(result.cells?.region.map((r) => r.raw)).toEqual(['530100', '530300'])
    expect(result.cells?.notes).toEqual(['', 'a note'])
    expectSame(result)
  })

  it('a Parquet file whose later row groups the helper encodes counts the same as one encoded whole', () => {
    const lines = ['region,year,metric,value,note']
    for (let i = 0; i < 300; i++) lines.push(`${['530100', '昆明', '530300'][i % 3]},${2016 + (i % 7)},${['网上可办率', 'online.cases_total', '满意度'][i % 3]},${i % 5 === 0 ? '约3' : String(i)},${i % 9 === 0 ? 'n' : ''}`)
    const table = parseDelimited(lines.join('\n'), 'halves.csv')
    const whole = textTable(table.header, table.rows)
    const mapping: TidyMapping = { kind: 'tidy', region: 0, year: 1, metric: 2, value: 3, note: 4 }
    const first = new ArrowEncoder(whole.schema, columnsOf(mapping), MAX_DISTINCT, 300)
    const second = new ArrowEncoder(whole.schema, columnsOf(mapping), MAX_DISTINCT, 300)
    whole.batches.forEach((batch, i) => expect((i < 60 ? first : second).encode(batch)).toBe(true))
    const later = second.finish()
    expect(later && first.absorb(later)).toBeTruthy()
    const codes = first.finish()
    expect(codes && cellStats(columnsOf(mapping), codes)).toEqual(arrowCounted(whole, mapping))
  })

  it('a typed column the worker does not read (dates, true/false) in the mapping: DuckDB reads the table', async () => {
    const table = new Table({
      region_code: vectorFromArray(['530100'], new Utf8()),
      year: vectorFromArray([new Date(Date.UTC(2021, 0, 1))], new DateDay()),
      metric: vectorFromArray(['online.cases_total'], new Utf8()),
      value: vectorFromArray([true], new Bool()),
    })
    const encoder = new ArrowEncoder(table.schema, { region: 0, year: 1, metric: 2, value: 3 }, MAX_DISTINCT, 1)
    expect(encoder.failed).toBe(true)
    expect(new ArrowEncoder(table.schema, { region: 0, year: null, metric: 2, value: 3 }, MAX_DISTINCT, 1).failed).toBe(true)
    expect(new ArrowEncoder(table.schema, { region: 0, year: null, metric: 2, value: 0 }, MAX_DISTINCT, 1).failed).toBe(true)
  })

  it('a double is a plain value when String() writes it as a plain decimal', () => {
    expect(plainDouble(91.5)).toBe(91.5)
    expect(Object.is(plainDouble(-0), 0)).toBe(true)
    expect(plainDouble(0.000001)).toBe(0.000001)
    expect(plainDouble(123456789012345680000)).toBe(123456789012345680000)
    for (const v of [1e-7, 1e21, -1e21, Number.NaN, Number.POSITIVE_INFINITY]) expect(plainDouble(v), String(v)).toBeNaN()
  })

  it('a row with the wrong field count makes DuckDB refuse the file, so the careful reader takes it', () => {
    db.registerFileBuffer('broken.csv', fixtureBytes('broken-rows.csv').slice())
    expect(() => buildStageCsvSql('broken.csv', 4, ',').forEach((sql) => conn.query(sql))).toThrow()
  })
})
