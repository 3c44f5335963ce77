import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  checkCumulative,
  checkDefinitions,
  checkIntegrity,
  checkPartYear,
  checkProvenance,
  checkRates,
  checkRequestBalance,
  cutOffDate,
  excerptSupports,
  formatProblem,
  rateTolerance,
  readDataset,
  readReports,
  type Dataset,
} from '../../scripts/lib/dataset-checks'

const dataDir = fileURLToPath(new URL('../../data', import.meta.url))
const reportsDir = fileURLToPath(new URL('../../data/reports', import.meta.url))
const data = readDataset(dataDir)


/** A stated online-case rate with its two counts, for 530100 in 2018. */
function rateRows(pct: string, online: string, total: string) {
  return [
    ['online.cases_online_pct', pct],
    ['online.cases_online', online],
    ['online.cases_total', total],
  ].map(([metric, value]) => ({ region_code: '530100', year: '2018', metric: metric!, value: value!, qualifier: 'exact', source_id: 's', note: '' }))
}

describe('the dataset in data/', () => {
  it('has every observation pointing at a region, a metric and a source that exist, with units and ranges that hold', () => {
    expect(checkIntegrity(data).map(formatProblem)).toEqual([])
  })

  it('can show, for every figure, the words of the report it was read from', () => {
    expect(checkProvenance(data, reportsDir).map(formatProblem)).toEqual([])
  })

  it('keeps the text of every report in the repository, so provenance is checked on any clone', () => {
    const { index, text } = readReports(reportsDir)
    expect(reportsDir.startsWith(fileURLToPath(new URL('../..', import.meta.url)))).toBe(true)
    expect(new Set(index.map((r) => r.source_id))).toEqual(new Set(data.sources.map((s) => s.id)))
    for (const s of data.sources) expect(text.get(s.id as string)?.length ?? 0, s.id).toBeGreaterThan(200)
    const key = (r: Record<string, string>) => `${r.region_code}|${r.year}|${r.metric}|${r.source_id}`
    const excerpts = new Map(data.provenance.map((p) => [key(p), p.excerpt ?? '']))
    const missing = data.observations.filter((o) => !excerpts.get(key(o)) || !text.get(o.source_id as string)?.includes(excerpts.get(key(o)) as string))
    expect(missing.map(key)).toEqual([])
  })

  it("defines each metric in general terms: no region name, no one report's wording", () => {
    expect(checkDefinitions(data).map(formatProblem)).toEqual([])
  })

  it("keeps running totals (截至…, 累计) under cumulative ids unless they are the period's own", () => {
    expect(checkCumulative(data).map(formatProblem)).toEqual([])
  })

  it('says the span of every figure from a report that covers part of a year', () => {
    expect(checkPartYear(data).map(formatProblem)).toEqual([])
  })

  it('has stated rates that agree with their counts, or the disagreement recorded', () => {
    const { checks, problems } = checkRates(data)
    expect(problems.map(formatProblem)).toEqual([])
    expect(checks.length).toBeGreaterThan(0)
    // every rate stated next to its counts is compared: shares of a request total, of new requests, of reviews
    for (const rate of ['disclosure.req_denied_pct', 'disclosure.requests_new.online_pct', 'disclosure.review_corrected_pct', 'ontime.completion_pct']) {
      expect(checks.some((c) => c.rate === rate), rate).toBe(true)
    }
  })

  it('balances information requests in 2019/2021-format reports', () => {
    expect(checkRequestBalance(data).map(formatProblem)).toEqual([])
  })

  it('covers every seed report and every core family', () => {
    const seeds = data.sources.filter((s) => !/^https?:/.test(s.reference ?? ''))
    expect(seeds.length).toBe(5)
    const { index } = readReports(reportsDir)
    for (const s of seeds) expect(index.find((r) => r.source_id === s.id)?.text, s.id).toBe('full')
    const families = new Set(data.observations.map((o) => o.metric?.split('.')[0]))
    for (const family of ['online', 'ontime', 'trading', 'disclosure']) expect(families).toContain(family)
  })
})

describe('the checks themselves', () => {
  const tiny = (): Dataset => ({
    regions: [{ code: '530100', name_zh: '昆明市', name_en: 'Kunming', level: 'prefecture', parent_code: '' }],
    metrics: [
      { id: 'online.cases_online_pct', family: 'online', name_zh: '占比', name_en: 'share', unit: 'percent', direction: 'higher', definition_zh: 'x', definition_en: 'x' },
      { id: 'online.cases_online', family: 'online', name_zh: '网上', name_en: 'online', unit: 'count', direction: 'neutral', definition_zh: 'x', definition_en: 'x' },
      { id: 'online.cases_total', family: 'online', name_zh: '总数', name_en: 'total', unit: 'count', direction: 'neutral', definition_zh: 'x', definition_en: 'x' },
    ],
    sources: [{ id: 's', region_code: '530100', year: '2018', publisher_zh: 'p', title_zh: 't', period_start: '2018-01-01', period_end: '2018-12-31', reference: 'https://example.gov.cn/r', format: 'free-text', scope: 'government' }],
    observations: [
      { region_code: '530100', year: '2018', metric: 'online.cases_online_pct', value: '120', qualifier: 'exact', source_id: 's', note: '' },
      { region_code: '530100', year: '2018', metric: 'online.cases_online', value: '1.5', qualifier: 'exact', source_id: 's', note: '' },
      { region_code: '530900', year: '2018', metric: 'online.cases_total', value: '10', qualifier: 'exact', source_id: 'nope', note: '' },
    ],
    provenance: [],
  })

  it('name file, row and column of each problem', () => {
    const found = checkIntegrity(tiny()).map(formatProblem)
    expect(found).toContain('data/regions.csv:2 [parent_code] only a province has no parent')
    expect(found).toContain('data/observations.csv:2 [value] percent out of 0–100: 120')
    expect(found).toContain('data/observations.csv:3 [value] a count must be whole and non-negative: 1.5')
    expect(found).toContain('data/observations.csv:4 [region_code] no region 530900')
    expect(found).toContain('data/observations.csv:4 [source_id] no source nope')
  })

  it('catch a rate that disagrees with its counts unless recorded', () => {
    const d = tiny()
    d.observations = rateRows('80', '50', '100')
    expect(checkRates(d).problems).toHaveLength(1)
    ;(d.observations[0] as Record<string, string>).note = '与件数不一致（件数得50%）'
    expect(checkRates(d).problems).toHaveLength(0)
  })

  it('read values off excerpts in 万 and 亿', () => {
    expect(excerptSupports('交易额107.64亿元', 10_764_000_000)).toBe(true)
    expect(excerptSupports('1607.4万余件', 16_074_000)).toBe(true)
    expect(excerptSupports('共计1,188,438件', 1_188_438)).toBe(true)
    expect(excerptSupports('共计118件', 1_188_438)).toBe(false)
  })

  it("find a region named in a definition, and one report's wording", () => {
    const d = tiny()
    ;(d.metrics[0] as Record<string, string>).definition_zh = '本报告为昆明市全市受理总办件'
    ;(d.metrics[1] as Record<string, string>).definition_en = 'Cases filed online in Kunming'
    const found = checkDefinitions(d).map(formatProblem)
    expect(found.some((p) => p.includes('metrics.csv:2 [definition_zh]') && p.includes('昆明'))).toBe(true)
    expect(found.some((p) => p.includes('metrics.csv:2 [definition_zh]') && p.includes('本报告'))).toBe(true)
    expect(found.some((p) => p.includes('metrics.csv:3 [definition_en]') && p.includes('Kunming'))).toBe(true)
    expect(checkDefinitions(tiny())).toEqual([])
  })

  it('send a running total to a cumulative id unless it ends with the period or the excerpt bounds it', () => {
    const d = tiny()
    d.metrics.push({ id: 'online.cases_total_cumulative', family: 'online', name_zh: '累计', name_en: 'cum', unit: 'count', direction: 'neutral', definition_zh: 'x', definition_en: 'x' })
    const row = (metric: string, note: string, excerpt: string) => {
      d.observations.push({ region_code: '530100', year: '2018', metric, value: '10', qualifier: 'exact', source_id: 's', note })
      d.provenance.push({ source_id: 's', region_code: '530100', year: '2018', metric, excerpt })
    }
    d.observations = []
    row('online.cases_total', '', '截至11月15日,平台共受理10件')
    expect(checkCumulative(d)).toHaveLength(1)
    d.observations[0]!.metric = 'online.cases_total_cumulative'
    d.provenance[0]!.metric = 'online.cases_total_cumulative'
    expect(checkCumulative(d)).toHaveLength(0)
    d.observations = []; d.provenance = []
    row('online.cases_total', '', '截至2018年12月31日,共受理10件')
    expect(checkCumulative(d).map((p) => p.problem)[0]).toContain('期末')
    d.observations[0]!.note = '截至期末'
    expect(checkCumulative(d)).toHaveLength(0)
    d.observations = []; d.provenance = []
    row('online.cases_total', '期内', '累计受理10件')
    expect(checkCumulative(d)).toHaveLength(1)
    d.provenance[0]!.excerpt = '2018年,累计受理10件'
    expect(checkCumulative(d)).toHaveLength(0)
    expect(cutOffDate('截止2018年底,门户网站共发布', '2018')).toBe('2018-12-31')
    expect(cutOffDate('截止11月,主动公开', '2016')).toBe('2016-11-30')
  })

  it('compare a rate within the rounding it is written with', () => {
    expect(rateTolerance('54')).toBeCloseTo(0.5)
    expect(rateTolerance('8.6')).toBeCloseTo(0.05)
    const d = tiny()
    d.observations = rateRows('54', '245', '454')
    expect(checkRates(d).problems).toHaveLength(0)
    d.observations[0]!.value = '54.5'
    expect(checkRates(d).problems).toHaveLength(1)
  })

  it('read a stated zero off its sentence, and find an excerpt that is not in its report', () => {
    expect(excerptSupports('本年内，我局尚未收到政府信息公开申请', 0)).toBe(true)
    expect(excerptSupports('共受理申请21件', 0)).toBe(false)
    const dir = mkdtempSync(join(tmpdir(), 'reports-'))
    writeFileSync(join(dir, 'index.csv'), 'source_id,file,reference,text\ns,s.txt,https://example.gov.cn/r,opening\n')
    writeFileSync(join(dir, 's.txt'), '2018年,全市共受理办件100件,办结99件。'.repeat(10))
    const d = tiny()
    d.observations = [{ region_code: '530100', year: '2018', metric: 'online.cases_total', value: '100', qualifier: 'exact', source_id: 's', note: '' }]
    d.provenance = [{ source_id: 's', region_code: '530100', year: '2018', metric: 'online.cases_total', excerpt: '全市共受理办件100件' }]
    expect(checkProvenance(d, dir)).toEqual([])
    d.provenance[0]!.excerpt = '全市共受理办件100件,全部办结'
    expect(checkProvenance(d, dir).map((p) => p.problem)[0]).toContain('excerpt not found')
    d.provenance = []
    expect(checkProvenance(d, dir).map((p) => p.problem)).toEqual(['no excerpt in provenance.csv'])
  })
})
