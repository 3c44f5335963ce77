/**
 * Floors for `npm run bench`, measured in Node on the same duckdb-wasm engine the browser runs (its
 * blocking Node bundle, single-threaded, eh build): what DuckDB itself needs, without the page.
 *
 *   tsx scripts/lib/duckdb-floors.ts query [--runs 7] [--metrics a,b | --limit 4] [--dataset real|demo]
 *                                          [--dir tmp/synth] [--level prefecture] [--province 530000]
 *     The app's ranking query (src/queries/build-ranking-sql.ts; by default over data/ with the scope
 *     #/overview opens with: prefectures, all provinces) for each metric at its latest year, timed as the app's client runs it:
 *     prepare + query (result to Arrow) + close, after an untimed warm-up (≥ 2 passes, ≥ 1 s).
 *   tsx scripts/lib/duckdb-floors.ts load --file tmp/synth/observations.csv [--runs 5]
 *     CSV: CREATE TABLE … AS read_csv (the app's typed load, build-load-sql.ts) of a file already
 *     registered in memory. Parquet: duckdb-wasm 1.32 has no built-in read_parquet (the extension
 *     would come from the network), so parquet-wasm decodes it to Arrow and DuckDB inserts that, a
 *     batch at a time as the app does.
 *     Then DuckDB's memory after the first load (duckdb_memory(), and PRAGMA database_size).
 *
 * The last line of stdout is one JSON object.
 */
import { readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Papa from 'papaparse'
import { buildLoadTableSql, COMPACT_SQL, CONTRACT_COLUMNS, type ContractTable } from '../../src/queries/build-load-sql'
import { buildRankableMetricsSql, buildRankingSql, type RankableMetricRow, type RankingScope } from '../../src/queries/build-ranking-sql'
import { DEMO_SEED, DEMO_YEARS, generateObservations, observationsCsv, synthSource } from '../../src/synth/demo'
import type { SqlQuery } from '../../src/types/query'
import { openDb, type Connection, type Database } from './duckdb-node'
import { STREAM_BATCH_ROWS } from '../../src/ingest/parquet'

const require = createRequire(import.meta.url)
const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url))

type Db = Database
type Conn = Connection

/** The same engine and settings as the unit tests (scripts/lib/duckdb-node.ts). */
async function open(): Promise<{ db: Db; conn: Conn }> {
  const { db, conn } = await openDb()
  return { db, conn }
}

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v)
function rows<T>(conn: Conn, q: SqlQuery | string): T[] {
  const { sql, params } = typeof q === 'string' ? { sql: q, params: [] } : q
  const st = conn.prepare(sql)
  try {
    return st
      .query(...params)
      .toArray()
      .map((r) => Object.fromEntries(Object.entries(r.toJSON() as Record<string, unknown>).map(([k, v]) => [k, plain(v)])) as T)
  } finally {
    st.close()
  }
}

/** Times one built query as src/db/client.ts runs it. */
function timeQuery(conn: Conn, q: SqlQuery): { ms: number; rows: number } {
  const t = performance.now()
  const st = conn.prepare(q.sql)
  const table = st.query(...q.params)
  st.close()
  return { ms: performance.now() - t, rows: table.numRows }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

/**
 * The contract tables, loaded with the app's typed read_csv (build-load-sql.ts) straight into plain
 * tables that the queries name. The app reads them through views onto its dataset schemas; a floor
 * leaves that out. `demo` builds the 模拟数据 dataset as src/db/client.ts does: the real regions and
 * metrics, one synthetic source, the generated observations.
 */
function loadTables(db: Db, conn: Conn, dataset: 'real' | 'demo', dataDir = DATA_DIR): void {
  const load = (table: ContractTable, text: string) => {
    db.registerFileText(`${table}.csv`, text)
    conn.query(buildLoadTableSql(table, `${table}.csv`))
  }
  const read = (table: ContractTable) => readFileSync(join(dataDir, `${table}.csv`), 'utf8')
  load('regions', read('regions'))
  load('metrics', read('metrics'))
  if (dataset === 'real') {
    load('sources', read('sources'))
    load('observations', read('observations'))
    return
  }
  const s = synthSource(DEMO_SEED, '530000', DEMO_YEARS[DEMO_YEARS.length - 1] as number)
  load('sources', Papa.unparse([s], { columns: Object.keys(CONTRACT_COLUMNS.sources), newline: '\n' }))
  const regions = rows<{ code: string; level: 'prefecture' }>(conn, "SELECT code, level FROM regions WHERE level = 'prefecture' AND code LIKE '53%' ORDER BY code")
  load('observations', observationsCsv(generateObservations({ seed: DEMO_SEED, regions, years: DEMO_YEARS })))
}

interface QueryOptions {
  runs: number
  dataset: 'real' | 'demo'
  wanted: string[] | null
  dataDir?: string
  scope: RankingScope
  /** At most this many metrics, spread evenly over the rankable ones (when none are wanted). */
  limit?: number
}

async function queryFloor({ runs, dataset, wanted, dataDir, scope, limit }: QueryOptions) {
  const { db, conn } = await open()
  loadTables(db, conn, dataset, dataDir)
  const rankable = rows<RankableMetricRow>(conn, buildRankableMetricsSql(scope))
  let chosen = (wanted ? rankable.filter((m) => wanted.includes(m.id)) : rankable).filter((m) => m.latest_year !== null)
  if (limit && chosen.length > limit) chosen = Array.from({ length: limit }, (_, i) => chosen[Math.floor((i * chosen.length) / limit)] as RankableMetricRow)
  const perMetric: Record<string, number[]> = {}
  const samples: number[] = []
  const built = chosen.map((m) => [m, buildRankingSql({ ...scope, metric: m.id, year: m.latest_year as number, direction: m.direction })] as const)
  // Warm-up, untimed: at least twice over every query and for at least a second, so that the wasm
  // has tiered up (as in a page in use) before anything is timed.
  const warmStart = performance.now()
  for (let pass = 0; pass < 2 || performance.now() - warmStart < 1000; pass++) for (const [, q] of built) timeQuery(conn, q)
  for (const [m, q] of built) {
    perMetric[m.id] = []
    for (let i = 0; i < runs; i++) {
      const { ms } = timeQuery(conn, q)
      perMetric[m.id]?.push(ms)
      samples.push(ms)
    }
  }
  return {
    task: 'query',
    dataset,
    data_dir: dataDir ?? DATA_DIR,
    scope,
    observations: rows<{ n: number }>(conn, 'SELECT count(*) AS n FROM observations')[0]?.n ?? 0,
    duckdb_version: db.getVersion(),
    metrics: chosen.map((m) => m.id),
    missing_metrics: wanted ? wanted.filter((id) => !chosen.some((m) => m.id === id)) : [],
    per_metric_median_ms: Object.fromEntries(Object.entries(perMetric).map(([k, v]) => [k, median(v)])),
    samples_ms: samples,
  }
}

interface MemRow {
  tag: string
  memory_usage_bytes: number
}

async function loadFloor(file: string, runs: number) {
  const { db, conn } = await open()
  const name = basename(file)
  const parquet = name.endsWith('.parquet')
  const bytes = new Uint8Array(readFileSync(file))
  // duckdb-wasm 1.32 has no built-in read_parquet: the parquet extension would be fetched from the
  // network, which the app forbids. So a Parquet file goes parquet-wasm → Arrow IPC → DuckDB, as
  // the app reads it (src/ingest/parquet.ts): batch by batch, each inserted as it is decoded (one
  // stream of the whole file took about twice as long here).
  const pq = parquet ? (require('parquet-wasm') as typeof import('parquet-wasm')) : null
  if (!parquet) db.registerFileBuffer(name, bytes)
  const load = async () => {
    if (!pq) return void conn.query(buildLoadTableSql('observations', name))
    const file = await pq.ParquetFile.fromFile(new Blob([bytes]))
    let create = true
    for await (const batch of await file.stream({ batchSize: STREAM_BATCH_ROWS })) {
      conn.insertArrowFromIPCStream((batch as import('parquet-wasm').RecordBatch).intoIPCStream(), { name: 'observations', create })
      create = false
    }
  }
  const memory = () => rows<MemRow>(conn, 'SELECT tag, memory_usage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0 ORDER BY tag')
  const before = memory()
  const samples: number[] = []
  const compactMs: number[] = []
  let after: MemRow[] = []
  let dbSize: Record<string, unknown> = {}
  let count = 0
  for (let i = 0; i < runs; i++) {
    if (i > 0) conn.query('DROP TABLE observations')
    const t = performance.now()
    await load()
    samples.push(performance.now() - t)
    const c = performance.now()
    conn.query(COMPACT_SQL)
    compactMs.push(performance.now() - c)
    if (i === 0) {
      // Memory right after the first load into a fresh database.
      after = memory()
      dbSize = rows<Record<string, unknown>>(conn, 'PRAGMA database_size')[0] ?? {}
      count = rows<{ n: number }>(conn, 'SELECT count(*) AS n FROM observations')[0]?.n ?? 0
    }
  }
  const sum = (xs: MemRow[]) => xs.reduce((a, r) => a + r.memory_usage_bytes, 0)
  return {
    task: 'load',
    format: parquet ? 'parquet' : 'csv',
    method: parquet ? `parquet-wasm ParquetFile.stream (${STREAM_BATCH_ROWS} rows a batch) → Arrow IPC → insertArrowFromIPCStream, batch by batch` : 'read_csv (build-load-sql.ts) of a registered buffer',
    file,
    file_bytes: readFileSync(file).length,
    rows: count,
    duckdb_version: db.getVersion(),
    samples_ms: samples,
    compact_ms: compactMs,
    memory_before: before,
    memory_after: after,
    duckdb_memory_bytes: sum(after) - sum(before),
    database_size: dbSize,
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '7' },
    metrics: { type: 'string' },
    dataset: { type: 'string', default: 'real' },
    file: { type: 'string' },
    dir: { type: 'string' },
    level: { type: 'string', default: 'prefecture' },
    province: { type: 'string' },
    limit: { type: 'string' },
  },
})
const runs = Math.max(1, Number(values.runs))
const task = positionals[0]
let result: unknown
if (task === 'query') {
  const level = values.level as RankingScope['level']
  if (!['prefecture', 'county', 'zone'].includes(level)) throw new Error(`--level: ${level}?`)
  const province = values.province === '530000' || values.province === '520000' ? values.province : null
  result = await queryFloor({
    runs,
    dataset: values.dataset === 'demo' ? 'demo' : 'real',
    wanted: values.metrics ? values.metrics.split(',').filter(Boolean) : null,
    dataDir: values.dir ? resolve(values.dir) : undefined,
    scope: { level, province },
    limit: values.limit ? Number(values.limit) : undefined,
  })
} else if (task === 'load') {
  if (!values.file) throw new Error('load needs --file')
  result = await loadFloor(values.file, runs)
} else {
  throw new Error(`usage: duckdb-floors.ts query|load …, not ${task}`)
}
console.log(JSON.stringify(result))
