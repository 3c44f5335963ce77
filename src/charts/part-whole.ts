/**
 * Parts within their whole, per region and year, as a report gives them. Pure.
 *
 * A chart of parts never rescales the known parts to fill a bar: each share is of the report's own
 * total, and what the report does not break down is a part of its own, 未细分 (total minus the
 * known parts). A part is never stacked on the whole it lies within.
 */
import type { SeriesRow } from '../queries/build-analysis-sql'

export interface PartSpec {
  /** The result's key: 'granted', 'maintained' … (i18n and colours are keyed on it). */
  key: string
  /** The contract id of this part. */
  id: string
  /** Ids whose sum stands for it when `id` itself is absent (v2: the two litigation groups). */
  sumOf?: string[]
  /** Parts that, when any is present, this one is the sum of (so it is not drawn with them). */
  splitInto?: string[]
}

export interface WholeSpec {
  /** The whole's id, e.g. disclosure.req_total. */
  total: string
  totalSumOf?: string[]
  parts: PartSpec[]
  /**
   * A part some older reports count outside their total (属于已主动公开): when the other parts add up
   * to the total without it, the whole is the total plus it.
   */
  outside?: string
  /** The balance the contract names, for a report that gives no total: plus minus minus (一 + 二 − 四 = 三(七)). */
  derive?: { plus: string[]; minus: string[] }
}

export interface CellPart {
  key: string
  id: string
  value: number
  qualifier: string
  /** Percent of the whole, or null when there is no whole. */
  share: number | null
}

export type TotalFrom = 'reported' | 'derived' | 'with-outside' | null

export interface WholeCell {
  key: string
  region_code: string
  region_zh: string
  region_en: string
  level: string
  year: number
  source_id: string
  scope: string
  total: number | null
  totalQualifier: string
  totalFrom: TotalFrom
  parts: CellPart[]
  /** The part the report does not break down (未细分): total − known parts, when positive. */
  rest: number
  restShare: number | null
  /** The known parts add up to more than the total: the report's figures disagree. */
  over: boolean
  rows: SeriesRow[]
}

/** Every id a spec reads, for the query. */
export function specIds(spec: WholeSpec): string[] {
  const ids = [spec.total, ...(spec.totalSumOf ?? []), ...(spec.outside ? [spec.outside] : []), ...(spec.derive?.plus ?? []), ...(spec.derive?.minus ?? [])]
  for (const p of spec.parts) ids.push(p.id, ...(p.sumOf ?? []))
  return [...new Set(ids)]
}

type Found = { value: number; qualifier: string } | null

function pick(byId: Map<string, SeriesRow>, id: string, sumOf?: string[]): Found {
  const own = byId.get(id)
  if (own) return { value: own.value, qualifier: own.qualifier }
  const found = (sumOf ?? []).map((i) => byId.get(i)).filter((r): r is SeriesRow => Boolean(r))
  if (found.length === 0) return null
  return { value: found.reduce((s, r) => s + r.value, 0), qualifier: found.some((r) => r.qualifier !== 'exact') ? 'approx' : 'exact' }
}

/**
 * One cell per region and year, from one report each: a whole-government report first, then one
 * that gives the total, then the first source id. Parts and whole never come from two reports.
 */
export function wholeCells(rows: readonly SeriesRow[], spec: WholeSpec): WholeCell[] {
  const wanted = new Set(specIds(spec))
  const bySource = new Map<string, SeriesRow[]>()
  for (const row of rows) {
    if (!wanted.has(row.metric)) continue
    const k = `${row.region_code}|${row.year}|${row.source_id}`
    const list = bySource.get(k)
    if (list) list.push(row)
    else bySource.set(k, [row])
  }
  const partIds = new Set(spec.parts.flatMap((p) => [p.id, ...(p.sumOf ?? [])]))
  const hasTotal = (list: SeriesRow[]) => list.some((r) => r.metric === spec.total || spec.totalSumOf?.includes(r.metric))
  // government first, then a report that gives the total, then the first source id
  const preference = (list: SeriesRow[]) => `${(list[0] as SeriesRow).scope === 'government' ? 0 : 1}${hasTotal(list) ? 0 : 1}${(list[0] as SeriesRow).source_id}`
  const chosen = new Map<string, SeriesRow[]>()
  for (const list of bySource.values()) {
    // a report with none of the parts nor the whole has nothing for this chart (only balance figures)
    if (!list.some((r) => partIds.has(r.metric) || r.metric === spec.total || spec.totalSumOf?.includes(r.metric))) continue
    const first = list[0] as SeriesRow
    const k = `${first.region_code}|${first.year}`
    const current = chosen.get(k)
    if (!current || preference(list) < preference(current)) chosen.set(k, list)
  }
  const cells: WholeCell[] = []
  for (const [key, list] of chosen) {
    const first = list[0] as SeriesRow
    const byId = new Map(list.map((r) => [r.metric, r]))
    const present = new Set(list.map((r) => r.metric))
    const parts: CellPart[] = []
    for (const p of spec.parts) {
      if (p.splitInto?.some((id) => present.has(id))) continue
      const found = pick(byId, p.id, p.sumOf)
      if (found) parts.push({ key: p.key, id: p.id, value: found.value, qualifier: found.qualifier, share: null })
    }
    let total: number | null = null
    let totalQualifier = 'exact'
    let totalFrom: TotalFrom = null
    const reported = pick(byId, spec.total, spec.totalSumOf)
    const known = parts.reduce((s, p) => s + p.value, 0)
    if (reported) {
      total = reported.value
      totalQualifier = reported.qualifier
      totalFrom = 'reported'
      const outside = spec.outside ? parts.find((p) => p.id === spec.outside) : undefined
      // the other parts already make the total: this report counted 属于已主动公开 apart from it
      if (outside && known > total && known - outside.value <= total) {
        total += outside.value
        totalFrom = 'with-outside'
      }
    } else if (spec.derive && spec.derive.plus.every((id) => byId.has(id)) && spec.derive.minus.every((id) => byId.has(id))) {
      const sum = (ids: string[]) => ids.reduce((s, id) => s + (byId.get(id) as SeriesRow).value, 0)
      total = sum(spec.derive.plus) - sum(spec.derive.minus)
      totalFrom = 'derived'
      if ([...spec.derive.plus, ...spec.derive.minus].some((id) => (byId.get(id) as SeriesRow).qualifier !== 'exact')) totalQualifier = 'approx'
    }
    if (parts.length === 0 && total === null) continue
    const rest = total === null ? 0 : Math.max(0, total - known)
    const shareOf = (v: number) => (total !== null && total > 0 ? (100 * v) / total : null)
    for (const p of parts) p.share = shareOf(p.value)
    cells.push({
      key,
      region_code: first.region_code,
      region_zh: first.region_zh,
      region_en: first.region_en,
      level: first.level,
      year: first.year,
      source_id: first.source_id,
      scope: first.scope,
      total,
      totalQualifier,
      totalFrom,
      parts,
      rest,
      restShare: rest > 0 ? shareOf(rest) : null,
      over: total !== null && known > total,
      rows: list,
    })
  }
  return cells.sort((a, b) => a.region_code.localeCompare(b.region_code) || a.year - b.year)
}

/** The outcomes of information requests (table 三): six results, 属于已主动公开 for older reports. */
export const OUTCOME_SPEC: WholeSpec = {
  total: 'disclosure.req_total',
  outside: 'disclosure.req_already_public',
  derive: { plus: ['disclosure.requests_new', 'disclosure.requests_carried_in'], minus: ['disclosure.requests_carried_out'] },
  parts: [
    { key: 'granted', id: 'disclosure.req_granted' },
    { key: 'partial', id: 'disclosure.req_partial' },
    // a report that gives only 予以公开及部分公开 together
    { key: 'granted_or_partial', id: 'disclosure.req_granted_or_partial', splitInto: ['disclosure.req_granted', 'disclosure.req_partial'] },
    { key: 'denied', id: 'disclosure.req_denied' },
    { key: 'unavailable', id: 'disclosure.req_unavailable' },
    { key: 'not_processed', id: 'disclosure.req_not_processed' },
    { key: 'other', id: 'disclosure.req_other' },
    { key: 'already_public', id: 'disclosure.req_already_public' },
  ],
}

const RESULTS = ['maintained', 'corrected', 'other', 'pending'] as const

function appealSpec(group: string, sumOf: string[] = []): WholeSpec {
  return {
    total: `disclosure.${group}_total`,
    totalSumOf: sumOf.length ? sumOf.map((g) => `disclosure.${g}_total`) : undefined,
    parts: RESULTS.map((r) => ({
      key: r,
      id: `disclosure.${group}_${r}`,
      sumOf: sumOf.length ? sumOf.map((g) => `disclosure.${g}_${r}`) : undefined,
    })),
  }
}

/** Table 四: reviews, and lawsuits (the core id, else the two v2 groups together). */
export const REVIEW_SPEC = appealSpec('review')
export const LITIGATION_SPEC = appealSpec('litigation', ['litigation_direct', 'litigation_after_review'])
