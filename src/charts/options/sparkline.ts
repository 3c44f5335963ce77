import type { EChartsOption } from 'echarts'

/** A tiny line over the years, without axes; the latest point marked. */
export function buildSparklineOption(series: readonly [number, number][], colour = '#1f4e8c'): EChartsOption {
  const last = series.length - 1
  return {
    animation: false,
    grid: { left: 4, right: 6, top: 6, bottom: 4 },
    xAxis: { type: 'value', show: false, min: 'dataMin', max: 'dataMax' },
    yAxis: { type: 'value', show: false, scale: true },
    series: [
      {
        type: 'line',
        data: series.map(([year, value], i) => ({ value: [year, value], symbol: i === last ? 'circle' : 'none', symbolSize: 6 })),
        lineStyle: { width: 2, color: colour },
        itemStyle: { color: colour },
        areaStyle: { color: colour, opacity: 0.12 },
      },
    ],
  }
}
