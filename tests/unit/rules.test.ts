/**
 * The one table of units and value rules (src/ingest/rules.ts): what it says, and that the JS check
 * and the SQL CASE made from it give the same answer for every unit pair and edge value, on DuckDB.
 */
import { describe, expect, it } from 'vitest'
import { RANGE_RULES, UNITS, valueProblem, YEARS, type Unit } from '../../src/ingest/rules'
import { parseCell, unitSpec } from '../../src/ingest/numbers'
import { parseYear } from '../../src/ingest/build'
import { valueRuleBranches, yearRuleSql } from '../../src/queries/build-rules-sql'
import { openDb, runQuery } from '../../scripts/lib/duckdb-node'

const { conn } = await openDb()

describe('the rules table', () => {
  it('says what the contract says: percent 0–100, counts and money not negative, years 1990–2100', () => {
    expect(valueProblem(93.5, null, 'percent')).toBeNull()
    expect(valueProblem(100.5, null, 'percent')).toBe('percent-range')
    expect(valueProblem(-1, null, 'percent')).toBe('percent-range')
    expect(valueProblem(-1, null, 'count')).toBe('negative')
    expect(valueProblem(-1, null, 'cny')).toBe('negative')
    expect(valueProblem(-1, null, 'percent_change')).toBeNull()
    expect(valueProblem(5, 'persons', 'count')).toBeNull()
    expect(valueProblem(5, 'cny', 'count')).toBe('unit-mismatch')
    expect(parseYear('1990')).toEqual({ year: 1990 })
    expect('problem' in parseYear(String(YEARS.min - 1))).toBe(true)
    expect('problem' in parseYear(String(YEARS.max + 1))).toBe(true)
  })

  it('unit words and scales read from the table', () => {
    expect(unitSpec('万件')).toEqual({ unit: 'count', exponent: 4 })
    expect(unitSpec('亿元')).toEqual({ unit: 'cny', exponent: 8 })
    expect(unitSpec('万亿元')).toEqual({ unit: 'cny', exponent: 12 })
    expect(unitSpec('%')).toEqual({ unit: 'percent', exponent: 0 })
    expect(unitSpec('RMB')).toEqual({ unit: 'cny', exponent: 0 })
    expect(unitSpec('斤')).toBeNull()
    for (const unit of UNITS) expect(unitSpec(unit)).toEqual({ unit, exponent: 0 })
    expect(parseCell('3万件').value).toBe(30000)
  })

  it('the SQL CASE made from the table answers as the JS check does, for every unit pair and edge value', async () => {
    const edges = [...new Set(RANGE_RULES.flatMap((r) => [r.min, r.max]).filter(Number.isFinite).flatMap((b) => [b - 0.5, b, b + 0.5])), -1e9, 1e9]
    const metricUnits: string[] = [...UNITS, 'score']
    const cellUnits: (Unit | null)[] = [null, ...UNITS]
    const cases = edges.flatMap((value) => metricUnits.flatMap((metric) => cellUnits.map((cell) => ({ value, metric, cell }))))
    const values = cases.map((c, i) => `(${i}, ${c.value}::DOUBLE, ${c.cell === null ? 'NULL' : `'${c.cell}'`}, '${c.metric}')`).join(', ')
    const rows = await runQuery<{ i: number; code: string | null }>(conn, {
      sql: `SELECT i, CASE ${valueRuleBranches('v', 'cu', 'mu')} END AS code FROM (VALUES ${values}) t(i, v, cu, mu) ORDER BY i`,
      params: [],
    })
    expect(rows.length).toBe(cases.length)
    const differ = cases.filter((c, i) => valueProblem(c.value, c.cell, c.metric) !== (rows[i]?.code ?? null))
    expect(differ).toEqual([])
    // the table's rules are all met somewhere in the grid
    const codes = new Set(rows.map((r) => r.code))
    for (const code of ['unit-mismatch', ...RANGE_RULES.map((r) => r.code)]) expect(codes.has(code)).toBe(true)
  })

  it('the SQL year rule accepts what parseYear accepts for numbers', async () => {
    const years = [YEARS.min - 1, YEARS.min, 2021, 2021.5, YEARS.max, YEARS.max + 1]
    const rows = await runQuery<{ ok: boolean }>(conn, { sql: `SELECT ${yearRuleSql('y')} AS ok FROM (VALUES ${years.map((y, i) => `(${i}, ${y}::DOUBLE)`).join(', ')}) t(i, y) ORDER BY i`, params: [] })
    expect(rows.map((r) => r.ok)).toEqual(years.map((y) => 'year' in parseYear(String(y))))
  })
})
