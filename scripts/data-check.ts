/**
 * `npm run data:check`: validates data/ (the same checks as the test suite) and prints a summary:
 * rows per region, year and family, and the coverage gaps of the core metrics.
 */
import { fileURLToPath } from 'node:url'
import {
  checkCumulative,
  checkDefinitions,
  checkIntegrity,
  checkPartYear,
  checkProvenance,
  checkRates,
  checkRequestBalance,
  formatProblem,
  readDataset,
} from './lib/dataset-checks'

const dataDir = fileURLToPath(new URL('../data', import.meta.url))
const reportsDir = fileURLToPath(new URL('../data/reports', import.meta.url))
const d = readDataset(dataDir)

const FAMILIES = ['online', 'ontime', 'trading', 'disclosure', 'context']
const CORE: Record<string, string[]> = {
  online: ['online.items_total', 'online.items_online_pct', 'online.cases_total', 'online.cases_online', 'online.cases_online_pct', 'online.one_trip_pct'],
  ontime: ['ontime.cases_completed', 'ontime.completion_pct', 'ontime.on_time_pct', 'ontime.invest_projects', 'ontime.invest_on_time_pct'],
  trading: ['trading.projects_total', 'trading.amount_total', 'trading.eng.projects', 'trading.eng.amount', 'trading.proc.projects', 'trading.proc.amount', 'trading.land.projects', 'trading.land.amount', 'trading.savings_pct', 'trading.premium_pct'],
  disclosure: ['disclosure.proactive_items', 'disclosure.requests_new', 'disclosure.req_granted', 'disclosure.req_partial', 'disclosure.req_denied', 'disclosure.req_unavailable', 'disclosure.req_not_processed', 'disclosure.req_other', 'disclosure.req_total', 'disclosure.review_total', 'disclosure.litigation_total'],
}

const regionName = new Map(d.regions.map((r) => [r.code, r.name_zh]))
const pad = (s: unknown, n: number) => String(s).padEnd(n)

console.log(`data/: ${d.regions.length} regions, ${d.metrics.length} metrics, ${d.sources.length} sources, ${d.observations.length} observations\n`)
console.log('Rows per region, year and family')
console.log(`${pad('region', 28)}${pad('year', 6)}${FAMILIES.map((f) => pad(f, 11)).join('')}total`)
const groups = new Map<string, Map<string, number>>()
for (const o of d.observations) {
  const key = `${o.region_code}|${o.year}`
  const counts = groups.get(key) ?? new Map<string, number>()
  const family = o.metric?.split('.')[0] as string
  counts.set(family, (counts.get(family) ?? 0) + 1)
  groups.set(key, counts)
}
for (const [key, counts] of [...groups].sort()) {
  const [code, year] = key.split('|')
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  console.log(`${pad(`${regionName.get(code)} ${code}`, 28)}${pad(year, 6)}${FAMILIES.map((f) => pad(counts.get(f) ?? '·', 11)).join('')}${total}`)
}

console.log('\nCoverage gaps: core metrics without any figure for a region and year')
for (const [key] of [...groups].sort()) {
  const [code, year] = key.split('|')
  const have = new Set(d.observations.filter((o) => o.region_code === code && o.year === year).map((o) => o.metric))
  const missing = Object.values(CORE).flat().filter((m) => !have.has(m))
  const total = Object.values(CORE).flat().length
  console.log(`  ${regionName.get(code)} ${year}: ${total - missing.length}/${total} core metrics; missing ${missing.length}`)
}
const used = new Set(d.observations.map((o) => o.metric))
const never = Object.values(CORE).flat().filter((m) => !used.has(m))
if (never.length) console.log(`  never reported in any source: ${never.join(', ')}`)

const rates = checkRates(d)
console.log(`\nStated rates checked against their counts: ${rates.checks.length}`)
for (const c of rates.checks) {
  const agree = Math.abs(c.stated - c.derived) <= c.tolerance
  console.log(`  ${c.source_id} ${c.rate}: stated ${c.stated}, counts give ${c.derived.toFixed(2)} ${agree ? 'agree' : c.recorded ? 'DISAGREE (recorded)' : 'DISAGREE'}`)
}

const problems = [
  ...checkIntegrity(d),
  ...checkProvenance(d, reportsDir),
  ...checkDefinitions(d),
  ...checkCumulative(d),
  ...checkPartYear(d),
  ...rates.problems,
  ...checkRequestBalance(d),
]
console.log(problems.length === 0 ? '\nNo problems found.' : `\n${problems.length} problem(s):`)
for (const p of problems) console.log(`  ${formatProblem(p)}`)
process.exitCode = problems.length === 0 ? 0 : 1

// Comparability: (metric, year) pairs where at least 3 regions of one level and scope have a figure.
const levelOf = new Map(d.regions.map((r) => [r.code, r.level]))
const scopeOf = new Map(d.sources.map((s) => [s.id, s.scope]))
const groupsByPair = new Map<string, Map<string, Set<string>>>()
for (const o of d.observations) {
  const pair = `${o.metric}|${o.year}`
  const group = `${levelOf.get(o.region_code)}/${scopeOf.get(o.source_id)}`
  const byGroup = groupsByPair.get(pair) ?? new Map<string, Set<string>>()
  byGroup.set(group, (byGroup.get(group) ?? new Set()).add(o.region_code as string))
  groupsByPair.set(pair, byGroup)
}
const comparable = [...groupsByPair].flatMap(([pair, byGroup]) =>
  [...byGroup].filter(([, codes]) => codes.size >= 3).map(([group, codes]) => ({ pair, group, codes })),
)
const pairs = new Set(comparable.map((c) => c.pair))
console.log(`\n(metric, year) pairs with 3 or more regions of one level and scope: ${pairs.size}`)
for (const c of comparable.sort((a, b) => a.pair.localeCompare(b.pair))) {
  console.log(`  ${c.pair.replace('|', ' ')} ${c.group}: ${[...c.codes].map((code) => regionName.get(code)).join('、')}`)
}
