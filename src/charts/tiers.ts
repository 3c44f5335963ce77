/**
 * Tiers a leader can read at a glance. Fixed bands follow the national 一体化政务服务能力 assessment
 * (非常高 ≥ 90, 高 80–90, 中 60–80, 低 < 60) and suit percentages where higher is better; every other
 * indicator is cut into thirds of the ranked regions (前列, 中游, 后列). Pure.
 */
import type { Direction } from '../types/data'

export type TierMode = 'fixed' | 'quantile'
export type TierKey = 'very_high' | 'high' | 'medium' | 'low' | 'top' | 'middle' | 'bottom' | 'none'

export const TIER_COLOURS: Record<TierKey, string> = {
  very_high: '#1a7a3c',
  high: '#66bd63',
  medium: '#fdd96b',
  low: '#f08c5a',
  top: '#1a7a3c',
  middle: '#fdd96b',
  bottom: '#f08c5a',
  none: '#d9d9d9',
}

export const FIXED_BANDS: { key: TierKey; min: number }[] = [
  { key: 'very_high', min: 90 },
  { key: 'high', min: 80 },
  { key: 'medium', min: 60 },
  { key: 'low', min: -Infinity },
]

/** Fixed bands only make sense for a percentage where higher is better. */
export function fixedTiersApply(unit: string, direction: Direction): boolean {
  return unit === 'percent' && direction === 'higher'
}

export function defaultTierMode(unit: string, direction: Direction): TierMode {
  return fixedTiersApply(unit, direction) ? 'fixed' : 'quantile'
}

export interface Tierable {
  value: number | null
  rank: number | null
}

/**
 * The tier of each row, in order. Quantile tiers use dense ranks: a tie never splits across tiers.
 * `rankCount` is the number of distinct ranks.
 */
export function assignTiers<T extends Tierable>(rows: readonly T[], mode: TierMode): TierKey[] {
  const maxRank = Math.max(0, ...rows.map((r) => r.rank ?? 0))
  return rows.map((row) => {
    if (row.value === null || row.rank === null) return 'none'
    if (mode === 'fixed') return (FIXED_BANDS.find((band) => (row.value as number) >= band.min) as { key: TierKey }).key
    if (maxRank <= 1) return 'top'
    const position = (row.rank - 1) / maxRank
    return position < 1 / 3 ? 'top' : position < 2 / 3 ? 'middle' : 'bottom'
  })
}

/** Change of rank since last year: '↑3', '↓1', '=' or 'new' (not ranked last year). */
export function rankChange(rank: number | null, prevRank: number | null): string {
  if (rank === null) return ''
  if (prevRank === null) return 'new'
  if (prevRank === rank) return '='
  return prevRank > rank ? `↑${prevRank - rank}` : `↓${rank - prevRank}`
}
