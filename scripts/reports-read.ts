/**
 * npm run -s reports:read -- FILE...
 * Reads annual reports (.html .txt .tsv .docx .pdf) with the same reader the page uses and prints one
 * CSV row per figure on stdout: file,region_code,year,metric,value,qualifier,publisher,scope,excerpt.
 * Problems (flags, files that yield nothing) go to stderr. Exit 0 when every file could be opened,
 * 1 when one could not, 2 on bad usage. Zones without a code of their own come from data/regions.csv.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { readReport, type RegionEntry } from '../src/reports/index'

const files = process.argv.slice(2).filter((a) => a !== '--')
if (!files.length) {
  process.stderr.write('usage: npm run -s reports:read -- FILE...\n')
  process.exit(2)
}

function csvField(v: string | number | null): string {
  let s = v === null ? '' : String(v)
  // a spreadsheet must not run a cell as a formula
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = "'" + s
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function extraRegions(): RegionEntry[] {
  const path = new URL('../data/regions.csv', import.meta.url)
  if (!existsSync(path)) return []
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/)
  const cols = head!.split(',')
  const ci = cols.indexOf('code')
  const ni = cols.indexOf('name_zh')
  return lines.map((l) => l.split(',')).filter((r) => !/^\d{6}$/.test(r[ci]!)).map((r) => ({ code: r[ci]!, name: r[ni]! }))
}

const require = createRequire(import.meta.url)
const pdfDir = dirname(require.resolve('pdfjs-dist/package.json'))
const pdf = {
  cMapUrl: join(pdfDir, 'cmaps') + '/',
  standardFontDataUrl: join(pdfDir, 'standard_fonts') + '/',
}

let failed = false
process.stdout.write('file,region_code,year,metric,value,qualifier,publisher,scope,excerpt\n')
const extra = extraRegions()
for (const file of files) {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(readFileSync(file))
  } catch (e) {
    process.stderr.write(`${file}: cannot open (${e instanceof Error ? e.message : String(e)})\n`)
    failed = true
    continue
  }
  const r = await readReport({ name: basename(file), bytes }, { pdf, extraRegions: extra })
  for (const f of r.figures) {
    const row = [file, r.regionCode, r.year, f.metric, f.value, f.qualifier, r.publisher, r.scope, f.excerpt.replace(/\s*\n\s*/g, ' ')]
    process.stdout.write(row.map(csvField).join(',') + '\n')
  }
  for (const flag of r.flags) {
    const { kind, ...rest } = flag
    process.stderr.write(`${file}: ${kind} ${JSON.stringify(rest)}\n`)
  }
  const flagged = r.figures.filter((f) => f.flags.length).length
  if (flagged) process.stderr.write(`${file}: ${flagged} of ${r.figures.length} figures flagged\n`)
}
// exitCode, not exit(): exit() would cut off what is still being written to a pipe
process.exitCode = failed ? 1 : 0
