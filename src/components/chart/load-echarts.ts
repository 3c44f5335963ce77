import type { Component } from 'vue'

let loading: Promise<Component> | null = null

/**
 * ECharts and its Vue component (echarts-vue.ts), fetched once for every chart of the page. A
 * failed fetch is forgotten, so that the next chart asks again.
 */
export function loadECharts(): Promise<Component> {
  loading ??= import('./echarts-vue')
    .then((m) => m.default as Component)
    .catch((error: unknown) => {
      loading = null
      throw error
    })
  return loading
}

/**
 * Once the page is idle and no chart has been drawn yet, ECharts draws one small chart off screen
 * (server-side mode: no element, no paint) and throws it away. Its code is compiled on first use,
 * so the first real chart of a page without any so far (an import's summary, drawn while the reader
 * waits) would otherwise pay for that in one long task.
 */
export function warmECharts(): void {
  const warm = async () => {
    if (performance.getEntriesByName('chart-drawn', 'mark').length > 0) return
    await loadECharts()
    const { init } = await import('echarts/core')
    const chart = init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 300 })
    try {
      chart.setOption({
        animation: false,
        title: [{ text: '预热', subtext: 'warm-up', left: 12, subtextStyle: { width: 300, overflow: 'break' } }],
        legend: { top: 40, data: ['a', 'b'] },
        grid: { left: 48, right: 16, top: 72, bottom: 40 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: ['2022', '2023'] },
        yAxis: { type: 'value' },
        series: [
          { type: 'bar', name: 'a', stack: 's', data: [1, 2], label: { show: true } },
          { type: 'bar', name: 'b', stack: 's', data: [3, 4] },
        ],
      })
      chart.renderToSVGString()
    } finally {
      chart.dispose()
    }
  }
  const later = (run: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 3000 }) : setTimeout(run, 200))
  later(() => void warm().catch(() => undefined))
}
