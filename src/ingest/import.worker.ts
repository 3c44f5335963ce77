/// <reference lib="webworker" />
/**
 * Reads a user's file off the main thread, so that a large file never freezes the page. A tidy
 * delimited or Parquet file is offered to DuckDB whole (the fast path: only its head is read
 * here); every other file is parsed here and kept between the two requests (parse, then build
 * with the user's mapping): the careful path, row by row.
 */
import { decodeText, isLegacyWorkbook, isWorkbookBytes, looksBinary } from './decode'
import { parseDelimited } from './delimited'
import type { Workbook } from './xlsx'
import { guessShape, tidyColumns } from './shape'
import { buildImport } from './build'
import { openParquet, parquetIpc, type OpenParquet } from './parquet'
import { observationsToCsv } from '../queries/build-import-sql'
import { MAX_PROBLEMS_SHOWN, type ImportReply, type ImportRequest, type ParsedReply, type SheetChoice, type StagingOffer } from './protocol'
import { FileError, type ImportProblem, type TextTable } from './types'

declare const self: DedicatedWorkerGlobalScope

/** The file read last: its rows for the careful reader, made on first need (a Parquet file's from its Arrow). */
let table: { name: string; problems: ImportProblem[]; rows: () => TextTable } | null = null

/** The workbook read last, for another of its sheets. */
let workbook: { name: string; format: 'xlsx' | 'xls'; book: Workbook } | null = null

/** The Parquet file opened last (by request `id`), whose rows DuckDB asks for a batch at a time. */
let parquetFile: { id: number; file: OpenParquet } | null = null

function reply(message: ImportReply, transfer: Transferable[] = []) {
  self.postMessage(message, transfer)
}

type ArrowTable = import('apache-arrow').Table

/** Rows of text from an Arrow table, `limit` rows at most: the careful reader's input. */
function arrowRows(whole: ArrowTable, limit = Infinity): TextTable {
  const header = whole.schema.fields.map((f) => f.name)
  const rows: string[][] = []
  const columns = header.map((_, i) => whole.getChildAt(i))
  for (let r = 0; r < whole.numRows && rows.length < limit; r++) {
    rows.push(columns.map((c) => {
      const v = c?.get(r)
      return v === null || v === undefined ? '' : String(v)
    }))
  }
  return { header, rows, headerLine: 1, rowLines: rows.map((_, i) => i + 2) }
}

const NUMBER_TYPE = /^(Int|Uint|Float|Decimal)/

function parsedReply(id: number, format: ParsedReply['format'], encoding: string, sample: TextTable, rowCount: number, problems: ImportProblem[], staging: StagingOffer | null, choice: SheetChoice | null = null): ParsedReply {
  return {
    type: 'parsed',
    id,
    format,
    workbook: choice,
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

/**
 * A Parquet file. The fast path (DuckDB): opened, and only its first rows read here, for the preview
 * and the guess; DuckDB asks for the rows (`ipc`). The careful path: read whole, its rows kept here.
 */
async function parseParquet(id: number, name: string, file: Blob, careful: boolean) {
  const { tableFromIPC } = await import('apache-arrow')
  if (careful) {
    const whole = tableFromIPC(await parquetIpc(new Uint8Array(await file.arrayBuffer())))
    if (whole.numRows === 0) throw new FileError('no-rows', 'the file has no data rows')
    let rows: TextTable | null = null
    table = { name, problems: [], rows: () => (rows ??= arrowRows(whole)) }
    reply(parsedReply(id, 'parquet', '', arrowRows(whole, 200), whole.numRows, [], null))
    return
  }
  const opened = await openParquet(file)
  if (opened.rows === 0) throw new FileError('no-rows', 'the file has no data rows')
  const head = tableFromIPC(await opened.head(200))
  parquetFile = { id, file: opened }
  const numeric = head.schema.fields.flatMap((f, i) => (NUMBER_TYPE.test(String(f.type)) ? [i] : []))
  reply(parsedReply(id, 'parquet', '', arrowRows(head, 200), opened.rows, [], { kind: 'arrow', numeric }))
}

/** How far into a delimited file the head reaches: enough rows for the preview and the shape guess. */
const HEAD_BYTES = 1 << 18

/** Lines after the header (the last one even without a line break). */
function dataLines(bytes: Uint8Array): number {
  let lines = 0
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) lines++
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) lines++
  return lines - 1
}

/**
 * A delimited file DuckDB may read whole, from its head (the first HEAD_BYTES of a file of `size`
 * bytes): UTF-8, the header on line 1, a tidy shape, nothing odd in the head. Then only the head is
 * parsed here, and the page is told at once, so that DuckDB starts reading while the lines are
 * counted; null for any other file.
 */
function sniff(id: number, bytes: Uint8Array, size: number, name: string): { reading: ParsedReply; delimiter: string } | null {
  let end = bytes.length
  if (end < size) end = bytes.lastIndexOf(0x0a, end - 1) + 1
  const head = end > 0 ? decodeText(bytes.subarray(0, end)) : null
  const sample = head ? parseDelimited(head.text, name) : null
  const utf8 = head?.encoding === 'utf-8' || head?.encoding === 'utf-8-bom'
  // DuckDB reads line 1 as the header and every line after it as a row: a header of two rows, or a
  // blank line under it, is the careful reader's
  if (!head || !sample || !utf8 || sample.headerLine !== 1 || sample.rowLines[0] !== 2 || sample.problems.length > 0 || sample.header.length < 2 || sample.rows.length === 0) return null
  const reading = parsedReply(id, 'csv', head.encoding, sample, 0, [], null)
  if (reading.guess.mapping.kind !== 'tidy') return null
  reply({ type: 'offer', id, delimiter: sample.delimiter, width: sample.header.length, columns: tidyColumns(reading.guess.mapping) })
  return { reading, delimiter: sample.delimiter }
}

async function parse(request: Extract<ImportRequest, { type: 'parse' }>) {
  const { id, name, file } = request
  parquetFile = null
  table = null
  workbook = null
  reply({ type: 'progress', id, stage: 'parse' })
  if (file.size === 0) throw new FileError('no-rows', 'the file is empty')
  const small = file.size <= HEAD_BYTES
  const head = new Uint8Array(await (small ? file : file.slice(0, HEAD_BYTES)).arrayBuffer())
  // a file no longer than its head is read once
  const whole = async () => (small ? head : new Uint8Array(await file.arrayBuffer()))
  const lower = name.toLowerCase()
  if (lower.endsWith('.xlsx') || lower.endsWith('.xls') || isWorkbookBytes(head)) return parseWorkbook(id, name, await whole())
  if (lower.endsWith('.parquet') || (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31)) return parseParquet(id, name, file, request.careful === true)
  if (looksBinary(head)) throw new FileError('not-text', 'the file is not a text table (it holds binary data)')
  const offered = request.careful ? null : sniff(id, head, file.size, name)
  if (offered) {
    const { reading, delimiter } = offered
    const lines = dataLines(await whole())
    reply({ ...reading, rowCount: lines, staging: { kind: 'csv', delimiter, width: reading.header.length, dataLines: lines } })
    return
  }
  const bytes = await whole()
  reply({ type: 'progress', id, stage: 'decode' })
  const decoded = decodeText(bytes)
  reply({ type: 'progress', id, stage: 'parse' })
  const parsed = parseDelimited(decoded.text, name)
  if (parsed.rows.length === 0 && parsed.problems.length === 0) throw new FileError('no-rows', 'the file has no data rows under its header')
  table = { name, problems: parsed.problems, rows: () => parsed }
  reply(parsedReply(id, 'csv', decoded.encoding, parsed, parsed.rows.length, parsed.problems, null))
}

/** A workbook: opened once and kept, so that another sheet is read without reading the file again. */
async function parseWorkbook(id: number, name: string, bytes: Uint8Array) {
  // SheetJS is loaded with the first workbook: a CSV or Parquet file never waits for it
  const { loadCodePages, openWorkbook } = await import('./xlsx')
  if (isLegacyWorkbook(bytes)) await loadCodePages()
  const book = openWorkbook(bytes)
  const format = isLegacyWorkbook(bytes) ? 'xls' : 'xlsx'
  workbook = { name, format, book }
  const first = book.read(book.defaultSheet)
  if (first.rows.length === 0) throw new FileError('no-rows', 'no sheet of the workbook has data rows under a header')
  replySheet(id, book.defaultSheet)
}

function replySheet(id: number, sheet: string) {
  if (!workbook) throw new Error('no workbook has been read')
  const { name, format, book } = workbook
  const parsed = book.read(sheet)
  table = { name, problems: [], rows: () => parsed }
  reply(parsedReply(id, format, '', parsed, parsed.rows.length, [], null, { sheet, sheets: book.sheets }))
}

/**
 * The Parquet file opened by request `of`, for DuckDB: one `ipc` reply per batch, transferred, the
 * last one marked. It stops when another file is picked.
 */
async function parquetForDuckDb(id: number, of: number) {
  const opened = parquetFile
  if (!opened || opened.id !== of) throw new Error('the Parquet file is no longer here')
  for await (const ipc of opened.file.batches()) {
    if (parquetFile !== opened) throw new Error('another file was picked')
    reply({ type: 'ipc', id, ipc, last: false }, [ipc.buffer])
  }
  reply({ type: 'ipc', id, ipc: null, last: true })
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
    if (request.type === 'parse') await parse(request)
    else if (request.type === 'sheet') replySheet(request.id, request.sheet)
    else if (request.type === 'ipc') await parquetForDuckDb(request.id, request.of)
    else build(request)
  } catch (error) {
    const code = error instanceof FileError ? error.code : undefined
    reply({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}) })
  }
}
