/** The first view's query answers, recorded at build time (see vite.config.ts, firstViewSnapshot). */
declare module 'virtual:first-view' {
  const entries: [string, unknown[]][]
  export default entries
}

/** The landing page's first chart, drawn at build time (see src/charts/prerender.ts). */
declare module 'virtual:first-chart' {
  const charts: import('../charts/prerender').PrerenderedChart[]
  export default charts
}
