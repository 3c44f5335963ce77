import { describe, expect, it } from 'vitest'
import { checkConsoleSql, wrapConsoleSql } from '../../src/queries/console-sql'
import { openContractDb, runQuery } from '../../scripts/lib/duckdb-node'

describe('checkConsoleSql', () => {
  it('accepts a single SELECT or WITH query', () => {
    expect(checkConsoleSql('SELECT * FROM observations;')).toEqual({ ok: true, sql: 'SELECT * FROM observations' })
    expect(checkConsoleSql('with x as (select 1) select * from x -- done').ok).toBe(true)
    expect(checkConsoleSql("SELECT 'drop table x; delete' AS text").ok).toBe(true)
  })

  it('refuses writes, several statements and anything not a query, saying why', () => {
    expect(checkConsoleSql('DELETE FROM observations')).toEqual({ ok: false, reason: 'not_select', word: 'delete' })
    expect(checkConsoleSql('SELECT 1; DROP TABLE observations')).toMatchObject({ ok: false, reason: 'multiple' })
    expect(checkConsoleSql('WITH x AS (SELECT 1) INSERT INTO regions SELECT * FROM x')).toMatchObject({ ok: false, reason: 'write', word: 'insert' })
    expect(checkConsoleSql("COPY observations TO 'x.csv'")).toMatchObject({ ok: false, reason: 'not_select' })
    expect(checkConsoleSql('  -- nothing\n')).toMatchObject({ ok: false, reason: 'empty' })
  })

  it('runs a query wrapped and capped on real DuckDB', async () => {
    const conn = await openContractDb()
    const rows = await runQuery<{ n: number }>(conn, { sql: wrapConsoleSql('SELECT count(*) AS n FROM observations', 10), params: [] })
    expect(rows[0]?.n).toBeGreaterThan(100)
    const capped = await runQuery(conn, { sql: wrapConsoleSql('SELECT * FROM observations', 7), params: [] })
    expect(capped).toHaveLength(7)
    await expect(runQuery(conn, { sql: wrapConsoleSql('DROP TABLE observations', 7), params: [] })).rejects.toThrow()
  })
})
