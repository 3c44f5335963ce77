/**
 * The reader on the five seed reports (free text, before 2019) against the figures read by hand in
 * data/observations.csv: at least 70% of their core-id figures found with the same value, and no
 * other value proposed for such an id without a flag. The texts come from data/reports/ (in the repo);
 * until they are there, from ../shared/seeds; with neither, the test says so and is skipped. Once
 * data/reports/ exists, every seed must be in it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readReport } from '../../src/reports/index'

const root = new URL('../../', import.meta.url)
const inRepo = new URL('data/reports/', root)
const shared = new URL('../shared/seeds/', root)
const dir = existsSync(inRepo) ? inRepo : existsSync(shared) ? shared : null

/** The contract's core ids (data-contract.md, "Core metric ids"). */
const CORE = new Set(
  `online.items_total online.items_online_pct online.cases_total online.cases_online online.cases_online_pct online.one_trip_pct
  ontime.cases_completed ontime.completion_pct ontime.on_time_pct ontime.invest_projects ontime.invest_on_time_pct
  trading.projects_total trading.amount_total trading.eng.projects trading.eng.amount trading.proc.projects trading.proc.amount
  trading.land.projects trading.land.amount trading.savings_pct trading.premium_pct
  disclosure.proactive_items disclosure.requests_new disclosure.requests_carried_in disclosure.req_granted disclosure.req_partial
  disclosure.req_denied disclosure.req_unavailable disclosure.req_not_processed disclosure.req_other disclosure.req_total
  disclosure.requests_carried_out disclosure.req_already_public disclosure.review_total disclosure.review_corrected
  disclosure.litigation_total disclosure.litigation_corrected disclosure.fees`.split(/\s+/),
)

function csv(path: URL): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/)
  const cols = head!.split(',')
  // these two files have no quoted commas in the columns read here (id, reference, metric, value)
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])))
}

const sources = csv(new URL('data/sources.csv', root)).filter((s) => /\.txt$/.test(s.reference ?? ''))
const observations = csv(new URL('data/observations.csv', root))

describe.skipIf(dir === null)('the five seed reports as free text', () => {
  if (dir === null) console.warn('reports-seeds: neither data/reports/ nor ../shared/seeds/ is here; skipped')

  it('finds at least 70% of the core figures read by hand, and flags every other value it proposes for them', async () => {
    expect(sources).toHaveLength(5)
    let total = 0
    let found = 0
    const missed: string[] = []
    const unflaggedWrong: string[] = []
    for (const s of sources) {
      const file = new URL(s.reference!, dir!)
      expect(existsSync(file), `${s.reference} in ${dir!.pathname}`).toBe(true)
      const r = await readReport({ name: s.reference!, bytes: new Uint8Array(readFileSync(file)) })
      expect(r.format).toBe('free-text')
      expect(r.year).toBe(Number(s.year))
      for (const o of observations.filter((o) => o.source_id === s.id && CORE.has(o.metric!))) {
        total++
        const want = Number(o.value)
        const same = r.figures.filter((f) => f.metric === o.metric && Math.abs(f.value - want) < 1e-6)
        if (same.length) found++
        else missed.push(`${s.id} ${o.metric}=${o.value}`)
        for (const f of r.figures.filter((f) => f.metric === o.metric && Math.abs(f.value - want) >= 1e-6 && f.flags.length === 0)) {
          unflaggedWrong.push(`${s.id} ${o.metric}: ${f.value} (want ${o.value}) «${f.excerpt.slice(-40)}»`)
        }
      }
    }
    console.info(`reports-seeds: ${found}/${total} core figures found (${((100 * found) / total).toFixed(1)}%)${missed.length ? '; missed ' + missed.join(', ') : ''}`)
    expect(total).toBeGreaterThan(40)
    expect(found / total).toBeGreaterThanOrEqual(0.7)
    expect(unflaggedWrong).toEqual([])
  })

  it('finds each seed’s region and scope as data/sources.csv has them', async () => {
    const zones = csv(new URL('data/regions.csv', root)).filter((r) => !/^\d{6}$/.test(r.code!)).map((r) => ({ code: r.code!, name: r.name_zh! }))
    for (const s of sources) {
      const r = await readReport({ name: s.reference!, bytes: new Uint8Array(readFileSync(new URL(s.reference!, dir!))) }, { extraRegions: zones })
      expect([s.id, r.regionCode, r.scope]).toEqual([s.id, s.region_code, s.scope])
    }
  })
})
