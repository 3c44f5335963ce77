/**
 * Reviewed report readings → one import with provenance (the one place that applies them, so that a
 * change to how imports are applied is made here only). Not a store: the reports store and the
 * start-up (stores/db.ts, through a lazy import) call it.
 */
import { compact, dropFile, registerFile, transaction } from '../db/client'
import { metricsToCsv } from '../queries/build-import-sql'
import {
  buildRemoveReportImportStatements, buildReportImportStatements, OBSERVATION_CSV_COLUMNS, PROVENANCE_CSV_COLUMNS, rowsToCsv, TEXT_CSV_COLUMNS, type ReportImportBatch,
} from '../queries/build-report-import-sql'
import { buildReportBatch, type AppliedReports, type ReportEntry } from './report-entry'
import { useDbStore } from './db'
import { REPORTS_DATABASE } from '../db/user-data'

export type { AppliedReports }

/** One transaction: a source row per report, the observations, the excerpt behind each and each report's text. */
async function applyReportImport(batch: ReportImportBatch): Promise<void> {
  const files = {
    metrics: await registerFile('report_metrics.csv', metricsToCsv(batch.newMetrics)),
    observations: await registerFile('report_obs.csv', rowsToCsv(batch.observations, OBSERVATION_CSV_COLUMNS)),
    provenance: await registerFile('report_prov.csv', rowsToCsv(batch.provenance, PROVENANCE_CSV_COLUMNS)),
    texts: await registerFile('report_texts.csv', rowsToCsv(batch.texts, TEXT_CSV_COLUMNS)),
  }
  try {
    await transaction(buildReportImportStatements(batch, files))
  } finally {
    for (const name of Object.values(files)) await dropFile(name)
  }
}

function removeReportImport(sourceIds: readonly string[]): Promise<void> {
  return transaction(buildRemoveReportImportStatements(sourceIds))
}

const DB = REPORTS_DATABASE
const STORE = 'applied'

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' })
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'))
  })
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      const request = work(tx.objectStore(STORE))
      tx.oncomplete = () => resolve(request.result)
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'))
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted (storage full?)'))
    })
  } finally {
    db.close()
  }
}

export const listAppliedReports = () => run<AppliedReports[]>('readonly', (s) => s.getAll() as IDBRequest<AppliedReports[]>)

/** Applies the reports in one transaction and keeps them for reloads; if keeping fails, the import is undone. */
export async function applyReadings(reports: readonly ReportEntry[]): Promise<AppliedReports> {
  const stamp = `reports-${Date.now().toString(36)}`
  const record = buildReportBatch(reports, stamp)
  await applyReportImport(record)
  try {
    // plain data only: IndexedDB clones it
    await run('readwrite', (s) => s.put(JSON.parse(JSON.stringify(record)) as AppliedReports))
  } catch (e) {
    await removeReportImport(record.sources.map((s) => s.id))
    throw e
  }
  useDbStore().touch()
  void compact().catch(() => undefined)
  return record
}

export async function removeAppliedReports(record: AppliedReports): Promise<void> {
  await removeReportImport(record.sources.map((s) => s.id))
  await run('readwrite', (s) => s.delete(record.id))
  useDbStore().touch()
}

/** On start-up, after DuckDB is up: every saved report import back in. One that fails is skipped. */
export async function restoreAppliedReports(): Promise<void> {
  let saved: AppliedReports[]
  try {
    saved = await listAppliedReports()
  } catch {
    return
  }
  for (const record of saved.sort((a, b) => a.importedAt.localeCompare(b.importedAt))) {
    await applyReportImport(record).catch(() => undefined)
  }
}
