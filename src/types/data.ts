/** The contract's four tables (see ../shared/data-contract.md and data/README.md). */

export const FAMILIES = ['online', 'ontime', 'trading', 'disclosure', 'context'] as const
export type Family = (typeof FAMILIES)[number]
/** Families that have their own page; `context` figures appear in tables only. */
export const PAGE_FAMILIES = ['online', 'ontime', 'trading', 'disclosure'] as const
export type PageFamily = (typeof PAGE_FAMILIES)[number]

export type RegionLevel = 'province' | 'prefecture' | 'county' | 'zone'
export type Direction = 'higher' | 'lower' | 'neutral'
export type Qualifier = 'exact' | 'approx' | 'at_least'
export type SourceFormat = 'free-text' | 'gb-2019' | 'gb-2021'
export type SourceScope = 'government' | 'bureau'

export interface Region {
  code: string
  name_zh: string
  name_en: string
  level: RegionLevel
  parent_code: string | null
}

export interface Metric {
  id: string
  family: Family
  name_zh: string
  name_en: string
  unit: string
  direction: Direction
  definition_zh: string
  definition_en: string
}

export interface Source {
  id: string
  region_code: string
  year: number
  publisher_zh: string
  title_zh: string
  period_start: string
  period_end: string
  reference: string
  format: SourceFormat
  scope: SourceScope
}

export interface Observation {
  region_code: string
  year: number
  metric: string
  value: number
  qualifier: Qualifier
  source_id: string
  note: string | null
}

/**
 * Routes whose default view (no parameters in the URL) has its answers prepared at build time,
 * besides the landing page's (stores/prepared-views.ts, db/prepared.ts): each loads with its route.
 */
export const PREPARED_ROUTES = [...PAGE_FAMILIES, 'analysis'] as const
export type PreparedRoute = (typeof PREPARED_ROUTES)[number]
