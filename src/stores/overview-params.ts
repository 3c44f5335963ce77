/**
 * The leadership view's state lives in the URL: these two pure functions turn a route query into
 * parameters (ignoring anything malformed) and back.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { ProvinceCode, RegionLevel } from '../queries/comparable'
import { MISSING_RULES, NORMALISATIONS, type MissingRule, type Normalisation, type WeightedIndicator } from '../queries/build-composite-sql'
import type { TierMode } from '../charts/tiers'

export interface OverviewParams {
  level: RegionLevel
  province: ProvinceCode | null
  metric?: string
  year?: number
  /** 最新年份: each region ranked on its latest figure (URL: ym=latest). */
  latest?: boolean
  tiers?: TierMode
  region?: string
  composite: {
    indicators?: WeightedIndicator[]
    normalisation: Normalisation
    missing: MissingRule
  }
}

const LEVELS: RegionLevel[] = ['prefecture', 'county', 'zone']
const one = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)

export function parseIndicators(text: string | undefined): WeightedIndicator[] | undefined {
  if (text === undefined) return undefined
  const list = text
    .split(',')
    .map((part) => {
      const [metric, weight] = part.split(':')
      return { metric: metric ?? '', weight: Number(weight ?? 1) }
    })
    .filter((i) => /^[a-z_]+(\.[a-z0-9_]+)+$/.test(i.metric) && Number.isFinite(i.weight) && i.weight > 0)
  return list
}

export function parseOverviewQuery(query: LocationQuery): OverviewParams {
  const level = one(query.level) as RegionLevel | undefined
  const province = one(query.province)
  const year = Number(one(query.year))
  const tiers = one(query.tiers)
  const norm = one(query.norm) as Normalisation | undefined
  const missing = one(query.missing) as MissingRule | undefined
  return {
    level: level && LEVELS.includes(level) ? level : 'prefecture',
    province: province === '530000' || province === '520000' ? province : null,
    metric: one(query.metric),
    year: Number.isInteger(year) && year > 1990 ? year : undefined,
    ...(one(query.ym) === 'latest' ? { latest: true } : {}),
    tiers: tiers === 'fixed' || tiers === 'quantile' ? tiers : undefined,
    region: one(query.region),
    composite: {
      indicators: parseIndicators(one(query.ci) ?? (query.ci === '' ? '' : undefined)),
      normalisation: norm && NORMALISATIONS.includes(norm) ? norm : 'minmax',
      missing: missing && MISSING_RULES.includes(missing) ? missing : 'reweight',
    },
  }
}

export function indicatorsText(indicators: readonly WeightedIndicator[]): string {
  return indicators.map((i) => `${i.metric}:${i.weight}`).join(',')
}

/** The query to put in the URL for a change: only what differs from the defaults is written. */
export function overviewQuery(current: LocationQuery, change: Partial<Record<string, string | undefined>>): LocationQueryRaw {
  const next: LocationQueryRaw = { ...current }
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) delete next[key]
    else next[key] = value
  }
  return next
}
