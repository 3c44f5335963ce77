/**
 * The landing page's first chart, drawn at build time. The default overview's ranking is known then
 * (its answers are recorded for the first view, vite.config.ts), so the build draws it with ECharts
 * in Node as SVG, in both languages, at the width it has on a screen wide enough for the page's
 * full width. BaseChart shows that picture while ECharts itself loads (≈ 0.3–0.4 s of script on a
 * slow machine) and replaces it with the live chart as soon as that is drawn; it is shown only when
 * the live chart's option and size give the same key (option-key.ts), so a different view, a
 * narrower window or changed data never shows a stale picture.
 */
import type { EChartsOption } from 'echarts'
import { fetchRanking, type Runner } from '../stores/overview-load'
import { parseOverviewQuery } from '../stores/overview-params'
import { translatorFor, type Locale } from '../i18n'
import { assignTiers, defaultTierMode } from './tiers'
import { collectFootnote, footnoteText } from './footnote'
import { withSources } from './footnote-rows'
import { rankingScopeLabel } from './scope-label'
import { buildRankingBarOption, rankingHeightFor, WIDE_RANKING_WIDTH } from './options/ranking-bar'
import { chartKey } from './option-key'
import { fitFrame, frameExtraHeight } from './frame'

export interface PrerenderedChart {
  key: string
  width: number
  height: number
  /** The chart as ECharts' SVG renderer writes it. */
  svg: string
}

/**
 * The ranking chart's width in the overview's grid once the page is at its widest
 * (ranking-bar.ts, WIDE_RANKING_WIDTH), i.e. in any window from ≈ 1250 px up. The end-to-end tests
 * open the page at 1280 px and expect the picture: a layout change that moves this width fails them.
 */
export const LANDING_CHART_WIDTH = WIDE_RANKING_WIDTH

export interface LandingChart {
  locale: Locale
  key: string
  width: number
  height: number
  option: EChartsOption
}

/** The default overview's ranking chart, as the page builds it (OverviewView → RankingPanel), in each language. */
export async function landingRankingCharts(run: Runner): Promise<LandingChart[]> {
  const params = parseOverviewQuery({})
  const { chosen: metric, year, ranking: rows, region } = await fetchRanking(params, run)
  if (!metric || year === null || rows.length === 0) return []
  const tiers = assignTiers(rows, params.tiers ?? defaultTierMode(metric.unit, metric.direction))
  const width = LANDING_CHART_WIDTH
  const baseHeight = rankingHeightFor(rows)
  return (['zh-CN', 'en'] as const).map((locale) => {
    const t = translatorFor(locale)
    const built = buildRankingBarOption({
      rows,
      tiers,
      metric,
      year,
      scopeLabel: rankingScopeLabel(params, metric, t, locale),
      footnote: footnoteText(collectFootnote(withSources(rows)), t),
      selected: region,
      locale,
      t,
      watermark: null,
    })
    // as BaseChart hands it to ECharts: its frame's text wrapped to the chart's width
    const option = fitFrame(built, width)
    const height = baseHeight + frameExtraHeight(built, width)
    return { locale, key: chartKey(option, width, height), width, height, option }
  })
}

/**
 * Text widths for drawing without a browser (ECharts measures text to lay out axes and labels):
 * ASCII from `ascii` (ECharts' own table, in ems of a Helvetica-like face), Chinese and full-width
 * forms one em, a middle dot like a full stop, arrows half an em, anything else about a digit.
 * Close enough that the live chart, measured by the browser, replaces the picture without a jump.
 */
export function estimateTextWidth(text: string, font: string, ascii: Readonly<Record<string, number>>): number {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12)
  let ems = 0
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (code < 0x80) ems += ascii[ch] ?? 0.56
    else if (code === 0xb7) ems += ascii['.'] ?? 0.28
    else if (code >= 0x2190 && code <= 0x21ff) ems += 0.5
    else if (code >= 0x2e80) ems += 1
    else ems += 0.56
  }
  return ems * size
}
