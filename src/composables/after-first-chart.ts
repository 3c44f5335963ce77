/**
 * Resolves once ECharts has drawn any chart (BaseChart's 'chart-drawn' mark; a picture drawn at
 * build time does not count, ECharts is still loading then), or after `fallbackMs`
 * if none does: work that the first view does not need (DuckDB's start, the map's 90 KB of
 * boundaries) waits for it, instead of competing with it for the main thread.
 */
export function afterFirstChart(fallbackMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, fallbackMs)
    new PerformanceObserver((list, observer) => {
      if (list.getEntriesByName('chart-drawn').length === 0) return
      observer.disconnect()
      clearTimeout(timer)
      resolve()
    }).observe({ type: 'mark', buffered: true })
  })
}
