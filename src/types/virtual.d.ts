/** The first view's query answers, recorded at build time (see vite.config.ts, preparedAnswers). */
declare module 'virtual:first-view' {
  const entries: [string, unknown[]][]
  export default entries
}

/** The landing page's first chart, drawn at build time (see src/charts/prerender.ts). */
declare module 'virtual:first-chart' {
  const charts: import('../charts/prerender').PrerenderedChart[]
  export default charts
}

/** A chart route's default-view answers, prepared at build time (see src/db/prepared.ts). */
declare module 'virtual:prepared/*' {
  const entries: [string, unknown[]][]
  export default entries
}

/** A chart route's first chart, drawn at build time (see src/charts/pictures.ts). */
declare module 'virtual:prepared-charts/*' {
  const charts: import('../charts/prerender').PrerenderedChart[]
  export default charts
}
