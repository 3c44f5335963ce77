/**
 * On start-up, every import saved in IndexedDB goes back into DuckDB before the first view queries
 * live data. Loaded lazily by the db store (the landing page carries no import code), and asked
 * again by the import page for the list; both share the one run.
 */
import { applyImport } from './apply'
import { listImports, type StoredImport } from './storage'

export interface Restored {
  datasets: StoredImport[]
  /** The last import that could not be applied (file: message); it is left out, not fatal. */
  error: string
}

let restoring: Promise<Restored> | null = null

export function restoreImports(): Promise<Restored> {
  restoring ??= restore()
  return restoring
}

async function restore(): Promise<Restored> {
  let saved: StoredImport[]
  try {
    saved = await listImports()
  } catch {
    return { datasets: [], error: '' } // no IndexedDB (private mode): nothing was saved
  }
  const datasets: StoredImport[] = []
  let error = ''
  for (const record of saved.sort((a, b) => a.importedAt.localeCompare(b.importedAt))) {
    try {
      await applyImport({ source: record.source, newMetrics: record.newMetrics, observationsCsv: new Uint8Array(await record.observationsBlob.arrayBuffer()) })
      datasets.push(record)
    } catch (e) {
      error = `${record.fileName}: ${e instanceof Error ? e.message : String(e)}`
    }
  }
  return { datasets, error }
}
