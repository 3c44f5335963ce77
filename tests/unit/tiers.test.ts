import { describe, expect, it } from 'vitest'
import { assignTiers, defaultTierMode, rankChange } from '../../src/charts/tiers'

describe('tiers', () => {
  it('uses the assessment bands for higher-is-better percentages', () => {
    expect(defaultTierMode('percent', 'higher')).toBe('fixed')
    expect(defaultTierMode('count', 'higher')).toBe('quantile')
    const rows = [95, 90, 89.99, 80, 60, 59.9].map((value, i) => ({ value, rank: i + 1 }))
    expect(assignTiers(rows, 'fixed')).toEqual(['very_high', 'very_high', 'high', 'high', 'medium', 'low'])
  })

  it('cuts ranked regions into thirds without splitting ties, and leaves missing data untiered', () => {
    const rows = [
      { value: 100, rank: 1 }, { value: 100, rank: 1 }, { value: 99, rank: 2 },
      { value: 98, rank: 3 }, { value: 97, rank: 4 }, { value: 96, rank: 5 }, { value: null, rank: null },
    ]
    // five distinct ranks: 1–2 top, 3–4 middle, 5 bottom
    expect(assignTiers(rows, 'quantile')).toEqual(['top', 'top', 'top', 'middle', 'middle', 'bottom', 'none'])
  })

  it('writes the change of rank as an arrow', () => {
    expect(rankChange(2, 5)).toBe('↑3')
    expect(rankChange(4, 3)).toBe('↓1')
    expect(rankChange(1, 1)).toBe('=')
    expect(rankChange(1, null)).toBe('new')
    expect(rankChange(null, 2)).toBe('')
  })
})
