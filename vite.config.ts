import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

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

export default defineConfig({
  plugins: [vue(), contentSecurityPolicy()],
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
