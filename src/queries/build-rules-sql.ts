/** The value rules of ingest/rules.ts as SQL: the staged check's CASE is generated, never written by hand. */
import { INTERCHANGEABLE, RANGE_RULES, UNITS, YEARS } from '../ingest/rules'
import { quoteLiteral } from './sql'

const list = (units: readonly string[]) => `(${units.map(quoteLiteral).join(', ')})`

/**
 * `WHEN … THEN 'code'` branches giving valueProblem(value, cellUnit, metricUnit) for SQL
 * expressions of the three (cellUnit NULL when the cell names no unit), for use inside a CASE.
 */
export function valueRuleBranches(value: string, cellUnit: string, metricUnit: string): string {
  const together = INTERCHANGEABLE.map((group) => ` AND NOT (${cellUnit} IN ${list(group)} AND ${metricUnit} IN ${list(group)})`).join('')
  const branches = [`WHEN ${cellUnit} IS NOT NULL AND ${metricUnit} IN ${list(UNITS)} AND ${cellUnit} <> ${metricUnit}${together} THEN 'unit-mismatch'`]
  for (const rule of RANGE_RULES) {
    const bounds = [Number.isFinite(rule.min) ? `${value} < ${rule.min}` : '', Number.isFinite(rule.max) ? `${value} > ${rule.max}` : ''].filter(Boolean)
    branches.push(`WHEN ${metricUnit} IN ${list(rule.units)} AND (${bounds.join(' OR ')}) THEN ${quoteLiteral(rule.code)}`)
  }
  return branches.join('\n    ')
}

/** Whether a number expression is a year the rules accept (a whole number in YEARS). */
export function yearRuleSql(y: string): string {
  return `${y} = floor(${y}) AND ${y} BETWEEN ${YEARS.min} AND ${YEARS.max}`
}
