/** Types of static-server.mjs for the TypeScript scripts that start it. */
export interface StaticServer {
  url: string
  stats: { requests: number; bytes: number; byEncoding: Record<string, number> }
  warm(): Promise<{ files: number; raw: number; br: number; gz: number }>
  close(): Promise<void>
}
export function startStaticServer(options: {
  root: string
  host?: string
  port?: number
  routes?: Record<string, { body: string | Uint8Array; type: string }>
  brotliQuality?: number
}): Promise<StaticServer>
