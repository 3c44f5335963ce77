import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'
import { DATA_DIR, openContractDb, runQuery } from './scripts/lib/duckdb-node'
import { firstViewQueries, queryKey } from './src/stores/overview-load'
import { CONTRACT_TABLES } from './src/queries/build-load-sql'

/**
 * The production page allows only its own origin. 'wasm-unsafe-eval' lets DuckDB compile its wasm;
 * ECharts writes inline style attributes, hence 'unsafe-inline' for styles only. Added at build
 * time because the dev server injects its own client script.
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
 * The landing page must paint before DuckDB is up (≈1.7 s). At build time the default overview's
 * queries run here, on the same engine (duckdb-wasm in Node) over the same data/, and their answers
 * become a small module; the client serves them until the live engine is ready, then re-queries.
 */
function firstViewSnapshot(): Plugin {
  const id = 'virtual:first-view'
  const resolved = `\0${id}`
  return {
    name: 'first-view-snapshot',
    resolveId: (source) => (source === id ? resolved : undefined),
    async load(source) {
      if (source !== resolved) return undefined
      for (const table of CONTRACT_TABLES) this.addWatchFile(fileURLToPath(new URL(`${table}.csv`, `file://${DATA_DIR}`)))
      const conn = await openContractDb()
      const entries: [string, unknown[]][] = []
      await firstViewQueries(async <Row,>(q: Parameters<typeof queryKey>[0]) => {
        const rows = await runQuery<Row>(conn, q)
        entries.push([queryKey(q), rows as unknown[]])
        return rows
      })
      return `export default ${JSON.stringify(entries)}`
    },
  }
}

export default defineConfig({
  plugins: [vue(), contentSecurityPolicy(), firstViewSnapshot()],
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
