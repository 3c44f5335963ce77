/**
 * Builds the server's database (a DuckDB file) for `engine:serve`:
 *
 *   npm run -s engine:load -- --db FILE [--synthetic N] [--seed S] [FILES...]
 *
 * - the contract tables from data/ (regions, metrics, sources, observations), typed as the page
 *   loads them (queries/build-load-sql.ts);
 * - FILES: more contract-table CSV or Parquet files, each named for its table (…regions….csv,
 *   …observations….parquet): rows appended to that table (users' files in the contract's form);
 * - --synthetic N: the observations are instead N rows of 模拟数据, made by DuckDB itself
 *   (generate_series; no JavaScript loop), over the real regions plus made-up ones (模拟州市/模拟县区)
 *   and one source whose publisher says 模拟数据. The database then says it is synthetic and the
 *   page labels every view of it.
 *
 * Then what large data need, ahead: observations sorted by (metric, year, region) so that a query
 * for one indicator and year reads only its blocks; a second copy per layout of the registry
 * (LAYOUTS: by_region, sorted by region, metric, year), for the queries that select a few regions;
 * and the answers of the parameter sets the registry lists under `precompute` (the catalogue of
 * rankable indicators, the sources' counts, every scope's KPI series, the default scope's ranking of
 * every rankable indicator in its latest year).
 */
import { parseArgs } from 'node:util'
import { existsSync, rmSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { DuckDBInstance, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api'
import { CONTRACT_TABLES, csvColumnsSpec, buildLoadTableSql, type ContractTable } from '../../src/queries/build-load-sql'
import { LAYOUTS, QUERIES, QUERY_NAMES, namedKey, precomputeSets, sqlFor, type Layout } from '../../src/queries/registry'
import { quoteIdent, quoteLiteral } from '../../src/queries/sql'
import { synthSource } from '../../src/synth/generate'
import { DEFAULT_COMPOSITE, HEADLINE_METRICS } from '../../src/queries/headline'
import { bindable } from './db'

export const META_TABLE = 'engine_meta'
/**
 * What a file built by this load holds (engine_meta 'format'): 2 = the layouts and the precomputed
 * answers by set number; 3 = also the sets derived from another query's answer (the default
 * scope's ranking of each indicator in its latest year). engine:serve refuses another, and the bench builds its file again.
 */
export const FORMAT = '3'
export const PRECOMPUTED_KEYS = 'precomputed_keys'
export const precomputedTable = (name: string) => `precomputed_${name}`
const DATA_DIR = resolve(import.meta.dirname, '../../data')
export const SYNTH_YEARS = { from: 2015, count: 10 }
const SYNTH_METRICS = 200

function tableOf(file: string): ContractTable {
  const name = basename(file).toLowerCase()
  const table = CONTRACT_TABLES.find((t) => name.includes(t))
  if (!table) throw new Error(`${file}: name it for its contract table (${CONTRACT_TABLES.join(', ')})`)
  return table
}

function readFileSql(file: string, table: ContractTable): string {
  const path = quoteLiteral(resolve(file))
  if (/\.parquet$/i.test(file)) return `SELECT ${Object.keys(csvColumnsSpecObject(table)).map(quoteIdent).join(', ')} FROM read_parquet(${path})`
  return `SELECT * FROM read_csv(${path}, header = true, delim = ',', quote = '"', escape = '"', columns = {${csvColumnsSpec(table)}})`
}

function csvColumnsSpecObject(table: ContractTable): Record<string, string> {
  return Object.fromEntries(csvColumnsSpec(table).split(', ').map((pair) => pair.split(': ').map((s) => s.slice(1, -1)) as [string, string]))
}

/**
 * N synthetic observations: regions × metrics × years enumerated by one generate_series, values from
 * a hash of (seed, cell) — percentages 40–100 with two decimals (ties, as in real reports), counts
 * and amounts scaled by the year.
 */
async function synthesize(conn: DuckDBConnection, rows: number, seed: number): Promise<void> {
  const preferred = [...new Set([...Object.values(HEADLINE_METRICS).flat(), ...DEFAULT_COMPOSITE.map((c) => c.metric)])]
  await conn.run(`CREATE TEMP TABLE syn_metrics AS
    SELECT row_number() OVER (ORDER BY (id IN (${preferred.map(quoteLiteral).join(', ')})) DESC, id) - 1 AS m, id, unit
    FROM metrics WHERE family <> 'context' QUALIFY m < ${SYNTH_METRICS}`)
  const metricCount = Number((await conn.runAndReadAll('SELECT count(*) FROM syn_metrics')).getRows()[0]?.[0])
  const cells = metricCount * SYNTH_YEARS.count
  const regionCount = Math.ceil(rows / cells)
  const real = Number((await conn.runAndReadAll("SELECT count(*) FROM regions WHERE level IN ('prefecture', 'county', 'zone')")).getRows()[0]?.[0])
  const made = Math.max(0, regionCount - real)
  // made-up regions: the first few hundred prefectures (a ranking's few-hundred-row answer), then counties under them
  const prefectures = Math.min(made, 300)
  await conn.run(`INSERT INTO regions
    SELECT CASE WHEN i % 2 = 0 THEN '53' ELSE '52' END || 'S' || lpad(i::VARCHAR, 7, '0'),
           CASE WHEN i <= ${prefectures} THEN '模拟州市' ELSE '模拟县区' END || i::VARCHAR,
           CASE WHEN i <= ${prefectures} THEN 'Synthetic prefecture ' ELSE 'Synthetic county ' END || i::VARCHAR,
           CASE WHEN i <= ${prefectures} THEN 'prefecture' ELSE 'county' END,
           CASE WHEN i <= ${prefectures} THEN (CASE WHEN i % 2 = 0 THEN '530000' ELSE '520000' END)
                ELSE (CASE WHEN i % 2 = 0 THEN '53' ELSE '52' END) || 'S' || lpad((1 + (i % ${Math.max(1, prefectures)}))::VARCHAR, 7, '0') END
    FROM generate_series(1, ${made}) AS t(i)`)
  await conn.run(`CREATE TEMP TABLE syn_regions AS
    SELECT row_number() OVER (ORDER BY code) - 1 AS r, code FROM regions WHERE level IN ('prefecture', 'county', 'zone')`)
  const source = synthSource(seed, '530000', SYNTH_YEARS.from + SYNTH_YEARS.count - 1)
  await conn.run('DELETE FROM sources')
  await conn.run('INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?::DATE, ?::DATE, ?, ?, ?)', bindable([
    source.id, source.region_code, source.year, source.publisher_zh, source.title_zh, source.period_start, source.period_end,
    `npm run engine:load -- --synthetic ${rows} --seed ${seed}`, source.format, source.scope,
  ]))
  await conn.run(`CREATE TABLE observations_unsorted AS
    SELECT r.code AS region_code, (${SYNTH_YEARS.from} + i % ${SYNTH_YEARS.count})::INTEGER AS year, m.id AS metric,
           CASE WHEN m.unit = 'percent' THEN round(40 + 60 * u, 2) ELSE round(u * 100000 * (1 + (i % ${SYNTH_YEARS.count}) / 10)) END AS value,
           'exact' AS qualifier, ${quoteLiteral(source.id)} AS source_id, NULL::VARCHAR AS note
    FROM (
      SELECT i, (hash(i, ${seed}) % 1000000)::DOUBLE / 1000000 AS u,
             i // ${cells} AS ri, (i // ${SYNTH_YEARS.count}) % ${metricCount} AS mi
      FROM generate_series(0, ${rows - 1}) AS t(i)
    ) AS g
    JOIN syn_regions AS r ON r.r = g.ri
    JOIN syn_metrics AS m ON m.m = g.mi`)
}

/**
 * The observations again, in each layout's order, in a schema of the layout's name: the server runs
 * a query declaring that layout with this schema first on its search path (serve.ts), so the same
 * SQL reads the copy whose zonemaps skip all but the blocks of the regions asked for.
 */
async function writeLayouts(conn: DuckDBConnection): Promise<void> {
  for (const [layout, order] of Object.entries(LAYOUTS) as [Layout, readonly string[]][]) {
    await conn.run(`CREATE SCHEMA ${quoteIdent(layout)}`)
    await conn.run(`CREATE TABLE ${quoteIdent(layout)}.observations AS SELECT * FROM main.observations ORDER BY ${order.map(quoteIdent).join(', ')}`)
  }
}

/**
 * Each answer is stored under its parameter set's number (`_set`, in the order listed, so each set's
 * rows lie together and the server's `WHERE _set = ?` reads only their blocks) and its key
 * (registry.namedKey) in PRECOMPUTED_KEYS.
 */
async function precompute(conn: DuckDBConnection): Promise<void> {
  await conn.run(`CREATE TABLE ${PRECOMPUTED_KEYS} (name VARCHAR, key VARCHAR, "set" INTEGER)`)
  // one transaction, not a commit per set
  await conn.run('BEGIN TRANSACTION')
  const keys = await conn.createAppender(PRECOMPUTED_KEYS)
  const rowsOf = async (name: string, params: unknown) => {
    const q = sqlFor(name, params)
    return (await conn.runAndReadAll(q.sql, bindable(q.params))).getRowObjectsJson()
  }
  for (const name of QUERY_NAMES) {
    const entry = QUERIES[name] as { params: { parse(v: unknown): unknown } }
    const sets = await precomputeSets(name, rowsOf)
    const table = quoteIdent(precomputedTable(name))
    // one statement per SQL text, prepared once: a query's sets (hundreds of rankings) differ only in values
    const inserts = new Map<string, DuckDBPreparedStatement>()
    for (const [set, raw] of sets.entries()) {
      const params = entry.params.parse(raw)
      const q = sqlFor(name, params)
      const select = `SELECT ?::INTEGER AS _set, row_number() OVER () AS _ord, * FROM (${q.sql})`
      const sql = set > 0 ? `INSERT INTO ${table} ${select}` : `CREATE TABLE ${table} AS ${select}`
      let statement = inserts.get(sql)
      if (!statement) inserts.set(sql, (statement = await conn.prepare(sql)))
      statement.bind(bindable([set, ...q.params]))
      await statement.run()
      keys.appendVarchar(name)
      keys.appendVarchar(namedKey({ name, params }))
      keys.appendInteger(set)
      keys.endRow()
    }
  }
  keys.closeSync()
  await conn.run('COMMIT')
}

export async function load(options: { db: string; synthetic?: number; seed?: number; files?: string[]; quiet?: boolean }): Promise<{ rows: number }> {
  const log = options.quiet ? () => undefined : (text: string) => console.error(text)
  for (const suffix of ['', '.wal']) if (existsSync(options.db + suffix)) rmSync(options.db + suffix)
  const instance = await DuckDBInstance.create(options.db, { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' })
  const conn = await instance.connect()
  const started = performance.now()
  try {
    for (const table of CONTRACT_TABLES) {
      if (table === 'observations' && options.synthetic) continue
      const sql = buildLoadTableSql(table, resolve(DATA_DIR, `${table}.csv`))
      await conn.run(table === 'observations' ? sql.replace(`TABLE ${quoteIdent(table)}`, 'TABLE observations_unsorted') : sql)
    }
    if (options.synthetic) {
      log(`模拟数据: ${options.synthetic} rows…`)
      await synthesize(conn, options.synthetic, options.seed ?? 42)
    }
    for (const file of options.files ?? []) {
      const table = tableOf(file)
      await conn.run(`INSERT INTO ${table === 'observations' ? 'observations_unsorted' : quoteIdent(table)} ${readFileSql(file, table)}`)
      log(`${file} → ${table}`)
    }
    await conn.run('CREATE TABLE observations AS SELECT * FROM observations_unsorted ORDER BY metric, year, region_code')
    await conn.run('DROP TABLE observations_unsorted')
    const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM observations')).getRows()[0]?.[0])
    log(`observations: ${rows} rows (${Math.round(performance.now() - started)} ms)`)
    await writeLayouts(conn)
    log(`layouts: ${Object.keys(LAYOUTS).join(', ')} (${Math.round(performance.now() - started)} ms)`)
    await precompute(conn)
    log(`precomputed (${Math.round(performance.now() - started)} ms)`)
    await conn.run(`CREATE TABLE ${META_TABLE} (key VARCHAR, value VARCHAR)`)
    await conn.run(`INSERT INTO ${META_TABLE} VALUES ('synthetic', ?), ('rows', ?), ('built_at', ?), ('format', ?)`, [
      options.synthetic ? 'true' : 'false', String(rows), new Date().toISOString(), FORMAT,
    ])
    await conn.run('CHECKPOINT')
    log(`${options.db}: done in ${Math.round(performance.now() - started)} ms`)
    return { rows }
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values, positionals } = parseArgs({
    options: { db: { type: 'string' }, synthetic: { type: 'string' }, seed: { type: 'string' } },
    allowPositionals: true,
  })
  if (!values.db) {
    console.error('usage: npm run -s engine:load -- --db FILE [--synthetic N] [--seed S] [FILES...]')
    process.exit(2)
  }
  const synthetic = values.synthetic === undefined ? undefined : Number(values.synthetic)
  if (synthetic !== undefined && !(Number.isInteger(synthetic) && synthetic > 0)) throw new Error('--synthetic: a positive whole number of rows')
  await load({ db: values.db, synthetic, seed: values.seed ? Number(values.seed) : undefined, files: positionals })
}
