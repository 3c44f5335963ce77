/**
 * What every chart carries inside itself, so that a screenshot or an export stands alone: its title,
 * a subtitle with unit and year, the source footnote, and for synthetic data a 模拟数据 watermark.
 */
import type { EChartsOption } from 'echarts'

export interface FrameInput {
  title: string
  subtitle: string
  footnote: string
  /** Text of the watermark when the data are synthetic (模拟数据), else null. */
  watermark: string | null
  /** Width available for the footnote text, in pixels. */
  width?: number
}

export function chartFrame({ title, subtitle, footnote, watermark, width = 760 }: FrameInput): Pick<EChartsOption, 'title' | 'graphic'> {
  return {
    title: [
      {
        text: title,
        subtext: subtitle,
        left: 12,
        top: 8,
        textStyle: { fontSize: 15 },
        subtextStyle: { color: '#444', width, overflow: 'break', lineHeight: 15 },
      },
      {
        text: footnote,
        left: 12,
        bottom: 6,
        textStyle: { fontSize: 11, fontWeight: 'normal', color: '#444', width, overflow: 'break', lineHeight: 15 },
      },
    ],
    graphic: watermark
      ? [
          {
            type: 'text',
            left: 'center',
            top: 'middle',
            rotation: Math.PI / 12,
            silent: true,
            z: 100,
            style: { text: watermark, fontSize: 56, fontWeight: 'bold', fill: 'rgba(200, 30, 30, 0.16)' },
          },
        ]
      : [],
  }
}

/** Roughly how wide `text` is at `size` px: CJK and full-width forms one em, anything else ≈ 0.58 em (a little generous). */
export function textWidth(text: string, size: number): number {
  let ems = 0
  for (const ch of text) ems += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.58
  return ems * size
}

/** How many lines `text` takes when broken to `wrap` px at `size` px (explicit line breaks count). */
export function lineCount(text: string, size: number, wrap: number): number {
  if (!text) return 0
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textWidth(line, size) / Math.max(1, wrap))), 0)
}

/**
 * Colours for categories (regions, indicators, kinds) where a builder names none: ten hues a
 * reader tells apart on screen and in print, dark enough for white labels, led by the brand blue.
 */
export const CATEGORY_PALETTE = ['#17407a', '#d9822b', '#2a9d8f', '#b23a48', '#6d597a', '#8c6d31', '#4d908e', '#e9c46a', '#577590', '#a3a3a3']

/** Pixels above a plot for its value axis's name. */
const AXIS_NAME_ROOM = 16

/**
 * A category axis whose names do not fit side by side at this width (a phone, long English names):
 * they turn (45°, or upright when even that is too tight) and a long one is cut short (…); the
 * tooltip and the table have it whole. An axis whose names fit comes back as it is.
 */
function fitCategoryLabels(axis: Record<string, unknown>, width: number): Record<string, unknown> {
  if (axis.type !== 'category' || !Array.isArray(axis.data) || axis.data.length === 0) return axis
  const label = (axis.axisLabel ?? {}) as Record<string, unknown>
  if (label.show === false) return axis
  const names = axis.data.map((d) => String(d && typeof d === 'object' ? ((d as { value?: unknown }).value ?? '') : d))
  const slot = Math.max(1, width - 100) / names.length
  const longest = Math.max(...names.map((n) => textWidth(n, 12)))
  const rotate = typeof label.rotate === 'number' ? label.rotate : 0
  // as drawn: flat names need their whole width; turned ones only a line's height apart
  const fits = rotate === 0 ? longest <= slot * 0.95 : slot * Math.sin((rotate * Math.PI) / 180) >= 14 && longest <= 160
  if (fits) return axis
  const turn = slot * Math.sin(Math.PI / 4) >= 14 ? Math.max(rotate, 45) : 90
  // names closer than a line apart would print over each other: ECharts then leaves some out
  const crowded = slot < 14 ? { interval: 'auto' } : {}
  return { ...axis, axisLabel: { ...label, rotate: turn, width: width < 480 ? 96 : 150, overflow: 'truncate', ellipsis: '…', ...crowded } }
}

/** Below this many pixels per category a bar's value label would run into its neighbours'. */
const VALUE_LABEL_SLOT = 30

/** Value labels on bars too narrow to hold them are left off (the tooltip and the table have the figures). */
function fitBarLabels(series: Record<string, unknown>[], xAxis: unknown, width: number): Record<string, unknown>[] {
  const first = asList(xAxis)[0]
  if (!first || first.type !== 'category' || !Array.isArray(first.data) || first.data.length === 0) return series
  const slot = Math.max(1, width - 100) / first.data.length
  if (slot >= VALUE_LABEL_SLOT) return series
  return series.map((s) => {
    const label = s.label as { show?: boolean; position?: unknown } | undefined
    return s.type === 'bar' && label?.show && label.position === 'top' ? { ...s, label: { ...label, show: false } } : s
  })
}

const TITLE_LINE = 20
const SUB_LINE = 15
const FOOT_LINE = 15
/** The footnote lines a chart's bottom margin was laid out for (its builders assume two). */
const FOOT_LINES_ASSUMED = 2

interface Layout {
  /** Pixels from the top taken by title and subtitle. */
  head: number
  /** Footnote lines beyond those the builders planned for, in pixels. */
  extraFoot: number
  wrap: number
}

function measure(option: { title?: unknown }, width: number): Layout | null {
  if (!(width > 0) || !Array.isArray(option.title)) return null
  const wrap = Math.max(160, Math.floor(width - 24))
  const [head, foot] = option.title as { text?: string; subtext?: string; textStyle?: { fontSize?: number } }[]
  const titleLines = lineCount(String(head?.text ?? ''), head?.textStyle?.fontSize ?? 15, wrap)
  const subLines = lineCount(String(head?.subtext ?? ''), 12, wrap)
  const footLines = lineCount(String(foot?.text ?? ''), foot?.textStyle?.fontSize ?? 11, wrap)
  return {
    head: 8 + titleLines * TITLE_LINE + (subLines ? 4 + subLines * SUB_LINE : 0),
    extraFoot: Math.max(0, footLines - FOOT_LINES_ASSUMED) * FOOT_LINE,
    wrap,
  }
}

/**
 * The pixels a chart needs beyond its planned height at this width: a footnote that wraps to more
 * lines than planned, and a title or legend pushed down by a wrapped subtitle. BaseChart (and the
 * build's picture of the landing chart) add them to the box, so that the plot keeps its size.
 */
export function frameExtraHeight(option: { title?: unknown; grid?: unknown; legend?: unknown }, width: number): number {
  const fitted = fitFrame(option, width)
  const m = measure(option, width)
  if (!m) return 0
  const top = (o: { grid?: unknown }) => (Array.isArray(o.grid) ? o.grid : o.grid ? [o.grid] : []).map((g) => (g as { top?: unknown }).top).find((v) => typeof v === 'number') as number | undefined
  const before = top(option)
  const after = top(fitted)
  return m.extraFoot + (before !== undefined && after !== undefined ? Math.max(0, after - before) : 0)
}

const shift = (value: unknown, by: number) => (typeof value === 'number' ? value + by : value)
const asList = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value : value && typeof value === 'object' ? [value as Record<string, unknown>] : [])
const likeInput = <V>(input: unknown, list: V[]): V | V[] => (Array.isArray(input) ? list : (list[0] as V))

/**
 * The option fitted to a chart `width` pixels wide (less the 12 px margin each side): its title,
 * subtitle and footnote wrap to it instead of running off the edge; a legend goes below the title
 * (never over it); the plot starts below both and ends above a footnote that wraps to more lines
 * than planned, so that source notes sit below the plot. The option builders cannot know the
 * width; BaseChart does. An option with nothing to move comes back with the same parts.
 */
export function fitFrame<T extends { title?: unknown }>(option: T, width: number): T {
  const m = measure(option, width)
  if (!m) return option
  const { wrap } = m
  const fit = (style: unknown) => (style && typeof style === 'object' && 'width' in style ? { ...style, width: wrap } : style)
  const title = (option.title as Record<string, unknown>[]).map((entry, i) => ({
    ...entry,
    ...('textStyle' in entry ? { textStyle: i === 0 ? { overflow: 'break', ...(entry.textStyle as object), width: wrap } : fit(entry.textStyle) } : {}),
    ...('subtextStyle' in entry ? { subtextStyle: fit(entry.subtextStyle) } : {}),
  }))
  const source = option as Record<string, unknown>
  const out: Record<string, unknown> = { ...option, title, ...(source.color === undefined ? { color: CATEGORY_PALETTE } : {}) }
  // the legend: below title and subtitle, from the left, scrolling if it is long
  let legendBottom = 0
  if (source.legend) {
    const legends = asList(source.legend).map((legend) => {
      if (legend.show === false || typeof legend.bottom === 'number') return legend
      const top = typeof legend.top === 'number' ? legend.top : 0
      if (top >= m.head && legend.right === undefined) {
        legendBottom = Math.max(legendBottom, top + 24)
        return legend
      }
      const moved = { ...legend, top: m.head + 4, left: 12, right: undefined, type: 'scroll' }
      legendBottom = Math.max(legendBottom, m.head + 28)
      return moved
    })
    out.legend = likeInput(source.legend, legends)
  }
  // a value axis named at its top end (单位) draws its name above the plot: room for it under the legend
  const axisNamed = asList(source.yAxis).some((a) => typeof a.name === 'string' && a.name !== '' && (a.nameLocation === undefined || a.nameLocation === 'end') && (a.gridIndex ?? 0) === 0)
  const needTop = Math.max(m.head + 12, legendBottom + 8) + (axisNamed ? AXIS_NAME_ROOM : 0)
  // the plot moves down as one: panels laid out in pixels below the first (and their titles) keep their places relative to it
  const tops = asList(source.grid).map((g) => g.top).filter((v): v is number => typeof v === 'number')
  const down = tops.length ? Math.max(0, needTop - Math.min(...tops)) : 0
  const moveBox = (box: Record<string, unknown>) => {
    let next = box
    if (down && typeof box.top === 'number') next = { ...next, top: box.top + down }
    if (m.extraFoot && typeof box.bottom === 'number') next = { ...next, bottom: box.bottom + m.extraFoot }
    return next
  }
  if (source.grid) {
    const grids = asList(source.grid).map(moveBox)
    if (grids.some((g, i) => g !== asList(source.grid)[i])) out.grid = likeInput(source.grid, grids)
  }
  if (down && title.length > 2) {
    // titles of panels (beyond the chart's own title and footnote) placed in pixels move with them
    out.title = title.map((entry, i) => {
      const top = (entry as { top?: unknown }).top
      return i >= 2 && typeof top === 'number' ? { ...entry, top: top + down } : entry
    })
  }
  if (source.xAxis) {
    const axes = asList(source.xAxis)
    const fitted = axes.map((axis) => fitCategoryLabels(axis, width))
    if (fitted.some((a, i) => a !== axes[i])) out.xAxis = likeInput(source.xAxis, fitted)
    const series = asList(source.series)
    const labelled = fitBarLabels(series, source.xAxis, width)
    if (labelled.some((x, i) => x !== series[i])) out.series = likeInput(source.series, labelled)
  }
  if (m.extraFoot) {
    if (source.visualMap) out.visualMap = likeInput(source.visualMap, asList(source.visualMap).map((v) => ({ ...v, bottom: shift(v.bottom, m.extraFoot) })))
    if (source.series) out.series = likeInput(source.series, asList(out.series ?? source.series).map((s) => (typeof s.bottom === 'number' ? { ...s, bottom: (s.bottom as number) + m.extraFoot } : s)))
  }
  return out as T
}
