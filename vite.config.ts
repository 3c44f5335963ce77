import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { DATA_DIR, openContractDb } from './scripts/lib/duckdb-node'
import { recordAnswers } from './scripts/lib/prepared'
import { firstViewQueries, queryKey } from './src/stores/overview-load'
import { PREPARED_VIEWS } from './src/stores/prepared-views'
import { PREPARED_ROUTES, type PreparedRoute } from './src/types/data'
import { CONTRACT_TABLES } from './src/queries/build-load-sql'
import { estimateTextWidth, landingRankingCharts, routeFirstCharts, type LandingChart, type PrerenderedChart } from './src/charts/prerender'

/**
 * The production page allows only its own origin. 'wasm-unsafe-eval' lets DuckDB compile its wasm;
 * ECharts writes inline style attributes, hence 'unsafe-inline' for styles only. Added at build
 * time because the dev server injects its own client script. This is the one place the policy is
 * written: the server `npm start` runs (scripts/lib/static-server.mjs) reads it back from the built
 * index.html's <meta> and sends it as a header too, which is what covers the workers.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ')

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml(html) {
      const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`
      return html.replace('<meta charset="UTF-8">', `<meta charset="UTF-8">\n    ${meta}`)
    },
  }
}

/**
 * The landing page must paint before DuckDB is up (≈1.7 s), and so must every chart route's default
 * view. At build time their queries run here, on the same engine (duckdb-wasm in Node) over the
 * same data/, and their answers become small modules: the landing page's in its own script
 * (virtual:first-view), each other route's in a chunk that loads with the route
 * (virtual:prepared/<route>, without the answers the first view already holds; src/db/prepared.ts).
 * The client serves them until the live engine is ready, then re-queries. From the same answers each
 * view's first chart is drawn here too (src/charts/prerender.ts; the landing page's in its script,
 * another route's in virtual:prepared-charts/<route>, src/charts/pictures.ts), so that the page
 * shows it before ECharts has even loaded.
 */
/** Charts drawn by ECharts' SVG renderer in Node, laid out with the same parts the page registers. */
async function drawCharts(charts: LandingChart[]): Promise<PrerenderedChart[]> {
  // the same ECharts parts the page registers (src/charts/setup.ts), so that both lay out alike
  const [echarts, { DEFAULT_TEXT_WIDTH_MAP }] = await Promise.all([import('echarts/core'), import('zrender/lib/core/platform.js'), import('./src/charts/setup')])
  echarts.setPlatformAPI({ measureText: (text = '', font = '12px sans-serif') => ({ width: estimateTextWidth(text, font, DEFAULT_TEXT_WIDTH_MAP) }) })
  return charts.map(({ key, width, height, option }) => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
    chart.setOption(option)
    // without ECharts' <style> of hover rules: the picture is never hovered, and the rules would apply page-wide
    const svg = chart.renderToSVGString().replace(/<style[\s\S]*?<\/style>/g, '')
    chart.dispose()
    return { key, width, height, svg }
  })
}

function preparedAnswers(): Plugin {
  const ids = { snapshot: 'virtual:first-view', chart: 'virtual:first-chart' }
  const PREFIX = 'virtual:prepared/'
  const CHARTS_PREFIX = 'virtual:prepared-charts/'
  const resolved = (id: string) => `\0${id}`
  const isRoute = (name: string): name is PreparedRoute => (PREPARED_ROUTES as readonly string[]).includes(name)
  const underPrefix = (source: string, prefix: string) => (source.startsWith(prefix) && isRoute(source.slice(prefix.length)) ? (source.slice(prefix.length) as PreparedRoute) : null)
  const routeOf = (source: string) => underPrefix(source, `\0${PREFIX}`)
  const chartsRouteOf = (source: string) => underPrefix(source, `\0${CHARTS_PREFIX}`)
  /** The answers, once per build (every module reads them). */
  let answers: Promise<{ first: Map<string, unknown[]>; routes: Map<PreparedRoute, Map<string, unknown[]>> }> | null = null
  async function record() {
    const conn = await openContractDb()
    const first = await recordAnswers(conn, firstViewQueries)
    const routes = new Map<PreparedRoute, Map<string, unknown[]>>()
    for (const route of PREPARED_ROUTES) routes.set(route, await recordAnswers(conn, PREPARED_VIEWS[route]))
    return { first, routes }
  }
  return {
    name: 'prepared-answers',
    resolveId: (source) => (source === ids.snapshot || source === ids.chart || underPrefix(source, PREFIX) || underPrefix(source, CHARTS_PREFIX) ? resolved(source) : undefined),
    buildStart() {
      answers = null
    },
    watchChange(id) {
      if (id.startsWith(DATA_DIR)) answers = null
    },
    async load(source) {
      const route = routeOf(source)
      const chartsRoute = chartsRouteOf(source)
      if (source !== resolved(ids.snapshot) && source !== resolved(ids.chart) && !route && !chartsRoute) return undefined
      for (const table of CONTRACT_TABLES) this.addWatchFile(fileURLToPath(new URL(`${table}.csv`, `file://${DATA_DIR}`)))
      answers ??= record()
      const { first: recorded, routes } = await answers
      if (source === resolved(ids.snapshot)) return `export default ${JSON.stringify([...recorded])}`
      if (route) return `export default ${JSON.stringify([...(routes.get(route) ?? [])].filter(([key]) => !recorded.has(key)))}`
      // the landing chart (or the route's first), drawn by ECharts' own SVG renderer in Node from the same answers
      const from = (answers: Map<string, unknown[]>) => async <Row,>(q: Parameters<typeof queryKey>[0]) => (answers.get(queryKey(q)) ?? recorded.get(queryKey(q)) ?? []) as Row[]
      const charts = chartsRoute ? await routeFirstCharts(chartsRoute, from(routes.get(chartsRoute) ?? new Map())) : await landingRankingCharts(from(recorded))
      const drawn = await drawCharts(charts)
      return `export default ${JSON.stringify(drawn)}`
    },
  }
}

/**
 * pdf.js's CJK character maps and standard font data, self-hosted under /pdfjs/ (the report reader
 * asks for them by name, so their names cannot be hashed): emitted into the build, served in dev.
 */
function pdfjsAssets(): Plugin {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))
  const dirs = ['cmaps', 'standard_fonts']
  return {
    name: 'pdfjs-assets',
    configureServer(server) {
      server.middlewares.use('/pdfjs/', (req, res, next) => {
        const [dir, file] = (req.url ?? '').replace(/^\//, '').split('?')[0]!.split('/')
        if (!dir || !file || !dirs.includes(dir) || !/^[\w.-]+$/.test(file)) return next()
        try {
          res.end(readFileSync(join(root, dir, file)))
        } catch {
          next()
        }
      })
    },
    generateBundle() {
      for (const dir of dirs) {
        for (const file of readdirSync(join(root, dir))) {
          this.emitFile({ type: 'asset', fileName: `pdfjs/${dir}/${file}`, source: readFileSync(join(root, dir, file)) })
        }
      }
    },
  }
}

export default defineConfig({
  plugins: [vue(), contentSecurityPolicy(), preparedAnswers(), pdfjsAssets()],
  // DuckDB ships its own worker and wasm; pre-bundling would rewrite their URLs.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  // the import worker loads parquet-wasm on demand, which needs an ES module worker
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0,
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
})
