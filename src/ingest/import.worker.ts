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
import { countCells, type CellStats } from './cell-stats'
import { observationsToCsv } from '../queries/build-import-sql'
import { MAX_PROBLEMS_SHOWN, type ImportReply, type ImportRequest, type ParsedReply, type StagingOffer } from './protocol'
import type { ImportProblem, TextTable } from './types'

declare const self: DedicatedWorkerGlobalScope

/** The file read by `parse`: its rows are made on first need (a Parquet file's only when the check asks). */
let table: { name: string; problems: ImportProblem[]; rows: () => TextTable } | null = null

function reply(message: ImportReply, transfer: Transferable[] = []) {
  self.postMessage(message, transfer)
}

type ArrowTable = import('apache-arrow').Table

async function readParquet(bytes: Uint8Array): Promise<{ ipc: Uint8Array; arrow: ArrowTable }> {
  // Parquet in the contract's tidy form: parquet-wasm decodes to Arrow
  const [{ default: init, readParquet: read }, { default: wasmUrl }, arrow] = await Promise.all([
    import('parquet-wasm/esm'),
    import('parquet-wasm/esm/parquet_wasm_bg.wasm?url'),
    import('apache-arrow'),
  ])
  await init({ module_or_path: wasmUrl })
  const ipc = read(bytes).intoIPCStream()
  return { ipc, arrow: arrow.tableFromIPC(ipc) }
}

/** Rows of text from an Arrow table, `limit` rows at most: the careful reader's input. */
function arrowRows(t: ArrowTable, limit = t.numRows): TextTable {
  const header = t.schema.fields.map((f) => f.name)
  const columns = header.map((_, i) => t.getChildAt(i))
  const rows: string[][] = []
  for (let r = 0; r < Math.min(limit, t.numRows); r++) {
    rows.push(columns.map((c) => {
      const v = c?.get(r)
      return v === null || v === undefined ? '' : String(v)
    }))
  }
  return { header, rows, headerLine: 1, rowLines: rows.map((_, i) => i + 2) }
}

function parsedReply(id: number, format: ParsedReply['format'], encoding: string, sample: TextTable, rowCount: number, problems: ImportProblem[], staging: StagingOffer | null): ParsedReply {
  return {
    type: 'parsed',
    id,
    format,
    encoding,
    header: sample.header,
    preview: sample.rows.slice(0, 12),
    rowCount,
    guess: guessShape(sample.header, sample.rows.slice(0, 200)),
    problems: problems.slice(0, MAX_PROBLEMS_SHOWN),
    problemCount: problems.length,
    staging,
  }
}

async function parse(id: number, name: string, buffer: ArrayBuffer) {
  const bytes = new Uint8Array(buffer)
  const lower = name.toLowerCase()
  if (lower.endsWith('.xlsx') || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    reply({ type: 'progress', id, stage: 'parse' })
    const parsed = await readXlsx(bytes)
    table = { name, problems: [], rows: () => parsed }
    reply(parsedReply(id, 'xlsx', '', parsed, parsed.rows.length, [], null))
  } else if (lower.endsWith('.parquet') || (bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31)) {
    reply({ type: 'progress', id, stage: 'parse' })
    const { ipc, arrow } = await readParquet(bytes)
    let rows: TextTable | null = null
    table = { name, problems: [], rows: () => (rows ??= arrowRows(arrow)) }
    // a copy goes to the page (for DuckDB); the worker's table still reads the original
    const offer = ipc.slice()
    reply(parsedReply(id, 'parquet', '', arrowRows(arrow, 200), arrow.numRows, [], { kind: 'arrow', ipc: offer }), [offer.buffer])
  } else {
    reply({ type: 'progress', id, stage: 'decode' })
    const decoded = decodeText(bytes)
    reply({ type: 'progress', id, stage: 'parse' })
    const parsed = parseDelimited(decoded.text, name)
    table = { name, problems: parsed.problems, rows: () => parsed }
    reply(parsedReply(id, 'csv', decoded.encoding, parsed, parsed.rows.length, parsed.problems, null))
  }
}

/** How far into a delimited file the head reaches: enough rows for the preview and the shape guess. */
const HEAD_BYTES = 1 << 18

/**
 * A delimited file DuckDB may read whole: UTF-8, the header on line 1, a tidy shape, nothing odd in
 * its head. Then only the head is parsed here and the bytes go back to the page with the file's line
 * count (DuckDB must find one row per line, or the lines in its problems would be wrong). Anything
 * else is parsed here in full, as `parse`.
 */
function sniff(id: number, name: string, buffer: ArrayBuffer) {
  const bytes = new Uint8Array(buffer)
  let end = Math.min(bytes.length, HEAD_BYTES)
  if (end < bytes.length) end = bytes.lastIndexOf(0x0a, end - 1) + 1
  const head = end > 0 ? decodeText(bytes.subarray(0, end)) : null
  const sample = head ? parseDelimited(head.text, name) : null
  const utf8 = head?.encoding === 'utf-8' || head?.encoding === 'utf-8-bom'
  if (!head || !sample || !utf8 || sample.headerLine !== 1 || sample.problems.length > 0 || sample.header.length < 2) return parse(id, name, buffer)
  const reading = parsedReply(id, 'csv', head.encoding, sample, 0, [], null)
  if (reading.guess.mapping.kind !== 'tidy') return parse(id, name, buffer)
  table = null
  // the bytes go back at once (DuckDB reads them while the mapping is shown); the lines are counted
  // on a copy meanwhile, and follow
  const copy = new Uint8Array(buffer.slice(0))
  const staging: StagingOffer = { kind: 'csv', delimiter: sample.delimiter, width: sample.header.length, bytes: buffer }
  reply({ ...reading, rowCount: null, staging }, [buffer])
  let lines = 0
  for (let i = copy.indexOf(0x0a); i !== -1; i = copy.indexOf(0x0a, i + 1)) lines++
  if (copy.length > 0 && copy[copy.length - 1] !== 0x0a) lines++
  reply({ type: 'lines', id, dataLines: lines - 1 })
  // then what the check would ask DuckDB of the cells, counted here on the second processor while
  // DuckDB reads the file (for the guessed mapping; another mapping is asked of DuckDB)
  const guessed = reading.guess.mapping
  let cells: CellStats | null = null
  try {
    if (guessed.kind === 'tidy') cells = countCells(copy, sample.delimiter, sample.header.length, guessed)
  } catch {
    // out of memory, say: DuckDB counts instead
  }
  reply({ type: 'cells', id, cells }, cells ? [cells.labelsCsv.buffer] : [])
}

function build(request: Extract<ImportRequest, { type: 'build' }>) {
  if (!table) throw new Error('no file has been read')
  reply({ type: 'progress', id: request.id, stage: 'build' })
  const rows = table.rows()
  const result = buildImport({
    fileName: table.name,
    header: rows.header,
    rows: rows.rows,
    headerLine: rows.headerLine,
    rowLines: rows.rowLines,
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
    else if (request.type === 'sniff') sniff(request.id, request.name, request.bytes)
    else build(request)
  } catch (error) {
    reply({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) })
  }
}
