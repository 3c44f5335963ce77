/**
 * `npm run data:synth [-- --seed 42 --rows 1000000 --out tmp/synth/ --regions synthetic|known]`: a deterministic 模拟数据 set of
 * a FULL province for benchmarks and the import feature: Yunnan's province, 16 prefectures and 129
 * county-level units, 2016–2024, every metric of src/synth/generate.ts (whose generateObservations
 * makes every value), as the contract's tidy tables.
 *
 * NOT REAL DATA. Most county units are synthetic (codes `<prefecture code's first 4 digits><serial>`,
 * names `模拟县 <code>`; they may share a code with a real county they are not), and past one pass over
 * the province (~44 700 rows) the rows are synthetic sub-metrics `<metric>.synth_<k>` generated with
 * seed `seed + k × 1 000 003`. The exact scheme is in scripts/lib/synth-province.ts. Same seed and
 * rows, same bytes.
 *
 * Writes to --out: observations.csv (region_code,year,metric,value,qualifier,source_id,note),
 * regions.csv (with the synthetic units), metrics.csv (the contract metrics and their synthetic
 * sub-metrics, so that the four tables join), sources.csv (one row: 模拟数据), observations.parquet
 * (the same rows; ZSTD, row groups of 122 880 rows; typed like the app's read_csv: VARCHAR, INTEGER,
 * DOUBLE) and README.txt (what all this is).
 *
 * `--regions known` (default out tmp/synth-known/): only the regions data/regions.csv lists that are
 * Yunnan's prefectures or counties (code starting 53), so every row is importable in the app (whose
 * import rejects unknown regions); same multi-pass scheme, more passes (see synth-province.ts).
 * regions.csv then holds just those regions. The default (`--regions synthetic`) is unchanged.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Papa from 'papaparse'
import { Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow'
import { observationsCsv } from '../src/synth/generate'
import type { Observation } from '../src/types/data'
import { PASS_SEED_STEP, synthProvince, YEARS } from './lib/synth-province'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    regions: { type: 'string', default: 'synthetic' },
    'no-parquet': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (values.help) {
  console.log('npm run data:synth -- [--seed 42] [--rows 1000000] [--regions synthetic|known] [--out tmp/synth/ | tmp/synth-known/] [--no-parquet]')
  process.exit(0)
}
const seed = Number(values.seed)
const rows = Number(values.rows)
if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, not ${values.seed}`)
if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`--rows must be a positive integer, not ${values.rows}`)
const regionsMode = values.regions
if (regionsMode !== 'synthetic' && regionsMode !== 'known') throw new Error(`--regions must be synthetic or known, not ${regionsMode}`)
const known = regionsMode === 'known'
const out = resolve(process.cwd(), values.out ?? (known ? 'tmp/synth-known/' : 'tmp/synth/'))
mkdirSync(out, { recursive: true })

const t0 = performance.now()
const lap = (() => {
  let last = t0
  return () => {
    const now = performance.now()
    const ms = now - last
    last = now
    return `${Math.round(ms)} ms`
  }
})()

const data = synthProvince({ seed, rows, dataDir: join(ROOT, 'data'), regions: regionsMode })
const genTime = lap()

const unparse = (rows: object[], columns: string[]) => `${Papa.unparse(rows, { columns, newline: '\n' })}\n`
const files: [string, string | Uint8Array][] = [
  ['observations.csv', observationsCsv(data.observations)],
  ['regions.csv', unparse(data.regions, ['code', 'name_zh', 'name_en', 'level', 'parent_code'])],
  ['metrics.csv', unparse(data.metrics, ['id', 'family', 'name_zh', 'name_en', 'unit', 'direction', 'definition_zh', 'definition_en'])],
  ['sources.csv', unparse([data.source], ['id', 'region_code', 'year', 'publisher_zh', 'title_zh', 'period_start', 'period_end', 'reference', 'format', 'scope'])],
]
for (const [name, body] of files) writeFileSync(join(out, name), body)
const csvTime = lap()

let parquetTime = 'skipped (--no-parquet)'
if (!values['no-parquet']) {
  writeFileSync(join(out, 'observations.parquet'), toParquet(data.observations))
  parquetTime = lap()
}

const synthCounties = data.regions.filter((r) => r.synthetic).length
const counts = (level: string) => data.regions.filter((r) => r.level === level).length
const regionLines = known
  ? [
      `Regions (regions.csv): ${data.regions.length} = ${counts('prefecture')} prefectures + ${counts('county')} county-level units of Yunnan, exactly`,
      'those data/regions.csv lists (code starting 53, level prefecture or county), real codes and names;',
      'no province row and no synthetic unit, so every row names a region the app knows. This is NOT a',
      'full province: only the listed regions.',
    ]
  : [
      `Regions (regions.csv): ${data.regions.length} = 1 province + ${counts('prefecture')} prefectures + ${counts('county')} county-level units,`,
      `of which ${synthCounties} are SYNTHETIC units named 模拟县 <code>, code = the prefecture code's first`,
      'four digits + a two-digit serial skipping codes used in data/regions.csv. Such a code may coincide',
      'with the real code of another county: the unit is not that county. Do not merge this regions.csv',
      'with data/regions.csv. Only the number of county-level units per prefecture (129 in all) follows',
      'the official list. The real names and codes kept: the province, the prefectures, 五华区, 腾冲市.',
    ]
const scheme = [
  'NOT REAL DATA (模拟数据). Generated by `npm run data:synth` (scripts/synth.ts) with',
  `--seed ${seed} --rows ${rows}${known ? ' --regions known' : ''}; every value comes from generateObservations (src/synth/generate.ts).`,
  '',
  ...regionLines,
  '',
  `Rows (observations.csv / .parquet): ${data.observations.length}. Years ${YEARS[0]}–${YEARS[YEARS.length - 1]}. One pass over the ${known ? 'listed regions' : 'province'}`,
  `gives ${data.rowsPerPass} rows (the generator leaves ~8 % of cells empty, as 无数据). Passes used: ${data.passes}.`,
  `Pass 0 uses the contract's metric ids; pass k >= 1 is generated with seed ${seed} + k × ${PASS_SEED_STEP}`,
  'and its metric ids get the suffix .synth_<k> (synthetic sub-metrics, listed in metrics.csv with',
  'names ending 模拟子指标 <k>). Rows are cut at --rows in generation order (pass, region, year,',
  'metric), so the last pass may be partial.',
  !known && !data.fullProvince ? `\nWARNING: --rows ${rows} is less than one pass: this is NOT a full province.` : '',
  `Source (sources.csv): one row, ${data.source.id}, publisher ${data.source.publisher_zh}.`,
  'Parquet: ZSTD, row groups of 122880 rows, columns VARCHAR/INTEGER/DOUBLE as the app reads the CSV.',
].join('\n')
writeFileSync(join(out, 'README.txt'), `${scheme}\n`)

console.log(scheme)
console.log(`\nwrote ${data.observations.length} rows to ${out}`)
for (const name of [...files.map(([n]) => n), ...(values['no-parquet'] ? [] : ['observations.parquet'])]) {
  const size = statSync(join(out, name)).size
  console.log(`  ${name.padEnd(22)} ${(size / 1024 / 1024).toFixed(2).padStart(8)} MiB  (${size} bytes)`)
}
console.log(`time: generate ${genTime}, csv ${csvTime}, parquet ${parquetTime}, total ${Math.round(performance.now() - t0)} ms`)

function toParquet(rows: readonly Observation[]): Uint8Array {
  const require = createRequire(import.meta.url)
  const pq = require('parquet-wasm') as typeof import('parquet-wasm')
  const col = <T>(pick: (r: Observation) => T) => rows.map(pick)
  const table = new Table({
    region_code: vectorFromArray(col((r) => r.region_code), new Utf8()),
    year: vectorFromArray(col((r) => r.year), new Int32()),
    metric: vectorFromArray(col((r) => r.metric), new Utf8()),
    value: vectorFromArray(col((r) => r.value), new Float64()),
    qualifier: vectorFromArray(col((r) => r.qualifier), new Utf8()),
    source_id: vectorFromArray(col((r) => r.source_id), new Utf8()),
    note: vectorFromArray(col((r) => r.note), new Utf8()),
  })
  const wasmTable = pq.Table.fromIPCStream(tableToIPC(table, 'stream'))
  const props = new pq.WriterPropertiesBuilder()
    .setCompression(pq.Compression.ZSTD)
    .setMaxRowGroupSize(122_880)
    .setCreatedBy('gov-service-dashboard data:synth (模拟数据)')
    .build()
  return pq.writeParquet(wasmTable, props)
}
