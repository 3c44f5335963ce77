/// <reference lib="webworker" />
/**
 * Parses and maps a user's file off the main thread, so that a large file never freezes the page.
 * It keeps the parsed rows between the two requests (parse, then build with the user's mapping).
 */
import { decodeText } from './decode'
import { parseDelimited } from './delimited'
import { readXlsx } from './xlsx'
import { guessShape } from './shape'
import { buildImport } from './build'
import { observationsToCsv } from '../queries/build-import-sql'
import { MAX_PROBLEMS_SHOWN, type ImportReply, type ImportRequest } from './protocol'
import type { ImportProblem, TextTable } from './types'

declare const self: DedicatedWorkerGlobalScope

let table: (TextTable & { name: string; problems: ImportProblem[] }) | null = null

function reply(message: ImportReply, transfer: Transferable[] = []) {
  self.postMessage(message, transfer)
}

async function readParquet(bytes: Uint8Array): Promise<TextTable> {
  // Parquet in the contract's tidy form: parquet-wasm decodes to Arrow, read column by column.
  const [{ default: init, readParquet: read }, { default: wasmUrl }, arrow] = await Promise.all([
    import('parquet-wasm/esm'),
    import('parquet-wasm/esm/parquet_wasm_bg.wasm?url'),
    import('apache-arrow'),
  ])
  await init({ module_or_path: wasmUrl })
  const ipc = read(bytes).intoIPCStream()
  const t = arrow.tableFromIPC(ipc)
  const header = t.schema.fields.map((f) => f.name)
  const columns = header.map((_, i) => t.getChildAt(i))
  const rows: string[][] = []
  for (let r = 0; r < t.numRows; r++) {
    rows.push(columns.map((c) => {
      const v = c?.get(r)
      return v === null || v === undefined ? '' : String(v)
    }))
  }
  return { header, rows, headerLine: 1, rowLines: rows.map((_, i) => i + 2) }
}

async function parse(id: number, name: string, buffer: ArrayBuffer) {
  const bytes = new Uint8Array(buffer)
  const lower = name.toLowerCase()
  let format: 'csv' | 'xlsx' | 'parquet' = 'csv'
  let encoding = ''
  let parsed: TextTable & { problems?: ImportProblem[] }
  if (lower.endsWith('.xlsx') || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    format = 'xlsx'
    reply({ type: 'progress', id, stage: 'parse' })
    parsed = await readXlsx(bytes)
  } else if (lower.endsWith('.parquet') || (bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31)) {
    format = 'parquet'
    reply({ type: 'progress', id, stage: 'parse' })
    parsed = await readParquet(bytes)
  } else {
    reply({ type: 'progress', id, stage: 'decode' })
    const decoded = decodeText(bytes)
    encoding = decoded.encoding
    reply({ type: 'progress', id, stage: 'parse' })
    parsed = parseDelimited(decoded.text, name)
  }
  const problems = parsed.problems ?? []
  table = { ...parsed, name, problems }
  reply({
    type: 'parsed',
    id,
    format,
    encoding,
    header: parsed.header,
    preview: parsed.rows.slice(0, 12),
    rowCount: parsed.rows.length,
    guess: guessShape(parsed.header, parsed.rows.slice(0, 200)),
    problems: problems.slice(0, MAX_PROBLEMS_SHOWN),
    problemCount: problems.length,
  })
}

function build(request: Extract<ImportRequest, { type: 'build' }>) {
  if (!table) throw new Error('no file has been read')
  reply({ type: 'progress', id: request.id, stage: 'build' })
  const result = buildImport({
    fileName: table.name,
    header: table.header,
    rows: table.rows,
    headerLine: table.headerLine,
    rowLines: table.rowLines,
    mapping: request.mapping,
    fixedYear: request.fixedYear,
    defaultMetric: request.defaultMetric,
    regions: request.regions,
    metrics: request.metrics,
  })
  let yearMin: number | null = null
  let yearMax: number | null = null
  const regionCounts = new Map<string, number>()
  for (const o of result.observations) {
    yearMin = yearMin === null ? o.year : Math.min(yearMin, o.year)
    yearMax = yearMax === null ? o.year : Math.max(yearMax, o.year)
    regionCounts.set(o.region_code, (regionCounts.get(o.region_code) ?? 0) + 1)
  }
  const regionCode = [...regionCounts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
  // the report lists problems met while reading the file (wrong field counts …) with the mapping's
  const problems = [...table.problems, ...result.problems].sort((a, b) => a.row - b.row)
  const csv = new TextEncoder().encode(observationsToCsv(result.observations, request.sourceId))
  reply({
    type: 'built',
    id: request.id,
    sourceId: request.sourceId,
    csv,
    observationCount: result.observations.length,
    newMetrics: result.newMetrics,
    problems: problems.slice(0, MAX_PROBLEMS_SHOWN),
    problemCount: problems.length,
    unresolvedRegions: result.unresolvedRegions.slice(0, 200),
    skippedMissing: result.skippedMissing,
    yearMin,
    yearMax,
    regionCode,
  }, [csv.buffer])
}

self.onmessage = async (event: MessageEvent<ImportRequest>) => {
  const request = event.data
  try {
    if (request.type === 'parse') await parse(request.id, request.name, request.bytes)
    else build(request)
  } catch (error) {
    reply({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) })
  }
}
