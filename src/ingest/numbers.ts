/**
 * One spreadsheet cell → one number in the contract's canonical unit (counts as numbers, percent
 * 0–100, money in yuan). Pure string handling: nothing is ever evaluated, so `=1+1` is just text
 * that is not a number.
 */
import type { Qualifier } from '../types/data'

import { SCALES, UNIT_NAMES, UNITS, type Unit } from './rules'

export type { Unit }

export type CellProblemCode = 'not-a-number' | 'unknown-unit' | 'bad-separator' | 'upper-bound'

export interface ParsedCell {
  value: number | null
  /** The cell says "no figure" (empty, —, /, 无 …): not zero, and not a problem. */
  missing: boolean
  /** The unit the value is now in; null when neither the cell nor the hint named one. */
  unit: Unit | null
  qualifier: Qualifier
  problem?: string
  problemCode?: CellProblemCode
}

interface UnitSpec {
  unit: Unit | null
  /** Power of ten the stated number is multiplied by (万 → 4). */
  exponent: number
}

const CANONICAL: ReadonlySet<string> = new Set<string>(UNITS)
const SCALE_WORDS = Object.keys(SCALES).sort((a, b) => b.length - a.length)

/** Reads a unit token such as `%`, `亿元`, `万件`, `万` or a canonical name (`percent`); null if unknown. */
export function unitSpec(token: string): UnitSpec | null {
  const t = normalizeCellText(token)
  if (t === '') return null
  const lower = t.toLowerCase()
  if (CANONICAL.has(lower)) return { unit: lower as Unit, exponent: 0 }
  const named = Object.hasOwn(UNIT_NAMES, lower) ? UNIT_NAMES[lower] : undefined
  if (named) return { unit: named, exponent: 0 }
  // Longest scale first, so that 万亿 is not read as 万 + 亿.
  const scale = SCALE_WORDS.find((word) => t.startsWith(word)) ?? ''
  const exponent = scale === '' ? 0 : (SCALES[scale] ?? 0)
  const base = t.slice(scale.length)
  if (base === '') return scale ? { unit: null, exponent } : null
  const unit = Object.hasOwn(UNIT_NAMES, base) ? UNIT_NAMES[base] : undefined
  return unit ? { unit, exponent } : null
}

const MISSING = new Set(['', '/', '\\', '无', '暂无', '空', '…', '……', '...', 'n/a', 'na', 'null', 'none', 'nan'])
const DASHES = /^[-—–―‐‑‒−]+$/

/** Qualifiers before the number, longest first. */
const PREFIXES: [string, Qualifier][] = [
  ['大约', 'approx'], ['将近', 'approx'], ['接近', 'approx'], ['约', 'approx'], ['近', 'approx'],
  ['不少于', 'at_least'], ['超过', 'at_least'], ['多于', 'at_least'], ['至少', 'at_least'],
  ['>=', 'at_least'], ['≥', 'at_least'], ['>', 'at_least'], ['超', 'at_least'], ['逾', 'at_least'],
]
/** Qualifiers after the number, or between 万 and 元 (3万余件, 12亿多元). */
const SUFFIXES: [string, Qualifier][] = [
  ['左右', 'approx'], ['上下', 'approx'], ['以上', 'at_least'], ['余', 'at_least'], ['多', 'at_least'],
]
/** Upper bounds: the contract has no qualifier for them. */
const UPPER_PREFIXES = ['<=', '≤', '<', '不到', '不足', '少于', '低于']
const UPPER_SUFFIXES = ['以下', '以内']

/** Full-width digits, ．，％ and ideographic spaces become ASCII; then whitespace is dropped. */
function normalizeCellText(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '')
}

function problem(problemCode: CellProblemCode, message: string): ParsedCell {
  return { value: null, missing: false, unit: null, qualifier: 'exact', problem: message, problemCode }
}

export function parseCell(raw: string, unitHint?: string | null): ParsedCell {
  let s = normalizeCellText(raw)
  if (MISSING.has(s.toLowerCase()) || DASHES.test(s)) return { value: null, missing: true, unit: null, qualifier: 'exact' }
  const shown = JSON.stringify(raw.trim())

  let qualifier: Qualifier = 'exact'
  for (const [word, q] of PREFIXES) {
    if (s.startsWith(word)) {
      qualifier = q
      s = s.slice(word.length)
      break
    }
  }
  const upperBound = (word: string) => problem('upper-bound', `${shown}: an upper bound (${word}) cannot be stored as a figure`)
  for (const word of UPPER_PREFIXES) {
    if (s.startsWith(word) && /^[\d.]/.test(s.slice(word.length))) return upperBound(word)
  }

  const number = /^([+-]?)(\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE]([+-]?\d+))?/.exec(s)
  if (!number) return problem('not-a-number', `${shown} is not a number`)
  const sign = number[1] ?? ''
  let digits = number[2] ?? ''
  const exponent = Number(number[3] ?? '0')
  if (digits.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) {
      return problem('bad-separator', `${shown}: the commas are not thousands separators`)
    }
    digits = digits.replace(/,/g, '')
  }

  let tail = s.slice(number[0].length)
  for (const word of UPPER_SUFFIXES) {
    if (tail.includes(word)) return upperBound(word)
  }
  for (const [word, q] of SUFFIXES) {
    if (tail.includes(word)) {
      // 约300余件: the looser reading wins, and 约 is looser than 余.
      if (qualifier === 'exact') qualifier = q
      tail = tail.split(word).join('')
    }
  }
  if (/[\d.,+\-*/=^()]/.test(tail)) return problem('not-a-number', `${shown} is not a number`)

  let spec: UnitSpec | null = null
  if (tail !== '') {
    spec = unitSpec(tail)
    if (!spec) return problem('unknown-unit', `${shown}: unknown unit "${tail}"`)
    // 12万 under a (万件) header: the cell's own multiplier counts, the header supplies the kind.
    if (spec.unit === null && unitHint) spec = { unit: unitSpec(unitHint)?.unit ?? null, exponent: spec.exponent }
  } else if (unitHint) {
    spec = unitSpec(unitHint)
  }

  // Shift the decimal exponent instead of multiplying, so 10.76亿 is 1076000000 and not 1076000000.0000001.
  const value = Number(`${sign}${digits}e${exponent + (spec?.exponent ?? 0)}`)
  if (!Number.isFinite(value)) return problem('not-a-number', `${shown} is too large`)
  return { value: value === 0 ? 0 : value, missing: false, unit: spec?.unit ?? null, qualifier }
}

/**
 * A header's label and its unit, from `网上可办率(%)`, `交易额（亿元）`, `办件量/万件`, `金额（单位：万元）`.
 * A trailing bracket that is not a unit (`网上可办率（2021年）`) is dropped from the label, which is
 * what matching wants; a slash that is not followed by a unit (`工程/采购`) is part of the label.
 */
export function splitHeaderUnit(header: string): { label: string; unit: string | null } {
  const text = header.normalize('NFKC').trim()
  const bracket = /^(.+?)\s*[([【〔]\s*(?:单位\s*:?\s*)?([^()[\]【】〔〕]*?)\s*[)\]】〕]$/.exec(text)
  if (bracket) {
    const token = (bracket[2] ?? '').replace(/\s+/g, '')
    return { label: (bracket[1] ?? '').trim(), unit: unitSpec(token) ? token : null }
  }
  const slash = /^(.+?)\s*\/\s*([^/]+?)$/.exec(text)
  if (slash) {
    const token = (slash[2] ?? '').replace(/\s+/g, '')
    if (unitSpec(token)) return { label: (slash[1] ?? '').trim(), unit: token }
  }
  return { label: text, unit: null }
}

export function unitFromHeader(header: string): string | null {
  return splitHeaderUnit(header).unit
}
