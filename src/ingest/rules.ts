/**
 * The one table of units and value rules. The careful reader (numbers.ts, build.ts) reads it in
 * JavaScript; the staged check's SQL CASE is generated from it (queries/build-rules-sql.ts). A rule
 * changed here changes both, and tests/unit/rules.test.ts holds them to the same answers.
 */

/** Canonical units: metrics.csv's `unit` column. */
export const UNITS = ['count', 'percent', 'cny', 'persons', 'days', 'percent_change', 'hours', 'minutes', 'mu', 'sqm'] as const
export type Unit = (typeof UNITS)[number]

/** Unit words a cell or header may use, and the canonical unit each means. */
export const UNIT_NAMES: Readonly<Record<string, Unit>> = {
  '%': 'percent', yuan: 'cny', rmb: 'cny',
  元: 'cny', 元人民币: 'cny',
  件: 'count', 项: 'count', 个: 'count', 宗: 'count', 条: 'count', 次: 'count', 家: 'count', 户: 'count', 份: 'count',
  人次: 'persons', 人: 'persons', 名: 'persons',
  天: 'days', 日: 'days', 工作日: 'days', 个工作日: 'days',
}

/** Scale words before a unit (万件, 亿元) and the power of ten each stands for. */
export const SCALES: Readonly<Record<string, number>> = { 千: 3, 万: 4, 十万: 5, 百万: 6, 千万: 7, 亿: 8, 万亿: 12 }

/** Units that may stand for one another (a count of people is a count). */
export const INTERCHANGEABLE: readonly (readonly Unit[])[] = [['count', 'persons']]

export type RangeCode = 'percent-range' | 'negative'

/** The range a figure must lie in under its metric's unit; the first rule that fails names the problem. */
export const RANGE_RULES: readonly { code: RangeCode; units: readonly Unit[]; min: number; max: number }[] = [
  { code: 'percent-range', units: ['percent'], min: 0, max: 100 },
  { code: 'negative', units: ['count', 'cny', 'persons', 'days'], min: 0, max: Infinity },
]

/** The years a report can be about. */
export const YEARS = { min: 1990, max: 2100 } as const

export type ValueProblemCode = 'unit-mismatch' | RangeCode

/** metrics.csv units that behave like one of the parser's units. */
export function canonicalUnit(unit: string): Unit | null {
  return (UNITS as readonly string[]).includes(unit) ? (unit as Unit) : null
}

function compatible(cell: Unit, metricUnit: string): boolean {
  const target = canonicalUnit(metricUnit)
  if (target === null || target === cell) return true
  return INTERCHANGEABLE.some((group) => group.includes(target) && group.includes(cell))
}

/**
 * A figure's problem under its metric's unit, the first of: a unit the cell names that contradicts
 * the metric's, then the range rules in order. null: none.
 */
export function valueProblem(value: number, cellUnit: Unit | null, metricUnit: string): ValueProblemCode | null {
  if (cellUnit !== null && !compatible(cellUnit, metricUnit)) return 'unit-mismatch'
  for (const rule of RANGE_RULES) {
    if ((rule.units as readonly string[]).includes(metricUnit) && (value < rule.min || value > rule.max)) return rule.code
  }
  return null
}
