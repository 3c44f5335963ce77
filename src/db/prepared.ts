/**
 * Each chart route's default-view answers, prepared at build time (vite.config.ts from
 * stores/prepared-views.ts), load with their route, beside its code: the landing page carries only
 * its own. They are added to the snapshot client.ts serves until the live engine is up; once it is
 * (or for another dataset) they are not even fetched.
 */
import type { PreparedRoute } from '../types/data'
import { addRecorded, preparedWanted } from './client'

type Entries = { default: [string, unknown[]][] }

const MODULES: Record<PreparedRoute, () => Promise<Entries>> = {
  online: () => import('virtual:prepared/online'),
  ontime: () => import('virtual:prepared/ontime'),
  trading: () => import('virtual:prepared/trading'),
  disclosure: () => import('virtual:prepared/disclosure'),
  analysis: () => import('virtual:prepared/analysis'),
}

/** Loads a route's prepared answers, if they may still be served; never fails (the route then waits for DuckDB). */
export async function loadPrepared(route: PreparedRoute): Promise<void> {
  if (!preparedWanted()) return
  try {
    addRecorded((await MODULES[route]()).default)
  } catch {
    // not fatal: the view asks the live engine
  }
}
