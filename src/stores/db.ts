import { defineStore } from 'pinia'
import { ref } from 'vue'
import { compact, preferDataset, useDataset, type DatasetName } from '../db/client'
import { connector, onServerError } from '../db/engine'
import type { EngineKind } from '../db/connector'
import type { LoadState } from '../types/query'

/**
 * Which engine answers (engine.json: DuckDB in the page, or a server), whether it is up, and which
 * dataset every view reads: the real one or the 模拟数据 demonstration (a server built with
 * --synthetic says its data are 模拟数据, and they are labelled as the demo is). `version` changes
 * whenever the data under the views does, so that stores know to query again.
 */
export const useDbStore = defineStore('db', () => {
  const state = ref<LoadState>('idle')
  const error = ref('')
  const dataset = ref<DatasetName>('real')
  const version = ref(0)
  const engine = ref<EngineKind | null>(null)
  /** The server's last error (any query's), said in the header; cleared by its next answer to start(). */
  const serverError = ref('')
  onServerError((e) => {
    serverError.value = e.message
  })
  // the header says which engine answers as soon as engine.json is read (the start may wait)
  connector().then(
    (c) => (engine.value = c.kind),
    (e: unknown) => {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    },
  )
  let wanted: DatasetName = 'real'

  async function start(): Promise<void> {
    if (state.value === 'loading' || state.value === 'ready') return
    state.value = 'loading'
    try {
      const answering = await connector()
      engine.value = answering.kind
      if (answering.kind === 'server') {
        // the server's data are its own: no embedded dataset, no imports in the page
        const info = await answering.start()
        dataset.value = info.synthetic ? 'demo' : 'real'
        state.value = 'ready'
        version.value++
        return
      }
      preferDataset(wanted)
      await answering.start()
      // the user's saved imports come back before the first view queries (code loaded only now:
      // the landing page carries none of the import's)
      const { restoreImports } = await import('../imports/restore')
      const restored = await restoreImports()
      if (restored.datasets.length > 0) void compact().catch(() => undefined)
      // reports applied from 报告识读 (a lazy import: that module needs this store)
      await import('./report-apply').then((m) => m.restoreAppliedReports()).catch(() => undefined)
      if (wanted !== 'real') await useDataset(wanted)
      dataset.value = wanted
      state.value = 'ready'
      // views may have painted from the build-time snapshot: now they ask the live engine
      version.value++
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  /** The data under the views changed (an import added or removed): views query again. */
  function touch() {
    version.value++
  }

  /** Switches the dataset; before DuckDB is up, remembers the wish for start(). */
  async function setDataset(name: DatasetName): Promise<void> {
    wanted = name
    if (engine.value === 'server') return
    if (state.value === 'idle') preferDataset(name)
    if (state.value !== 'ready' || dataset.value === name) return
    try {
      await useDataset(name)
      if (wanted !== name) return
      dataset.value = name
      version.value++
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  return { state, error, dataset, version, engine, serverError, start, setDataset, touch }
})
