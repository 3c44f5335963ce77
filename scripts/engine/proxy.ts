/**
 * One origin for the page and its /api/, as a deployment's reverse proxy gives it (the page's CSP,
 * connect-src 'self', then holds): requests under /api/ go to the engine's server, the rest to the
 * static server. For the server bench and the end-to-end test of the page on the server engine.
 */
import { createServer, request as httpRequest, type Server } from 'node:http'

export function sameOriginProxy(staticUrl: URL, api: () => URL | null): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const apiBase = api()
    const target = req.url?.startsWith('/api/') && apiBase ? new URL(req.url.slice('/api/'.length), apiBase) : new URL(req.url ?? '/', staticUrl)
    const forward = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    forward.on('error', (error) => res.writeHead(502).end(String(error)))
    req.pipe(forward)
  })
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      ok({ server, origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })
    }),
  )
}
