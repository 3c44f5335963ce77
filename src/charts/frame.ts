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

/**
 * The option with its frame's subtitle and footnote wrapped to a chart `width` pixels wide (less
 * the 12 px margin each side), so that a long list of sources breaks onto the next line instead of
 * running off the chart's edge. The option builders cannot know the width; BaseChart does.
 */
export function fitFrame<T extends { title?: unknown }>(option: T, width: number): T {
  if (!(width > 0) || !Array.isArray(option.title)) return option
  const wrap = Math.max(160, Math.floor(width - 24))
  const fit = (style: unknown) => (style && typeof style === 'object' && 'width' in style ? { ...style, width: wrap } : style)
  const title = option.title.map((entry: Record<string, unknown>) => ({
    ...entry,
    ...('textStyle' in entry ? { textStyle: fit(entry.textStyle) } : {}),
    ...('subtextStyle' in entry ? { subtextStyle: fit(entry.subtextStyle) } : {}),
  }))
  return { ...option, title }
}
