/**
 * An indicator label (`网上可办率(%)`, `交易额（亿元）`, `On-time completion rate`, `online.items_online_pct`)
 * → a known metric id, or a proposed new `context.import_…` metric named after the label.
 */
import type { Metric } from '../types/data'
import { splitHeaderUnit, unitSpec } from './numbers'

export type MetricRef = Pick<Metric, 'id' | 'name_zh' | 'name_en' | 'unit'>
export type NewMetric = Pick<Metric, 'id' | 'name_zh' | 'name_en' | 'unit'>

export type MetricMatch =
  | { kind: 'known'; id: string; unit: string }
  /** No known metric has this name; `metric` is the proposal, `candidates` any names it was ambiguous between. */
  | { kind: 'new'; id: string; metric: NewMetric; candidates: string[] }

export type MetricMatcher = (label: string) => MetricMatch

/** The reports' own wording and the contract's alternatives, beyond metrics.csv's short names. */
export const METRIC_SYNONYMS: Readonly<Record<string, string>> = {
  网上可办率: 'online.items_online_pct',
  网上可办事项比例: 'online.items_online_pct',
  网上可办比例: 'online.items_online_pct',
  政务服务事项数: 'online.items_total',
  入库事项数: 'online.items_total',
  办件量: 'online.cases_total',
  办件总量: 'online.cases_total',
  网上办件: 'online.cases_online',
  网上办件量: 'online.cases_online',
  网上办件数: 'online.cases_online',
  网上申报件数: 'online.cases_online',
  网上办件占比: 'online.cases_online_pct',
  网上申报率: 'online.cases_online_pct',
  最多跑一次事项比例: 'online.one_trip_pct',
  最多跑一次比例: 'online.one_trip_pct',
  办结件数: 'ontime.cases_completed',
  办结量: 'ontime.cases_completed',
  办结率: 'ontime.completion_pct',
  按时办结率: 'ontime.on_time_pct',
  投资项目受理数: 'ontime.invest_projects',
  投资项目按时办结率: 'ontime.invest_on_time_pct',
  交易项目数: 'trading.projects_total',
  交易额: 'trading.amount_total',
  交易总额: 'trading.amount_total',
  公共资源交易额: 'trading.amount_total',
  节约率: 'trading.savings_pct',
  增值率: 'trading.premium_pct',
  增益率: 'trading.premium_pct',
  主动公开: 'disclosure.proactive_items',
  主动公开条数: 'disclosure.proactive_items',
  主动公开信息: 'disclosure.proactive_items',
  主动公开信息条数: 'disclosure.proactive_items',
  主动公开政府信息: 'disclosure.proactive_items',
  主动公开政府信息条数: 'disclosure.proactive_items',
  本年新收申请: 'disclosure.requests_new',
  新收申请: 'disclosure.requests_new',
  上年结转: 'disclosure.requests_carried_in',
  予以公开: 'disclosure.req_granted',
  同意公开: 'disclosure.req_granted',
  部分公开: 'disclosure.req_partial',
  不予公开: 'disclosure.req_denied',
  无法提供: 'disclosure.req_unavailable',
  不予处理: 'disclosure.req_not_processed',
  其他处理: 'disclosure.req_other',
  办理结果总计: 'disclosure.req_total',
  结转下年度: 'disclosure.requests_carried_out',
  属于已主动公开: 'disclosure.req_already_public',
}

/** Width, case, spaces, quotes, a trailing unit bracket and list numbering (1. 一、) do not matter. */
export function metricKey(label: string): string {
  return splitHeaderUnit(label)
    .label.normalize('NFKC')
    .toLowerCase()
    .replace(/^(?:\d+[.、]|[一二三四五六七八九十]+、)/, '')
    .replace(/["'“”‘’「」『』《》\s]/g, '')
}

/** FNV-1a, 32 bit: a short, stable id for a label with no ASCII slug. */
function hash(text: string): string {
  let h = 0x811c9dc5
  for (const char of text) {
    h ^= char.codePointAt(0) ?? 0
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(36).padStart(7, '0')
}

/** `Satisfaction score` → `context.import_satisfaction_score`; `营商环境评分` → `context.import_h…`. */
export function proposeMetricId(label: string): string {
  const plain = splitHeaderUnit(label).label.normalize('NFKC').trim()
  if (/^[a-z][a-z0-9 _.-]*$/i.test(plain)) {
    const full = plain.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
    // a long slug is cut, and then a hash of the whole keeps distinct labels distinct
    const slug = full.length <= 48 ? full : `${full.slice(0, 40).replace(/_+$/, '')}_h${hash(full)}`
    if (slug !== '') return `context.import_${slug}`
  }
  return `context.import_h${hash(metricKey(label) || label)}`
}

/** A matcher that remembers its answers (labels repeat across a file's pieces and the checks of one file). */
export function memoMatcher(match: MetricMatcher): MetricMatcher {
  const known = new Map<string, MetricMatch>()
  return (label) => {
    let m = known.get(label)
    if (!m) known.set(label, (m = match(label)))
    return m
  }
}

export function createMetricMatcher(metrics: readonly MetricRef[]): MetricMatcher {
  const byId = new Map(metrics.map((m) => [m.id.toLowerCase(), m]))
  const byName = new Map<string, Set<string>>()
  const addName = (name: string, id: string): void => {
    const key = metricKey(name)
    if (key === '') return
    byName.set(key, (byName.get(key) ?? new Set()).add(id))
  }
  for (const m of metrics) {
    addName(m.name_zh, m.id)
    addName(m.name_en, m.id)
  }
  const unitOf = (id: string): string => byId.get(id.toLowerCase())?.unit ?? 'count'

  return (label) => {
    const trimmed = label.normalize('NFKC').trim()
    const exact = byId.get(trimmed.toLowerCase())
    if (exact) return { kind: 'known', id: exact.id, unit: exact.unit }
    const key = metricKey(label)
    const named = byName.get(key)
    if (named?.size === 1) {
      const id = [...named][0] ?? ''
      return { kind: 'known', id, unit: unitOf(id) }
    }
    // A synonym only counts when the metric it names is in the catalogue the caller gave.
    const synonym = Object.hasOwn(METRIC_SYNONYMS, key) ? METRIC_SYNONYMS[key] : undefined
    if (synonym && byId.has(synonym)) return { kind: 'known', id: synonym, unit: unitOf(synonym) }
    // The proposal keeps the label as written (it is data, escaped where shown), minus a unit it names.
    const split = splitHeaderUnit(label)
    const name = split.unit ? split.label : label.trim()
    const unit = unitSpec(split.unit ?? '')?.unit ?? 'count'
    let id = proposeMetricId(label)
    // Never propose an id that is already a different metric.
    if (byId.has(id)) id = `${id}_h${hash(label)}`
    return { kind: 'new', id, metric: { id, name_zh: name, name_en: name, unit }, candidates: named ? [...named].sort() : [] }
  }
}
