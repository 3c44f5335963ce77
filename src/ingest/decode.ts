/**
 * Bytes → text. Chinese Excel saves "CSV" in the system code page (GBK) unless told otherwise, and
 * "Unicode text" as UTF-16 with a BOM; everything else we see is UTF-8, with or without a BOM.
 */

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030'

export interface DecodedText {
  text: string
  encoding: TextEncodingName
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' }
  }
  // TextDecoder strips a UTF-16 BOM itself (ignoreBOM defaults to false).
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    // GB18030 is a superset of GBK and GB2312, so one decoder covers all three.
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' }
  }
}

/**
 * Bytes that are no text table: a NUL, or more than one control character in a hundred, in the
 * first 64 KB (a picture, a PDF, a zip renamed `.csv`). Text in UTF-8 or GBK has neither: their
 * multi-byte sequences never use bytes below 0x40. UTF-16 is recognised by its BOM first.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false
  const head = bytes.subarray(0, 65_536)
  let controls = 0
  for (const b of head) {
    if (b === 0) return true
    // tab, line feed, form feed, carriage return and escape are what text files hold
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) controls++
  }
  return controls > head.length / 100
}

/** An .xls (BIFF, whose text may be in a code page) is an OLE2 compound file. */
export function isLegacyWorkbook(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0
}

/** An .xlsx is a zip; an .xls an OLE2 compound file. */
export function isWorkbookBytes(bytes: Uint8Array): boolean {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  return zip || isLegacyWorkbook(bytes)
}
