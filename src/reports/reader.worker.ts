/**
 * The report reader (src/reports/index.ts) in a module worker, so that reading a hundred reports
 * never holds the page up. Files are read one after another in the order they came; each reply
 * carries the file's id. pdf.js's worker, character maps and fonts are served by this origin
 * (vite.config.ts pdfjsAssets); zones without a code of their own come from data/regions.csv.
 */
import pdfWorkerUrl from 'pdfjs-dist/legacy/build/pdf.worker.min.mjs?url'
import regionsCsv from '../../data/regions.csv?raw'
import { readReport, type RegionEntry } from './index'
import type { ReadReply, ReadRequest } from './reader-protocol'

const base = new URL(import.meta.env.BASE_URL, self.location.origin)
const pdf = {
  workerSrc: new URL(pdfWorkerUrl, self.location.origin).href,
  cMapUrl: new URL('pdfjs/cmaps/', base).href,
  standardFontDataUrl: new URL('pdfjs/standard_fonts/', base).href,
}

/** The zones data/regions.csv names beside the national list (code not six digits, such as 520100-etdz). */
function zones(): RegionEntry[] {
  const [head, ...lines] = regionsCsv.trim().split(/\r?\n/)
  const cols = (head ?? '').split(',')
  const ci = cols.indexOf('code')
  const ni = cols.indexOf('name_zh')
  return lines
    .map((l) => l.split(','))
    .filter((r) => r[ci] && !/^\d{6}$/.test(r[ci] as string))
    .map((r) => ({ code: r[ci] as string, name: r[ni] as string }))
}
const extraRegions = zones()

const queue: ReadRequest[] = []
let busy = false

function post(reply: ReadReply): void {
  ;(self as unknown as Worker).postMessage(reply)
}

async function drain(): Promise<void> {
  if (busy) return
  busy = true
  while (queue.length > 0) {
    const request = queue.shift() as ReadRequest
    post({ id: request.id, type: 'started' })
    const t0 = performance.now()
    try {
      const reading = await readReport({ name: request.name, bytes: request.bytes }, { pdf, extraRegions })
      post({ id: request.id, type: 'read', reading, ms: performance.now() - t0 })
    } catch (error) {
      post({ id: request.id, type: 'error', message: error instanceof Error ? error.message : String(error) })
    }
  }
  busy = false
}

self.onmessage = (event: MessageEvent<ReadRequest>) => {
  queue.push(event.data)
  void drain()
}
