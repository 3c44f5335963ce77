import { beforeAll, describe, expect, it } from 'vitest'
import type { Connection } from '../../scripts/lib/duckdb-node'
import { openContractDb, runQuery } from '../../scripts/lib/duckdb-node'
import { readCsv } from './csv'
import {
  buildFamilyMetricsSql,
  buildMetricSeriesSql,
  type FamilyMetricRow,
  type MetricSeriesRow,
} from '../../src/queries/build-family-sql'
import { buildSourcesSql, type SourceRow } from '../../src/queries/build-sources-sql'
import { buildRankableMetricsSql, buildRankingSql, type RankableMetricRow, type RankingRow } from '../../src/queries/build-ranking-sql'
import { buildLoadTableSql } from '../../src/queries/build-load-sql'
import { buildRegionSeriesSql, buildScopeSeriesSql, type RegionSeriesRow, type ScopeSeriesRow } from '../../src/queries/build-region-series-sql'
import { quoteIdent, placeholders } from '../../src/queries/sql'

let conn: Connection
const observations = readCsv('observations.csv')
const metrics = readCsv('metrics.csv')
const sources = readCsv('sources.csv')

beforeAll(async () => {
  conn = await openContractDb()
})

describe('buildLoadTableSql', () => {
  it('types every column and quotes the table', () => {
    expect(buildLoadTableSql('regions', 'r.csv')).toMatchInlineSnapshot(
      `"CREATE OR REPLACE TABLE "regions" AS SELECT * FROM read_csv('r.csv', header = true, delim = ',', quote = '"', escape = '"', columns = {'code': 'VARCHAR', 'name_zh': 'VARCHAR', 'name_en': 'VARCHAR', 'level': 'VARCHAR', 'parent_code': 'VARCHAR'})"`,
    )
  })

  it('loads every row of every contract file', async () => {
    for (const [table, rows] of [
      ['observations', observations],
      ['metrics', metrics],
      ['sources', sources],
    ] as const) {
      const [count] = await runQuery<{ n: number }>(conn, { sql: `SELECT count(*) AS n FROM ${quoteIdent(table)}`, params: [] })
      expect(count?.n, table).toBe(rows.length)
    }
  })
})

describe('buildFamilyMetricsSql', () => {
  it('binds the family as a parameter', () => {
    const q = buildFamilyMetricsSql('trading')
    expect(q.params).toEqual(['trading'])
    expect(q.sql).not.toContain("'trading'")
  })

  it('lists exactly the family metrics that have data, with their coverage', async () => {
    const rows = await runQuery<FamilyMetricRow>(conn, buildFamilyMetricsSql('online'))
    const online = new Set(metrics.filter((m) => m.family === 'online').map((m) => m.id))
    const withData = observations.filter((o) => online.has(o.metric as string))
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(withData.map((o) => o.metric)))
    for (const row of rows) {
      const mine = withData.filter((o) => o.metric === row.id)
      expect(row.observations).toBe(mine.length)
      expect(row.regions).toBe(new Set(mine.map((o) => o.region_code)).size)
    }
    // widest coverage first
    const regions = rows.map((r) => r.regions)
    expect(regions).toEqual([...regions].sort((a, b) => b - a))
  })
})

describe('buildMetricSeriesSql', () => {
  it('pins its SQL', () => {
    const q = buildMetricSeriesSql({ metric: 'online.items_total', yearFrom: 2017, yearTo: 2018, regionCodes: ['530100', '530500'] })
    expect(q.params).toEqual(['online.items_total', 2017, 2018, '530100', '530500'])
    expect(q.sql).toContain('WHERE o.metric = ? AND o.year >= ? AND o.year <= ? AND o.region_code IN (?, ?)')
  })

  it('returns every observation of the metric with its source', async () => {
    const metric = 'online.items_total'
    const rows = await runQuery<MetricSeriesRow>(conn, buildMetricSeriesSql({ metric }))
    const expected = observations.filter((o) => o.metric === metric)
    expect(rows.length).toBe(expected.length)
    expect(rows.length).toBeGreaterThan(1)
    for (const o of expected) {
      const row = rows.find((r) => r.region_code === o.region_code && r.source_id === o.source_id)
      expect(row?.value).toBe(Number(o.value))
      expect(row?.publisher_zh).toBe(sources.find((s) => s.id === o.source_id)?.publisher_zh)
      expect(row?.period_start).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
  })

  it('narrows by year and region', async () => {
    const all = observations.filter((o) => o.metric === 'online.items_total')
    const code = all[0]?.region_code as string
    const rows = await runQuery<MetricSeriesRow>(conn, buildMetricSeriesSql({ metric: 'online.items_total', regionCodes: [code] }))
    expect(rows.map((r) => r.region_code)).toEqual(all.filter((o) => o.region_code === code).map((o) => o.region_code))
    const none = await runQuery<MetricSeriesRow>(conn, buildMetricSeriesSql({ metric: 'online.items_total', yearFrom: 2100 }))
    expect(none).toEqual([])
  })

  it('treats a hostile metric id as data, not SQL', async () => {
    const rows = await runQuery<MetricSeriesRow>(conn, buildMetricSeriesSql({ metric: "x' OR 1=1 --" }))
    expect(rows).toEqual([])
  })
})

describe('buildSourcesSql', () => {
  it('lists every source with the number of figures it contributes', async () => {
    const rows = await runQuery<SourceRow>(conn, buildSourcesSql())
    expect(rows.map((r) => r.id).sort()).toEqual(sources.map((s) => s.id).sort())
    for (const row of rows) {
      expect(row.observations).toBe(observations.filter((o) => o.source_id === row.id).length)
      expect(row.region_zh).toBeTruthy()
    }
  })
})

describe('sql helpers', () => {
  it('quotes identifiers and refuses empty IN lists', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"')
    expect(placeholders(3)).toBe('?, ?, ?')
    expect(() => placeholders(0)).toThrow()
  })
})

describe('buildRankingSql on synthetic data with known ties', () => {
  it('dense-ranks in the metric direction, keeps regions without data, and joins last year', async () => {
    const { openDb, runQuery: run } = await import('../../scripts/lib/duckdb-node')
    const { conn: c, registerText } = await openDb()
    const { buildLoadTableSql: load } = await import('../../src/queries/build-load-sql')
    registerText('regions.csv', 'code,name_zh,name_en,level,parent_code\n530000,云南省,Yunnan,province,\n530100,甲,A,prefecture,530000\n530300,乙,B,prefecture,530000\n530400,丙,C,prefecture,530000\n530500,丁,D,prefecture,530000\n520100,戊,E,prefecture,520000\n')
    registerText('metrics.csv', 'id,family,name_zh,name_en,unit,direction,definition_zh,definition_en\nontime.on_time_pct,ontime,按时,on time,percent,higher,x,x\ndisclosure.review_total,disclosure,复议,reviews,count,lower,x,x\n')
    registerText('sources.csv', 'id,region_code,year,publisher_zh,title_zh,period_start,period_end,reference,format,scope\ng,530000,2024,p,t,2024-01-01,2024-12-31,r,gb-2021,government\nb,530000,2024,p,t,2024-01-01,2024-12-31,r,gb-2021,bureau\n')
    registerText('observations.csv', [
      'region_code,year,metric,value,qualifier,source_id,note',
      '530100,2024,ontime.on_time_pct,100,exact,g,', '530300,2024,ontime.on_time_pct,100,exact,g,', '530400,2024,ontime.on_time_pct,98.5,exact,g,',
      '530100,2023,ontime.on_time_pct,97,exact,g,', '530400,2023,ontime.on_time_pct,99,exact,g,', '520100,2024,ontime.on_time_pct,90,exact,g,',
      '530100,2024,disclosure.review_total,3,exact,g,', '530300,2024,disclosure.review_total,1,exact,b,', '530400,2024,disclosure.review_total,5,exact,g,',
    ].join('\n'))
    for (const t of ['regions', 'metrics', 'sources', 'observations'] as const) c.query(load(t, `${t}.csv`))

    const rows = await run<RankingRow>(c, buildRankingSql({ metric: 'ontime.on_time_pct', year: 2024, direction: 'higher', level: 'prefecture', province: '530000' }))
    expect(rows.map((r) => [r.region_code, r.rank, r.prev_rank])).toEqual([
      ['530100', 1, 2], ['530300', 1, null], ['530400', 2, 1], ['530500', null, null],
    ])
    expect(rows[3]?.value).toBeNull()
    expect(rows[0]?.ranked).toBe(3)

    // lower is better; a bureau's own disclosure figure is not ranked against governments'
    const reviews = await run<RankingRow>(c, buildRankingSql({ metric: 'disclosure.review_total', year: 2024, direction: 'lower', level: 'prefecture', province: null }))
    expect(reviews.filter((r) => r.rank !== null).map((r) => [r.region_code, r.rank])).toEqual([['530100', 1], ['530400', 2]])
    expect(reviews.find((r) => r.region_code === '530300')?.value).toBeNull()

    const rankable = await run<RankableMetricRow>(c, buildRankableMetricsSql({ level: 'prefecture', province: null }))
    expect(rankable.map((m) => [m.id, m.latest_year, m.years])).toEqual([['ontime.on_time_pct', 2024, '2023,2024'], ['disclosure.review_total', 2024, '2024']])
  })
})

describe('buildScopeSeriesSql', () => {
  it("gives each region of a scope exactly its own series (buildRegionSeriesSql), so the KPI cards can read either", async () => {
    const headline = [...new Set(observations.map((o) => String(o.metric)))]
    let filled = 0
    for (const scope of [
      { level: 'prefecture', province: '530000' },
      { level: 'county', province: null },
      { level: 'zone', province: '520000' },
    ] as const) {
      const all = await runQuery<ScopeSeriesRow>(conn, buildScopeSeriesSql(scope, headline))
      const universe = await runQuery<{ code: string }>(conn, {
        sql: `SELECT code FROM regions WHERE level = ?${scope.province ? ' AND left(code, 2) = ?' : ''}`,
        params: scope.province ? [scope.level, scope.province.slice(0, 2)] : [scope.level],
      })
      expect(universe.length).toBeGreaterThan(0)
      for (const { code } of universe) {
        const own = await runQuery<RegionSeriesRow>(conn, buildRegionSeriesSql(code, headline))
        const fromScope = all.filter((r) => r.region_code === code).map(({ region_code: _r, ...row }) => row)
        expect(fromScope).toEqual(own)
        if (own.length > 0) filled++
      }
      // nothing from outside the scope
      expect(all.every((r) => universe.some((u) => u.code === r.region_code))).toBe(true)
    }
    expect(filled).toBeGreaterThanOrEqual(3)
  })
})
