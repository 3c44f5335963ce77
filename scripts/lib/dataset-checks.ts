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

/** Words that state a zero ("未收到…申请", "没有…行政复议", "均未…收取"): contract v2 stores such zeros. */
const STATED_ZERO = /未|没有|无|零/

/**
 * The value can be read off the excerpt: some number in it, times a unit scale, is the value; or the
 * value is 0 and the excerpt states it in words.
 */
export function excerptSupports(excerpt: string, value: number): boolean {
  if (value === 0 && (STATED_ZERO.test(excerpt) || numbersIn(excerpt).includes(0))) return true
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
  ['online.cases_online_pct', 'online.cases_completed_online', 'online.cases_total'],
  ['ontime.completion_pct', 'ontime.cases_completed', 'ontime.cases_received'],
  ['online.items_online_pct', 'online.items_online', 'online.items_total'],
  ['online.one_trip_pct', 'online.items_one_trip', 'online.items_total'],
  ['online.items_depth_l2_pct', 'online.items_depth_l2', 'online.items_total'],
  ['online.prereview_completion_pct', 'online.prereview_cases_completed', 'online.prereview_cases_received'],
  ['ontime.online_on_time_pct', 'ontime.online_cases_on_time', 'online.cases_online'],
  ['ontime.online_on_time_pct', 'ontime.online_cases_on_time', 'online.cases_online_part_year'],
  ['disclosure.reply_pct', 'disclosure.req_total', 'disclosure.requests_new'],
  ...['granted', 'partial', 'denied', 'other', 'already_public', 'granted_or_partial', 'unavailable.not_exist', 'unavailable.not_this_agency', 'unavailable.unclear'].map(
    (k): [string, string, string] => [`disclosure.req_${k}_pct`, `disclosure.req_${k}`, 'disclosure.req_total'],
  ),
  ...['fax', 'in_person', 'letter', 'online', 'transferred', 'topic_contract', 'topic_demolition_company', 'topic_gov_info'].map(
    (k): [string, string, string] => [`disclosure.requests_new.${k}_pct`, `disclosure.requests_new.${k}`, 'disclosure.requests_new'],
  ),
  ['disclosure.review_corrected_pct', 'disclosure.review_corrected', 'disclosure.review_total'],
  ['disclosure.review_maintained_pct', 'disclosure.review_maintained', 'disclosure.review_total'],
  ['disclosure.litigation_maintained_pct', 'disclosure.litigation_maintained', 'disclosure.litigation_total'],
  ['disclosure.litigation_other_pct', 'disclosure.litigation_other', 'disclosure.litigation_total'],
  ['disclosure.proposal_replies_public_pct', 'disclosure.proposal_replies_public', 'context.proposals_handled'],
  ['disclosure.proposal_replies_not_public_pct', 'disclosure.proposal_replies_not_public', 'context.proposals_handled'],
]

export interface RateCheck {
  rate: string
  region_code: string
  year: string
  source_id: string
  stated: number
  derived: number
  /** how far the two may differ: half a unit of the stated rate's last digit, and at least 0.05 points */
  tolerance: number
  recorded: boolean
}

const DISAGREEMENT_MARK = '不一致'

/** Half a unit of the last digit a rate is written with (54 → 0.5, 8.6 → 0.05), at least 0.05 points. */
export function rateTolerance(written: string): number {
  const decimals = written.includes('.') ? written.split('.')[1]!.length : 0
  return Math.max(0.05, 0.5 * 10 ** -decimals) + 1e-9
}

/**
 * Where a report states a rate and also the counts behind it, compare them (within the rate's
 * rounding). A disagreement must be recorded in the rate's note (containing 不一致) with what the counts give.
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
      const tolerance = rateTolerance(o.value as string)
      const recorded = (o.note ?? '').includes(DISAGREEMENT_MARK)
      checks.push({ rate, region_code: o.region_code as string, year: o.year as string, source_id: o.source_id as string, stated, derived, tolerance, recorded })
      if (Math.abs(derived - stated) > tolerance && !recorded) {
        problems.push({ file: 'observations.csv', row: line(i), column: 'value', problem: `${rate} ${stated} but ${num} / ${den} give ${derived.toFixed(2)}; record it in the note (${DISAGREEMENT_MARK})` })
      }
    }
  }
  return { checks, problems }
}

/**
 * Levels at a date (a catalogue's items, a pool's members, paired villages): "截至…" dates them, it does
 * not make them running totals.
 */
export const STOCK_METRICS = new Set([
  'online.items_total',
  'online.items_published',
  'online.items_online_pct',
  'online.integrated_platform.items',
  'online.depts_online',
  'trading.experts_in_pool',
  'trading.intermediary.markets',
  'context.poverty.paired_villages',
])

const RUNNING_TOTAL = /截至|截止|累计/
const CUT_OFF = /(?:截至|截止)\s*(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底))?|(底))/

/** The date a "截至/截止 …" phrase cuts off at, as YYYY-MM-DD (a month alone or 底 is its last day), or null. */
export function cutOffDate(excerpt: string, defaultYear: string): string | null {
  const m = CUT_OFF.exec(excerpt)
  if (!m) return null
  const year = Number(m[1] ?? defaultYear)
  const month = m[5] ? 12 : Number(m[2])
  const day = m[3] ? Number(m[3]) : new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The excerpt itself bounds the figure's start to the report's period (今年以来, 全年, 1至11月, "2018年,…"). */
export function boundedToPeriod(excerpt: string, year: string): boolean {
  if (/今年以来|全年|本年|今年1月|1\s*[至\-—~－]\s*\d{1,2}\s*月/.test(excerpt)) return true
  return new RegExp(`(?<!(截至|截止)\\s*)${year}\\s*年`).test(excerpt)
}

/**
 * One rule for running totals. An excerpt that says 截至/截止 (a cut-off) or 累计 (a running total) sits
 * under a `_cumulative` id, unless
 * - the cut-off is the report period's last day (截至12月31日, 年底) and the note says 期末: the figure is the period's;
 * - the excerpt bounds the start to the period (今年以来, 1至11月, "2018年,…累计") and the note says 期内;
 * - the metric is a level at a date (STOCK_METRICS), or a rate whose note gives its cut-off.
 */
export function checkCumulative(d: Dataset): Problem[] {
  const problems: Problem[] = []
  const sources = new Map(d.sources.map((s) => [s.id, s]))
  const units = new Map(d.metrics.map((m) => [m.id, m.unit]))
  const excerpts = new Map(d.provenance.map((p) => [`${p.region_code}|${p.year}|${p.metric}|${p.source_id}`, p.excerpt ?? '']))
  d.observations.forEach((o, i) => {
    const excerpt = excerpts.get(`${o.region_code}|${o.year}|${o.metric}|${o.source_id}`) ?? ''
    if (!RUNNING_TOTAL.test(excerpt)) return
    const metric = o.metric as string
    const note = o.note ?? ''
    if (metric.endsWith('_cumulative') || STOCK_METRICS.has(metric)) return
    const add = (problem: string) => problems.push({ file: 'observations.csv', row: line(i), column: 'metric', problem })
    if (units.get(metric) === 'percent') {
      if (!/截至|截止|期末|期内/.test(note)) add(`a rate given "${excerpt}": its note must say the cut-off`)
      return
    }
    const source = sources.get(o.source_id)
    const bounded = boundedToPeriod(excerpt, o.year as string)
    if (bounded && note.includes('期内')) return
    if (!excerpt.includes('累计')) {
      const cut = cutOffDate(excerpt, o.year as string)
      if (cut !== null && cut === source?.period_end && note.includes('期末')) return
      if (cut !== null && cut === source?.period_end) return add(`"${excerpt}" cuts off at the period's end: say 截至期末 in the note`)
    }
    add(`"${excerpt}" is a running total with no start in the report's period: use a _cumulative id, or say 期内 if the excerpt bounds it to the period`)
  })
  return problems
}

/** Names of the regions in regions.csv as a reader would write them (昆明市 and 昆明; Kunming). */
export function regionNames(d: Dataset): string[] {
  const names = new Set<string>()
  for (const r of d.regions) {
    const zh = r.name_zh ?? ''
    names.add(zh)
    const autonomous = /^(.+?)(彝|哈尼|壮|苗|傣|白|景颇|傈僳|藏|布依|侗|回|土家|瑶|羌|纳西|水)族.*自治[州县]$/.exec(zh)
    const short = autonomous ? autonomous[1]! : zh.replace(/(省|市|区|县|州)$/, '')
    if (short.length >= 2 && r.level !== 'zone') names.add(short)
    const en = (r.name_en ?? '').split(' ')[0] ?? ''
    if (en.length >= 4 && r.level !== 'zone') names.add(en)
  }
  return [...names].filter((n) => n.length >= 2)
}

/** A definition says what is counted in general: no region's name, no one report's wording. */
export function checkDefinitions(d: Dataset): Problem[] {
  const problems: Problem[] = []
  const names = regionNames(d)
  const ONE_REPORT = /本报告|此处|原文|报告称|\bhere\b|this report/i
  d.metrics.forEach((m, i) => {
    for (const column of ['definition_zh', 'definition_en']) {
      const text = m[column] ?? ''
      const name = names.find((n) => text.includes(n))
      if (name) problems.push({ file: 'metrics.csv', row: line(i), column, problem: `${m.id}: a definition names a region (${name}); move it to the observation's note` })
      const wording = ONE_REPORT.exec(text)
      if (wording) problems.push({ file: 'metrics.csv', row: line(i), column, problem: `${m.id}: a definition speaks of one report ("${wording[0]}"); move it to the observation's note` })
    }
  })
  return problems
}

/** A source whose period is not a whole calendar year: each of its rows says, in its note, what span it covers. */
export function checkPartYear(d: Dataset): Problem[] {
  const partial = new Set(d.sources.filter((s) => !(s.period_start?.endsWith('-01-01') && s.period_end?.endsWith('-12-31'))).map((s) => s.id))
  const problems: Problem[] = []
  d.observations.forEach((o, i) => {
    if (partial.has(o.source_id) && !(o.note ?? '').trim()) {
      problems.push({ file: 'observations.csv', row: line(i), column: 'note', problem: `${o.source_id} covers part of a year: the note must say the span of ${o.metric}` })
    }
  })
  return problems
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
