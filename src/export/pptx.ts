/**
 * The briefing as PPTX, 16:9 (13.33 × 7.5 in): a cover (title, date, dataset, 模拟数据 when it is),
 * then one slide per chart with its title once, its key figure, the chart filling the body and
 * unit, source and date in the footer. Bar, line and pie charts go in as native charts with their
 * data (PowerPoint and WPS can edit them); anything else (a map) as a picture, scaled to fit the
 * body without distortion. pptxgenjs is loaded only when a deck is downloaded.
 */
import type { DeckSlide } from '../stores/deck'
import type { NativeChart } from './native-chart'

export interface DeckMeta {
  title: string
  /** yyyy-mm-dd */
  date: string
  /** What the figures are: the real reports' dataset or the 模拟数据 demonstration. */
  dataset: string
  synthetic: boolean
  labels: { date: string; dataset: string; synthetic: string; unit: string; source: string; keyFigure: string }
}

/** A slide's picture as a data URL (PNG); in the page, the chart's SVG drawn on a canvas. */
export type ToPicture = (slide: DeckSlide) => Promise<string>

const FONT = 'Microsoft YaHei'
const W = 13.33
const BRAND = '17407A'
const INK = '1B2533'
const MUTED = '4F5B6B'
const BODY = { x: 0.5, y: 1.55, w: W - 1, h: 5.05 }

async function pngDataUrl(slide: DeckSlide): Promise<string> {
  const { svgToPng, withWhiteBackground } = await import('./image')
  const blob = await svgToPng(withWhiteBackground(slide.svg), slide.width, slide.height, 2)
  return await new Promise<string>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(new Error('could not read the chart image'))
    reader.readAsDataURL(blob)
  })
}

/** pptxgenjs' chart data and options for a native chart. */
export function nativeChartArgs(chart: NativeChart, body: typeof BODY): { type: string | { type: string; data: unknown[]; options: object }[]; data: unknown[]; options: Record<string, unknown> } {
  const data = (series: NativeChart['series']) => series.map((s) => ({ name: s.name, labels: chart.categories, values: s.values }))
  const many = chart.series.length > 1
  const common: Record<string, unknown> = {
    ...body,
    showTitle: false,
    showLegend: many || chart.kind === 'pie',
    legendPos: 'b',
    legendFontSize: 11,
    legendFontFace: FONT,
    catAxisLabelFontSize: chart.categories.length > 16 ? 9 : 11,
    catAxisLabelFontFace: FONT,
    valAxisLabelFontSize: 10,
    valAxisLabelFontFace: FONT,
    dataLabelFontSize: 9,
    dataLabelFontFace: FONT,
    valGridLine: { color: 'E3E8EF', size: 0.5 },
    catGridLine: { style: 'none' },
  }
  if (chart.valueAxisTitle) Object.assign(common, { showValAxisTitle: true, valAxisTitle: chart.valueAxisTitle, valAxisTitleFontSize: 10, valAxisTitleFontFace: FONT })
  if (chart.kind === 'pie') {
    const [only] = chart.series
    return { type: 'pie', data: data(chart.series), options: { ...common, chartColors: only?.colours ?? [], showPercent: true, showValue: false } }
  }
  const bar = {
    barDir: chart.horizontal ? 'bar' : 'col',
    barGrouping: chart.stacked ? 'stacked' : 'clustered',
    barGapWidthPct: 60,
    ...(chart.horizontal && chart.firstOnTop ? { catAxisOrientation: 'maxMin' } : {}),
  }
  if (chart.kind === 'combo') {
    const bars = chart.series.filter((s) => s.type === 'bar')
    const lines = chart.series.filter((s) => s.type === 'line')
    const types = [
      ...(bars.length ? [{ type: 'bar', data: data(bars), options: { ...bar, chartColors: bars.map((s) => s.colours[0]) } }] : []),
      ...(lines.length ? [{ type: 'line', data: data(lines), options: { chartColors: lines.map((s) => s.colours[0]), secondaryValAxis: lines.some((s) => s.secondAxis), secondaryCatAxis: lines.some((s) => s.secondAxis), lineDataSymbolSize: 7 } }] : []),
    ]
    const second = lines.some((s) => s.secondAxis)
    return {
      type: types,
      data: [],
      options: { ...common, showLegend: true, ...(second ? { valAxes: [{ showValAxisTitle: Boolean(chart.valueAxisTitle), valAxisTitle: chart.valueAxisTitle }, { showValAxisTitle: false, valGridLine: { style: 'none' } }], catAxes: [{ catAxisTitle: '' }, { catAxisHidden: true }] } : {}) },
    }
  }
  const colours = chart.series.length === 1 ? (chart.series[0]?.colours ?? []) : chart.series.map((s) => s.colours[0])
  if (chart.kind === 'line') return { type: 'line', data: data(chart.series), options: { ...common, chartColors: colours, lineDataSymbolSize: 7, lineSize: 2 } }
  // a single series with labels on every bar reads like the page's ranking
  const labelled = chart.series.length === 1 && chart.categories.length <= 40
  return { type: 'bar', data: data(chart.series), options: { ...common, ...bar, chartColors: colours, showValue: labelled, dataLabelPosition: 'outEnd' } }
}

export async function deckToPptx(slides: readonly DeckSlide[], meta: DeckMeta, toPicture: ToPicture = pngDataUrl): Promise<Blob | Uint8Array> {
  const { default: PptxGenJS } = await import('pptxgenjs')
  const pptx = new PptxGenJS()
  pptx.layout = 'LAYOUT_WIDE'
  pptx.title = meta.title

  // the cover
  const cover = pptx.addSlide()
  cover.background = { color: 'FFFFFF' }
  cover.addShape('rect', { x: 0, y: 0, w: W, h: 0.28, fill: { color: BRAND }, line: { color: BRAND } })
  cover.addShape('rect', { x: 0.9, y: 2.2, w: 0.12, h: 1.5, fill: { color: 'B8862B' }, line: { color: 'B8862B' } })
  cover.addText(meta.title, { x: 1.2, y: 2.1, w: 11, h: 1.0, fontSize: 36, bold: true, color: BRAND, fontFace: FONT })
  cover.addText(`${meta.labels.dataset}：${meta.dataset}`, { x: 1.2, y: 3.1, w: 11, h: 0.5, fontSize: 16, color: INK, fontFace: FONT })
  cover.addText(`${meta.labels.date}：${meta.date}`, { x: 1.2, y: 3.6, w: 11, h: 0.5, fontSize: 16, color: MUTED, fontFace: FONT })
  if (meta.synthetic) {
    cover.addText(meta.labels.synthetic, { x: 1.2, y: 4.4, w: 4.2, h: 0.6, fontSize: 20, bold: true, color: 'C81E1E', fontFace: FONT, line: { color: 'C81E1E', width: 1.5 }, align: 'center' })
  }

  for (const s of slides) {
    const slide = pptx.addSlide()
    slide.addShape('rect', { x: 0, y: 0, w: W, h: 0.12, fill: { color: BRAND }, line: { color: BRAND } })
    slide.addText(s.synthetic ? `【${meta.labels.synthetic}】${s.title}` : s.title, { x: 0.5, y: 0.25, w: W - 1, h: 0.65, fontSize: 24, bold: true, color: BRAND, fontFace: FONT, fit: 'shrink' })
    if (s.keyFigure) {
      slide.addText(`${meta.labels.keyFigure}：${s.keyFigure}`, { x: 0.5, y: 0.92, w: W - 1, h: 0.5, fontSize: 16, color: INK, fontFace: FONT, fill: { color: 'F1F4F9' }, margin: 6 })
    }
    if (s.chart) {
      const args = nativeChartArgs(s.chart, BODY)
      if (Array.isArray(args.type)) slide.addChart(args.type as never, args.options as never)
      else slide.addChart(args.type as never, args.data as never, args.options as never)
    } else {
      // a picture keeps its shape: as large as the body allows, centred
      const scale = Math.min(BODY.w / s.width, BODY.h / s.height)
      const w = s.width * scale
      const h = s.height * scale
      slide.addImage({ data: await toPicture(s), x: BODY.x + (BODY.w - w) / 2, y: BODY.y + (BODY.h - h) / 2, w, h })
    }
    const foot = [s.unit ? `${meta.labels.unit}：${s.unit}` : '', s.source, `${meta.labels.date}：${s.date}`].filter(Boolean).join('　|　')
    slide.addShape('line', { x: 0.5, y: 6.75, w: W - 1, h: 0, line: { color: 'D9E0EA', width: 0.75 } })
    slide.addText(foot, { x: 0.5, y: 6.8, w: W - 1, h: 0.6, fontSize: 9, color: MUTED, fontFace: FONT, valign: 'top', fit: 'shrink' })
  }
  const inBrowser = typeof Blob !== 'undefined' && typeof window !== 'undefined'
  return (await pptx.write({ outputType: inBrowser ? 'blob' : 'uint8array' })) as Blob | Uint8Array
}
