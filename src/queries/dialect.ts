/**
 * What differs when the app's named queries run on ClickHouse instead of DuckDB (issue #19). The
 * builders write one SQL for both (explicit column aliases, no VALUES with a column list); the few
 * fragments that cannot be shared come from here, and a statement's positional `?` parameters become
 * ClickHouse's typed `{pN:Type}` ones, still bound by the server, never spliced into the text.
 */
import type { SqlQuery } from '../types/query'

export type Dialect = 'duckdb' | 'clickhouse'

/** The distinct values of `expr` (rows where `condition`), as text, sorted and joined by commas; '' when none. */
export function sortedDistinctTextSql(expr: string, condition: string, dialect: Dialect): string {
  return dialect === 'clickhouse'
    ? `arrayStringConcat(arraySort(groupUniqArrayIf(toString(${expr}), ${condition})), ',')`
    : `coalesce(string_agg(DISTINCT ${expr}::VARCHAR, ',' ORDER BY ${expr}::VARCHAR) FILTER (WHERE ${condition}), '')`
}

/**
 * Settings every ClickHouse statement of the app runs with: a LEFT JOIN's missing side is NULL (so a
 * region without a figure sorts last as 无数据, not first with rank 0), an aggregate over no rows is
 * NULL as in DuckDB (max(…) FILTER (…) of nothing, not 0), a cast keeps NULL, and Arrow
 * answers are uncompressed (apache-arrow in the page reads no LZ4 frames).
 */
export const CLICKHOUSE_SETTINGS: Readonly<Record<string, string | number>> = {
  join_use_nulls: 1,
  aggregate_functions_null_for_empty: 1,
  cast_keep_nullable: 1,
  output_format_arrow_compression_method: 'none',
  output_format_arrow_string_as_string: 1,
}

export interface ClickHouseStatement {
  sql: string
  /** pN → value, bound by ClickHouse (HTTP: param_pN; chdb: queryBind). */
  params: Record<string, string | number>
}

/** `?` outside string literals and quoted identifiers → `{pN:Type}` (Int64 / Float64 / String by the value). */
export function toClickHouse(q: SqlQuery): ClickHouseStatement {
  const params: Record<string, string | number> = {}
  let out = ''
  let n = 0
  let quote: string | null = null
  for (let i = 0; i < q.sql.length; i++) {
    const ch = q.sql[i] as string
    if (quote) {
      out += ch
      if (ch === quote) {
        if (q.sql[i + 1] === quote) out += q.sql[++i] // a doubled quote stays inside
        else quote = null
      }
      continue
    }
    if (ch === "'" || ch === '"') quote = ch
    if (ch !== '?') {
      out += ch
      continue
    }
    if (n >= q.params.length) throw new Error(`more ? than parameters (${q.params.length})`)
    const value = q.params[n] as string | number
    const type = typeof value === 'number' ? (Number.isInteger(value) ? 'Int64' : 'Float64') : 'String'
    params[`p${n}`] = value
    out += `{p${n}:${type}}`
    n++
  }
  if (n !== q.params.length) throw new Error(`${q.params.length} parameters for ${n} placeholders`)
  return { sql: out, params }
}
