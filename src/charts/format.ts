/**
 * Numbers the Chinese way: 万 and 亿 instead of thousands and millions, money in 元/万元/亿元,
 * percentages with their sign. English gets grouped digits and bn/m. Pure; used by charts,
 * tables and footnotes alike.
 */
export type UiLocale = 'zh-CN' | 'en'

const MEASURE_WORDS: [RegExp, string][] = [
  [/cases|requests|req_|complaints|review|litigation/, '件'],
  [/items|catalog/, '项'],
  [/land\./, '宗'],
  [/projects/, '个'],
  [/persons|training_persons/, '人次'],
]

/** The Chinese measure word a count of this metric takes (件, 项, 个, 宗 …), or ''. */
export function measureWord(metricId: string, unit: string): string {
  if (unit === 'persons') return '人次'
  if (unit !== 'count') return ''
  return MEASURE_WORDS.find(([pattern]) => pattern.test(metricId))?.[1] ?? ''
}

function trim(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString()
}

const groupedFormats = new Map<number, Intl.NumberFormat>()

function grouped(value: number, digits = 2): string {
  // one formatter per precision: each toLocaleString call with options would build its own
  let format = groupedFormats.get(digits)
  if (!format) groupedFormats.set(digits, (format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })))
  return format.format(value)
}

/** A count of rows or figures, grouped as both languages write it: 1,000,000. */
export function formatCount(value: number): string {
  return grouped(value, 0)
}

/** A single value with its unit, e.g. 107.64亿元, 78.17%, 118.84万件. */
export function formatValue(value: number, unit: string, locale: UiLocale, metricId = ''): string {
  if (!Number.isFinite(value)) return '—'
  const abs = Math.abs(value)
  if (unit === 'percent' || unit === 'percent_change') return `${trim(value, 2)}%`
  if (unit === 'cny') {
    if (locale === 'en') {
      if (abs >= 1e9) return `¥${trim(value / 1e9, 2)} bn`
      if (abs >= 1e6) return `¥${trim(value / 1e6, 2)} m`
      return `¥${grouped(value)}`
    }
    if (abs >= 1e8) return `${trim(value / 1e8, 2)}亿元`
    if (abs >= 1e4) return `${trim(value / 1e4, 2)}万元`
    return `${trim(value, 2)}元`
  }
  const word = locale === 'zh-CN' ? measureWord(metricId, unit) : ''
  const suffix = locale === 'en' ? unitSuffixEn(unit) : word || unitSuffixZh(unit)
  if (locale === 'zh-CN') {
    if (abs >= 1e8) return `${trim(value / 1e8, 2)}亿${suffix}`
    if (abs >= 1e4) return `${trim(value / 1e4, 2)}万${suffix}`
    return `${trim(value, 2)}${suffix}`
  }
  return `${grouped(value)}${suffix}`
}

function unitSuffixZh(unit: string): string {
  return { days: '天', hours: '小时', minutes: '分钟', mu: '亩', sqm: '平方米', persons: '人次' }[unit] ?? ''
}

function unitSuffixEn(unit: string): string {
  return { days: ' days', hours: ' h', minutes: ' min', mu: ' mu', sqm: ' m²', persons: ' person-times' }[unit] ?? ''
}

/** How an axis shows a metric: the divisor applied to every value and the unit label. */
export interface AxisScale {
  divisor: number
  label: string
}

export function axisScale(maxAbs: number, unit: string, locale: UiLocale, metricId = ''): AxisScale {
  if (unit === 'percent' || unit === 'percent_change') return { divisor: 1, label: '%' }
  if (unit === 'cny') {
    if (locale === 'en') {
      if (maxAbs >= 1e9) return { divisor: 1e9, label: 'CNY bn' }
      if (maxAbs >= 1e6) return { divisor: 1e6, label: 'CNY m' }
      return { divisor: 1, label: 'CNY' }
    }
    if (maxAbs >= 1e8) return { divisor: 1e8, label: '亿元' }
    if (maxAbs >= 1e4) return { divisor: 1e4, label: '万元' }
    return { divisor: 1, label: '元' }
  }
  if (locale === 'en') {
    const base = unitSuffixEn(unit).trim() || (unit === 'count' ? 'count' : unit)
    if (maxAbs >= 1e6) return { divisor: 1e6, label: `${base}, millions` }
    if (maxAbs >= 1e4) return { divisor: 1e3, label: `${base}, thousands` }
    return { divisor: 1, label: base }
  }
  const word = measureWord(metricId, unit) || unitSuffixZh(unit) || '个'
  if (maxAbs >= 1e8) return { divisor: 1e8, label: `亿${word}` }
  if (maxAbs >= 1e4) return { divisor: 1e4, label: `万${word}` }
  return { divisor: 1, label: word }
}
