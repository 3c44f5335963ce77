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
import { familyCharts, trendCharts } from './route-charts'
import { fetchFamily } from '../stores/family-load'
import { fetchAnalysis } from '../stores/analysis-load'
import { parseAnalysisQuery } from '../stores/analysis-params'
import { fetchCatalog } from '../stores/overview-load'
import { PAGE_FAMILIES, type PreparedRoute } from '../types/data'

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

/**
 * A family page's chart width once the page is at its widest (main's content box of 1152 px less
 * the card's padding and border), and the workbench's trend chart's (beside its filters): measured
 * in Chromium from 1250 px up. The end-to-end tests open these pages at 1280 px and expect the
 * picture: a layout change that moves these widths fails them.
 */
export const WIDE_FAMILY_CHART_WIDTH = 1118
export const WIDE_TREND_CHART_WIDTH = 842
/** BaseChart's height when none is given (the family card), and the trend's (AnalysisView). */
const FAMILY_CHART_HEIGHT = 440
const TREND_CHART_HEIGHT = 420

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

/** A chart as BaseChart hands it to ECharts at `width`: its frame's text wrapped, its box grown to fit. */
function framed(locale: Locale, built: EChartsOption, width: number, baseHeight: number): LandingChart {
  const option = fitFrame(built, width)
  const height = baseHeight + frameExtraHeight(built, width)
  return { locale, key: chartKey(option, width, height), width, height, option }
}

/**
 * A chart route's first chart in its default view, as the page builds it (FamilyView →
 * FamilyChartCard, AnalysisView's trend), in each language, from the same answers the route is
 * prepared with (stores/prepared-views.ts).
 */
export async function routeFirstCharts(route: PreparedRoute, run: Runner): Promise<LandingChart[]> {
  const locales = ['zh-CN', 'en'] as const
  if ((PAGE_FAMILIES as readonly string[]).includes(route)) {
    const { found, chosen, series } = await fetchFamily(route as (typeof PAGE_FAMILIES)[number], undefined, run)
    const metric = found.find((m) => m.id === chosen)
    if (!metric) return []
    return locales.flatMap((locale) => {
      const first = familyCharts(series, metric, { locale, t: translatorFor(locale), watermark: null })[0]
      return first ? [framed(locale, first.option, WIDE_FAMILY_CHART_WIDTH, FAMILY_CHART_HEIGHT)] : []
    })
  }
  const params = parseAnalysisQuery({})
  const [catalog, analysis] = await Promise.all([fetchCatalog(run), fetchAnalysis(params, run)])
  const metric = catalog.metrics.find((m) => m.id === analysis.chosen)
  if (!metric) return []
  const { focusRegion, focusYear } = params.filter
  return locales.flatMap((locale) => {
    const first = trendCharts(analysis.trendRows, metric, { focusRegion, focusYear }, { locale, t: translatorFor(locale), watermark: null })[0]
    return first ? [framed(locale, first.option, WIDE_TREND_CHART_WIDTH, TREND_CHART_HEIGHT)] : []
  })
}
