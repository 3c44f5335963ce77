import { describe, expect, it } from 'vitest'
import { checkConsoleSql, isBlockedAccess, wrapConsoleSql } from '../../src/queries/console-sql'
import { LOCK_DOWN_SQL, LOCAL_DIR } from '../../src/queries/build-lockdown-sql'
import { openContractDb, openDb, runQuery } from '../../scripts/lib/duckdb-node'

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

describe('locked down (LOCK_DOWN_SQL), as db/client.ts leaves DuckDB', () => {
  const failure = (run: () => unknown): string => {
    try {
      run()
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
    throw new Error('expected the statement to fail')
  }

  it('refuses URLs and files it was not handed, on every connection, and the console recognises the refusal', async () => {
    const { db, conn } = await openDb()
    for (const statement of LOCK_DOWN_SQL) conn.query(statement)
    db.registerFileText(`${LOCAL_DIR}ok.csv`, 'a\n1\n')
    // the SQL console's connection is opened after the lock-down, as in the app
    const consoleConn = db.connect()
    for (const c of [conn, consoleConn]) {
      for (const sql of [
        "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')",
        "SELECT * FROM 'https://example.org/x.csv'",
        "SELECT * FROM read_csv('/etc/passwd')",
      ]) {
        const message = failure(() => c.query(wrapConsoleSql(sql, 10)))
        expect(isBlockedAccess(message), message).toBe(true)
      }
      // (the console refuses ATTACH before DuckDB sees it; DuckDB would refuse it too)
      const attach = failure(() => c.query("ATTACH 'http://127.0.0.1:9/x.db' AS x"))
      expect(isBlockedAccess(attach), attach).toBe(true)
      // what the app hands it stays readable; no statement can undo the lock
      expect(c.query(`SELECT count(*) AS n FROM read_csv('${LOCAL_DIR}ok.csv')`).toArray()[0]?.n).toBe(1n)
      expect(failure(() => c.query('SET enable_external_access = true'))).toMatch(/locked/)
    }
    expect(isBlockedAccess('Binder Error: Referenced column "x" not found')).toBe(false)
  }, 60_000)
})
