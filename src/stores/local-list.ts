/**
 * A list kept in localStorage: read back only the entries that still have the expected shape (the
 * storage is the user's, and may hold anything); writing reports whether it fitted.
 */
export function readList<T>(key: string, isEntry: (value: unknown) => value is T): T[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown
    return Array.isArray(parsed) ? parsed.filter(isEntry) : []
  } catch {
    return []
  }
}

export function writeList(key: string, list: readonly unknown[]): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(list))
    return true
  } catch {
    return false // storage full or disabled
  }
}
