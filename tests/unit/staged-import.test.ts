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
import { checkStaged } from '../../src/imports/staged-check'
import { openContractDbWithFiles, runQuery } from '../../scripts/lib/duckdb-node'
import { fixtureBytes, loadMetrics, loadRegions } from '../fixtures/load'
import type { SqlQuery, StagingEngine } from '../../src/types/query'
import { Float64, Int32, Int64, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow'
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
  registerText: async (name, text) => (db.registerFileText(name, text), name),
  dropFile: async (name) => db.dropFile(name),
}

/** The columns DuckDB holds as numbers, as the import worker names them from the Arrow schema. */
const numberColumns = (table: Table) => table.schema.fields.flatMap((f, i) => (/^(Int|Uint|Float|Decimal)/.test(String(f.type)) ? [i] : []))

/** The app's chart of an import's rows, over the table the tests insert into (the app reads it through its views). */
const importedSummary = () => {
  const q = buildImportSummarySql('s1')
  return { ...q, sql: q.sql.replace('FROM observations o', 'FROM user_data.observations o') }
}

/** Both readings of one tidy file; `mapping` overrides the guess. */
async function both(
  name: string, bytes: Uint8Array, change: (m: TidyMapping) => TidyMapping = (m) => m, extra: { fixedYear?: number; defaultMetric?: string } = {},
  /** Stage only these columns at first, as the page does with the guess's (the check stages the rest when it must). */
  keep?: number[],
) {
  const table = parseDelimited(decodeText(bytes).text, name)
  const guess = guessShape(table.header, table.rows)
  expect(guess.mapping.kind).toBe('tidy')
  const mapping = change(guess.mapping as TidyMapping)
  const js = buildImport({ fileName: name, header: table.header, rows: table.rows, headerLine: table.headerLine, rowLines: table.rowLines, mapping, regions, metrics, ...extra })

  const stage = (columns?: number[]) => {
    db.registerFileBuffer(name, bytes.slice())
    for (const sql of buildStageCsvSql(name, table.header.length, table.delimiter, columns)) conn.query(sql)
  }
  stage(keep)
  let stagedAll = 0
  const partial = keep && { kept: keep, stageAll: async () => (stage(), void stagedAll++) }
  const input = {
    fileName: name, header: table.header, mapping, plan: { width: table.header.length, numeric: [], firstLine: 2 },
    regions, metrics, maxProblems: 10_000, maxUnresolved: 1_000, ...extra, ...(partial ? { partial } : {}),
  }
  const staged = await checkStaged(engine, input)
  conn.query('DELETE FROM user_data.observations')
  if (staged.observationCount > 0) await runQuery(conn, buildStagedInsertSql('s1', staged.rows))
  const rows = await insertedRows()
  // the clean lane's chart rows, counted before the insert, are what the inserted rows count to
  if (staged.summary) expect(staged.summary).toEqual(await runQuery(conn, importedSummary()))

  for (const sql of buildDropStagingSql()) conn.query(sql)
  return { js, staged, rows, stagedAll }
}

/** A table's cells as the careful reader writes them (String(v), a null as ''). */
function tableText(table: Table): string[][] {
  const columns = table.schema.fields.map((_, i) => table.getChildAt(i))
  return Array.from({ length: table.numRows }, (_, r) => columns.map((c) => {
    const v = c?.get(r)
    return v === null || v === undefined ? '' : String(v)
  }))
}

/** A typed table (a Parquet file, as Arrow) both ways: buildImport on its cells as text, the staged check on the table as stageArrow stages it. */
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
    fileName: 't.parquet', header, mapping, plan: { width: header.length, numeric: numberColumns(table), firstLine: 2 }, regions, metrics, maxProblems: 100, maxUnresolved: 10,
  }
  const staged = await checkStaged(engine, input)
  conn.query('DELETE FROM user_data.observations')
  if (staged.observationCount > 0) await runQuery(conn, buildStagedInsertSql('s1', staged.rows))
  const rows = await insertedRows()
  if (staged.summary) expect(staged.summary).toEqual(await runQuery(conn, importedSummary()))
  for (const sql of buildDropStagingSql()) conn.query(sql)

  return { js, staged, rows }
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
    expect(result.staged.rows).toBe('judged')
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
    expect(result.staged.regionCode).toBe('530300')
    expectSame(result)
  })

  it('only the columns the mapping reads staged: the same result; every column staged when a blank region cell makes the others count, or the mapping reads another', async () => {
    const withSource = 'region_code,year,metric,value,source_id\n530100,2021,online.items_online_pct,90,s1\n530300,2021,online.items_online_pct,88,s1\n'
    const clean = await both('kept.csv', new TextEncoder().encode(withSource), undefined, {}, [0, 1, 2, 3])
    expect(clean.staged.rows).toBe('clean')
    expect(clean.stagedAll).toBe(0)
    expectSame(clean)
    // a row whose only cell is in a column no mapping reads is not blank: its region is missing
    const sourceOnly = withSource + ',,,,s2\n,,,,\n'
    const judged = await both('kept-blank.csv', new TextEncoder().encode(sourceOnly), undefined, {}, [0, 1, 2, 3])
    expect(judged.stagedAll).toBe(1)
    expect(judged.js.problems.map((p) => [p.row, p.code])).toEqual([[4, 'missing-region'], [4, 'bad-year'], [4, 'missing-metric']])
    expectSame(judged)
    // the mapping reads the fifth column as notes: it is staged before anything reads it
    const notes = await both('kept-note.csv', new TextEncoder().encode(withSource), (m) => ({ ...m, note: 4 }), {}, [0, 1, 2, 3])
    expect(notes.stagedAll).toBe(1)
    expect(notes.rows.map((r) => r.note)).toEqual(['s1', 's1'])
    expectSame(notes)
  })

  it('a value too large for a number is reported, not imported, either way', async () => {
    const text = `region_code,year,metric,value\n530100,2021,online.cases_total,1${'0'.repeat(400)}\n530300,2021,online.cases_total,5\n`
    const result = await both('huge.csv', new TextEncoder().encode(text))
    expect(result.js.problems.map((p) => p.code)).toEqual(['not-a-number'])
    expectSame(result)
  })

  it.each([
    ['the second naming its unit', ['满意度指数,50', '满意度指数（%）,60']],
    ['with different units', ['满意度指数(件),60', '满意度指数(%),50']],
  ])('two labels of one new indicator (%s): its unit is settled row by row', async (_what, lines) => {
    const text = ['region_code,year,metric,value', ...lines.map((l, i) => `${['530100', '530300'][i]},2021,${l}`)].join('\n') + '\n'
    const result = await both('labels.csv', new TextEncoder().encode(text))
    expect(result.staged.rows).toBe('judged')
  })

  it('the region with most rows counts the cells that name it together', async () => {
    const lines = ['region,year,metric,value']
    for (let i = 0; i < 3; i++) lines.push(`昆明市,${2010 + i},办件量,1`, `昆明,${2015 + i},办件量,1`)
    for (let i = 0; i < 4; i++) lines.push(`530300,${2020 + i},办件量,1`)
    const result = await both('top.csv', new TextEncoder().encode(lines.join('\n') + '\n'))
    expect(result.staged.regionCode).toBe('530100')
    expectSame(result)
  })

  it('a file with a header and no rows gives the same empty report either way', async () => {
    const result = await both('empty.csv', new TextEncoder().encode('region_code,year,metric,value\n'))
    expect(result.staged.observationCount).toBe(0)
    expectSame(result)
  })

  it('a clean file that names one region two ways goes the clean lane; a key it repeats that way is found', async () => {
    const lines = ['region,year,metric,value', '昆明市,2021,网上可办率,90', '昆明,2022,网上可办率,91', '保山市,2021,网上可办率,80']
    const clean = await both('names.csv', new TextEncoder().encode(lines.join('\n') + '\n'))
    expect(clean.rows.length).toBe(3)
    expectSame(clean)
    const repeated = await both('names-repeat.csv', new TextEncoder().encode([...lines, '昆明,2021,网上可办率,92'].join('\n') + '\n'))
    expect(repeated.staged.rows).toBe('judged')
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
    expectSame(result)
  })

  it('typed columns of a clean file (codes as integers, empty notes, two batches) go the clean lane, with the same result', async () => {
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
    expect(result.rows.length).toBe(4)
    expectSame(result)
  })

  it('a row with the wrong field count makes DuckDB refuse the file, so the careful reader takes it', () => {
    db.registerFileBuffer('broken.csv', fixtureBytes('broken-rows.csv').slice())
    expect(() => buildStageCsvSql('broken.csv', 4, ',').forEach((sql) => conn.query(sql))).toThrow()
  })
})
