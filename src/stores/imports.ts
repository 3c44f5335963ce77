import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { applyImport, query, removeImport } from '../db/client'
import { buildCatalogSql, buildRegionsSql, type CatalogMetricRow, type CatalogRegionRow } from '../queries/build-catalog-sql'
import type { BuiltReply, ImportReply, ImportRequest, ParsedReply } from '../ingest/protocol'
import type { ShapeMapping } from '../ingest/shape'
import type { Metric, Source } from '../types/data'
import { deleteImport, listImports, saveImport, type StoredImport } from './import-storage'
import { useDbStore } from './db'

/** Files above this are refused before reading: a browser tab would run out of memory on them. */
export const MAX_FILE_BYTES = 300 * 1024 * 1024

export type ImportStage = 'idle' | 'reading' | 'mapping' | 'building' | 'review' | 'applying' | 'done' | 'error'

/**
 * The import flow: read and parse in a worker, let the user confirm the mapping, show the
 * validation report, then apply the valid rows in one transaction — or cancel, leaving every
 * dataset as it was. Applied imports persist in IndexedDB and come back on reload.
 */
export const useImportsStore = defineStore('imports', () => {
  const stage = ref<ImportStage>('idle')
  const progress = ref('')
  const error = ref('')
  const fileName = ref('')
  const fileSize = ref(0)
  const parsed = shallowRef<ParsedReply | null>(null)
  const mapping = ref<ShapeMapping | null>(null)
  const fixedYear = ref<number | null>(null)
  const defaultMetric = ref('')
  const built = shallowRef<BuiltReply | null>(null)
  const datasets = ref<StoredImport[]>([])
  const lastApplied = ref<{ fileName: string; rows: number } | null>(null)
  let worker: Worker | null = null
  let seq = 0
  const waiting = new Map<number, (reply: ImportReply) => void>()

  function ensureWorker(): Worker {
    if (!worker) {
      worker = new Worker(new URL('../ingest/import.worker.ts', import.meta.url), { type: 'module' })
      worker.onmessage = (event: MessageEvent<ImportReply>) => {
        const reply = event.data
        if (reply.type === 'progress') {
          if (reply.id === seq) progress.value = reply.stage
          return
        }
        waiting.get(reply.id)?.(reply)
        waiting.delete(reply.id)
      }
      worker.onerror = (event) => {
        error.value = event.message || 'import worker failed'
        stage.value = 'error'
      }
    }
    return worker
  }

  function ask(request: ImportRequest, transfer: Transferable[] = []): Promise<ImportReply> {
    return new Promise((resolve) => {
      waiting.set(request.id, resolve)
      ensureWorker().postMessage(request, transfer)
    })
  }

  async function pick(file: File): Promise<void> {
    reset()
    fileName.value = file.name
    fileSize.value = file.size
    if (file.size > MAX_FILE_BYTES) {
      error.value = 'too-large'
      stage.value = 'error'
      return
    }
    stage.value = 'reading'
    progress.value = 'read'
    const id = ++seq
    const bytes = await file.arrayBuffer()
    const reply = await ask({ type: 'parse', id, name: file.name, bytes }, [bytes])
    if (id !== seq) return
    if (reply.type === 'error') {
      error.value = reply.message
      stage.value = 'error'
      return
    }
    if (reply.type !== 'parsed') return
    parsed.value = reply
    mapping.value = reply.guess.mapping
    stage.value = 'mapping'
  }

  async function build(): Promise<void> {
    if (!mapping.value) return
    stage.value = 'building'
    const id = ++seq
    const [metrics, regions] = await Promise.all([
      query<CatalogMetricRow>(buildCatalogSql()),
      query<CatalogRegionRow>(buildRegionsSql()),
    ])
    const reply = await ask({
      type: 'build',
      id,
      mapping: JSON.parse(JSON.stringify(mapping.value)) as ShapeMapping,
      fixedYear: fixedYear.value ?? undefined,
      defaultMetric: defaultMetric.value || undefined,
      regions,
      metrics,
      sourceId: `import-${Date.now().toString(36)}`,
    })
    if (id !== seq) return
    if (reply.type === 'error') {
      error.value = reply.message
      stage.value = 'error'
      return
    }
    if (reply.type !== 'built') return
    built.value = reply
    stage.value = 'review'
  }

  async function apply(): Promise<void> {
    const b = built.value
    if (!b || b.observationCount === 0) return
    stage.value = 'applying'
    const sourceId = b.sourceId
    const importedAt = new Date().toISOString()
    const year = b.yearMax ?? new Date().getFullYear()
    const source: Source = {
      id: sourceId,
      region_code: b.regionCode ?? '530000',
      year,
      publisher_zh: `用户导入：${fileName.value}`,
      title_zh: fileName.value,
      period_start: `${b.yearMin ?? year}-01-01`,
      period_end: `${year}-12-31`,
      reference: `${fileName.value}（导入于 ${importedAt.slice(0, 16).replace('T', ' ')}）`,
      format: 'free-text',
      scope: 'government',
    }
    const newMetrics: Metric[] = b.newMetrics.map((m) => ({
      ...m,
      family: 'context',
      direction: 'neutral',
      definition_zh: `用户导入的指标（${fileName.value}）`,
      definition_en: `Imported indicator (${fileName.value})`,
    }))
    const record: StoredImport = { id: sourceId, fileName: fileName.value, importedAt, rows: b.observationCount, source, newMetrics, observationsBlob: new Blob([b.csv as Uint8Array<ArrayBuffer>]) }
    try {
      await applyImport({ source, newMetrics, observationsCsv: b.csv })
      try {
        await saveImport(record)
      } catch (e) {
        // not persisted: undo in DuckDB too, so that what the user sees is what survives a reload
        await removeImport(sourceId)
        throw e
      }
      datasets.value = [...datasets.value, record]
      lastApplied.value = { fileName: fileName.value, rows: b.observationCount }
      useDbStore().touch()
      reset()
      stage.value = 'done'
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      stage.value = 'error'
    }
  }

  function reset() {
    seq++
    stage.value = 'idle'
    error.value = ''
    progress.value = ''
    parsed.value = null
    mapping.value = null
    fixedYear.value = null
    defaultMetric.value = ''
    built.value = null
  }

  async function remove(id: string): Promise<void> {
    await removeImport(id)
    await deleteImport(id)
    datasets.value = datasets.value.filter((d) => d.id !== id)
    useDbStore().touch()
  }

  /** On start-up: bring back every saved import. One that cannot be applied is reported, not fatal. */
  async function restore(): Promise<void> {
    let saved: StoredImport[]
    try {
      saved = await listImports()
    } catch {
      return // no IndexedDB (private mode): nothing was saved
    }
    const ok: StoredImport[] = []
    for (const record of saved.sort((a, b) => a.importedAt.localeCompare(b.importedAt))) {
      try {
        await applyImport({ source: record.source, newMetrics: record.newMetrics, observationsCsv: new Uint8Array(await record.observationsBlob.arrayBuffer()) })
        ok.push(record)
      } catch (e) {
        error.value = `${record.fileName}: ${e instanceof Error ? e.message : String(e)}`
      }
    }
    datasets.value = ok
  }

  return { stage, progress, error, fileName, fileSize, parsed, mapping, fixedYear, defaultMetric, built, datasets, lastApplied, pick, build, apply, reset, remove, restore }
})
