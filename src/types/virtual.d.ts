/** The first view's query answers, recorded at build time (see vite.config.ts, firstViewSnapshot). */
declare module 'virtual:first-view' {
  const entries: [string, unknown[]][]
  export default entries
}
