import { beforeAll, describe, expect, it } from 'vitest'
import type { Connection } from '../../scripts/lib/duckdb-node'
import { openContractDb, runQuery } from '../../scripts/lib/duckdb-node'
import { readCsv } from './csv'
import { fakeT } from './fake-t'
import { buildSeriesSql, type SeriesRow } from '../../src/queries/build-analysis-sql'
import { EMPTY_FILTER } from '../../src/queries/analysis-filter'
import { LITIGATION_SPEC, OUTCOME_SPEC, REVIEW_SPEC, specIds, wholeCells } from '../../src/charts/part-whole'
import { buildAppealsOption, buildShareOption } from '../../src/charts/options/analysis'
import { wholeTable } from '../../src/export/tables'

const t = fakeT((key, v) => `${key}(${v.join(',')})`)
const observations = readCsv('observations.csv')
const sources = readCsv('sources.csv')
let conn: Connection
beforeAll(async () => {
  conn = await openContractDb()
})

/** A figure from data/observations.csv, from the whole government's report of that region and year. */
function figure(region: string, year: number, metric: string): number | null {
  const gov = new Set(sources.filter((s) => s.scope === 'government').map((s) => s.id))
  const row = observations.find((o) => o.region_code === region && Number(o.year) === year && o.metric === metric && gov.has(o.source_id as string))
  return row ? Number(row.value) : null
}

/** The report's own total: 三(七) 总计 where given, else the balance 一 + 二 − 四. */
function reportTotal(region: string, year: number): number | null {
  const total = figure(region, year, 'disclosure.req_total')
  if (total !== null) return total
  const [n, cin, cout] = ['disclosure.requests_new', 'disclosure.requests_carried_in', 'disclosure.requests_carried_out'].map((m) => figure(region, year, m))
  return n == null || cin == null || cout == null ? null : n + cin - cout
}

type Bar = { name: string; stack?: string; type: string; xAxisIndex?: number; data: ({ value: number; count: number } | null)[] }

const row = (over: Partial<SeriesRow>): SeriesRow => ({
  region_code: 'X', region_zh: 'X市', region_en: 'X', level: 'prefecture', metric: 'm', year: 2020, value: 0, qualifier: 'exact',
  source_id: 's', publisher_zh: 'p', period_start: '2020-01-01', period_end: '2020-12-31', scope: 'government', ...over,
})

describe('request outcomes as shares of the report total, on the real data', () => {
  let rows: SeriesRow[] = []
  beforeAll(async () => {
    rows = await runQuery<SeriesRow>(conn, buildSeriesSql({ ...EMPTY_FILTER, regions: ['530500'] }, specIds(OUTCOME_SPEC), { allSources: true }))
  })

  it('保山 2018: each outcome over the 129 answered, 属于已主动公开 a part of its own', () => {
    const cell = wholeCells(rows, OUTCOME_SPEC).find((c) => c.year === 2018)
    const total = reportTotal('530500', 2018) as number
    expect(cell?.total).toBe(total)
    for (const p of cell?.parts ?? []) expect(p.share).toBeCloseTo((100 * (figure('530500', 2018, p.id) as number)) / total, 6)
    const granted = cell?.parts.find((p) => p.key === 'granted')
    expect(granted?.share).toBeCloseTo((100 * (figure('530500', 2018, 'disclosure.req_granted') as number)) / total, 6)
    expect(cell?.parts.some((p) => p.key === 'already_public')).toBe(true)
    const sum = (cell?.parts ?? []).reduce((s, p) => s + (p.share ?? 0), 0) + (cell?.restShare ?? 0)
    expect(sum).toBeCloseTo(100, 6)
  })

  it('保山 2024: 不予公开 is its count over the report total, the rest 未细分; never rescaled to 100%', () => {
    const cell = wholeCells(rows, OUTCOME_SPEC).find((c) => c.year === 2024)
    const total = reportTotal('530500', 2024) as number
    expect(total).toBeGreaterThan(0)
    expect(cell?.source_id).toBe('bs-2024') // the government's report, not the office's
    const denied = cell?.parts.find((p) => p.key === 'denied')
    expect(denied?.share).toBeCloseTo((100 * (figure('530500', 2024, 'disclosure.req_denied') as number)) / total, 6)
    expect(denied?.share).toBeLessThan(50)
    const known = (cell?.parts ?? []).reduce((s, p) => s + p.value, 0)
    expect(cell?.rest).toBe(total - known)

    const option = buildShareOption({ rows, metricInfo: () => undefined, title: 'x', focusRegion: null, locale: 'zh-CN', t, spec: OUTCOME_SPEC })
    const series = option.series as Bar[]
    const cells = (option.xAxis as { data: string[] }).data
    const i = cells.findIndex((c) => c.includes('2024'))
    const deniedBar = series.find((s) => s.name === 'charts.parts.denied')
    expect(deniedBar?.data[i]?.value).toBeCloseTo(denied?.share as number, 6)
    // every bar adds up to 100, no more
    for (let k = 0; k < cells.length; k++) expect(series.reduce((s, b) => s + (b.data[k]?.value ?? 0), 0)).toBeCloseTo(100, 6)
    expect((option.yAxis as { max?: number }).max).toBe(100)
  })
})

describe('wholeCells on made-up reports', () => {
  it('adds 属于已主动公开 back to a total that left it out, and withholds a cell without a total', () => {
    const rows = [
      row({ metric: 'disclosure.req_total', value: 60 }),
      row({ metric: 'disclosure.req_granted', value: 40 }),
      row({ metric: 'disclosure.req_denied', value: 20 }),
      row({ metric: 'disclosure.req_already_public', value: 40 }),
      row({ region_code: 'Y', metric: 'disclosure.req_denied', value: 5 }),
    ]
    const [x, y] = wholeCells(rows, OUTCOME_SPEC)
    expect(x?.total).toBe(100)
    expect(x?.totalFrom).toBe('with-outside')
    expect(x?.parts.map((p) => p.share)).toEqual([40, 20, 40])
    expect(y?.total).toBeNull()
    const option = buildShareOption({ rows, metricInfo: () => undefined, title: 'x', focusRegion: null, locale: 'zh-CN', t, spec: OUTCOME_SPEC })
    expect((option.xAxis as { data: string[] }).data).toEqual(['X市'])
    expect(JSON.stringify((option.title as { subtext?: string }[])[0]?.subtext)).toContain('charts.withheld')
  })

  it('draws 予以公开及部分公开 only where the report does not split it, and never mixes two reports in one cell', () => {
    const rows = [
      row({ metric: 'disclosure.req_total', value: 10 }),
      row({ metric: 'disclosure.req_granted_or_partial', value: 7 }),
      row({ metric: 'disclosure.req_granted', value: 5 }),
      row({ metric: 'disclosure.req_partial', value: 2 }),
      row({ source_id: 'office', scope: 'bureau', metric: 'disclosure.req_denied', value: 3 }),
    ]
    const [cell] = wholeCells(rows, OUTCOME_SPEC)
    expect(cell?.source_id).toBe('s')
    expect(cell?.parts.map((p) => p.key)).toEqual(['granted', 'partial'])
    expect(cell?.rest).toBe(3)
  })

  it('sums the two v2 litigation groups when the core id is absent', () => {
    const rows = [
      row({ metric: 'disclosure.litigation_direct_total', value: 4 }),
      row({ metric: 'disclosure.litigation_after_review_total', value: 2 }),
      row({ metric: 'disclosure.litigation_direct_maintained', value: 3 }),
      row({ metric: 'disclosure.litigation_after_review_corrected', value: 1 }),
    ]
    const [cell] = wholeCells(rows, LITIGATION_SPEC)
    expect(cell?.total).toBe(6)
    expect(cell?.parts.map((p) => [p.key, p.value])).toEqual([
      ['maintained', 3],
      ['corrected', 1],
    ])
    expect(cell?.rest).toBe(2)
  })
})

describe('reviews and lawsuits on the real data', () => {
  it('stacks the results within each total, 纠正 never on top of 总计', async () => {
    const rows = await runQuery<SeriesRow>(conn, buildSeriesSql(EMPTY_FILTER, [...specIds(REVIEW_SPEC), ...specIds(LITIGATION_SPEC)], { allSources: true }))
    const groups = [
      { spec: REVIEW_SPEC, title: 'review' },
      { spec: LITIGATION_SPEC, title: 'litigation' },
    ]
    const option = buildAppealsOption({ rows, metricInfo: () => undefined, title: 'x', focusRegion: null, locale: 'zh-CN', t, groups })
    const bars = (option.series as Bar[]).filter((s) => s.type === 'bar')
    expect(bars.every((b) => !/total/.test(b.stack ?? '') || b.name !== 'charts.total')).toBe(true)
    const labels = (option.xAxis as { data: string[] }[])[0]?.data ?? []
    // each stack adds up to the report's total, wherever the report gives one
    groups.forEach((g, gi) => {
      for (const cell of wholeCells(rows, g.spec)) {
        const i = labels.findIndex((l) => l.startsWith(cell.region_zh) && l.includes(String(cell.year)))
        const stacked = bars.filter((b) => b.xAxisIndex === gi).reduce((s, b) => s + (b.data[i]?.value ?? 0), 0)
        if (cell.total !== null && !cell.over) expect(stacked, `${g.title} ${cell.key}`).toBe(cell.total)
      }
    })
    // 保山 2018's reviews as the report gives them: 维持 and 纠正 within the 7
    const bs = wholeCells(rows, REVIEW_SPEC).find((c) => c.region_code === '530500' && c.year === 2018)
    expect(bs?.total).toBe(figure('530500', 2018, 'disclosure.review_total'))
    expect(bs?.parts.find((p) => p.key === 'corrected')?.value).toBe(figure('530500', 2018, 'disclosure.review_corrected'))

    const table = wholeTable(groups, rows, () => undefined, t, 'zh-CN')
    expect(table.rows.length).toBeGreaterThan(0)
  })
})
