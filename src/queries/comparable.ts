/**
 * Which figures may be ranked against each other. A 政务服务管理局's report gives region-wide service,
 * timeliness and trading figures, which compare with a government's; but its disclosure figures (and
 * an office's) describe the bureau itself, so those count only from whole-government reports.
 * `o`, `s` and `m` are the observation, source and metric aliases of the query it is spliced into.
 */
export const COMPARABLE_SQL = "(s.scope = 'government' OR m.family IN ('online', 'ontime', 'trading'))"

/** Prefer the whole government's figure, then the first source id, for one region, year and metric. */
export const PREFERRED_ORDER_SQL = "(s.scope = 'government') DESC, o.source_id"

export type RegionLevel = 'prefecture' | 'county' | 'zone'
export type ProvinceCode = '530000' | '520000'

/** The regions being compared: one level, optionally one province (by the code's first two digits). */
export function universeSql(province: ProvinceCode | null): string {
  return province
    ? 'SELECT code, name_zh, name_en FROM regions WHERE level = ? AND left(code, 2) = ?'
    : 'SELECT code, name_zh, name_en FROM regions WHERE level = ?'
}

export function universeParams(level: RegionLevel, province: ProvinceCode | null): string[] {
  return province ? [level, province.slice(0, 2)] : [level]
}
