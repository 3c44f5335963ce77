import { preview } from 'vite'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
  }
}

/** Serves the production build (built by `npm run test:e2e` just before) on a free loopback port. */
export default async function setup(project: TestProject) {
  const server = await preview({ preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('vite preview did not report a local URL')
  project.provide('baseURL', url.replace(/\/$/, ''))
  return async () => {
    await server.close()
  }
}
