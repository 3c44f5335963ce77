/**
 * Reports applied as one import with provenance, on real DuckDB (the Node bundle), with the app's
 * own statements: the readings here are made up (invented numbers), the SQL is the app's.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { DATA_DIR, openDb, runQuery, type Connection } from '../../scripts/lib/duckdb-node'
import { buildActivateDatasetSql, buildLoadTableSql, buildUserSchemaSql, CONTRACT_TABLES, csvColumnsSpec } from '../../src/queries/build-load-sql'
import {
  buildEvidenceSql, buildLoadRealProvenanceSql, buildProvenanceSchemaSql, buildRemoveReportImportStatements, buildReportImportStatements,
  OBSERVATION_CSV_COLUMNS, PROVENANCE_CSV_COLUMNS, rowsToCsv, TEXT_CSV_COLUMNS, type EvidenceRow, type ReportImportBatch,
} from '../../src/queries/build-report-import-sql'
import { blocker, buildReportBatch, keptFigures, type ReportEntry } from '../../src/stores/report-entry'
import type { Figure, ReportReading } from '../../src/reports/types'
import type { SqlQuery } from '../../src/types/query'
import { readCsv } from './csv'

let conn: Connection
let registerText: (name: string, text: string) => void

beforeAll(async () => {
  ;({ conn, registerText } = await openDb())
  conn.query('CREATE SCHEMA real')
  for (const table of CONTRACT_TABLES) {
    registerText(`${table}.csv`, readFileSync(`${DATA_DIR}${table}.csv`, 'utf8'))
    conn.query(buildLoadTableSql(table, `${table}.csv`, 'real'))
  }
  for (const sql of buildUserSchemaSql()) conn.query(sql)
  for (const sql of buildProvenanceSchemaSql()) conn.query(sql)
  for (const sql of buildActivateDatasetSql('real')) conn.query(sql)
})

/** A made-up report (模拟: invented numbers), its figures found at their offsets in the text. */
function entry(name: string, sentences: [metric: string, sentence: string, number: string, value: number][]): ReportEntry {
  let text = `某县人民政府2030年政府信息公开工作年度报告\n`
  const figures: Figure[] = []
  for (const [metric, sentence, number, value] of sentences) {
    const at = text.length
    text += `${sentence}\n`
    const start = at + sentence.indexOf(number)
    figures.push({ metric, value, unit: 'count', qualifier: 'exact', excerpt: sentence, start, end: start + number.length, flags: [] })
  }
  const reading: ReportReading = {
    name, kind: 'text', text, title: '某县人民政府2030年政府信息公开工作年度报告', publisher: '某县人民政府', regionCode: '530102', regionName: '五华区',
    regionCandidates: [], year: 2030, scope: 'government', format: 'free-text', figures, flags: [],
  }
  return { id: 1, name, size: text.length, status: 'ready', error: '', reading, regionCode: '530102', year: 2030, scope: 'government', edits: {}, included: true, ms: 0 }
}

function apply(batch: ReportImportBatch): void {
  const files = { metrics: 'm.csv', observations: 'o.csv', provenance: 'p.csv', texts: 't.csv' }
  const metricsCsv = ['id,family,name_zh,name_en,unit,direction,definition_zh,definition_en', ...batch.newMetrics.map((m) => [m.id, m.family, m.name_zh, m.name_en, m.unit, m.direction, m.definition_zh, m.definition_en].map((v) => `"${v.replaceAll('"', '""')}"`).join(','))].join('\n')
  registerText(files.metrics, `${metricsCsv}\n`)
  registerText(files.observations, rowsToCsv(batch.observations, OBSERVATION_CSV_COLUMNS))
  registerText(files.provenance, rowsToCsv(batch.provenance, PROVENANCE_CSV_COLUMNS))
  registerText(files.texts, rowsToCsv(batch.texts, TEXT_CSV_COLUMNS))
  transaction(buildReportImportStatements(batch, files))
}

function transaction(statements: SqlQuery[]): void {
  conn.query('BEGIN TRANSACTION')
  try {
    for (const s of statements) {
      const p = conn.prepare(s.sql)
      p.query(...s.params)
      p.close()
    }
    conn.query('COMMIT')
  } catch (e) {
    conn.query('ROLLBACK')
    throw e
  }
}

const count = async (sql: string) => (await runQuery<{ n: number }>(conn, { sql: `SELECT count(*)::INTEGER AS n FROM ${sql}`, params: [] }))[0]?.n

describe('a report import', () => {
  it('keeps every kept figure with its excerpt and the report text, corrections applied, in every view', async () => {
    const a = entry('a.txt', [
      ['disclosure.requests_new', '本年新收政府信息公开申请 37 件，', '37', 37],
      ['disclosure.req_granted', '予以公开 21 件；', '21', 21],
      ['disclosure.req_denied.state_secret', '属于国家秘密 2 件。', '2', 2],
    ])
    a.edits = { 1: { value: 23 }, 2: { excluded: true } }
    const batch = buildReportBatch([a], 'reports-test')
    expect(keptFigures(a).map((k) => k.figure.metric)).toEqual(['disclosure.requests_new', 'disclosure.req_granted'])
    apply(batch)
    const rows = await runQuery<{ metric: string; value: number; note: string | null }>(conn, { sql: "SELECT metric, value, note FROM observations WHERE source_id LIKE 'reports-test%' ORDER BY metric", params: [] })
    expect(rows.map((r) => [r.metric, r.value])).toEqual([['disclosure.req_granted', 23], ['disclosure.requests_new', 37]])
    expect(rows[0]?.note).toContain('21')
    // the source row says what the report was
    const [source] = await runQuery<{ reference: string; publisher_zh: string; format: string; scope: string; year: number }>(conn, { sql: "SELECT reference, publisher_zh, format, scope, year FROM sources WHERE id = 'reports-test-1'", params: [] })
    expect(source).toEqual({ reference: 'a.txt', publisher_zh: '某县人民政府', format: 'free-text', scope: 'government', year: 2030 })
    // its excerpt and text come back, the offsets pointing at the number
    const [ev] = await runQuery<EvidenceRow>(conn, buildEvidenceSql({ source_id: 'reports-test-1', region_code: '530102', year: 2030, metric: 'disclosure.requests_new' }, false))
    expect(ev?.excerpt).toBe('本年新收政府信息公开申请 37 件，')
    expect(ev?.text?.slice(ev.start ?? 0, ev.end ?? 0)).toBe('37')
    expect(ev?.file_name).toBe('a.txt')
  })

  it('is one transaction: a failure leaves nothing behind', async () => {
    const batch = buildReportBatch([entry('b.txt', [['disclosure.requests_new', '本年新收申请 5 件。', '5', 5]])], 'reports-bad')
    const before = await count('observations')
    // the observations file missing: the statements after the source rows fail, and everything is undone
    const files = { metrics: 'm2.csv', observations: 'missing.csv', provenance: 'p2.csv', texts: 't2.csv' }
    registerText('m2.csv', 'id,family,name_zh,name_en,unit,direction,definition_zh,definition_en\n')
    expect(() => transaction(buildReportImportStatements(batch, files))).toThrow()
    expect(await count('observations')).toBe(before)
    expect(await count("sources WHERE id LIKE 'reports-bad%'")).toBe(0)
  })

  it('brings names for the table ids the catalogue lacks, and removing it takes them out again', async () => {
    const a = entry('c.txt', [['disclosure.req_denied.state_secret.natural_person', '属于国家秘密（自然人） 3 件', '3', 3]])
    const batch = buildReportBatch([a], 'reports-c')
    apply(batch)
    const [m] = await runQuery<{ name_zh: string; name_en: string }>(conn, { sql: "SELECT name_zh, name_en FROM metrics WHERE id = 'disclosure.req_denied.state_secret.natural_person'", params: [] })
    expect(m?.name_zh).toBe('不予公开·属于国家秘密·自然人')
    expect(m?.name_en).toContain('state secret')
    transaction(buildRemoveReportImportStatements(batch.sources.map((s) => s.id)))
    expect(await count("observations WHERE source_id LIKE 'reports-c%'")).toBe(0)
    expect(await count("user_data.provenance WHERE source_id LIKE 'reports-c%'")).toBe(0)
    expect(await count("user_data.report_texts WHERE source_id LIKE 'reports-c%'")).toBe(0)
    expect(await count("metrics WHERE id = 'disclosure.req_denied.state_secret.natural_person'")).toBe(0)
  })

  it('keeps a text far beyond read_csv line limit and quotes, commas and newlines intact', async () => {
    const long = `${'甲,"乙"\n'.repeat(400_000)}`
    const a = entry('d.txt', [['disclosure.requests_new', '本年新收申请 8 件', '8', 8]])
    a.reading = { ...(a.reading as ReportReading), text: (a.reading as ReportReading).text + long }
    apply(buildReportBatch([a], 'reports-d'))
    const [t] = await runQuery<{ n: number }>(conn, { sql: "SELECT length(text)::INTEGER AS n FROM user_data.report_texts WHERE source_id LIKE 'reports-d%'", params: [] })
    expect(t?.n).toBe((a.reading as ReportReading).text.length)
  })
})

describe('evidence for our own data', () => {
  it('finds the excerpt of a data/ observation from data/provenance.csv', async () => {
    registerText('prov.csv', readFileSync(`${DATA_DIR}provenance.csv`, 'utf8'))
    conn.query(buildLoadRealProvenanceSql('prov.csv'))
    const provenance = readCsv('provenance.csv')
    const row = provenance[Math.floor(provenance.length / 2)] as Record<string, string | number>
    const [ev] = await runQuery<EvidenceRow>(conn, buildEvidenceSql({ source_id: String(row.source_id), region_code: String(row.region_code), year: Number(row.year), metric: String(row.metric) }, true))
    expect(ev?.excerpt).toBe(String(row.excerpt))
    expect(ev?.reference).toBeTruthy()
    expect(ev?.text).toBeNull()
  })

  it('says so when an observation has no excerpt (the source still comes)', async () => {
    registerText('prov.csv', readFileSync(`${DATA_DIR}provenance.csv`, 'utf8'))
    conn.query(buildLoadRealProvenanceSql('prov.csv'))
    const [ev] = await runQuery<EvidenceRow>(conn, buildEvidenceSql({ source_id: 'km-2017', region_code: '530100', year: 2017, metric: 'no.such.metric' }, true))
    expect(ev?.excerpt).toBeNull()
    expect(ev?.title_zh).toContain('昆明')
  })
})

it('csvColumnsSpec is what the report statements read observations with', () => {
  expect(buildReportImportStatements({ sources: [], newMetrics: [], observations: [], provenance: [], texts: [] }, { metrics: 'm', observations: 'o', provenance: 'p', texts: 't' })[0]?.sql).toContain(csvColumnsSpec('observations'))
})

describe('what holds a report back', () => {
  it('a region outside the app’s region table, once the table is known; no figure kept', () => {
    const a = entry('a.txt', [['disclosure.requests_new', '本年新收政府信息公开申请 37 件，', '37', 37]])
    expect(blocker(a, null)).toBeNull()
    expect(blocker(a, new Set(['530102']))).toBeNull()
    expect(blocker({ ...a, regionCode: '530302' }, new Set(['530102']))).toBe('unknownRegion')
    expect(blocker({ ...a, regionCode: null }, new Set(['530102']))).toBe('region')
    // an entry is replaced, not changed, when edited: its kept figures follow the new object
    expect(keptFigures(a)).toHaveLength(1)
    expect(blocker({ ...a, edits: { 0: { excluded: true } } }, null)).toBe('figures')
  })
})
