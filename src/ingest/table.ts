/** Shared by the CSV and XLSX readers: where the header is, and which rows are blank. */

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '')
}

/**
 * The header is the first row with at least two filled cells. Chinese spreadsheets often put a title
 * (`2021年各州市网上可办率`) in a merged cell above it; that row has one filled cell and is skipped.
 * A one-column file has its first non-blank row as the header.
 */
export function locateHeader(rows: readonly (readonly string[])[]): number {
  const filled = (cells: readonly string[]) => cells.filter((cell) => cell.trim() !== '').length
  const wide = rows.findIndex((cells) => filled(cells) >= 2)
  if (wide >= 0) return wide
  const any = rows.findIndex((cells) => filled(cells) >= 1)
  return any >= 0 ? any : 0
}
