/** The data behind each chart as a table for CSV/Excel: raw values in canonical units, with sources. */
import type { Translate } from '../charts/footnote'
import type { UiLocale } from '../charts/format'
import type { ExportTable } from './csv'
import type { MetricSeriesRow } from '../queries/build-family-sql'
import type { RankingRow } from '../queries/build-ranking-sql'
import type { CompositeRow } from '../queries/build-composite-sql'
import type { SeriesRow } from '../queries/build-analysis-sql'
import { rankChange, type TierKey } from '../charts/tiers'

const name = (zh: string, en: string, locale: UiLocale) => (locale === 'en' ? en : zh)

export function metricSeriesTable(rows: readonly MetricSeriesRow[], metric: { id: string; unit: string }, t: Translate, locale: UiLocale): ExportTable {
  return {
    columns: [t('family.region'), 'code', t('family.year'), 'metric', t('family.value'), 'unit', 'qualifier', t('family.source'), t('family.note')],
    rows: rows.map((r) => [name(r.region_zh, r.region_en, locale), r.region_code, r.year, metric.id, r.value, metric.unit, r.qualifier, r.source_id, r.note ?? '']),
  }
}

export function rankingTable(rows: readonly RankingRow[], tiers: readonly TierKey[], metric: { id: string; unit: string }, year: number, t: Translate, locale: UiLocale): ExportTable {
  return {
    columns: [t('ranking.rank'), t('ranking.region'), 'code', 'metric', 'year', t('ranking.value'), 'unit', `${year - 1}`, `rank ${year - 1}`, t('ranking.change'), t('ranking.tier'), t('family.source')],
    rows: rows.map((r, i) => [
      r.rank,
      name(r.name_zh, r.name_en, locale),
      r.region_code,
      metric.id,
      year,
      r.value,
      metric.unit,
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
    columns: [t('ranking.rank'), t('ranking.region'), 'code', t('composite.composite'), t('composite.coverage'), 'metric', t('composite.weight'), t('family.value'), t('composite.score'), t('composite.contribution'), t('family.source')],
    rows: rows.map((r) => [r.rank, name(r.name_zh, r.name_en, locale), r.region_code, r.composite, `${r.coverage}/${r.indicator_count}`, r.metric, r.weight, r.value, r.score, r.contribution, r.source_id ?? '']),
  }
}

export function seriesTable(rows: readonly SeriesRow[], t: Translate, locale: UiLocale): ExportTable {
  return {
    columns: [t('family.region'), 'code', t('family.year'), 'metric', t('family.value'), 'qualifier', t('family.source')],
    rows: rows.map((r) => [name(r.region_zh, r.region_en, locale), r.region_code, r.year, r.metric, r.value, r.qualifier, r.source_id]),
  }
}
