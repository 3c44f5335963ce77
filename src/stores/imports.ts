import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import { compact, query } from '../db/client'
import { applyImport, importedRowsCsv, removeImport } from '../imports/apply'
import { dropStaging, stageArrow, stageCsv, stagingEngine } from '../imports/staging'
import { checkStaged, type StagedCheck } from '../imports/staged-check'
import { restoreImports } from '../imports/restore'
import { deleteImport, saveImport, type StoredImport } from '../imports/storage'
import { buildStagedInsertSql } from '../queries/build-staged-import-sql'
import { buildImportSummarySql, type ImportSummaryRow } from '../queries/build-import-sql'
import { buildCatalogSql, buildRegionsSql, type CatalogMetricRow, type CatalogRegionRow } from '../queries/build-catalog-sql'
import { MAX_PROBLEMS_SHOWN, type ImportCheck, type ImportReply, type ImportRequest, type ParsedReply, type StagingOffer } from '../ingest/protocol'
import type { ShapeMapping } from '../ingest/shape'
import { createMetricMatcher, memoMatcher, type MetricMatcher } from '../ingest/metrics'
import type { Metric, Source } from '../types/data'
import { useDbStore } from './db'
import { idle } from './idle'

/** Files above this are refused before reading: a browser tab would run out of memory on them. */
export const MAX_FILE_BYTES = 300 * 1024 * 1024

export type ImportStage = 'idle' | 'reading' | 'mapping' | 'building' | 'review' | 'applying' | 'done' | 'error'

/** A checked file: its report, and where its rows are (CSV from the careful reader, or DuckDB's staged rows). */
export type CheckedImport = ImportCheck & {
  sourceId: string
  csv: Uint8Array | null
  stagedRows?: StagedCheck['rows']
  stagedSummary?: ImportSummaryRow[]
}

interface Catalog {
  metrics: CatalogMetricRow[]
  regions: CatalogRegionRow[]
  matcher: MetricMatcher
}

/**
 * A file DuckDB holds whole in its staging table: how many columns, which of them numbers, and its
 * staging under way; a delimited file may have only the columns its guessed mapping reads staged.
 */
interface StagedFile {
  width: number
  numeric: number[]
  staging: Promise<void>
  partial?: { kept: readonly number[]; stageAll: () => Promise<void> }
}

/**
 * The import flow: read the file in a worker, let the user confirm the mapping, show the
 * validation report, then apply the valid rows in one transaction — or cancel, leaving every
 * dataset as it was. A tidy delimited or Parquet file is read and checked by DuckDB (the fast
 * path); any other, or one DuckDB cannot read line for line, by the worker row by row (the careful
 * path). Applied imports persist in IndexedDB and come back on reload (imports/restore.ts).
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
  const built = shallowRef<CheckedImport | null>(null)
  const datasets = ref<StoredImport[]>([])
  const lastApplied = ref<{ fileName: string; rows: number } | null>(null)
  /** The import just applied, at a glance (rows by year and family). */
  const summary = shallowRef<ImportSummaryRow[] | null>(null)
  /** An applied import whose rows are still being written to IndexedDB. */
  const saving = ref(false)
  let worker: Worker | null = null
  /** The picked file, read again when DuckDB must have it, or the careful reader after all. */
  let picked: File | null = null
  let staged: StagedFile | null = null
  /** A delimited file's staging, begun on the worker's early offer (request `id`) with the columns it `kept`: the rows DuckDB read. */
  let early: { id: number; kept: number[]; rows: Promise<number> } | null = null
  /** Whether the worker holds the picked file's rows (a file offered to DuckDB it read only the head of). */
  let workerHasRows = false
  let seq = 0
  /** Requests for a Parquet file's Arrow (negative ids: apart from the pick and check requests). */
  let ipcRequests = 0
  const waiting = new Map<number, (reply: ImportReply) => void>()
  /** Requests answered by several replies (a Parquet file's batches), by id. */
  const streams = new Map<number, (reply: ImportReply) => void>()
  let sourceId = ''
  /** The catalog the picked file is read against, asked for as it is picked. */
  let pickCatalog: Promise<Catalog> | null = null

  // the saved imports, once the db store has restored them
  const db = useDbStore()
  watch(
    () => db.state,
    (state) => {
      if (state !== 'ready') return
      void restoreImports().then((restored) => {
        datasets.value = restored.datasets
        if (restored.error && stage.value === 'idle') error.value = restored.error
      })
    },
    { immediate: true },
  )

  function ensureWorker(): Worker {
    if (!worker) {
      worker = new Worker(new URL('../ingest/import.worker.ts', import.meta.url), { type: 'module' })
      worker.onmessage = (event: MessageEvent<ImportReply>) => {
        const reply = event.data
        if (reply.type === 'progress') {
          if (reply.id === seq) progress.value = reply.stage
          return
        }
        if (reply.type === 'offer') {
          if (reply.id === seq && picked) early = { id: reply.id, kept: reply.columns, rows: stageCsvFile(picked, reply.delimiter, reply.width, reply.columns) }
          return
        }
        const stream = streams.get(reply.id)
        if (stream) return stream(reply)
        waiting.get(reply.id)?.(reply)
        waiting.delete(reply.id)
      }
      worker.onerror = (event) => fail(event.message || 'import worker failed')
    }
    return worker
  }

  function ask(request: ImportRequest, transfer: Transferable[] = []): Promise<ImportReply> {
    return new Promise((resolve) => {
      waiting.set(request.id, resolve)
      ensureWorker().postMessage(request, transfer)
    })
  }

  /** A Parquet file's rows from the worker, a batch of Arrow IPC at a time: asked for at once, decoded while DuckDB gets ready. */
  function parquetBatches(of: number): AsyncGenerator<Uint8Array> {
    const id = -++ipcRequests
    const file = picked
    const queue: ImportReply[] = []
    let wake: (() => void) | null = null
    streams.set(id, (reply) => {
      queue.push(reply)
      // the worker is done with this request, read or not
      if (reply.type !== 'ipc' || reply.last) streams.delete(id)
      wake?.()
    })
    ensureWorker().postMessage({ type: 'ipc', id, of } satisfies ImportRequest)
    return batchesOf(id, file, queue, () => new Promise<void>((resolve) => (wake = resolve)))
  }

  async function* batchesOf(id: number, file: File | null, queue: ImportReply[], next: () => Promise<void>): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const reply = queue.shift() ?? (await next(), queue.shift())
        if (!reply) continue
        if (reply.type !== 'ipc') throw new Error(reply.type === 'error' ? reply.message : 'no Arrow stream')
        if (reply.last) return
        if (picked !== file) throw new Error('another file was picked')
        yield reply.ipc
      }
    } finally {
      streams.delete(id)
    }
  }

  function fail(message: string): void {
    error.value = message
    stage.value = 'error'
  }

  /** The whole file through the worker, row by row: parsed and kept there for buildImport. */
  async function parseCarefully(id: number, file: File): Promise<boolean> {
    const reply = await ask({ type: 'parse', id, name: file.name, file, careful: true })
    if (reply.type === 'error') {
      if (id === seq) fail(reply.code ? `file:${reply.code}` : reply.message)
      return false
    }
    workerHasRows = reply.type === 'parsed'
    return workerHasRows
  }

  /** A delimited file into DuckDB's staging table; how many rows DuckDB read. */
  function stageCsvFile(file: File, delimiter: string, width: number, keep?: readonly number[]): Promise<number> {
    const rows = stageCsv(file, delimiter, width, keep)
    rows.catch(() => undefined)
    return rows
  }

  /** DuckDB read `rows` records from a delimited file: one per data line, or the lines its problems name would be wrong. */
  function oneRowPerLine(rows: number, offer: { dataLines: number }): void {
    if (rows !== offer.dataLines) throw new Error(`${rows} rows on ${offer.dataLines} lines`)
  }

  /** The picked file into DuckDB's staging table. A delimited file must give one record per line, or the lines its problems name would be wrong. */
  async function stageFile(file: File, id: number, header: string[], offer: StagingOffer): Promise<void> {
    if (offer.kind === 'csv') {
      // begun when the worker offered the file, unless that offer was for another pick or never came
      const started = early?.id === id ? early.rows : stageCsvFile(file, offer.delimiter, offer.width)
      early = null
      return oneRowPerLine(await started, offer)
    }
    const numeric = await stageArrow(parquetBatches(id), header)
    // DuckDB must take the columns the worker named as numbers as numbers: the check is planned so
    if (numeric.join() !== offer.numeric.join()) throw new Error('DuckDB reads the columns as other types')
  }

  async function pick(file: File): Promise<void> {
    reset()
    fileName.value = file.name
    fileSize.value = file.size
    if (file.size > MAX_FILE_BYTES) {
      fail('too-large')
      return
    }
    stage.value = 'reading'
    progress.value = 'read'
    const id = ++seq
    picked = file
    sourceId = `import-${Date.now().toString(36)}`
    pickCatalog = catalog()
    pickCatalog.catch(() => undefined)
    const reply = await ask({ type: 'parse', id, name: file.name, file })
    if (id !== seq) return
    if (reply.type === 'error') {
      fail(reply.code ? `file:${reply.code}` : reply.message)
      return
    }
    if (reply.type !== 'parsed') return
    const offer = reply.staging
    // a file offered to DuckDB was read only in part here
    workerHasRows = offer === null
    if (offer) {
      // DuckDB reads the file while the mapping is shown (begun on the worker's offer: maybe only the columns the guess reads)
      const kept = offer.kind === 'csv' && early?.id === id && early.kept.length < offer.width ? early.kept : null
      const staging = stageFile(file, id, reply.header, offer)
      staging.catch(() => undefined)
      staged = { width: offer.kind === 'csv' ? offer.width : reply.header.length, numeric: offer.kind === 'csv' ? [] : offer.numeric, staging }
      if (kept && offer.kind === 'csv') {
        const stageAll = async () => oneRowPerLine(await stageCsvFile(file, offer.delimiter, offer.width), offer)
        staged.partial = { kept, stageAll }
      }
    }
    parsed.value = { ...reply, staging: null }
    mapping.value = reply.guess.mapping
    stage.value = 'mapping'
  }

  /** Another sheet of the workbook picked: read by the worker, which kept the workbook; the mapping starts again. */
  async function pickSheet(sheet: string): Promise<void> {
    if (!parsed.value?.workbook || parsed.value.workbook.sheet === sheet) return
    const id = ++seq
    built.value = null
    stage.value = 'reading'
    progress.value = 'parse'
    const reply = await ask({ type: 'sheet', id, sheet })
    if (id !== seq) return
    if (reply.type === 'error') {
      fail(reply.code ? `file:${reply.code}` : reply.message)
      return
    }
    if (reply.type !== 'parsed') return
    parsed.value = reply
    mapping.value = reply.guess.mapping
    fixedYear.value = null
    defaultMetric.value = ''
    stage.value = 'mapping'
  }

  /** The metrics and regions a file's cells are read against, and a matcher of indicator labels that remembers. */
  async function catalog(): Promise<Catalog> {
    const [metrics, regions] = await Promise.all([query<CatalogMetricRow>(buildCatalogSql()), query<CatalogRegionRow>(buildRegionsSql())])
    return { metrics, regions, matcher: memoMatcher(createMetricMatcher(metrics)) }
  }

  /** An import's new metrics as the contract's metrics (family 'context', defined as imported from this file). */
  function importedMetrics(proposed: readonly ImportCheck['newMetrics'][number][]): Metric[] {
    return proposed.map((m) => ({
      ...m,
      family: 'context',
      direction: 'neutral',
      definition_zh: `用户导入的指标（${fileName.value}）`,
      definition_en: `Imported indicator (${fileName.value})`,
    }))
  }

  async function build(): Promise<void> {
    if (!mapping.value || !parsed.value) return
    stage.value = 'building'
    progress.value = 'build'
    const id = ++seq
    const { metrics, regions, matcher } = await (pickCatalog ??= catalog())
    const chosen = JSON.parse(JSON.stringify(mapping.value)) as ShapeMapping
    if (id !== seq) return
    const file = staged
    if (file && chosen.kind === 'tidy') {
      try {
        const check = await checkStaged(stagingEngine, {
          fileName: fileName.value,
          header: parsed.value.header,
          mapping: chosen,
          plan: { width: file.width, numeric: file.numeric, firstLine: 2 },
          fixedYear: fixedYear.value ?? undefined,
          defaultMetric: defaultMetric.value || undefined,
          regions,
          metrics,
          maxProblems: MAX_PROBLEMS_SHOWN,
          maxUnresolved: 200,
          matcher,
          stage: () => file.staging,
          partial: file.partial,
        })
        if (id !== seq) return
        const { rows: stagedRows, summary: stagedSummary, ...report } = check
        built.value = { ...report, sourceId, csv: null, stagedRows, stagedSummary }
        stage.value = 'review'
        return
      } catch {
        // DuckDB could not read the file line for line, or too many odd values: the careful reader gives the same report
      }
    }
    if (!workerHasRows) {
      if (!picked || !(await parseCarefully(id, picked))) return
    }
    const reply = await ask({
      type: 'build',
      id,
      mapping: chosen,
      fixedYear: fixedYear.value ?? undefined,
      defaultMetric: defaultMetric.value || undefined,
      regions,
      metrics,
      sourceId,
    })
    if (id !== seq) return
    if (reply.type === 'error') {
      fail(reply.message)
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
    const newMetrics = importedMetrics(b.newMetrics)
    const rows = b.observationCount
    const record = { id: sourceId, fileName: fileName.value, importedAt, rows, source, newMetrics }
    try {
      if (b.csv) {
        const stored: StoredImport = { ...record, observationsBlob: new Blob([b.csv as Uint8Array<ArrayBuffer>]) }
        await applyImport({ source, newMetrics, observationsCsv: b.csv })
        try {
          await saveImport(stored)
        } catch (e) {
          // not persisted: undo in DuckDB too, so that what the user sees is what survives a reload
          await removeImport(sourceId)
          throw e
        }
        datasets.value = [...datasets.value, stored]
      } else {
        await applyImport({ source, newMetrics, observationsCsv: new Uint8Array() }, buildStagedInsertSql(sourceId, b.stagedRows))
      }
      const hadStaging = staged !== null
      lastApplied.value = { fileName: fileName.value, rows }
      useDbStore().touch()
      reset()
      // a clean staged file's chart was counted with its check; anything else is counted now
      summary.value = b.stagedSummary ?? (await query<ImportSummaryRow>(buildImportSummarySql(sourceId)).catch(() => null))
      stage.value = 'done'
      if (hadStaging) void dropStaging().catch(() => undefined)
      // A staged import is kept for reloads once it is on screen: DuckDB's writing (a million rows
      // as CSV) waits for the page's next idle moment, so that it does not compete with drawing.
      if (!b.csv) {
        saving.value = true
        void idle().then(() => persistStaged(record))
      } else {
        void idle().then(() => compactLater())
      }
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e))
    }
  }

  /**
   * A staged import's rows, written out by DuckDB as contract CSV, into IndexedDB. If that fails the
   * import is taken out again and the page says so: what the user sees is what a reload brings back.
   */
  async function persistStaged(record: Omit<StoredImport, 'observationsBlob'>): Promise<void> {
    saving.value = true
    try {
      const csv = await importedRowsCsv(record.id)
      const stored: StoredImport = { ...record, observationsBlob: new Blob([csv as Uint8Array<ArrayBuffer>]) }
      await saveImport(stored)
      datasets.value = [...datasets.value, stored]
      await compactLater()
    } catch (e) {
      await removeImport(record.id).catch(() => undefined)
      useDbStore().touch()
      lastApplied.value = null
      summary.value = null
      fileName.value = record.fileName
      fail(`not-saved:${e instanceof Error ? e.message : String(e)}`)
    } finally {
      saving.value = false
    }
  }

  /** Compression after a bulk change; the change is already on screen, so a failure costs only memory. */
  async function compactLater(): Promise<void> {
    await compact().catch(() => undefined)
  }

  function reset() {
    seq++
    staged = null
    early = null
    pickCatalog = null
    workerHasRows = false
    stage.value = 'idle'
    error.value = ''
    progress.value = ''
    parsed.value = null
    mapping.value = null
    fixedYear.value = null
    defaultMetric.value = ''
    built.value = null
    summary.value = null
  }

  /** The reader gives up on this file: the form goes, and so does what DuckDB holds of it. */
  function cancel(): void {
    const staging = staged?.staging ?? null
    reset()
    if (staging) void staging.catch(() => undefined).then(() => (staged === null ? dropStaging() : undefined)).catch(() => undefined)
  }

  async function remove(id: string): Promise<void> {
    // a file being read was matched against the metrics this import may take away
    pickCatalog = null
    await removeImport(id)
    await deleteImport(id)
    datasets.value = datasets.value.filter((d) => d.id !== id)
    useDbStore().touch()
    void compactLater()
  }

  /** Starts the reading worker ahead of the first file (the import page calls it), so a pick does not wait for its start. */
  function warm(): void {
    ensureWorker()
  }

  /** The import page is gone: so is its worker (and a file half read is forgotten). */
  function stop(): void {
    if (stage.value !== 'done') cancel()
    worker?.terminate()
    worker = null
    for (const resolve of [...waiting.values(), ...streams.values()]) resolve({ type: 'error', id: -1, message: 'stopped' })
    waiting.clear()
  }

  return { stage, progress, error, fileName, fileSize, parsed, mapping, fixedYear, defaultMetric, built, datasets, lastApplied, saving, summary, pick, pickSheet, build, apply, reset, cancel, remove, warm, stop }
})
