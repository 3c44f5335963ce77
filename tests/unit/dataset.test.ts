import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import {
  checkIntegrity,
  checkProvenance,
  checkRates,
  checkRequestBalance,
  excerptSupports,
  formatProblem,
  readDataset,
  type Dataset,
} from '../../scripts/lib/dataset-checks'

const dataDir = fileURLToPath(new URL('../../data', import.meta.url))
const reportsDir = fileURLToPath(new URL('../../data/reports', import.meta.url))
const data = readDataset(dataDir)

describe('the dataset in data/', () => {
  it('has every observation pointing at a region, a metric and a source that exist, with units and ranges that hold', () => {
    expect(checkIntegrity(data).map(formatProblem)).toEqual([])
  })

  it('can show, for every figure, the words of the report it was read from', () => {
    expect(checkProvenance(data, reportsDir).map(formatProblem)).toEqual([])
  })

  it('has stated rates that agree with their counts, or the disagreement recorded', () => {
    const { checks, problems } = checkRates(data)
    expect(problems.map(formatProblem)).toEqual([])
    expect(checks.length).toBeGreaterThan(0)
  })

  it('balances information requests in 2019/2021-format reports', () => {
    expect(checkRequestBalance(data).map(formatProblem)).toEqual([])
  })

  it('covers every seed report and every core family', () => {
    const seeds = data.sources.filter((s) => !/^https?:/.test(s.reference ?? ''))
    expect(seeds.length).toBe(5)
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
    d.observations = [
      { region_code: '530100', year: '2018', metric: 'online.cases_online_pct', value: '80', qualifier: 'exact', source_id: 's', note: '' },
      { region_code: '530100', year: '2018', metric: 'online.cases_online', value: '50', qualifier: 'exact', source_id: 's', note: '' },
      { region_code: '530100', year: '2018', metric: 'online.cases_total', value: '100', qualifier: 'exact', source_id: 's', note: '' },
    ]
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
})
