import { describe, expect, it } from 'vitest'
import { rankRows } from '../../src/charts/rank-rows'
import type { SeriesRow } from '../../src/queries/build-analysis-sql'

const row = (region_code: string, year: number, value: number): SeriesRow => ({
  region_code, region_zh: region_code, region_en: region_code, level: 'prefecture', metric: 'm', year, value, qualifier: 'exact',
  source_id: 's', publisher_zh: 'p', period_start: `${year}-01-01`, period_end: `${year}-12-31`, scope: 'government',
})
const regions = ['A', 'B', 'C', 'D'].map((code) => ({ code, name_zh: code, name_en: code }))

describe('rankRows', () => {
  it('dense-ranks one year in the direction, keeps regions without data last', () => {
    const rows = [row('A', 2020, 5), row('B', 2020, 9), row('C', 2020, 9), row('A', 2019, 100)]
    expect(rankRows(rows, regions, 2020, 'higher').map((r) => [r.region_code, r.rank])).toEqual([['B', 1], ['C', 1], ['A', 2], ['D', null]])
    expect(rankRows(rows, regions, 2020, 'lower').map((r) => [r.region_code, r.rank])).toEqual([['A', 1], ['B', 2], ['C', 2], ['D', null]])
  })
})
