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
