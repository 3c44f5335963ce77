/**
 * Resolves once any chart has painted (BaseChart's 'chart-rendered' mark), or after `fallbackMs`
 * if none does: work that the first view does not need (DuckDB's start, the map's 90 KB of
 * boundaries) waits for it, instead of competing with it for the main thread.
 */
export function afterFirstChart(fallbackMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, fallbackMs)
    new PerformanceObserver((list, observer) => {
      if (list.getEntriesByName('chart-rendered').length === 0) return
      observer.disconnect()
      clearTimeout(timer)
      resolve()
    }).observe({ type: 'mark', buffered: true })
  })
}
