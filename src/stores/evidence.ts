import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { dropFile, query, registerFile, run } from '../db/client'
import { buildEvidenceSql, buildLoadRealProvenanceSql, type EvidenceKey, type EvidenceRow } from '../queries/build-report-import-sql'
import provenanceUrl from '../../data/provenance.csv?url'

let realProvenance: Promise<void> | null = null

/** data/provenance.csv is read into DuckDB the first time someone asks for an excerpt (not at start-up). */
function loadRealProvenance(): Promise<void> {
  realProvenance ??= (async () => {
    const response = await fetch(provenanceUrl)
    if (!response.ok) throw new Error(`provenance.csv: HTTP ${response.status}`)
    const file = await registerFile('real_provenance.csv', await response.text())
    try {
      await run(buildLoadRealProvenanceSql(file))
    } finally {
      await dropFile(file)
    }
  })().catch((error) => {
    realProvenance = null
    throw error
  })
  return realProvenance
}

async function fetchEvidence(key: EvidenceKey): Promise<EvidenceRow | null> {
  await loadRealProvenance()
  const [row] = await query<EvidenceRow>(buildEvidenceSql(key, true))
  return row ?? null
}

/** Full report texts kept in data/reports/ (for our own sources), each its own chunk, fetched when asked for. */
const REPORT_FILES = import.meta.glob<string>('../../data/reports/*', { query: '?raw', import: 'default' })

function reportFile(row: EvidenceRow): (() => Promise<string>) | null {
  const names = [row.reference?.split(/[/\\]/).pop() ?? '', `${row.source_id}.txt`, `${row.source_id}.html`, `${row.source_id}.md`].filter(Boolean)
  for (const name of names) {
    const load = REPORT_FILES[`../../data/reports/${name}`]
    if (load) return load
  }
  return null
}

/** An HTML page's text as a reader sees it (parsed inert: nothing in it runs or loads). */
function pageText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html')
  for (const el of doc.querySelectorAll('script, style, noscript')) el.remove()
  for (const el of doc.querySelectorAll('br, p, div, tr, li, h1, h2, h3, h4, table')) el.append('\n')
  for (const el of doc.querySelectorAll('td, th')) el.append(' | ')
  return (doc.body?.textContent ?? '').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n')
}

export interface EvidenceTarget extends EvidenceKey {
  /** What the figure is, in words (region, year, indicator, value), as the caller shows it. */
  label: string
}

/**
 * The excerpt behind one figure, wherever the app shows it: the observation's provenance row (data/
 * or an import of reports), its source, and the report's text when the app has it (an imported
 * report's, or data/reports/<file> for ours).
 */
export const useEvidenceStore = defineStore('evidence', () => {
  const state = ref<'closed' | 'loading' | 'ready' | 'error'>('closed')
  const target = shallowRef<EvidenceTarget | null>(null)
  const row = shallowRef<EvidenceRow | null>(null)
  const text = ref<string | null>(null)
  const error = ref('')
  let seq = 0

  async function open(next: EvidenceTarget): Promise<void> {
    const mine = ++seq
    target.value = next
    row.value = null
    text.value = null
    error.value = ''
    state.value = 'loading'
    try {
      const found = await fetchEvidence(next)
      let full = found?.text ?? null
      if (found && full === null) {
        const load = reportFile(found)
        if (load) {
          const raw = await load()
          full = /\.html?$/i.test(found.reference ?? '') || /^\s*</.test(raw) ? pageText(raw) : raw
        }
      }
      if (mine !== seq) return
      row.value = found
      text.value = full
      state.value = 'ready'
    } catch (e) {
      if (mine !== seq) return
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  function close(): void {
    seq++
    state.value = 'closed'
  }

  return { state, target, row, text, error, open, close }
})
