/**
 * A full synthetic province for `npm run data:synth` and `npm run bench`: Yunnan's province, its 16
 * prefectures and its 129 county-level units, 2016–2024, every metric that src/synth/generate.ts
 * produces, scaled to any row count with synthetic sub-metrics. Every value is 模拟数据.
 *
 * Regions. The province, the prefectures and the two counties that data/regions.csv lists (五华区,
 * 腾冲市) keep their real codes and names. Every other county-level unit is SYNTHETIC: code = the
 * prefecture code's first four digits + a two-digit serial (01, 02, … skipping any code that
 * data/regions.csv already uses), name `模拟县 <code>` / `Synthetic county <code>`. Those codes have
 * the shape of GB/T 2260 codes and may coincide with the real code of some other county: the units
 * are not those counties. Only the NUMBER of county-level units per prefecture follows the official
 * division list (129 in all, as recalled for this script, not checked against a source here); it
 * only shapes the dataset's size and the rankings' lengths.
 *
 * Rows. One pass over the province (146 regions × 9 years × 37 metrics, less the generator's ~8 %
 * missing cells) gives about 44 700 rows. To reach `rows` (1 000 000 by default) further passes are
 * generated as SYNTHETIC SUB-METRICS: pass k ≥ 1 is generateObservations with seed
 * `seed + k × 1 000 003`, and each of its metric ids gets the suffix `.synth_<k>` (e.g.
 * `online.items_total.synth_01`), in the contract's way of naming sub-rows under a parent id. Pass 0
 * keeps the contract's own metric ids. Every row carries the one source `synthetic-<seed>`. The
 * rows are cut at exactly `rows` in generation order (pass, region, year, metric), so the last pass
 * is usually partial; with `rows` below one pass the output is NOT a full province (it says so).
 *
 * `regions: 'known'` (data:synth --regions known) instead uses ONLY the regions data/regions.csv lists
 * that are Yunnan's prefectures or counties (code starting 53, level prefecture or county; 16 + 2 at
 * the time of writing), real codes and names, no synthetic unit and no province row, so that every
 * row resolves to a known region in the app's import. The multi-pass scheme is the same; a pass is
 * then ~5 500 rows, so 1M rows take ~180 passes. This is NOT a full province either.
 */
import Papa from 'papaparse'
import { readFileSync } from 'node:fs'
import { generateObservations, synthSource, synthSourceId } from '../../src/synth/generate'
import type { Metric, Observation, Region, Source } from '../../src/types/data'

export const PROVINCE_CODE = '530000'
export const YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]
export const PASS_SEED_STEP = 1_000_003

/** County-level units per prefecture of Yunnan (districts, counties, county-level cities): 129. */
export const COUNTY_COUNTS: Record<string, number> = {
  '530100': 14, // 昆明市
  '530300': 9, // 曲靖市
  '530400': 9, // 玉溪市
  '530500': 5, // 保山市
  '530600': 11, // 昭通市
  '530700': 5, // 丽江市
  '530800': 10, // 普洱市
  '530900': 8, // 临沧市
  '532300': 10, // 楚雄州
  '532500': 13, // 红河州
  '532600': 8, // 文山州
  '532800': 3, // 西双版纳州
  '532900': 12, // 大理州
  '533100': 5, // 德宏州
  '533300': 4, // 怒江州
  '533400': 3, // 迪庆州
}

export interface ProvinceRegion extends Region {
  synthetic: boolean
}

function readCsv(path: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true })
  if (parsed.errors.length > 0) throw new Error(`${path}: ${parsed.errors[0]?.message}`)
  return parsed.data
}

/** The province's regions: real province and prefectures, real listed counties, synthetic others. */
export function provinceRegions(dataDir: string): ProvinceRegion[] {
  const all = readCsv(`${dataDir}/regions.csv`)
  const used = new Set(all.map((r) => r.code))
  const asRegion = (r: Record<string, string>): ProvinceRegion => ({
    code: r.code as string,
    name_zh: r.name_zh as string,
    name_en: r.name_en as string,
    level: r.level as Region['level'],
    parent_code: r.parent_code || null,
    synthetic: false,
  })
  const province = all.find((r) => r.code === PROVINCE_CODE)
  if (!province) throw new Error(`${dataDir}/regions.csv has no ${PROVINCE_CODE}`)
  const prefectures = all.filter((r) => r.level === 'prefecture' && r.parent_code === PROVINCE_CODE)
  const out: ProvinceRegion[] = [asRegion(province)]
  for (const pref of prefectures) {
    out.push(asRegion(pref))
    const want = COUNTY_COUNTS[pref.code as string]
    if (want === undefined) throw new Error(`no county count for prefecture ${pref.code}`)
    const real = all.filter((r) => r.level === 'county' && r.parent_code === pref.code).map(asRegion)
    out.push(...real)
    const prefix = (pref.code as string).slice(0, 4)
    let serial = 1
    for (let i = real.length; i < want; i++) {
      let code = `${prefix}${String(serial).padStart(2, '0')}`
      while (used.has(code)) code = `${prefix}${String(++serial).padStart(2, '0')}`
      serial++
      used.add(code)
      out.push({ code, name_zh: `模拟县 ${code}`, name_en: `Synthetic county ${code}`, level: 'county', parent_code: pref.code as string, synthetic: true })
    }
  }
  return out
}

/** The regions data/regions.csv lists that are Yunnan's prefectures or counties (code 53…), as listed. */
export function knownRegions(dataDir: string): ProvinceRegion[] {
  return readCsv(`${dataDir}/regions.csv`)
    .filter((r) => (r.code as string).startsWith('53') && (r.level === 'prefecture' || r.level === 'county'))
    .map((r) => ({
      code: r.code as string,
      name_zh: r.name_zh as string,
      name_en: r.name_en as string,
      level: r.level as Region['level'],
      parent_code: r.parent_code || null,
      synthetic: false,
    }))
}

export type RegionsMode = 'synthetic' | 'known'

export const passSeed = (seed: number, pass: number) => (seed + pass * PASS_SEED_STEP) >>> 0
export const passSuffix = (pass: number, passes: number) => `synth_${String(pass).padStart(Math.max(2, String(passes - 1).length), '0')}`

export interface ProvinceData {
  regions: ProvinceRegion[]
  observations: Observation[]
  metrics: Metric[]
  source: Source
  passes: number
  rowsPerPass: number
  fullProvince: boolean
}

/** Generates exactly `rows` observations (see the header for the scheme). */
export function synthProvince(options: { seed: number; rows: number; dataDir: string; regions?: RegionsMode }): ProvinceData {
  const { seed, rows, dataDir } = options
  const known = options.regions === 'known'
  const regions = known ? knownRegions(dataDir) : provinceRegions(dataDir)
  if (regions.length === 0) throw new Error(`${dataDir}/regions.csv lists no Yunnan prefecture or county`)
  const source = synthSource(seed, PROVINCE_CODE, YEARS[YEARS.length - 1] as number)
  const sourceId = synthSourceId(seed)
  const observations: Observation[] = []
  let pass = 0
  let rowsPerPass = 0
  const passMetrics: string[][] = []
  while (observations.length < rows) {
    const generated = generateObservations({ seed: passSeed(seed, pass), regions, years: YEARS })
    if (pass === 0) rowsPerPass = generated.length
    if (generated.length === 0) throw new Error('the generator produced no rows')
    const seen = new Set<string>()
    for (const row of generated) {
      if (observations.length >= rows) break
      seen.add(row.metric)
      observations.push(pass === 0 ? row : { ...row, metric: `${row.metric}#${pass}`, source_id: sourceId })
    }
    passMetrics.push([...seen])
    pass++
  }
  const passes = pass
  // Suffixes are padded to the number of passes, so they are written once that is known.
  if (passes > 1) {
    for (const row of observations) {
      const hash = row.metric.indexOf('#')
      if (hash >= 0) row.metric = `${row.metric.slice(0, hash)}.${passSuffix(Number(row.metric.slice(hash + 1)), passes)}`
    }
  }
  const catalog = new Map(readCsv(`${dataDir}/metrics.csv`).map((m) => [m.id as string, m as unknown as Metric]))
  const metrics: Metric[] = []
  passMetrics.forEach((ids, p) => {
    for (const id of [...ids].sort()) {
      const parent = catalog.get(id)
      if (!parent) throw new Error(`metric ${id} is not in ${dataDir}/metrics.csv`)
      if (p === 0) {
        metrics.push(parent)
        continue
      }
      const n = passSuffix(p, passes).slice('synth_'.length)
      metrics.push({
        ...parent,
        id: `${id}.${passSuffix(p, passes)}`,
        name_zh: `${parent.name_zh}（模拟子指标 ${n}）`,
        name_en: `${parent.name_en} (synthetic sub-metric ${n})`,
        definition_zh: `模拟数据：与“${parent.name_zh}”同单位、同方向的模拟子指标，仅用于性能测试`,
        definition_en: `Synthetic data: a synthetic sub-metric with the unit and direction of "${parent.name_en}", for benchmarks only`,
      })
    }
  })
  return { regions, observations, metrics, source, passes, rowsPerPass, fullProvince: !known && (passes > 1 || observations.length === rowsPerPass) }
}
