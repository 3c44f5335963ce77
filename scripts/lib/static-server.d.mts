/** Types for static-server.mjs (plain JS, run by Node without a build step). */
export declare const MIME: Record<string, string>

/** The policy of a page's `<meta http-equiv="Content-Security-Policy">`, or null if it has none. */
export declare function metaPolicy(html: string): string | null

export interface StaticServerOptions {
  root: string
  host?: string
  port?: number
  routes?: Record<string, { body: string | Buffer; type: string }>
  brotliQuality?: number
  /** The header's value; by default the policy of `root`/index.html's `<meta>`. */
  contentSecurityPolicy?: string | null
}

export interface StaticServer {
  url: string
  stats: { requests: number; bytes: number; byEncoding: Record<string, number> }
  contentSecurityPolicy: string | null
  warm(): Promise<{ files: number; raw: number; br: number; gz: number }>
  close(): Promise<void>
}

export declare function startStaticServer(options: StaticServerOptions): Promise<StaticServer>
