import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type { ReadReply, ReadRequest } from '../reports/reader-protocol'
import { blocker, type ApplyState, type FigureEdit, type ReportEntry } from './report-entry'
import { MAX_REPORT_BYTES, REPORT_EXTENSIONS } from './report-entry'
import type { ReportScope } from '../reports/types'
import { applyReadings, listAppliedReports, removeAppliedReports, type AppliedReports } from './report-apply'
import { useCatalogStore } from './catalog'

function extensionOk(name: string): boolean {
  const lower = name.toLowerCase()
  return REPORT_EXTENSIONS.some((ext) => lower.endsWith(ext))
}

/**
 * 报告识读: files read in a worker one after another (n of N, per file), reviewed and corrected here,
 * then applied together as one import with each figure's excerpt (report-apply.ts). A file that fails
 * says so beside its name; nothing read before it is lost.
 */
export const useReportsStore = defineStore('reports', () => {
  /** Entries are replaced, not mutated deeply: a reading's text is large and need not be reactive. */
  const entries = shallowRef<ReportEntry[]>([])
  const selectedId = ref<number | null>(null)
  const applyState = ref<ApplyState>('idle')
  const applyError = ref('')
  const applied = ref<AppliedReports[]>([])
  const lastApplied = ref<{ reports: number; figures: number } | null>(null)
  let worker: Worker | null = null
  let seq = 0
  /** When the current batch of files was handed over (for the time to ready). */
  const batchStart = ref(0)
  const batchMs = ref(0)

  const total = computed(() => entries.value.length)
  const done = computed(() => entries.value.filter((e) => e.status === 'ready' || e.status === 'error').length)
  const selected = computed(() => entries.value.find((e) => e.id === selectedId.value) ?? null)
  const applicable = computed(() => entries.value.filter((e) => e.status === 'ready' && e.included))
  const catalog = useCatalogStore()
  /** The app's region codes (null until the catalogue is loaded): a report's region must be one of them. */
  const knownRegions = computed<ReadonlySet<string> | null>(() => (catalog.regions.length ? new Set(catalog.regions.map((r) => r.code)) : null))
  const blocked = computed(() => applicable.value.filter((e) => blocker(e, knownRegions.value) !== null))

  function update(id: number, change: Partial<ReportEntry>): void {
    entries.value = entries.value.map((e) => (e.id === id ? { ...e, ...change } : e))
  }

  function ensureWorker(): Worker {
    if (!worker) {
      worker = new Worker(new URL('../reports/reader.worker.ts', import.meta.url), { type: 'module' })
      worker.onmessage = (event: MessageEvent<ReadReply>) => onReply(event.data)
      worker.onerror = (event) => {
        // the worker itself died (it could not load, say): every file still waiting says so
        event.preventDefault()
        const message = event.message || 'worker'
        entries.value = entries.value.map((e) => (e.status === 'queued' || e.status === 'reading' ? { ...e, status: 'error', error: message } : e))
        worker?.terminate()
        worker = null
        finishBatch()
      }
    }
    return worker
  }

  function finishBatch(): void {
    if (done.value === total.value && batchStart.value > 0) {
      batchMs.value = performance.now() - batchStart.value
      batchStart.value = 0
      performance.mark('reports-ready')
    }
  }

  function onReply(reply: ReadReply): void {
    const entry = entries.value.find((e) => e.id === reply.id)
    if (!entry) return // removed meanwhile
    if (reply.type === 'started') update(reply.id, { status: 'reading' })
    else if (reply.type === 'error') update(reply.id, { status: 'error', error: reply.message })
    else {
      // a file that opened but has no text (a PDF without a text layer, a damaged file) cannot be reviewed
      const unreadable = reply.reading.flags.find((f) => f.kind === 'unreadable')
      if (unreadable && reply.reading.figures.length === 0) {
        update(reply.id, { status: 'error', error: unreadable.detail })
        finishBatch()
        return
      }
      // a file with text but not one figure (not a report, or tables the reader cannot place) has
      // nothing to review: it says so beside its name and does not hold the others' import back
      if (reply.reading.figures.length === 0) {
        update(reply.id, { status: 'error', error: 'nothing' })
        finishBatch()
        return
      }
      const reading = markRaw(reply.reading)
      update(reply.id, {
        status: 'ready',
        reading,
        regionCode: reading.regionCode,
        year: reading.year,
        scope: reading.scope,
        ms: reply.ms,
      })
      if (selectedId.value === null) selectedId.value = reply.id
    }
    finishBatch()
  }

  /** Files dropped or picked: each is queued at once and read in turn. */
  async function add(files: readonly File[]): Promise<void> {
    if (files.length === 0) return
    if (done.value === total.value) batchStart.value = performance.now()
    const fresh: ReportEntry[] = files.map((file) => ({
      id: ++seq, name: file.name, size: file.size, status: 'queued', error: '', reading: null,
      regionCode: null, year: null, scope: 'government', edits: {}, included: true, ms: 0,
    }))
    entries.value = [...entries.value, ...fresh]
    const w = ensureWorker()
    for (const [i, file] of files.entries()) {
      const entry = fresh[i] as ReportEntry
      if (!extensionOk(file.name)) {
        update(entry.id, { status: 'error', error: 'type' })
        continue
      }
      if (file.size > MAX_REPORT_BYTES) {
        update(entry.id, { status: 'error', error: 'too-large' })
        continue
      }
      try {
        const bytes = new Uint8Array(await file.arrayBuffer())
        const request: ReadRequest = { id: entry.id, name: file.name, bytes }
        w.postMessage(request, [bytes.buffer])
      } catch (e) {
        update(entry.id, { status: 'error', error: e instanceof Error ? e.message : String(e) })
      }
    }
    finishBatch()
  }

  function select(id: number): void {
    selectedId.value = id
  }

  function setRegion(id: number, code: string | null): void {
    update(id, { regionCode: code || null })
  }
  function setYear(id: number, year: number | null): void {
    update(id, { year: year && Number.isInteger(year) ? year : null })
  }
  function setScope(id: number, scope: ReportScope): void {
    update(id, { scope })
  }
  function setIncluded(id: number, included: boolean): void {
    update(id, { included })
  }
  function editFigure(id: number, index: number, edit: FigureEdit): void {
    const entry = entries.value.find((e) => e.id === id)
    if (!entry) return
    const merged = { ...entry.edits[index], ...edit }
    if (merged.value !== undefined && !Number.isFinite(merged.value)) delete merged.value
    update(id, { edits: { ...entry.edits, [index]: merged } })
  }

  function removeEntry(id: number): void {
    entries.value = entries.value.filter((e) => e.id !== id)
    if (selectedId.value === id) selectedId.value = entries.value[0]?.id ?? null
  }

  function clear(): void {
    entries.value = []
    selectedId.value = null
    applyState.value = 'idle'
    applyError.value = ''
  }

  /** Every included, readable report into the dashboard, as one import. */
  async function apply(): Promise<void> {
    const reports = applicable.value
    if (reports.length === 0 || blocked.value.length > 0) return
    applyState.value = 'applying'
    applyError.value = ''
    try {
      const result = await applyReadings(reports)
      applied.value = [...applied.value, result]
      lastApplied.value = { reports: result.sources.length, figures: result.figures }
      const appliedIds = new Set(reports.map((r) => r.id))
      entries.value = entries.value.filter((e) => !appliedIds.has(e.id))
      selectedId.value = entries.value[0]?.id ?? null
      applyState.value = 'done'
    } catch (e) {
      applyError.value = e instanceof Error ? e.message : String(e)
      applyState.value = 'error'
    }
  }

  async function loadApplied(): Promise<void> {
    applied.value = await listAppliedReports().catch(() => [])
  }

  async function removeApplied(id: string): Promise<void> {
    const record = applied.value.find((a) => a.id === id)
    if (!record) return
    await removeAppliedReports(record)
    applied.value = applied.value.filter((a) => a.id !== id)
  }

  /** Starts the worker ahead of the first file, so that a drop does not wait for its start. */
  function warm(): void {
    ensureWorker()
  }

  return {
    entries, selectedId, selected, total, done, applicable, blocked, knownRegions, applyState, applyError, applied, lastApplied, batchMs,
    add, select, setRegion, setYear, setScope, setIncluded, editFigure, removeEntry, clear, apply, loadApplied, removeApplied, warm,
  }
})
