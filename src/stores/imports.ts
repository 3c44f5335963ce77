import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { appendImportRows, commitCodedImport, prepareCodedImport, type PreparedImport, applyImport, applyStagedImport, compact, createImportRows, dropImportRows, settleCodedImport, dropStaging, importedRowsCsv, query, removeImport, stageArrow, stageCsv, stagingEngine } from '../db/client'
import { buildStagedInsertSql } from '../queries/build-staged-import-sql'
import { checkStaged, type StagedCheck } from './staged-check'
import { codedColumns, type CodedRows } from '../ingest/coded-arrow'
import { buildImportSummarySql, type ImportSummaryRow } from '../queries/build-import-sql'
import { buildCatalogSql, buildRegionsSql, type CatalogMetricRow, type CatalogRegionRow } from '../queries/build-catalog-sql'
import { MAX_PROBLEMS_SHOWN, type ImportCheck, type ImportReply, type ImportRequest, type ParsedReply, type StagingOffer } from '../ingest/protocol'
import type { ShapeMapping } from '../ingest/shape'
import type { Metric, Source } from '../types/data'
import { deleteImport, listImports, saveImport, type StoredImport } from './import-storage'
import { useDbStore } from './db'
import type { CellStats } from '../ingest/cell-stats'
import { idle } from './idle'
import { PendingRows } from './pending-rows'
import { createMetricMatcher, memoMatcher, type MetricMatcher } from '../ingest/metrics'

/** Files above this are refused before reading: a browser tab would run out of memory on them. */
export const MAX_FILE_BYTES = 300 * 1024 * 1024

export type ImportStage = 'idle' | 'reading' | 'mapping' | 'building' | 'review' | 'applying' | 'done' | 'error'

/** A checked file: its report, and where its rows are (CSV from the worker, or DuckDB's staged rows, judged or clean). */
export type CheckedImport = ImportCheck & {
  sourceId: string
  csv: Uint8Array | null
  stagedRows?: StagedCheck['rows']
  stagedSummary?: ImportSummaryRow[]
  /** A clean file's rows as the worker's codes (stagedRows 'coded'). */
  coded?: CodedRows
  /** Where those rows already are: the import's own table, filled while the file was read (see pending-rows.ts). */
  pendingTable?: string | null
}

interface Catalog {
  metrics: CatalogMetricRow[]
  regions: CatalogRegionRow[]
  matcher: MetricMatcher
}

/** A file DuckDB holds whole in its staging table: how many columns, which of them numbers. */
interface StagedFile {
  width: number
  numeric: number[]
}

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
  const built = shallowRef<CheckedImport | null>(null)
  const datasets = ref<StoredImport[]>([])
  const lastApplied = ref<{ fileName: string; rows: number } | null>(null)
  /** The import just applied, at a glance (rows by year and family). */
  const summary = shallowRef<ImportSummaryRow[] | null>(null)
  /** An applied import whose rows are still being written to IndexedDB. */
  const saving = ref(false)
  let worker: Worker | null = null
  /** The picked file, read again when a file first offered to DuckDB must go the careful way after all. */
  let picked: File | null = null
  let staged: StagedFile | null = null
  /** The staging of the picked file, under way while the mapping is shown. */
  let staging: Promise<void> | null = null
  /**
   * Puts the picked delimited file into staging, once: the check asks for it only when it needs the
   * rows (the worker counts a plain file's cells, and a clean one goes in from its codes), and it
   * starts at once when the worker cannot count the file. Rejects when DuckDB refuses the file.
   */
  let stageNow: (() => Promise<void>) | null = null
  let picks = 0
  /** Whether the worker holds the file's rows (a sniffed delimited file's rows went to DuckDB only; a Parquet file's it reads again). */
  let workerHasRows = false
  let seq = 0
  /** Requests for a Parquet file's Arrow (negative ids: apart from the pick and check requests). */
  let ipcRequests = 0
  const waiting = new Map<number, (reply: ImportReply) => void>()
  /** An offered file's line count (a sniffed delimited file's, a Parquet file's rows), which follows its first reply. */
  const counting = new Map<number, (dataLines: number) => void>()
  /** An offered file's cells, counted by the worker after its lines (see ingest/cell-stats.ts). */
  const countingCells = new Map<number, (cells: CellStats | null) => void>()
  /** The cells of the file in staging, when the worker counts them. */
  let stagedCells: Promise<CellStats | null> | null = null
  /** The picked file's source id (its rows carry it from the first one DuckDB takes in). */
  let sourceId = ''
  /** A clean file's tables being made ready to apply (see prepareCodedImport), while the report is shown. */
  let preparing: Promise<PreparedImport> | null = null
  /** The catalog the picked file is read against, asked for as it is picked. */
  let pickCatalog: Promise<Catalog> | null = null
  /** The request that read the picked file (its pieces of rows carry its id). */
  let pickRequest = 0
  /** The picked file's rows going into DuckDB as the worker reads them, and the pieces still to come by request id. */
  let pending: PendingRows | null = null
  const pendingFor = new Map<number, PendingRows>()

  function ensureWorker(): Worker {
    if (!worker) {
      worker = new Worker(new URL('../ingest/import.worker.ts', import.meta.url), { type: 'module' })
      worker.onmessage = (event: MessageEvent<ImportReply>) => {
        const reply = event.data
        if (reply.type === 'progress') {
          if (reply.id === seq) progress.value = reply.stage
          return
        }
        if (reply.type === 'rows') {
          pendingFor.get(reply.id)?.add(reply.chunk)
          // the indicator labels are matched while the worker reads on, so that the check finds them
          // matched (a few hundred at a time: thousands at once would hold the page up)
          const labels = reply.chunk.added.metric
          if (labels && reply.id === pickRequest && pickCatalog) {
            const request = reply.id
            void pickCatalog.then(async ({ matcher }) => {
              for (let at = 0; at < labels.length && request === pickRequest; at += 500) {
                for (const label of labels.slice(at, at + 500)) if (label.trim() !== '') matcher(label.trim())
                await new Promise((resolve) => setTimeout(resolve, 0))
              }
            }, () => undefined)
          }
          return
        }
        if (reply.type === 'cells') {
          pendingFor.delete(reply.id)
          countingCells.get(reply.id)?.(reply.cells)
          countingCells.delete(reply.id)
          return
        }
        if (reply.type === 'lines') {
          if (reply.id === seq && parsed.value) parsed.value = { ...parsed.value, rowCount: reply.dataLines }
          counting.get(reply.id)?.(reply.dataLines)
          counting.delete(reply.id)
          return
        }
        if (reply.type === 'error') {
          // an error after an offered file's first reply: its line count and cells are not coming
          counting.get(reply.id)?.(-1)
          counting.delete(reply.id)
          countingCells.get(reply.id)?.(null)
          countingCells.delete(reply.id)
        }
        waiting.get(reply.id)?.(reply)
        waiting.delete(reply.id)
      }
      worker.onerror = (event) => {
        // a count that never comes must not hold a staging up: -1 matches no row count
        for (const resolve of counting.values()) resolve(-1)
        counting.clear()
        for (const resolve of countingCells.values()) resolve(null)
        countingCells.clear()
        fail(event.message || 'import worker failed')
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

  function fail(message: string): void {
    error.value = message
    stage.value = 'error'
  }

  /** The whole file through the worker: parsed and kept there for buildImport. */
  async function parseInWorker(id: number, file: File): Promise<ParsedReply | null> {
    const bytes = await file.arrayBuffer()
    const reply = await ask({ type: 'parse', id, name: file.name, bytes }, [bytes])
    if (reply.type === 'error') {
      if (id === seq) fail(reply.message)
      return null
    }
    workerHasRows = reply.type === 'parsed'
    return reply.type === 'parsed' ? reply : null
  }

  /** A delimited file into staging; DuckDB must find one record per line, or the lines its problems name would be wrong. */
  async function stageDelimited(file: File, offer: Extract<StagingOffer, { kind: 'csv' }>, dataLines: Promise<number>): Promise<void> {
    const [rows, lines] = await Promise.all([file.arrayBuffer().then((bytes) => stageCsv(bytes, offer.delimiter, offer.width)), dataLines])
    if (rows !== lines) throw new Error(`${rows} rows on ${lines} lines`)
  }

  /**
   * A Parquet file into staging, as the worker hands it over in Arrow (read by request `request`).
   * DuckDB must take the columns the worker named as numbers as numbers: the check is planned so.
   */
  async function stageParquet(request: number, header: string[], numeric: readonly number[]): Promise<void> {
    const reply = await ask({ type: 'ipc', id: -++ipcRequests, of: request })
    if (reply.type !== 'ipc') throw new Error(reply.type === 'error' ? reply.message : 'no Arrow stream')
    const taken = await stageArrow(reply.ipc, header)
    if (taken.numeric.join() !== numeric.join()) throw new Error('DuckDB reads the columns as other types')
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
    const pick = ++picks
    picked = file
    sourceId = `import-${Date.now().toString(36)}`
    pickRequest = id
    pickCatalog = catalog()
    pickCatalog.catch(() => undefined)
    const bytes = await file.arrayBuffer()
    const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength))
    const lower = file.name.toLowerCase()
    const binary = lower.endsWith('.xlsx') || lower.endsWith('.parquet') || (head[0] === 0x50 && (head[1] === 0x4b || head[1] === 0x41))
    const dataLines = new Promise<number>((resolve) => counting.set(id, resolve))
    const cells = new Promise<CellStats | null>((resolve) => countingCells.set(id, resolve))
    const reply = await ask({ type: binary ? 'parse' : 'sniff', id, name: file.name, bytes }, [bytes])
    // only a file offered whole has a line count and counted cells to come
    const offeredWhole = reply.type === 'parsed' && reply.staging !== null
    if (!offeredWhole) {
      counting.delete(id)
      countingCells.delete(id)
    }
    if (id !== seq) return
    if (reply.type === 'error') {
      fail(reply.message)
      return
    }
    if (reply.type !== 'parsed') return
    workerHasRows = reply.staging?.kind !== 'csv'
    const offer = reply.staging
    if (offer) {
      staged = offer.kind === 'csv' ? { width: offer.width, numeric: [] } : { width: reply.header.length, numeric: offer.numeric }
      const stageFile = offer.kind === 'csv' ? () => stageDelimited(file, offer, dataLines) : () => stageParquet(id, reply.header, offer.numeric)
      let once: Promise<void> | null = null
      stageNow = () => {
        if (!once) {
          once = stageFile()
          // what cancel waits for before dropping the staging
          if (pick === picks) staging = once.catch(() => undefined)
        }
        return once
      }
      // a file the worker could not count is staged at once, while the mapping is shown
      const stage = stageNow
      void cells.then((counted) => (counted === null && pick === picks ? stage().catch(() => undefined) : undefined))
      // the rows go into DuckDB while the worker reads on (for the guessed mapping: its columns)
      const guess = reply.guess.mapping
      if (guess.kind === 'tidy') {
        pending = new PendingRows({ create: createImportRows, append: appendImportRows, drop: dropImportRows }, sourceId, guess)
        pendingFor.set(id, pending)
      }
    }
    stagedCells = offeredWhole ? cells : null
    parsed.value = { ...reply, staging: null }
    mapping.value = reply.guess.mapping
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
    if (staging) await staging
    if (id !== seq) return
    if (staged && chosen.kind === 'tidy') {
      try {
        const check = await checkStaged(await stagingEngine(), {
          fileName: fileName.value,
          header: parsed.value.header,
          mapping: chosen,
          plan: { width: staged.width, numeric: staged.numeric, firstLine: 2 },
          fixedYear: fixedYear.value ?? undefined,
          defaultMetric: defaultMetric.value || undefined,
          regions,
          metrics,
          maxProblems: MAX_PROBLEMS_SHOWN,
          maxUnresolved: 200,
          matcher,
          cells: stagedCells ? await stagedCells : null,
          stage: stageNow ?? undefined,
        })
        // a clean file's rows are in DuckDB already if they went in as the worker read them
        const pendingTable = check.coded && pending ? await pending.complete(check.coded.rows, codedColumns(check.coded)) : null
        if (id !== seq) return
        // rows that went in early but are of no use go (before a table of the same name is made)
        if (!pendingTable) await pending?.drop()
        if (id !== seq) return
        const { rows: stagedRows, summary: stagedSummary, coded, ...report } = check
        built.value = { ...report, sourceId, csv: null, stagedRows, stagedSummary, coded, pendingTable }
        // a clean file is made ready to apply while the reader looks at the report (after any
        // earlier check's preparing, which made the same tables)
        if (coded) {
          const earlier = preparing?.catch(() => undefined) ?? Promise.resolve()
          preparing = earlier.then(() => prepareCodedImport(sourceId, coded, pendingTable, importedMetrics(report.newMetrics)))
          preparing.catch(() => undefined)
        }
        stage.value = 'review'
        return
      } catch {
        // too many odd values, or DuckDB failed: the careful reader below gives the same report
      }
    }
    // the careful reader: rows that went into DuckDB early are of no use
    void pending?.drop()
    if (!workerHasRows) {
      if (!picked || !(await parseInWorker(id, picked))) return
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
    try {
      if (b.csv) {
        const record: StoredImport = { id: sourceId, fileName: fileName.value, importedAt, rows, source, newMetrics, observationsBlob: new Blob([b.csv as Uint8Array<ArrayBuffer>]) }
        await applyImport({ source, newMetrics, observationsCsv: b.csv })
        try {
          await saveImport(record)
        } catch (e) {
          // not persisted: undo in DuckDB too, so that what the user sees is what survives a reload
          await removeImport(sourceId)
          throw e
        }
        datasets.value = [...datasets.value, record]
        // a file first staged, then mapped wide, still has its staging table
        if (staged) void dropStaging().catch(() => undefined)
      } else if (b.coded) {
        const ready = preparing ?? prepareCodedImport(sourceId, b.coded, b.pendingTable ?? null, newMetrics)
        preparing = null
        // the tables are the import's now (or gone, if it fails)
        pending?.release()
        await commitCodedImport(source, await ready)
        staged = null
      } else {
        await applyStagedImport({ source, newMetrics }, buildStagedInsertSql(sourceId, b.stagedRows))
        staged = null
      }
      const record = { id: sourceId, fileName: fileName.value, importedAt, rows, source, newMetrics }
      lastApplied.value = { fileName: fileName.value, rows }
      useDbStore().touch()
      reset()
      // a clean staged file's chart was counted with its check; anything else is counted now
      summary.value = b.stagedSummary ?? (await query<ImportSummaryRow>(buildImportSummarySql(sourceId)).catch(() => null))
      stage.value = 'done'
      // A staged import is kept for reloads once it is on screen (see persistStaged). DuckDB's
      // writing (a million rows as CSV) waits for the page's next idle moment (half a second at
      // most), so that it does not compete with drawing the result for the processor.
      if (!b.csv) {
        saving.value = true
        void dropStaging()
          .catch(() => undefined)
          .then(() => idle())
          .then(() => persistStaged(record))
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
      // rows still codes (a clean file) are written into user_data.observations first
      await settleCodedImport(record.id)
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
    staging = null
    stageNow = null
    stagedCells = null
    void pending?.drop()
    pending = null
    pendingFor.clear()
    // tables made ready for an import not applied
    void preparing?.then((ready) => dropImportRows(ready.table)).catch(() => undefined)
    preparing = null
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
    const pending = staging ?? Promise.resolve()
    const pick = picks
    reset()
    void pending.then(() => (pick === picks ? dropStaging() : undefined)).catch(() => undefined)
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
    if (ok.length > 0) void compactLater()
  }

  /** Starts the reading worker ahead of the first file (the import page calls it), so a pick does not wait for its start. */
  function warm(): void {
    ensureWorker()
  }

  return { stage, progress, error, fileName, fileSize, parsed, mapping, fixedYear, defaultMetric, built, datasets, lastApplied, saving, summary, pick, build, apply, reset, cancel, remove, restore, warm }
})
