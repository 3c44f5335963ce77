/** Reads a contract CSV independently of DuckDB (PapaParse), to compute expectations. */
import Papa from 'papaparse'
import { readFileSync } from 'node:fs'
import { DATA_DIR } from '../../scripts/lib/duckdb-node'

export function readCsv(name: string, dir = DATA_DIR): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(`${dir}${name}`, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  })
  if (parsed.errors.length > 0) throw new Error(`${name}: ${parsed.errors.map((e) => `row ${e.row}: ${e.message}`).join('; ')}`)
  return parsed.data
}
