/**
 * A tiny static server for the production build, as a real host would serve it: compressed
 * (brotli where the browser accepts it, else gzip; node:zlib, nothing else), the right MIME types
 * (application/wasm, so that the wasm compiles while it streams), long immutable caching for Vite's
 * hashed assets and revalidation for everything else. Compressed bodies are made once, in memory,
 * before the first request is timed (`warm()`), so no measurement pays for compression.
 *
 * Extra routes (`routes`: path → { body, type }) are served through the same pipeline; the bench
 * uses one for its floor page.
 *
 * The page's Content-Security-Policy goes out as a response header too, on every response: a
 * `<meta>` policy covers the document only, never the workers it starts, which take their policy
 * from their own script's response. The header is read from the built index.html's `<meta>` (made
 * by vite.config.ts), so the two cannot disagree.
 *
 * Standalone (what `npm start` runs): `node scripts/lib/static-server.mjs [dist] [--port 4174]`.
 */
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import { readdir, readFile } from 'node:fs/promises'
import { extname, join, normalize, relative, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.parquet': 'application/vnd.apache.parquet',
  '.geojson': 'application/geo+json',
}
/** Types worth compressing (images other than SVG and fonts are compressed already). */
const COMPRESSIBLE = /^(text\/|application\/(wasm|json|javascript|geo\+json)|image\/svg)/
/** Vite's content-hashed output: `assets/name-<8 chars>.ext`. */
const HASHED = /^\/assets\/.+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/

/** The policy of a page's `<meta http-equiv="Content-Security-Policy">`, or null if it has none. */
export function metaPolicy(html) {
  const tag = html.match(/<meta\s[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/i)?.[0]
  const content = tag?.match(/\scontent=(?:"([^"]*)"|'([^']*)')/i)
  if (!content) return null
  const value = content[1] ?? content[2] ?? ''
  return value.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')
}

async function listFiles(dir) {
  const out = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath ?? entry.path, entry.name))
  }
  return out
}

/**
 * `contentSecurityPolicy`: the header's value; by default the policy of `root`/index.html's `<meta>`
 * (none if it has none).
 *
 * @param {{ root: string, host?: string, port?: number, routes?: Record<string, { body: string | Buffer, type: string }>, brotliQuality?: number, contentSecurityPolicy?: string | null }} options
 */
export async function startStaticServer({ root, host = '127.0.0.1', port = 0, routes = {}, brotliQuality = 9, contentSecurityPolicy }) {
  const rootDir = resolve(root)
  /** url path → { raw, type, etag, cache, br?: Promise<Buffer>, gz?: Promise<Buffer> } */
  const entries = new Map()
  const add = (path, raw, type) => {
    const etag = `"${createHash('sha1').update(raw).digest('base64url').slice(0, 16)}"`
    const cache = HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'
    const entry = { raw, type, etag, cache }
    if (COMPRESSIBLE.test(type) && raw.length > 512) {
      entry.br = () => (entry.brBody ??= brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }))
      entry.gz = () => (entry.gzBody ??= gzip(raw, { level: 9 }))
    }
    entries.set(path, entry)
  }
  for (const file of await listFiles(rootDir)) {
    const path = `/${relative(rootDir, file).split(sep).join('/')}`
    add(path, await readFile(file), MIME[extname(file).toLowerCase()] ?? 'application/octet-stream')
  }
  for (const [path, { body, type }] of Object.entries(routes)) add(path, Buffer.from(body), type)
  const page = entries.get('/index.html')
  const policy = contentSecurityPolicy === undefined ? (page ? metaPolicy(page.raw.toString('utf8')) : null) : contentSecurityPolicy

  /** Bytes sent per encoding, for the report. */
  const stats = { requests: 0, bytes: 0, byEncoding: {} }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      let path = normalize(decodeURIComponent(url.pathname)).replaceAll('\\', '/')
      if (path.endsWith('/')) path += 'index.html'
      const entry = entries.get(path)
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end()
        return
      }
      if (!entry) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('not found\n')
        return
      }
      const headers = {
        'Content-Type': entry.type,
        'Cache-Control': entry.cache,
        ETag: entry.etag,
        'X-Content-Type-Options': 'nosniff',
      }
      if (policy) headers['Content-Security-Policy'] = policy
      if (req.headers['if-none-match'] === entry.etag) {
        res.writeHead(304, headers).end()
        return
      }
      let body = entry.raw
      let encoding = 'identity'
      if (entry.br) {
        headers.Vary = 'Accept-Encoding'
        const accepted = String(req.headers['accept-encoding'] ?? '')
        if (/\bbr\b/.test(accepted)) {
          body = await entry.br()
          encoding = 'br'
        } else if (/\bgzip\b/.test(accepted)) {
          body = await entry.gz()
          encoding = 'gzip'
        }
        if (encoding !== 'identity') headers['Content-Encoding'] = encoding
      }
      headers['Content-Length'] = body.length
      res.writeHead(200, headers)
      if (req.method === 'HEAD') {
        res.end()
        return
      }
      res.end(body)
      stats.requests++
      stats.bytes += body.length
      stats.byEncoding[encoding] = (stats.byEncoding[encoding] ?? 0) + 1
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(String(error))
    }
  })
  await new Promise((done, fail) => {
    server.once('error', fail)
    server.listen(port, host, done)
  })
  const address = server.address()
  return {
    url: `http://${host}:${address.port}`,
    stats,
    /** The Content-Security-Policy header sent (null: none). */
    contentSecurityPolicy: policy,
    /** Compresses every compressible file now (both encodings), so that no timed request waits. */
    async warm() {
      await Promise.all([...entries.values()].flatMap((e) => (e.br ? [e.br(), e.gz()] : [])))
      let raw = 0
      let br = 0
      let gz = 0
      for (const e of entries.values()) {
        raw += e.raw.length
        br += e.br ? (await e.br()).length : e.raw.length
        gz += e.gz ? (await e.gz()).length : e.raw.length
      }
      return { files: entries.size, raw, br, gz }
    },
    close: () => new Promise((done) => server.close(() => done())),
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const portAt = args.indexOf('--port')
  const port = portAt >= 0 ? Number(args[portAt + 1]) : 4174
  const root = args.find((a, i) => !a.startsWith('--') && (portAt < 0 || i !== portAt + 1)) ?? 'dist'
  const server = await startStaticServer({ root, port })
  console.log(`compressing ${root} for serving…`)
  const sizes = await server.warm()
  if (!server.contentSecurityPolicy) console.warn(`${root}/index.html has no Content-Security-Policy <meta>: serving without the header`)
  console.log(`serving ${root} (${sizes.files} files; ${(sizes.raw / 2 ** 20).toFixed(1)} MiB raw, ${(sizes.br / 2 ** 20).toFixed(1)} MiB brotli, ${(sizes.gz / 2 ** 20).toFixed(1)} MiB gzip) at ${server.url}/`)
}
