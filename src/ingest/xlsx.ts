/**
 * The first sheet of an .xlsx file → header and rows of strings, like parseDelimited.
 *
 * Uses `read-excel-file/universal`: its `/browser` entry parses in a Web Worker made from a blob: URL,
 * which the page's Content-Security-Policy (`worker-src 'self'`) forbids; the universal entry runs
 * on the calling thread, in the browser and in Node alike. Its unzipper (fflate) still hands an entry
 * to a blob: worker when it is ≥ 512 KB unpacked and compresses well, so such files are refused up
 * front with a clear error instead of hanging.
 */
import readXlsxFile from 'read-excel-file/universal'
import { isBlankRow, locateHeader } from './table'
import type { TextTable } from './types'

export interface XlsxTable extends TextTable {
  sheetName: string
}

export type XlsxErrorCode = 'not-xlsx' | 'too-large' | 'unreadable'

export class XlsxReadError extends Error {
  readonly code: XlsxErrorCode
  constructor(code: XlsxErrorCode, message: string) {
    super(message)
    this.name = 'XlsxReadError'
    this.code = code
  }
}

/** fflate's threshold for inflating in a worker (`unzip`: su ≥ 524288 and sc ≤ 0.8 su). */
export const MAX_INLINE_ENTRY_BYTES = 524_288

/** Reads the zip's central directory and refuses an XML entry that fflate would inflate in a worker. */
function checkZipEntries(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let end = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i
      break
    }
  }
  if (end < 0) throw new XlsxReadError('not-xlsx', 'not an .xlsx file (no zip directory found)')
  const entries = view.getUint16(end + 10, true)
  let p = view.getUint32(end + 16, true)
  const names = new TextDecoder()
  for (let k = 0; k < entries; k++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) {
      throw new XlsxReadError('not-xlsx', 'not an .xlsx file (damaged zip directory)')
    }
    const method = view.getUint16(p + 10, true)
    const packed = view.getUint32(p + 20, true)
    const unpacked = view.getUint32(p + 24, true)
    const nameLength = view.getUint16(p + 28, true)
    const name = names.decode(bytes.subarray(p + 46, p + 46 + nameLength))
    const isXml = name.endsWith('.xml') || name.endsWith('.xml.rels')
    if (isXml && method === 8 && unpacked >= MAX_INLINE_ENTRY_BYTES && packed <= 0.8 * unpacked) {
      throw new XlsxReadError('too-large', `${name} is too large to read in the page (${unpacked} bytes); save the sheet as CSV`)
    }
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true)
  }
}

/** 150000000 → "150000000", 1e-7 → "0.0000001": never exponent notation. */
export function plainNumber(n: number): string {
  const text = String(n)
  if (!/e/i.test(text)) return text
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? plainNumber(value) : ''
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  // Excel dates are day counts; read-excel-file turns them into Dates at UTC midnight.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  return String(value)
}

export async function readXlsx(bytes: ArrayBuffer | Uint8Array): Promise<XlsxTable> {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  checkZipEntries(view)
  // An exact copy, so that a Uint8Array over a larger buffer hands over only its own bytes.
  const buffer = view.slice().buffer
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>
  try {
    // `sheets` is honoured by read-excel-file 9 though not in its types; without it, we still take the first.
    sheets = await readXlsxFile(buffer, { trim: true, sheets: [1] } as Parameters<typeof readXlsxFile>[1])
  } catch (error) {
    throw new XlsxReadError('unreadable', `the workbook could not be read: ${error instanceof Error ? error.message : String(error)}`)
  }
  const first = sheets[0]
  if (!first) throw new XlsxReadError('unreadable', 'the workbook has no sheets')

  const all = first.data.map((row) => row.map(cellText))
  // read-excel-file starts at the sheet's first row, so the array index + 1 is the sheet's row number.
  const numbered = all.map((cells, index) => ({ cells, line: index + 1 })).filter((r) => !isBlankRow(r.cells))
  const headerAt = locateHeader(numbered.map((r) => r.cells))
  const headerRecord = numbered[headerAt]
  // Columns to the right of the header's last filled cell that hold nothing at all are dropped.
  let width = headerRecord?.cells.length ?? 0
  while (width > 0 && numbered.every((r) => (r.cells[width - 1] ?? '') === '')) width--
  const fit = (cells: string[]) => Array.from({ length: width }, (_, i) => cells[i] ?? '')
  const body = numbered.slice(headerAt + 1)
  return {
    sheetName: first.sheet,
    header: headerRecord ? fit(headerRecord.cells) : [],
    headerLine: headerRecord?.line ?? 1,
    rows: body.map((r) => fit(r.cells)),
    rowLines: body.map((r) => r.line),
  }
}
