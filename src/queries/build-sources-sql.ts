import type { SqlQuery } from '../types/query'

export interface SourceRow {
  id: string
  region_code: string
  region_zh: string
  region_en: string
  year: number
  publisher_zh: string
  title_zh: string
  period_start: string
  period_end: string
  reference: string
  format: string
  scope: string
  observations: number
  metrics: number
}

/** Every source with its region and how many figures it contributes. */
export function buildSourcesSql(): SqlQuery {
  return {
    sql: `SELECT s.id AS id, s.region_code AS region_code, r.name_zh AS region_zh, r.name_en AS region_en, s.year AS year,
       s.publisher_zh AS publisher_zh, s.title_zh AS title_zh,
       CAST(s.period_start AS VARCHAR) AS period_start, CAST(s.period_end AS VARCHAR) AS period_end,
       s.reference AS reference, s.format AS format, s.scope AS scope,
       count(o.metric)::INTEGER AS observations,
       count(DISTINCT o.metric)::INTEGER AS metrics
FROM sources AS s
LEFT JOIN regions AS r ON r.code = s.region_code
LEFT JOIN observations AS o ON o.source_id = s.id
GROUP BY ALL
ORDER BY s.year, s.region_code, s.id`,
    params: [],
  }
}
