import { describe, expect, it } from 'vitest'
import { createMetricMatcher, metricKey, proposeMetricId, type MetricRef } from '../../src/ingest/metrics'
import { loadMetrics } from '../fixtures/load'

const metrics = loadMetrics()
const match = createMetricMatcher(metrics)
const idOf = (label: string) => match(label).id

describe('createMetricMatcher on data/metrics.csv', () => {
  it('matches ids and Chinese and English names', () => {
    expect(match('online.items_online_pct')).toEqual({ kind: 'known', id: 'online.items_online_pct', unit: 'percent' })
    expect(idOf('网上可办率')).toBe('online.items_online_pct')
    expect(idOf('On-time completion rate')).toBe('ontime.on_time_pct')
    expect(idOf('on-time completion RATE')).toBe('ontime.on_time_pct')
    expect(match('交易额')).toEqual({ kind: 'known', id: 'trading.amount_total', unit: 'cny' })
  })

  it('ignores units, brackets, quotes, spaces and numbering', () => {
    expect(idOf('网上可办率(%)')).toBe('online.items_online_pct')
    expect(idOf('网上可办率（％）')).toBe('online.items_online_pct')
    expect(idOf('交易额（亿元）')).toBe('trading.amount_total')
    expect(idOf('办件量/万件')).toBe('online.cases_total')
    expect(idOf(' 按时办结率 ')).toBe('ontime.on_time_pct')
    expect(idOf('1. 办结率')).toBe('ontime.completion_pct')
    expect(idOf('“最多跑一次”事项比例')).toBe('online.one_trip_pct')
  })

  it('knows the contract’s synonyms', () => {
    expect(idOf('办结率')).toBe('ontime.completion_pct')
    expect(idOf('网上办件占比')).toBe('online.cases_online_pct')
    expect(idOf('网上申报率')).toBe('online.cases_online_pct')
    expect(idOf('主动公开')).toBe('disclosure.proactive_items')
    expect(idOf('主动公开政府信息条数')).toBe('disclosure.proactive_items')
    expect(idOf('同意公开')).toBe('disclosure.req_granted')
    expect(idOf('增值率')).toBe('trading.premium_pct')
  })

  it('proposes a new context metric named after the label', () => {
    const result = match('营商环境满意度(%)')
    expect(result.kind).toBe('new')
    if (result.kind !== 'new') return
    expect(result.id).toMatch(/^context\.import_h[0-9a-z]{7}$/)
    expect(result.metric).toEqual({ id: result.id, name_zh: '营商环境满意度', name_en: '营商环境满意度', unit: 'percent' })
    // Stable: the same label always proposes the same id.
    expect(match('营商环境满意度').id).toBe(result.id)
  })

  it('slugs an English label and keeps markup verbatim in the name', () => {
    expect(match('Satisfaction score')).toMatchObject({ kind: 'new', id: 'context.import_satisfaction_score' })
    const markup = match('<b>网上可办率</b>')
    expect(markup.kind).toBe('new')
    if (markup.kind === 'new') {
      expect(markup.metric.name_zh).toBe('<b>网上可办率</b>')
      expect(markup.id).toMatch(/^context\.import_h[0-9a-z]+$/)
    }
    const constructor = match('constructor')
    expect(constructor).toMatchObject({ kind: 'new', id: 'context.import_constructor' })
  })

  it('treats a name two metrics share as new, listing both', () => {
    const result = match('其他行政权力')
    expect(result.kind).toBe('new')
    if (result.kind === 'new') expect(result.candidates).toEqual(['online.items.other_admin_power', 'online.items.other_power'])
  })

  it('uses a synonym only when the caller’s catalogue has that metric', () => {
    const small: MetricRef[] = [{ id: 'online.cases_total', name_zh: '办件量', name_en: 'Cases handled', unit: 'count' }]
    expect(createMetricMatcher(small)('交易额').kind).toBe('new')
  })

  it('never proposes an id that is taken', () => {
    const taken: MetricRef[] = [{ id: 'context.import_score', name_zh: '别的', name_en: 'Other', unit: 'count' }]
    const result = createMetricMatcher(taken)('Score')
    expect(result.kind).toBe('new')
    expect(result.id).toMatch(/^context\.import_score_h[0-9a-z]+$/)
  })
})

describe('helpers', () => {
  it('metricKey normalises labels', () => {
    expect(metricKey('  网上可办率（％） ')).toBe('网上可办率')
    expect(metricKey('Cases Handled')).toBe('caseshandled')
  })
  it('proposeMetricId', () => {
    expect(proposeMetricId('Wait time (days)')).toBe('context.import_wait_time')
    expect(proposeMetricId('政务服务好评率')).toMatch(/^context\.import_h[0-9a-z]{7}$/)
  })
})

describe('proposeMetricId for long labels', () => {
  it('keeps labels that differ only past the cut distinct', () => {
    const a = proposeMetricId('disclosure.requests_carried_out.synth_001')
    const b = proposeMetricId('disclosure.requests_carried_out.synth_002')
    expect(a).not.toBe(b)
    expect(a.startsWith('context.import_disclosure_requests_carried_out')).toBe(true)
  })
})
