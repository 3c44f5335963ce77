import type { OverviewParams } from '../stores/overview-params'
import type { RankableMetricRow } from '../queries/build-ranking-sql'
import type { Translate } from './footnote'
import type { UiLocale } from './format'

const PROVINCES: Record<string, { zh: string; en: string }> = {
  '530000': { zh: '云南省', en: 'Yunnan' },
  '520000': { zh: '贵州省', en: 'Guizhou' },
}

/** The ranking's subtitle after its unit: who is compared (level, province), which way is better, what is left out. */
export function rankingScopeLabel(
  params: Pick<OverviewParams, 'level' | 'province'>,
  metric: Pick<RankableMetricRow, 'direction' | 'family'> | undefined,
  t: Translate,
  locale: UiLocale,
): string {
  const known = params.province === null ? undefined : PROVINCES[params.province]
  const province = known ? (locale === 'en' ? known.en : known.zh) : t('overview.allProvinces')
  const parts = [t('ranking.scopeNote', { level: t(`level.${params.level}`), province })]
  if (metric) parts.push(t(`ranking.direction.${metric.direction}`))
  if (metric?.family === 'disclosure') parts.push(t('ranking.excludedNote'))
  return parts.join(' · ')
}
