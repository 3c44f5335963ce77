/** The data behind each chart as a table for CSV/Excel: raw values in canonical units, with sources. */
import type { Translate } from '../charts/footnote'
import type { UiLocale } from '../charts/format'
import type { ExportTable } from './csv'
import type { MetricSeriesRow } from '../queries/build-family-sql'
import type { RankingRow } from '../queries/build-ranking-sql'
import type { CompositeRow } from '../queries/build-composite-sql'
import type { SeriesRow } from '../queries/build-analysis-sql'
import { rankChange, type TierKey } from '../charts/tiers'
import { formatValue } from '../charts/format'
import { wholeCells, type WholeSpec } from '../charts/part-whole'

const name = (zh: string, en: string, locale: UiLocale) => (locale === 'en' ? en : zh)
/** A column name in the UI's language (an export's header is read by people, not programs). */
const col = (t: Translate, key: 'code' | 'metric' | 'unit' | 'qualifier' | 'year' | 'totalQualifier') => t(`export.columns.${key}`)

/** A qualifier as the app writes it (约, ≥), '' for an exact figure: it travels with the value into exports. */
export function qualifierMark(qualifier: string | null | undefined, t: Translate): string {
  return !qualifier || qualifier === 'exact' ? '' : t(`qualifier.${qualifier}`)
}

/** The value as the charts show it, qualifier and unit included: ≥4万件. */
export function shownValue(value: number | null, qualifier: string | null | undefined, unit: string, metricId: string, t: Translate, locale: UiLocale): string {
  if (value === null) return ''
  return `${qualifierMark(qualifier, t)}${formatValue(value, unit, locale, metricId)}`
}

export function metricSeriesTable(rows: readonly MetricSeriesRow[], metric: { id: string; unit: string }, t: Translate, locale: UiLocale): ExportTable {
  return {
    columns: [t('family.region'), col(t, 'code'), t('family.year'), col(t, 'metric'), t('family.value'), col(t, 'unit'), col(t, 'qualifier'), t('charts.shownValue'), t('family.source'), t('family.note')],
    rows: rows.map((r) => [
      name(r.region_zh, r.region_en, locale),
      r.region_code,
      r.year,
      metric.id,
      r.value,
      metric.unit,
      qualifierMark(r.qualifier, t),
      shownValue(r.value, r.qualifier, metric.unit, metric.id, t, locale),
      r.source_id,
      r.note ?? '',
    ]),
  }
}

export function rankingTable(rows: readonly RankingRow[], tiers: readonly TierKey[], metric: { id: string; unit: string }, year: number, t: Translate, locale: UiLocale): ExportTable {
  return {
    columns: [t('ranking.rank'), t('ranking.region'), col(t, 'code'), col(t, 'metric'), col(t, 'year'), t('ranking.value'), col(t, 'unit'), col(t, 'qualifier'), t('charts.shownValue'), t('export.columns.prevValue', { year: year - 1 }), t('export.columns.prevRank', { year: year - 1 }), t('ranking.change'), t('ranking.tier'), t('family.source')],
    rows: rows.map((r, i) => [
      r.rank,
      name(r.name_zh, r.name_en, locale),
      r.region_code,
      metric.id,
      r.year ?? year,
      r.value,
      metric.unit,
      qualifierMark(r.qualifier, t),
      shownValue(r.value, r.qualifier, metric.unit, metric.id, t, locale),
      r.prev_value,
      r.prev_rank,
      rankChange(r.rank, r.prev_rank),
      t(`tiers.${tiers[i] ?? 'none'}`),
      r.source_id ?? '',
    ]),
  }
}

export function compositeTable(rows: readonly CompositeRow[], t: Translate, locale: UiLocale): ExportTable {
  return {
    columns: [t('ranking.rank'), t('ranking.region'), col(t, 'code'), t('composite.composite'), t('composite.coverage'), col(t, 'metric'), t('composite.weight'), t('family.value'), t('composite.score'), t('composite.contribution'), t('family.source')],
    rows: rows.map((r) => [r.rank, name(r.name_zh, r.name_en, locale), r.region_code, r.composite, `${r.coverage}/${r.indicator_count}`, r.metric, r.weight, r.value, r.score, r.contribution, r.source_id ?? '']),
  }
}

export function seriesTable(rows: readonly SeriesRow[], t: Translate, locale: UiLocale): ExportTable {
  return {
    columns: [t('family.region'), col(t, 'code'), t('family.year'), col(t, 'metric'), t('family.value'), col(t, 'qualifier'), t('family.source')],
    rows: rows.map((r) => [name(r.region_zh, r.region_en, locale), r.region_code, r.year, r.metric, r.value, qualifierMark(r.qualifier, t), r.source_id]),
  }
}

/**
 * A part-whole chart's data: per region, year and part, the count, the whole it is a part of, and
 * its share of that whole (未细分 as a row of its own), with the report it comes from.
 */
export function wholeTable(
  wholes: readonly { spec: WholeSpec; title: string }[],
  rows: readonly SeriesRow[],
  metricInfo: (id: string) => { name_zh: string; name_en: string } | undefined,
  t: Translate,
  locale: UiLocale,
): ExportTable {
  const out: ExportTable['rows'] = []
  for (const whole of wholes) {
    for (const cell of wholeCells(rows, whole.spec)) {
      const region = name(cell.region_zh, cell.region_en, locale)
      const total = cell.total
      const part = (label: string, id: string, value: number, qualifier: string, share: number | null) => [
        region,
        cell.region_code,
        cell.year,
        whole.title,
        label,
        id,
        value,
        qualifierMark(qualifier, t),
        total,
        qualifierMark(cell.totalQualifier, t),
        share === null ? null : Number(share.toFixed(2)),
        cell.source_id,
      ]
      for (const p of cell.parts) {
        const m = metricInfo(p.id)
        out.push(part(m ? name(m.name_zh, m.name_en, locale) : t(`charts.parts.${p.key}`), p.id, p.value, p.qualifier, p.share))
      }
      if (cell.rest > 0) out.push(part(t('charts.rest'), '', cell.rest, cell.totalQualifier, cell.restShare))
    }
  }
  return {
    columns: [t('family.region'), col(t, 'code'), t('family.year'), t('charts.whole'), t('charts.part'), col(t, 'metric'), t('family.value'), col(t, 'qualifier'), t('charts.total'), col(t, 'totalQualifier'), t('charts.sharePct'), t('family.source')],
    rows: out,
  }
}
