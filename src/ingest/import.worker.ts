/// <reference lib="webworker" />
/**
 * Parses and maps a user's file off the main thread, so that a large file never freezes the page.
 * It keeps the parsed rows between the two requests (parse, then build with the user's mapping).
 */
import { decodeText } from './decode'
import { parseDelimited } from './delimited'
import { readXlsx } from './xlsx'
import { guessShape, type TidyMapping } from './shape'
import { buildImport } from './build'
import { cellEncoder, cellStats, cellStatsTransfer, columnsOf, dataStart, MAX_DISTINCT, type CellStats, type Columns } from './cell-stats'
import { parquetGroups, parquetIpc, warmParquet, type ParquetGroups } from './parquet'
import { CODED_COLUMNS, lineEnd, warmEncoder, type CodedRowsBuilder, type RowChunk } from './cell-codes'
import type { EncodeReply, EncodeRequest, EncodeWork } from './encode.worker'
import type { ArrowEncoder } from './arrow-codes'
import { observationsToCsv } from '../queries/build-import-sql'
import { MAX_PROBLEMS_SHOWN, type ImportReply, type ImportRequest, type ParsedReply, type StagingOffer } from './protocol'
import type { ImportProblem, TextTable } from './types'

declare const self: DedicatedWorkerGlobalScope

/** The file read by `parse`: its rows are made on first need (a Parquet file's, read again, only when the careful reader asks). */
let table: { name: string; problems: ImportProblem[]; rows: () => TextTable | Promise<TextTable> } | null = null

function reply(message: ImportReply, transfer: Transferable[] = []) {
  self.postMessage(message, transfer)
}

type Schema = import('apache-arrow').Schema
type RecordBatch = import('apache-arrow').RecordBatch

/** The Parquet file read last (by request `id`): DuckDB's copy of it is made from these bytes when asked. */
let parquetFile: { id: number; bytes: Uint8Array } | null = null

/** More rows than this in a Parquet file, and DuckDB counts them (the codes would take ≈ 32 bytes a row here). */
const MAX_CODED_ROWS = 4_000_000

/** Above this many rows in more than one row group, the helper reads the later groups of a Parquet file (see helperSplit). */
const SPLIT_ROWS = 100_000

/** Rows of text from Arrow record batches, `limit` rows at most: the careful reader's input. */
function arrowRows(schema: Schema, batches: readonly RecordBatch[], limit = Infinity): TextTable {
  const header = schema.fields.map((f) => f.name)
  const rows: string[][] = []
  for (const batch of batches) {
    const columns = header.map((_, i) => batch.getChildAt(i))
    for (let r = 0; r < batch.numRows && rows.length < limit; r++) {
      rows.push(columns.map((c) => {
        const v = c?.get(r)
        return v === null || v === undefined ? '' : String(v)
      }))
    }
    if (rows.length >= limit) break
  }
  return { header, rows, headerLine: 1, rowLines: rows.map((_, i) => i + 2) }
}

/** A whole Parquet file through one IPC stream: for a file whose row groups cannot be copied out one by one. */
async function parquetWhole(bytes: Uint8Array): Promise<{ schema: Schema; batches: RecordBatch[] }> {
  const [ipc, { tableFromIPC }] = await Promise.all([parquetIpc(bytes), import('apache-arrow')])
  const whole = tableFromIPC(ipc)
  return { schema: whole.schema, batches: whole.batches }
}

/**
 * A Parquet file in the contract's tidy form: read a row group at a time. The page has the mapping
 * as soon as the first group is read; each group's rows then go to the page as codes (for the
 * guessed mapping, see arrow-codes.ts) while the next is read, then the row count and the counted
 * cells, as for a plain delimited file. DuckDB gets the file only if the check asks for it (`ipc`),
 * and the careful reader its rows only if it asks for them (the file is read again then).
 */
async function parseParquet(id: number, name: string, bytes: Uint8Array) {
  reply({ type: 'progress', id, stage: 'parse' })
  parquetFile = { id, bytes }
  // Arrow JS comes with the first Parquet file: a delimited file never needs it here
  const { ArrowEncoder, numberColumns } = await import('./arrow-codes')
  const groups = await parquetGroups(bytes).catch(() => null)
  // the helper starts on the later row groups at once; what to encode follows once the mapping is
  // guessed (and, whatever happens here, once: a helper left waiting would hold its half forever)
  const split = groups ? helperSplit(groups.rows) : 0
  const later = groups && split < groups.rows.length ? askHelper({ kind: 'parquet', bytes: bytes.slice().buffer, groups: groups.rows.map((_, g) => g).slice(split) }) : null
  let named = false
  const nameColumns = (columns: Columns | null) => {
    if (!named) later?.columns(columns)
    named = true
  }
  try {
    // (null: a type arrow-js-ffi does not copy, say; or no row group at all: the file is read whole)
    const first = groups && groups.rows.length > 0 ? await groups.read(0).catch(() => null) : null
    // a file picked meanwhile is the worker's now: this one's rows must not take its place
    if (parquetFile?.id !== id) return
    if (!groups || !first) {
      nameColumns(null)
      const whole = await parquetWhole(bytes)
      if (parquetFile?.id !== id) return
      const rows = arrowRows(whole.schema, whole.batches)
      table = { name, problems: [], rows: () => rows }
      reply(parsedReply(id, 'parquet', '', rows, rows.rows.length, [], { kind: 'arrow', numeric: numberColumns(whole.schema) }))
      reply({ type: 'lines', id, dataLines: rows.rows.length })
      reply({ type: 'cells', id, cells: null })
      return
    }
    const { schema } = first
    const total = groups.rows.reduce((sum, n) => sum + n, 0)
    let rows: Promise<TextTable> | null = null
    const readRows = () => parquetWhole(bytes).then((whole) => arrowRows(whole.schema, whole.batches))
    // (a read that failed is tried again the next time)
    table = { name, problems: [], rows: () => (rows ??= readRows().catch((error: unknown) => ((rows = null), Promise.reject(error)))) }
    const reading = parsedReply(id, 'parquet', '', arrowRows(schema, first.batches, 200), total, [], { kind: 'arrow', numeric: numberColumns(schema) })
    reply(reading)
    const guess = reading.guess.mapping
    let cells: CellStats | null = null
    if (guess.kind === 'tidy' && total <= MAX_CODED_ROWS) {
      nameColumns(columnsOf(guess))
      const encoder = new ArrowEncoder(schema, columnsOf(guess), MAX_DISTINCT, total)
      cells = await encodeGroups(id, groups, split, first.batches, encoder, later?.reply ?? null).catch(() => null)
    }
    reply({ type: 'lines', id, dataLines: total })
    reply({ type: 'cells', id, cells }, cells ? cellStatsTransfer(cells) : [])
  } finally {
    nameColumns(null)
  }
}

/**
 * Where the helper's row groups of a Parquet file begin (the number of groups, if it gets none): at
 * the group whose middle is past half the rows, for a file of more than SPLIT_ROWS rows in several
 * groups (one group at least each).
 */
function helperSplit(rows: readonly number[]): number {
  const total = rows.reduce((sum, n) => sum + n, 0)
  for (let g = 1, before = rows[0] as number; helper && total > SPLIT_ROWS && g < rows.length; before += rows[g] as number, g++) {
    if (before + (rows[g] as number) / 2 >= total / 2) return g
  }
  return rows.length
}

/**
 * A Parquet file's row groups before `split` encoded here, each group's rows sent on as a piece;
 * then the helper's (`later`: the groups from `split` on, read and encoded there at the same time)
 * joined on as one more piece. Null: not a file these codes hold.
 */
async function encodeGroups(id: number, groups: ParquetGroups, split: number, first: RecordBatch[], encoder: ArrowEncoder, later: Promise<EncodeReply | null> | null): Promise<CellStats | null> {
  for (let g = 0; g < split; g++) {
    const batches = g === 0 ? first : (await groups.read(g)).batches
    for (const batch of batches) if (!encoder.encode(batch)) return null
    if (!sendChunk(id, encoder)) return null
  }
  if (later) {
    const other = await later
    if (!other?.codes || !encoder.absorb(other.codes) || !sendChunk(id, encoder)) return null
  }
  const codes = encoder.finish()
  return codes ? cellStats(encoder.columns, codes) : null
}

/** The Parquet file read by request `of`, whole, as an Arrow IPC stream for DuckDB. */
async function parquetForDuckDb(id: number, of: number) {
  if (!parquetFile || parquetFile.id !== of) throw new Error('the Parquet file is no longer here')
  const ipc = await parquetIpc(parquetFile.bytes)
  reply({ type: 'ipc', id, ipc }, [ipc.buffer as ArrayBuffer])
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
  parquetFile = null
  const lower = name.toLowerCase()
  if (lower.endsWith('.xlsx') || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    reply({ type: 'progress', id, stage: 'parse' })
    const parsed = await readXlsx(bytes)
    table = { name, problems: [], rows: () => parsed }
    reply(parsedReply(id, 'xlsx', '', parsed, parsed.rows.length, [], null))
  } else if (lower.endsWith('.parquet') || (bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31)) {
    await parseParquet(id, name, bytes)
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
 * its head. Then only the head is parsed before the page is answered; the rows follow as they are
 * encoded, then the file's line count (DuckDB must find one row per line, or the lines in its
 * problems would be wrong) and its counted cells. Anything else is parsed here in full, as `parse`.
 */
async function sniff(id: number, name: string, buffer: ArrayBuffer) {
  const bytes = new Uint8Array(buffer)
  parquetFile = null
  let end = Math.min(bytes.length, HEAD_BYTES)
  if (end < bytes.length) end = bytes.lastIndexOf(0x0a, end - 1) + 1
  const head = end > 0 ? decodeText(bytes.subarray(0, end)) : null
  const sample = head ? parseDelimited(head.text, name) : null
  const utf8 = head?.encoding === 'utf-8' || head?.encoding === 'utf-8-bom'
  if (!head || !sample || !utf8 || sample.headerLine !== 1 || sample.problems.length > 0 || sample.header.length < 2) return parse(id, name, buffer)
  const reading = parsedReply(id, 'csv', head.encoding, sample, 0, [], null)
  if (reading.guess.mapping.kind !== 'tidy') return parse(id, name, buffer)
  table = null
  // the mapping goes to the page at once; the bytes stay here (the page reads the file again if
  // DuckDB must read it), and the rows and the line count follow
  const staging: StagingOffer = { kind: 'csv', delimiter: sample.delimiter, width: sample.header.length }
  reply({ ...reading, rowCount: null, staging })
  // what the check would ask DuckDB of the cells, counted here (for the guessed mapping; another
  // mapping is asked of DuckDB), piece by piece: each piece's rows go to the page as they are
  // encoded, so that DuckDB takes them in while the rest is read
  const guessed = reading.guess.mapping
  let cells: CellStats | null = null
  try {
    if (guessed.kind === 'tidy') cells = await countInPieces(id, bytes, sample.delimiter, sample.header.length, guessed)
  } catch {
    // out of memory, say: DuckDB counts instead
  }
  // a counted file has one row per line; any other's lines are counted here
  reply({ type: 'lines', id, dataLines: cells ? cells.rows : dataLines(bytes) })
  reply({ type: 'cells', id, cells }, cells ? cellStatsTransfer(cells) : [])
}

/** Lines after the header (the last one even without a line break). */
function dataLines(bytes: Uint8Array): number {
  let lines = 0
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) lines++
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) lines++
  return lines - 1
}

/** Bytes per piece: about 64 000 rows of a contract file, a few dozen milliseconds of encoding. */
const PIECE_BYTES = 16 << 20

/** Above this, the file's second half is encoded by the helper worker at the same time as the first here. */
const SPLIT_BYTES = 8 << 20

/** The helper, started with this worker so that it is ready when a large file comes. */
let helper: Worker | null = null
let helperSeq = 0
const helped = new Map<number, (reply: EncodeReply | null) => void>()

function startHelper(): Worker {
  const started = new Worker(new URL('./encode.worker.ts', import.meta.url), { type: 'module' })
  started.onmessage = (event: MessageEvent<EncodeReply>) => {
    helped.get(event.data.id)?.(event.data)
    helped.delete(event.data.id)
  }
  started.onerror = () => {
    for (const resolve of helped.values()) resolve(null)
    helped.clear()
    helper = null
  }
  return started
}
try {
  helper = startHelper()
} catch {
  // a browser whose workers cannot start workers: every file is read here, in one piece
  helper = null
}
// compiled before the first file comes (this worker starts when the import page opens)
setTimeout(() => {
  warmEncoder()
  warmParquet()
}, 0)

/**
 * Work for the helper (its bytes handed over): its codes, or null if it could not encode them. A
 * Parquet file's groups are read there at once and encoded once `columns` says which (null: none).
 */
function askHelper(work: EncodeWork): { reply: Promise<EncodeReply | null>; columns: (columns: Columns | null) => void } {
  const id = ++helperSeq
  const reply = new Promise<EncodeReply | null>((resolve) => {
    helped.set(id, resolve)
    helper?.postMessage({ ...work, id } satisfies EncodeRequest, [work.bytes])
  })
  return { reply, columns: (columns) => helper?.postMessage({ kind: 'columns', id, columns } satisfies EncodeRequest) }
}

async function countInPieces(id: number, bytes: Uint8Array, delimiter: string, width: number, mapping: TidyMapping): Promise<CellStats | null> {
  const encoder = cellEncoder(bytes, delimiter, width, mapping)
  if (!encoder) return null
  const start = dataStart(bytes)
  // a large file: its second half (from a line's start) goes to the helper
  const half = helper && bytes.length - start > SPLIT_BYTES ? lineEnd(bytes, start + ((bytes.length - start) >> 1)) : bytes.length
  const later =
    half < bytes.length
      ? askHelper({ kind: 'delimited', bytes: bytes.slice(half).buffer, delimiter: delimiter.charCodeAt(0), width, columns: columnsOf(mapping) }).reply
      : null
  let at = start
  while (at < half) {
    const to = lineEnd(bytes, Math.min(half, at + PIECE_BYTES) - 1)
    if (!encoder.encode(at, Math.min(to, half)) || !sendChunk(id, encoder)) return null
    at = Math.min(to, half)
  }
  if (later) {
    // the helper's half, after this one (its rows go to the page as one more piece)
    const other = await later
    if (!other?.codes || !encoder.absorb(other.codes) || !sendChunk(id, encoder)) return null
  }
  const codes = encoder.finish()
  return codes ? cellStats(columnsOf(mapping), codes) : null
}

/** The rows encoded since the last piece, sent to the page; false if they cannot be (a cell not UTF-8). */
function sendChunk(id: number, encoder: CodedRowsBuilder): boolean {
  const chunk = encoder.chunk()
  if (chunk) reply({ type: 'rows', id, chunk }, chunkTransfer(chunk))
  return chunk !== null
}

function chunkTransfer(chunk: RowChunk): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [chunk.values.buffer as ArrayBuffer]
  for (const name of CODED_COLUMNS) {
    const codes = chunk.codes[name]
    if (codes) buffers.push(codes.buffer as ArrayBuffer)
  }
  return buffers
}

async function build(request: Extract<ImportRequest, { type: 'build' }>) {
  if (!table) throw new Error('no file has been read')
  reply({ type: 'progress', id: request.id, stage: 'build' })
  const rows = await table.rows()
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
    else if (request.type === 'sniff') await sniff(request.id, request.name, request.bytes)
    else if (request.type === 'ipc') await parquetForDuckDb(request.id, request.of)
    else await build(request)
  } catch (error) {
    reply({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) })
  }
}
