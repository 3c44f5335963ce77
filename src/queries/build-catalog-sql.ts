import type { SqlQuery } from '../types/query'

export interface CatalogMetricRow {
  id: string
  family: string
  name_zh: string
  name_en: string
  unit: string
  direction: 'higher' | 'lower' | 'neutral'
}

/** Every metric's labels and unit, for places that show metrics they did not query themselves. */
export function buildCatalogSql(): SqlQuery {
  return { sql: 'SELECT id, family, name_zh, name_en, unit, direction FROM metrics ORDER BY id', params: [] }
}

export interface CatalogRegionRow {
  code: string
  name_zh: string
  name_en: string
  level: 'province' | 'prefecture' | 'county' | 'zone'
  parent_code: string | null
}

export function buildRegionsSql(): SqlQuery {
  return { sql: 'SELECT code, name_zh, name_en, level, parent_code FROM regions ORDER BY code', params: [] }
}
