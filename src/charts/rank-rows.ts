/**
 * Ranks a year's figures of one metric across regions in the browser, for views that already hold
 * the rows (the workbench's map): dense ranks in the metric's direction, every listed region kept,
 * 无数据 as null. The leadership view ranks in DuckDB (queries/build-ranking-sql.ts).
 */
import type { RankingRow } from '../queries/build-ranking-sql'
import type { SeriesRow } from '../queries/build-analysis-sql'

export interface RegionName {
  code: string
  name_zh: string
  name_en: string
}

export function rankRows(rows: readonly SeriesRow[], regions: readonly RegionName[], year: number, direction: string): RankingRow[] {
  const values = new Map(rows.filter((r) => r.year === year).map((r) => [r.region_code, r]))
  const distinct = [...new Set([...values.values()].map((r) => r.value))].sort((a, b) => (direction === 'lower' ? a - b : b - a))
  return regions
    .map((region) => {
      const row = values.get(region.code)
      return {
        region_code: region.code,
        name_zh: region.name_zh,
        name_en: region.name_en,
        value: row?.value ?? null,
        qualifier: row?.qualifier ?? null,
        source_id: row?.source_id ?? null,
        rank: row ? distinct.indexOf(row.value) + 1 : null,
        prev_value: null,
        prev_rank: null,
        ranked: values.size,
        publisher_zh: row?.publisher_zh ?? null,
        period_start: row?.period_start ?? null,
        period_end: row?.period_end ?? null,
        scope: row?.scope ?? null,
      }
    })
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.region_code.localeCompare(b.region_code))
}
