import { describe, expect, it } from 'vitest'
import { chartFrame, fitFrame } from '../../src/charts/frame'

describe('fitFrame', () => {
  const frame = chartFrame({ title: '网上可办率 排名（2018年）', subtitle: '单位：%', footnote: '来源：保山市人民政府办公室（bs-2018）', watermark: null })
  const option = { ...frame, grid: { left: 12 } }
  const widths = (o: typeof option) =>
    (o.title as { textStyle?: { width?: number }; subtextStyle?: { width?: number } }[]).map((t) => [t.subtextStyle?.width ?? null, t.textStyle?.width ?? null])

  it('wraps the title, subtitle and footnote to the chart less its margins, leaving everything else', () => {
    const fitted = fitFrame(option, 558)
    expect(widths(fitted)).toEqual([
      [534, 534],
      [null, 534],
    ])
    expect(fitted.grid).toBe(option.grid)
    // the option it was given is not changed
    expect(widths(option)).toEqual([
      [760, null],
      [null, 760],
    ])
  })

  it('leaves the option as it is before the width is known', () => {
    expect(fitFrame(option, 0)).toBe(option)
  })
})
