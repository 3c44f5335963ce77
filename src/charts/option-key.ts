/**
 * What identifies a chart as it will be drawn: its size and its option's JSON (functions leave no
 * trace, so two options built by the same code from the same rows give the same text). A chart
 * drawn ahead of time (charts/prerender.ts) is shown only where the live chart's key is the same.
 */
export function chartKey(option: unknown, width: number, height: number): string {
  return `${width}x${height}|${JSON.stringify(option)}`
}
