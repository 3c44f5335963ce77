/**
 * The dataset's own checks, shared by the test suite (tests/unit/dataset.test.ts) and
 * `npm run data:check`. Pure: tables in, problems out. A problem names file, row and column.
 */
import Papa from 'papaparse'
import { readFileSync, existsSync } from 'node:fs'

export type Table = Record<string, string>[]
export interface Dataset {
  regions: Table
  metrics: Table
  sources: Table
  observations: Table
  provenance: Table
}
export interface Problem {
  file: string
  row: number
  column: string
  problem: string
}

export function readTable(path: string): Table {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true })
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0]
    throw new Error(`${path}: row ${(first?.row ?? 0) + 2}: ${first?.message}`)
  }
  return parsed.data
}

export function readDataset(dir: string): Dataset {
  const read = (name: string) => readTable(`${dir}/${name}.csv`)
  return {
    regions: read('regions'),
    metrics: read('metrics'),
    sources: read('sources'),
    observations: read('observations'),
    provenance: read('provenance'),
  }
}

/** CSV line number of a data row (the header is line 1). */
const line = (index: number) => index + 2

const LEVELS = new Set(['province', 'prefecture', 'county', 'zone'])
const FAMILIES = new Set(['online', 'ontime', 'trading', 'disclosure', 'context'])
const DIRECTIONS = new Set(['higher', 'lower', 'neutral'])
const QUALIFIERS = new Set(['exact', 'approx', 'at_least'])
const FORMATS = new Set(['free-text', 'gb-2019', 'gb-2021'])
const SCOPES = new Set(['government', 'bureau'])
const WHOLE_UNITS = new Set(['count', 'persons'])

/** Referential integrity, keys, enumerations, units and ranges. */
export function checkIntegrity(d: Dataset): Problem[] {
  const problems: Problem[] = []
  const add = (file: string, row: number, column: string, problem: string) => problems.push({ file, row: line(row), column, problem })
  const regionCodes = new Set(d.regions.map((r) => r.code))
  const metricById = new Map(d.metrics.map((m) => [m.id, m]))
  const sourceIds = new Set(d.sources.map((s) => s.id))

  d.regions.forEach((r, i) => {
    if (!/^\d{6}(-[a-z0-9]+)?$/.test(r.code ?? '')) add('regions.csv', i, 'code', `not a GB/T 2260 code: ${r.code}`)
    if (!LEVELS.has(r.level ?? '')) add('regions.csv', i, 'level', `unknown level ${r.level}`)
    if (r.parent_code && !regionCodes.has(r.parent_code)) add('regions.csv', i, 'parent_code', `no region ${r.parent_code}`)
    if (!r.parent_code && r.level !== 'province') add('regions.csv', i, 'parent_code', 'only a province has no parent')
    if (!r.name_zh || !r.name_en) add('regions.csv', i, 'name_zh', 'both names are required')
  })
  d.metrics.forEach((m, i) => {
    if (!FAMILIES.has(m.family ?? '')) add('metrics.csv', i, 'family', `unknown family ${m.family}`)
    if (!(m.id ?? '').startsWith(`${m.family}.`)) add('metrics.csv', i, 'id', `id does not start with its family ${m.family}`)
    if (!DIRECTIONS.has(m.direction ?? '')) add('metrics.csv', i, 'direction', `unknown direction ${m.direction}`)
    for (const column of ['name_zh', 'name_en', 'unit', 'definition_zh', 'definition_en']) {
      if (!m[column]) add('metrics.csv', i, column, 'required')
    }
  })
  d.sources.forEach((s, i) => {
    if (!regionCodes.has(s.region_code ?? '')) add('sources.csv', i, 'region_code', `no region ${s.region_code}`)
    if (!FORMATS.has(s.format ?? '')) add('sources.csv', i, 'format', `unknown format ${s.format}`)
    if (!SCOPES.has(s.scope ?? '')) add('sources.csv', i, 'scope', `unknown scope ${s.scope}`)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s.period_start ?? '') || !/^\d{4}-\d{2}-\d{2}$/.test(s.period_end ?? '')) {
      add('sources.csv', i, 'period_start', 'period dates must be YYYY-MM-DD')
    } else if ((s.period_start as string) > (s.period_end as string)) add('sources.csv', i, 'period_end', 'period ends before it starts')
    if (!s.reference) add('sources.csv', i, 'reference', 'required')
  })
  const keys = new Set<string>()
  d.observations.forEach((o, i) => {
    if (!regionCodes.has(o.region_code ?? '')) add('observations.csv', i, 'region_code', `no region ${o.region_code}`)
    const metric = metricById.get(o.metric ?? '')
    if (!metric) add('observations.csv', i, 'metric', `no metric ${o.metric}`)
    if (!sourceIds.has(o.source_id ?? '')) add('observations.csv', i, 'source_id', `no source ${o.source_id}`)
    if (!QUALIFIERS.has(o.qualifier ?? '')) add('observations.csv', i, 'qualifier', `unknown qualifier ${o.qualifier}`)
    if (!/^\d{4}$/.test(o.year ?? '')) add('observations.csv', i, 'year', `not a year: ${o.year}`)
    const key = `${o.region_code}|${o.year}|${o.metric}|${o.source_id}`
    if (keys.has(key)) add('observations.csv', i, 'metric', `duplicate key ${key}`)
    keys.add(key)
    const value = Number(o.value)
    if (o.value === '' || !Number.isFinite(value)) {
      add('observations.csv', i, 'value', `not a number: ${o.value}`)
      return
    }
    if (!metric) return
    if (metric.unit === 'percent' && (value < 0 || value > 100)) add('observations.csv', i, 'value', `percent out of 0–100: ${value}`)
    if (WHOLE_UNITS.has(metric.unit ?? '') && (!Number.isInteger(value) || value < 0)) {
      add('observations.csv', i, 'value', `a count must be whole and non-negative: ${value}`)
    }
    if (metric.unit === 'cny' && value < 0) add('observations.csv', i, 'value', `money must be non-negative: ${value}`)
  })
  return problems
}

/** Numbers written in a text, digits only (full-width digits and thousands separators allowed). */
export function numbersIn(text: string): number[] {
  const ascii = text.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  return (ascii.match(/\d[\d,]*(\.\d+)?/g) ?? []).map((n) => Number(n.replaceAll(',', '')))
}

/** Scales that turn a number as written into the canonical unit (万, 亿, 千). */
const SCALES = [1, 1e4, 1e8, 1e3, 1e7]

/** The value can be read off the excerpt: some number in it, times a unit scale, is the value. */
export function excerptSupports(excerpt: string, value: number): boolean {
  return numbersIn(excerpt).some((n) => SCALES.some((k) => Math.abs(n * k - value) <= Math.max(1e-6, Math.abs(value) * 1e-9)))
}

/** data/reports/index.csv: which file under data/reports/ holds each source's text. */
export interface ReportIndexRow {
  source_id: string
  file: string
  reference: string
  /** `full` (the whole report) or `opening` (the page's opening part, as far as it could be recovered) */
  text: string
}

/** The report texts behind the dataset, by source id, read from a reports folder (data/reports/). */
export function readReports(reportsDir: string): { index: ReportIndexRow[]; text: Map<string, string> } {
  const index = readTable(`${reportsDir}/index.csv`) as unknown as ReportIndexRow[]
  const text = new Map<string, string>()
  for (const r of index) {
    const path = `${reportsDir}/${r.file}`
    if (r.file && !r.file.includes('/') && existsSync(path)) text.set(r.source_id, readFileSync(path, 'utf8'))
  }
  return { index, text }
}

/**
 * Provenance: every observation has its verbatim excerpt; the excerpt occurs word for word in its
 * report's text under data/reports/, and the value can be read off it. Every source has its text.
 */
export function checkProvenance(d: Dataset, reportsDir: string): Problem[] {
  const problems: Problem[] = []
  const byKey = new Map(d.provenance.map((p) => [`${p.region_code}|${p.year}|${p.metric}|${p.source_id}`, p]))
  const obsKeys = new Set(d.observations.map((o) => `${o.region_code}|${o.year}|${o.metric}|${o.source_id}`))
  const { index, text } = readReports(reportsDir)
  const indexed = new Map(index.map((r) => [r.source_id, r]))
  d.observations.forEach((o, i) => {
    const p = byKey.get(`${o.region_code}|${o.year}|${o.metric}|${o.source_id}`)
    const add = (problem: string) => problems.push({ file: 'observations.csv', row: line(i), column: 'value', problem })
    if (!p?.excerpt) return add('no excerpt in provenance.csv')
    const report = text.get(o.source_id as string)
    if (report !== undefined && !report.includes(p.excerpt)) add(`excerpt not found in data/reports/${indexed.get(o.source_id as string)?.file}: ${p.excerpt}`)
    const derived = (o.note ?? '').includes('合计')
    if (!derived && !excerptSupports(p.excerpt, Number(o.value))) add(`value ${o.value} cannot be read off "${p.excerpt}"`)
  })
  d.provenance.forEach((p, i) => {
    if (!obsKeys.has(`${p.region_code}|${p.year}|${p.metric}|${p.source_id}`)) {
      problems.push({ file: 'provenance.csv', row: line(i), column: 'metric', problem: `no observation for this excerpt: ${p.source_id} ${p.metric}` })
    }
  })
  d.sources.forEach((s, i) => {
    const entry = indexed.get(s.id as string)
    const add = (problem: string) => problems.push({ file: 'sources.csv', row: line(i), column: 'reference', problem })
    if (!entry) return add(`no entry in data/reports/index.csv for ${s.id}`)
    if (entry.reference !== s.reference) add(`data/reports/index.csv gives ${entry.reference} for ${s.id}, sources.csv ${s.reference}`)
    if (!text.has(s.id as string)) add(`report text not found: data/reports/${entry.file}`)
    if (!/^https?:/.test(s.reference ?? '') && entry.text !== 'full') add(`a seed report's text must be stored whole (text=full): ${s.id}`)
  })
  return problems
}

/** A stated rate and the counts it is a ratio of: [rate, numerator, denominator]. */
export const RATE_RULES: [string, string, string][] = [
  ['online.cases_online_pct', 'online.cases_online', 'online.cases_total'],
  ['ontime.completion_pct', 'ontime.cases_completed', 'ontime.cases_received'],
  ['online.items_online_pct', 'online.items_online', 'online.items_total'],
  ['online.one_trip_pct', 'online.items_one_trip', 'online.items_total'],
]

export interface RateCheck {
  rate: string
  region_code: string
  year: string
  source_id: string
  stated: number
  derived: number
  recorded: boolean
}

const DISAGREEMENT_MARK = '不一致'

/**
 * Where a report states a rate and also the counts behind it, compare them (to 0.05 points).
 * A disagreement must be recorded in the rate's note (containing 不一致) with what the counts give.
 */
export function checkRates(d: Dataset): { checks: RateCheck[]; problems: Problem[] } {
  const index = new Map(d.observations.map((o, i) => [`${o.region_code}|${o.year}|${o.metric}|${o.source_id}`, { o, i }]))
  const checks: RateCheck[] = []
  const problems: Problem[] = []
  for (const [rate, num, den] of RATE_RULES) {
    for (const [key, { o, i }] of index) {
      if (o.metric !== rate) continue
      const prefix = key.slice(0, key.indexOf(`|${rate}|`))
      const n = index.get(`${prefix}|${num}|${o.source_id}`)?.o
      const dd = index.get(`${prefix}|${den}|${o.source_id}`)?.o
      if (!n || !dd || Number(dd.value) === 0) continue
      const derived = (100 * Number(n.value)) / Number(dd.value)
      const stated = Number(o.value)
      const recorded = (o.note ?? '').includes(DISAGREEMENT_MARK)
      checks.push({ rate, region_code: o.region_code as string, year: o.year as string, source_id: o.source_id as string, stated, derived, recorded })
      if (Math.abs(derived - stated) > 0.05 && !recorded) {
        problems.push({ file: 'observations.csv', row: line(i), column: 'value', problem: `${rate} ${stated} but counts give ${derived.toFixed(2)}; record it in the note (${DISAGREEMENT_MARK})` })
      }
    }
  }
  return { checks, problems }
}

/** 2019/2021-format reports: new + carried in = total handled + carried out. */
export function checkRequestBalance(d: Dataset): Problem[] {
  const problems: Problem[] = []
  const formats = new Map(d.sources.map((s) => [s.id, s.format]))
  const get = (region: string, year: string, source: string, metric: string) =>
    d.observations.find((o) => o.region_code === region && o.year === year && o.source_id === source && o.metric === metric)
  d.observations.forEach((o, i) => {
    if (o.metric !== 'disclosure.req_total' || formats.get(o.source_id) === 'free-text') return
    const [r, y, s] = [o.region_code as string, o.year as string, o.source_id as string]
    const parts = ['disclosure.requests_new', 'disclosure.requests_carried_in', 'disclosure.requests_carried_out'].map((m) => get(r, y, s, m))
    if (parts.some((p) => !p)) return
    const [fresh, carriedIn, carriedOut] = parts.map((p) => Number(p?.value))
    if ((fresh as number) + (carriedIn as number) !== Number(o.value) + (carriedOut as number)) {
      problems.push({ file: 'observations.csv', row: line(i), column: 'value', problem: `requests do not balance: ${fresh} new + ${carriedIn} carried in ≠ ${o.value} handled + ${carriedOut} carried out` })
    }
  })
  return problems
}

export function formatProblem(p: Problem): string {
  return `data/${p.file}:${p.row} [${p.column}] ${p.problem}`
}
