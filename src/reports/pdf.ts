/**
 * A PDF's text layer through pdf.js (the legacy build, which runs in Node as well as in browsers).
 * Eval is off (the page's CSP forbids it). CJK text in PDFs without embedded fonts needs pdf.js's
 * character maps: in the page they are self-hosted (ReadOptions.pdf.cMapUrl, a same-origin URL); in
 * Node the caller passes the path of pdfjs-dist/cmaps/. Without a text layer the result is empty.
 *
 * Lines are rebuilt from the items' positions: items on one baseline are joined left to right (with
 * a space where there is a gap), lines top to bottom. So a table row's numbers come out separated by
 * spaces, and a narrow header stacked one character per line stays one character per line.
 */
import type { ReadOptions } from './types'

interface TextItemLike {
  str: string
  transform: number[]
  width: number
  height: number
}

let workerConfigured = false

export async function pdfText(bytes: Uint8Array, options: ReadOptions = {}): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  // In Node pdf.js runs its worker code in the same thread by itself; the page must say where the
  // self-hosted worker file is.
  if (!workerConfigured && options.pdf?.workerSrc) {
    pdfjs.GlobalWorkerOptions.workerSrc = options.pdf.workerSrc
    workerConfigured = true
  }
  const task = pdfjs.getDocument({
    data: bytes.slice(), // pdf.js transfers (detaches) the buffer it is given
    isEvalSupported: false,
    cMapUrl: options.pdf?.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: options.pdf?.standardFontDataUrl,
    // In a worker pdf.js's own fetch of character maps and fonts reads `document.baseURI` and fails
    // (“Unable to load binary CMap”: a CJK PDF then has no text): its worker side fetches them instead.
    useWorkerFetch: options.pdf?.workerSrc ? true : undefined,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  })
  const doc = await task.promise
  try {
    const pages: string[] = []
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p)
      const content = await page.getTextContent()
      const items: TextItemLike[] = []
      for (const item of content.items) if ('str' in item) items.push(item)
      pages.push(layoutLines(items))
      page.cleanup()
    }
    return pages.join('\n')
  } finally {
    await doc.destroy()
  }
}

export function layoutLines(items: TextItemLike[]): string {
  type Line = { y: number; h: number; items: TextItemLike[] }
  const lines: Line[] = []
  for (const item of items) {
    if (item.str === '') continue
    const y = item.transform[5] ?? 0
    const h = Math.abs(item.height || item.transform[3] || 10)
    const line = lines.find((l) => Math.abs(l.y - y) <= Math.max(2, Math.min(l.h, h) * 0.4))
    if (line) line.items.push(item)
    else lines.push({ y, h, items: [item] })
  }
  lines.sort((a, b) => b.y - a.y)
  return lines
    .map((line) => {
      line.items.sort((a, b) => (a.transform[4] ?? 0) - (b.transform[4] ?? 0))
      let s = ''
      let right = -Infinity
      for (const item of line.items) {
        const x = item.transform[4] ?? 0
        if (s !== '' && x - right > Math.max(1, line.h * 0.25) && !s.endsWith(' ') && !item.str.startsWith(' ')) s += ' '
        s += item.str
        right = x + item.width
      }
      return s.trim()
    })
    .filter((s) => s !== '')
    .join('\n')
}
