/**
 * Imported datasets persist in IndexedDB, one record per import: its source row, new metrics and
 * its observations as contract CSV (compact, and loaded back with DuckDB's read_csv).
 */
import type { ImportBatch } from '../queries/build-import-sql'
import { IMPORTS_DATABASE } from '../db/user-data'

export interface StoredImport extends Omit<ImportBatch, 'observationsCsv'> {
  /** the observations CSV as a Blob: IndexedDB stores it without cloning a huge string */
  observationsBlob: Blob
  id: string
  fileName: string
  importedAt: string
  rows: number
}

const DB = IMPORTS_DATABASE
const STORE = 'imports'

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

export const saveImport = (record: StoredImport) => run('readwrite', (s) => s.put(record)).then(() => undefined)
export const deleteImport = (id: string) => run('readwrite', (s) => s.delete(id)).then(() => undefined)
export const listImports = () => run<StoredImport[]>('readonly', (s) => s.getAll() as IDBRequest<StoredImport[]>)
