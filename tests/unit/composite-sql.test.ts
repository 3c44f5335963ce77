import { beforeAll, describe, expect, it } from 'vitest'
import { openDb, runQuery, type Connection } from '../../scripts/lib/duckdb-node'
import { buildLoadTableSql } from '../../src/queries/build-load-sql'
import { buildCompositeSql, type CompositeRow, type CompositeQuery } from '../../src/queries/build-composite-sql'

// Three prefectures, two indicators (one lower-is-better), one gap: small enough to check by hand.
let conn: Connection
beforeAll(async () => {
  const db = await openDb()
  conn = db.conn
  db.registerText('regions.csv', 'code,name_zh,name_en,level,parent_code\n530000,云南省,Yunnan,province,\n530100,甲,A,prefecture,530000\n530300,乙,B,prefecture,530000\n530400,丙,C,prefecture,530000\n')
  db.registerText('metrics.csv', 'id,family,name_zh,name_en,unit,direction,definition_zh,definition_en\nonline.items_online_pct,online,可办,online,percent,higher,x,x\ndisclosure.review_total,disclosure,复议,reviews,count,lower,x,x\n')
  db.registerText('sources.csv', 'id,region_code,year,publisher_zh,title_zh,period_start,period_end,reference,format,scope\ng,530000,2024,p,t,2024-01-01,2024-12-31,r,gb-2021,government\n')
  db.registerText('observations.csv', [
    'region_code,year,metric,value,qualifier,source_id,note',
    '530100,2024,online.items_online_pct,90,exact,g,', '530300,2024,online.items_online_pct,80,exact,g,', '530400,2024,online.items_online_pct,70,exact,g,',
    '530100,2024,disclosure.review_total,10,exact,g,', '530300,2024,disclosure.review_total,0,exact,g,',
  ].join('\n'))
  for (const t of ['regions', 'metrics', 'sources', 'observations'] as const) conn.query(buildLoadTableSql(t, `${t}.csv`))
})

const base: CompositeQuery = {
  indicators: [{ metric: 'online.items_online_pct', weight: 3 }, { metric: 'disclosure.review_total', weight: 1 }],
  year: 2024, level: 'prefecture', province: '530000', normalisation: 'minmax', missing: 'reweight',
}

async function summary(q: CompositeQuery) {
  const rows = await runQuery<CompositeRow>(conn, buildCompositeSql(q))
  const byRegion = new Map<string, { composite: number | null; rank: number | null; coverage: number; contributions: number }>()
  for (const r of rows) {
    const s = byRegion.get(r.region_code) ?? { composite: r.composite, rank: r.rank, coverage: r.coverage, contributions: 0 }
    s.contributions += r.contribution ?? 0
    byRegion.set(r.region_code, s)
  }
  return byRegion
}

describe('buildCompositeSql', () => {
  it('min–max, reweighting over the indicators a region has', async () => {
    const s = await summary(base)
    // 甲: pct 100, reviews (lower is better) 0 → (3·100 + 1·0)/4 = 75
    // 乙: pct 50, reviews 100 → (150 + 100)/4 = 62.5 ; 丙: pct 0, no reviews → 0/3 = 0
    expect(s.get('530100')).toMatchObject({ composite: 75, rank: 1, coverage: 2 })
    expect(s.get('530300')).toMatchObject({ composite: 62.5, rank: 2, coverage: 2 })
    expect(s.get('530400')).toMatchObject({ composite: 0, rank: 3, coverage: 1 })
    for (const v of s.values()) expect(v.contributions).toBeCloseTo(v.composite ?? 0, 9)
  })

  it('counts a gap as zero, or leaves the region out', async () => {
    const zero = await summary({ ...base, missing: 'zero' })
    expect(zero.get('530400')?.composite).toBe(0)
    const exclude = await summary({ ...base, missing: 'exclude' })
    expect(exclude.get('530400')).toMatchObject({ composite: null, rank: null })
    expect(exclude.get('530100')?.rank).toBe(1)
  })

  it('rank normalisation and z-scores', async () => {
    const rank = await summary({ ...base, normalisation: 'rank' })
    expect(rank.get('530300')?.composite).toBeCloseTo((3 * 50 + 1 * 100) / 4, 9)
    const z = await summary({ ...base, normalisation: 'zscore', indicators: [{ metric: 'online.items_online_pct', weight: 1 }] })
    const sd = Math.sqrt(((90 - 80) ** 2 + 0 + (70 - 80) ** 2) / 3)
    expect(z.get('530100')?.composite).toBeCloseTo(10 / sd, 9)
  })

  it('refuses what it cannot compute', () => {
    expect(() => buildCompositeSql({ ...base, indicators: [] })).toThrow(/at least one/)
    expect(() => buildCompositeSql({ ...base, indicators: [{ metric: 'x', weight: -1 }] })).toThrow(/positive/)
    expect(() => buildCompositeSql({ ...base, normalisation: 'evil' as never })).toThrow(/normalisation/)
  })
})
