import { onBeforeUnmount, ref, type Ref } from 'vue'

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

/**
 * True once any chart is on screen (BaseChart's 'chart-rendered' mark: a picture drawn at build
 * time counts), or after `fallbackMs`: what a view shows below its first chart mounts then, so
 * that the first chart does not wait for the rest of the page to be built.
 */
export function useAfterChartShown(fallbackMs: number): Ref<boolean> {
  const shown = ref(performance.getEntriesByName('chart-rendered', 'mark').length > 0)
  if (shown.value) return shown
  const timer = setTimeout(() => (shown.value = true), fallbackMs)
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName('chart-rendered').length === 0) return
    observer.disconnect()
    clearTimeout(timer)
    // the frame with the first chart is painted before the rest is built
    void afterNextPaint().then(() => (shown.value = true))
  })
  observer.observe({ type: 'mark' })
  onBeforeUnmount(() => {
    observer.disconnect()
    clearTimeout(timer)
  })
  return shown
}

/**
 * Resolves after the next frame is painted (a task queued from its animation frame runs after the
 * paint): charts given new options draw in that frame (BaseChart), so work that must not delay
 * them waits for this.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
}
