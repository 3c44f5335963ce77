/**
 * Whether this browser keeps data of the user's own (saved imports, applied reports), which the
 * live engine adds to the embedded data as it starts: answers prepared at build time from the
 * embedded data alone must then never be shown. IndexedDB is asked once, by name, without reading
 * the data; a browser that cannot list its databases is taken to have some.
 */
export const IMPORTS_DATABASE = 'gov-dashboard'
export const REPORTS_DATABASE = 'gov-dashboard-reports'

async function hasRecords(name: string): Promise<boolean> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'))
  })
  try {
    const stores = [...db.objectStoreNames]
    if (stores.length === 0) return false
    const tx = db.transaction(stores, 'readonly')
    const counts = await Promise.all(
      stores.map((store) => new Promise<number>((resolve, reject) => {
        const request = tx.objectStore(store).count()
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error ?? new Error('IndexedDB count failed'))
      })),
    )
    return counts.some((n) => n > 0)
  } finally {
    db.close()
  }
}

export async function keepsUserData(): Promise<boolean> {
  if (typeof indexedDB === 'undefined') return false
  if (typeof indexedDB.databases !== 'function') return true
  try {
    const names = new Set((await indexedDB.databases()).map((d) => d.name))
    for (const name of [IMPORTS_DATABASE, REPORTS_DATABASE]) if (names.has(name) && (await hasRecords(name))) return true
    return false
  } catch {
    return true
  }
}
