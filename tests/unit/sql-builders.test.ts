import { beforeAll, describe, expect, it } from 'vitest'
import type { Connection } from './duckdb-node'
import { openContractDb, runQuery } from './duckdb-node'
import { readCsv } from './csv'
import {
  buildFamilyMetricsSql,
  buildMetricSeriesSql,
  type FamilyMetricRow,
  type MetricSeriesRow,
} from '../../src/queries/build-family-sql'
import { buildSourcesSql, type SourceRow } from '../../src/queries/build-sources-sql'
import { buildLoadTableSql } from '../../src/queries/build-load-sql'
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
