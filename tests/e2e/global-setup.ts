import type { TestProject } from 'vitest/node'
import { startStaticServer } from '../../scripts/lib/static-server.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
  }
}

/**
 * Serves the production build (built by `npm run test:e2e` just before) on a free loopback port, with
 * the server `npm start` runs: its Content-Security-Policy header, compression and caching are what
 * the tests see. Brotli at a lower quality than `npm start`'s: the same headers, compressed in a
 * fraction of the time (every file is compressed before the first test).
 */
export default async function setup(project: TestProject) {
  const server = await startStaticServer({ root: 'dist', brotliQuality: 5 })
  if (!server.contentSecurityPolicy) throw new Error('dist/index.html has no Content-Security-Policy <meta>: was dist/ built with `vite build`?')
  await server.warm()
  project.provide('baseURL', server.url)
  return async () => {
    await server.close()
  }
}
