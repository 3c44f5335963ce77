import { ask } from '../db/engine'
import { queryKey } from './overview-load'
import type { NamedQuery } from '../queries/registry'

/**
 * A query runner that remembers answers for the current data version: asking again for the same
 * statement returns the same rows (the same array, so nothing that shows them re-renders).
 */
export function memoQuery(limit = 64) {
  let version = -1
  const cache = new Map<string, Promise<unknown[]>>()
  return (dataVersion: number) => {
    if (dataVersion !== version) {
      cache.clear()
      version = dataVersion
    }
    return <Row>(q: NamedQuery): Promise<Row[]> => {
      const key = queryKey(q)
      let hit = cache.get(key)
      if (!hit) {
        hit = ask<Row>(q) as Promise<unknown[]>
        cache.set(key, hit)
        hit.catch(() => cache.delete(key))
        if (cache.size > limit) cache.delete(cache.keys().next().value as string)
      }
      return hit as Promise<Row[]>
    }
  }
}
