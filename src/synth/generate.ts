/**
 * 模拟数据: a deterministic synthetic dataset for demonstrations, tests and benchmarks. Never real:
 * every row carries the source `synthetic-<seed>`, whose publisher says 模拟数据, and the app labels
 * every view of it. Same seed, same rows, in the browser and in Node.
 */
import type { Observation, Region, Source } from '../types/data'

/** mulberry32: small, fast, good enough for plausible noise; deterministic by seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface SynthOptions {
  seed: number
  regions: Pick<Region, 'code' | 'level'>[]
  years: number[]
  /** Share of region-year-metric cells left empty, to show 无数据 honestly. */
  missingShare?: number
}

export function synthSourceId(seed: number): string {
  return `synthetic-${seed}`
}

export function synthSource(seed: number, regionCode: string, year: number): Source {
  return {
    id: synthSourceId(seed),
    region_code: regionCode,
    year,
    publisher_zh: `模拟数据生成器（种子 ${seed}）`,
    title_zh: '模拟数据（非真实数据，仅供演示与测试）',
    period_start: `${year}-01-01`,
    period_end: `${year}-12-31`,
    reference: `npm run data:synth -- --seed ${seed}`,
    format: 'gb-2021',
    scope: 'government',
  }
}

const round = (value: number, digits: number) => Number(value.toFixed(digits))
const clamp = (value: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, value))

/**
 * One region's figures for one year. `strength` (0–1) is the region's lasting quality, `t` (0–1)
 * the year's place in the span: rates climb over the years, better regions sit higher, and on-time
 * rates crowd at 100 (as in the real reports), which gives rankings real ties.
 */
function yearFigures(rand: () => number, size: number, strength: number, t: number): Record<string, number> {
  const noise = (spread: number) => (rand() - 0.5) * 2 * spread
  const itemsTotal = Math.round(size * (2500 + 3000 * rand()))
  const itemsOnlinePct = round(clamp(48 + 36 * t + 14 * strength + noise(4), 30, 100), 2)
  const casesTotal = Math.round(size * (8e4 + 3e5 * t + 5e4 * rand()))
  const casesOnlinePct = round(clamp(20 + 60 * t + 15 * strength + noise(6), 5, 99.5), 2)
  const casesOnline = Math.round((casesTotal * casesOnlinePct) / 100)
  const onTimeRaw = 97 + 3 * strength + 1.5 * t + noise(1.2)
  const onTimePct = onTimeRaw >= 99.6 ? 100 : round(onTimeRaw, 1)
  const completionPct = round(clamp(96 + 3 * t + 1.5 * strength + noise(1), 90, 100), 2)
  const investProjects = Math.round(size * (150 + 250 * rand()))
  const investOnTime = round(clamp(95 + 4 * strength + 2 * t + noise(1.5), 85, 100), 1)
  const engProjects = Math.round(size * (120 + 200 * rand()))
  const procProjects = Math.round(size * (80 + 150 * rand()))
  const landProjects = Math.round(size * (20 + 60 * rand()))
  const engAmount = Math.round(engProjects * (3e6 + 1.2e7 * rand()))
  const procAmount = Math.round(procProjects * (8e5 + 3e6 * rand()))
  const landAmount = Math.round(landProjects * (5e6 + 4e7 * rand()))
  const requestsNew = Math.round(size * (15 + 120 * rand() + 100 * t))
  const carriedIn = Math.round(requestsNew * 0.04 * rand())
  const carriedOut = Math.round(requestsNew * 0.05 * rand())
  const handled = requestsNew + carriedIn - carriedOut
  const granted = Math.round(handled * (0.35 + 0.25 * strength))
  const partial = Math.round(handled * 0.08 * rand())
  const denied = Math.round(handled * 0.06 * rand())
  const unavailable = Math.round(handled * (0.1 + 0.1 * rand()))
  const notProcessed = Math.round(handled * 0.05 * rand())
  const other = handled - granted - partial - denied - unavailable - notProcessed
  const reviews = Math.round(size * 6 * rand() * (1.2 - strength))
  const lawsuits = Math.round(size * 4 * rand() * (1.2 - strength))
  return {
    'online.items_total': itemsTotal,
    'online.items_online_pct': itemsOnlinePct,
    'online.cases_total': casesTotal,
    'online.cases_online': casesOnline,
    'online.cases_online_pct': casesOnlinePct,
    'online.one_trip_pct': round(clamp(50 + 45 * t + 10 * strength + noise(5), 20, 100), 2),
    'ontime.cases_completed': Math.round((casesTotal * completionPct) / 100),
    'ontime.completion_pct': completionPct,
    'ontime.on_time_pct': onTimePct,
    'ontime.invest_projects': investProjects,
    'ontime.invest_on_time_pct': investOnTime,
    'trading.projects_total': engProjects + procProjects + landProjects,
    'trading.amount_total': engAmount + procAmount + landAmount,
    'trading.eng.projects': engProjects,
    'trading.eng.amount': engAmount,
    'trading.proc.projects': procProjects,
    'trading.proc.amount': procAmount,
    'trading.land.projects': landProjects,
    'trading.land.amount': landAmount,
    'trading.savings_pct': round(clamp(3 + 6 * strength + noise(2), 0.5, 15), 2),
    'trading.premium_pct': round(clamp(10 + 25 * rand() + noise(5), 0, 80), 2),
    'disclosure.proactive_items': Math.round(size * (8e3 + 2e4 * rand() + 1e4 * t)),
    'disclosure.requests_new': requestsNew,
    'disclosure.requests_carried_in': carriedIn,
    'disclosure.req_granted': granted,
    'disclosure.req_partial': partial,
    'disclosure.req_denied': denied,
    'disclosure.req_unavailable': unavailable,
    'disclosure.req_not_processed': notProcessed,
    'disclosure.req_other': Math.max(0, other),
    'disclosure.req_total': granted + partial + denied + unavailable + notProcessed + Math.max(0, other),
    'disclosure.requests_carried_out': carriedOut,
    'disclosure.review_total': reviews,
    'disclosure.review_corrected': Math.round(reviews * 0.2 * rand()),
    'disclosure.litigation_total': lawsuits,
    'disclosure.litigation_corrected': Math.round(lawsuits * 0.15 * rand()),
    'disclosure.fees': 0,
  }
}

/** The synthetic observations, in a stable order. */
export function generateObservations(options: SynthOptions): Observation[] {
  const { seed, regions, years } = options
  const missingShare = options.missingShare ?? 0.08
  const rand = random(seed)
  const source = synthSourceId(seed)
  const rows: Observation[] = []
  const span = Math.max(1, years.length - 1)
  for (const region of regions) {
    const size = region.level === 'prefecture' ? 1 + 3 * rand() : region.level === 'province' ? 20 : 0.15 + 0.5 * rand()
    const strength = rand()
    years.forEach((year, yi) => {
      const figures = yearFigures(rand, size, strength, yi / span)
      for (const [metric, value] of Object.entries(figures)) {
        if (rand() < missingShare) continue
        rows.push({ region_code: region.code, year, metric, value, qualifier: 'exact', source_id: source, note: null })
      }
    })
  }
  return rows
}

const CSV_COLUMNS = ['region_code', 'year', 'metric', 'value', 'qualifier', 'source_id', 'note'] as const

/** Observations as contract CSV (no field needs quoting: ids, numbers and empty notes only). */
export function observationsCsv(rows: readonly Observation[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const r of rows) lines.push(`${r.region_code},${r.year},${r.metric},${r.value},${r.qualifier},${r.source_id},`)
  return `${lines.join('\n')}\n`
}
