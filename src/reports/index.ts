/**
 * The report reader: one annual 政府信息公开工作年度报告 → its metadata and figures, each with the
 * excerpt it came from. Pure TypeScript, for the page (in a worker) and Node (CLI, tests).
 *
 *   const reading = await readReport({ name: 'x.html', bytes })
 *
 * Text (extract.ts) → tables 二/三/四 (tables.ts) and their balance rules (balance.ts) → free-text
 * headline figures (freetext.ts) → metadata (meta.ts). Nothing is silently corrected: what does not
 * add up, what could not be placed, what is ambiguous is flagged.
 */
import { checkBalance } from './balance'
import { extractText, kindOf } from './extract'
import { readFreeText } from './freetext'
import { buildRegionIndex, findPublisher, findTitle, findYear, nationalRegions, resolveRegion, scopeOf, type RegionEntry, type RegionIndex } from './meta'
import { readTables } from './tables'
import { normalise } from './tokens'
import type { Figure, ReadOptions, ReportFlag, ReportInput, ReportReading } from './types'

export type * from './types'
export { nationalRegions, type RegionEntry } from './meta'

export interface ReaderOptions extends ReadOptions {
  /** Regions beyond the national list (zones such as 520100-etdz from data/regions.csv); they win over it on the same name. */
  extraRegions?: RegionEntry[]
}

const indexCache = new WeakMap<RegionEntry[], RegionIndex>()
let nationalIndex: RegionIndex | null = null

async function regionIndex(extra: RegionEntry[] | undefined): Promise<RegionIndex> {
  if (!extra?.length) return (nationalIndex ??= buildRegionIndex(await nationalRegions()))
  let idx = indexCache.get(extra)
  if (!idx) {
    const zones = new Set(extra.map((e) => e.name))
    idx = buildRegionIndex([...(await nationalRegions()).filter((r) => !zones.has(r.name)), ...extra])
    indexCache.set(extra, idx)
  }
  return idx
}

export async function readReport(input: ReportInput, options: ReaderOptions = {}): Promise<ReportReading> {
  let extracted
  try {
    extracted = await extractText(input.name, input.bytes, options)
  } catch (e) {
    return emptyReading(input.name, kindOf(input.name), [{ kind: 'unreadable', detail: e instanceof Error ? e.message : String(e) }])
  }
  const index = await regionIndex(options.extraRegions)
  const reading = readText(input.name, extracted.text, index, extracted.title)
  reading.kind = extracted.kind
  if (extracted.kind === 'pdf' && extracted.text.trim() === '') reading.flags.unshift({ kind: 'unreadable', detail: 'no text layer' })
  return reading
}

/** Already-decoded text (a paste, a test). */
export async function readReportText(name: string, text: string, options: ReaderOptions = {}): Promise<ReportReading> {
  return readText(name, text, await regionIndex(options.extraRegions), null)
}

function readText(name: string, text: string, index: RegionIndex, htmlTitle: string | null): ReportReading {
  const flags: ReportFlag[] = []
  const norm = normalise(text)
  const title = findTitle(text, htmlTitle)
  const { year, flags: yearFlags } = findYear(text, title)
  flags.push(...yearFlags)
  const publisher = findPublisher(text, title)
  const region = resolveRegion(index, [title ?? '', publisher ?? ''].filter((s) => s !== ''), text)
  if (region.candidates.length > 1) flags.push({ kind: 'ambiguous_region', candidates: region.candidates.map((c) => c.code) })
  else if (!region.code) flags.push({ kind: 'no_region' })

  const tables = readTables(text, norm, year)
  let figures: Figure[] = tables.figures
  flags.push(...tables.flags)
  if (figures.length) {
    const balanced = checkBalance(figures)
    figures = balanced.figures
    flags.push(...balanced.flags)
  }
  const hasTables = tables.found.includes('三') && figures.some((f) => f.cell?.table === '三')
  const format = hasTables || tables.format ? (tables.format ?? (year !== null && year >= 2021 ? 'gb-2021' : 'gb-2019')) : 'free-text'
  // headline figures in prose: in every report (a 2021 report's 总体情况 too), but never for an id a table gave
  const tableIds = new Set(figures.map((f) => f.metric))
  const prose = readFreeText(text, norm, tables.found.length ? proseRange(norm, text) : null).filter((f) => !tableIds.has(f.metric))
  figures = markConflicts([...figures, ...prose])
  if (!figures.length) flags.push({ kind: 'nothing_found' })
  return {
    name,
    kind: 'text',
    text,
    title,
    publisher,
    regionCode: region.code,
    regionName: region.name,
    regionCandidates: region.candidates,
    year,
    scope: scopeOf(title, publisher, index),
    format,
    figures,
    flags,
  }
}

/** With tables present, prose figures come only from before table 二 (the 总体情况 part). */
function proseRange(norm: string, text: string): [number, number] {
  const m = /^[ \t]*(?:二|2)[ \t]*[、.][ \t]*主动公开政府信息/m.exec(norm)
  return [0, m ? m.index : text.length]
}

/** The same metric proposed with different values: every one of them is flagged for the reviewer. */
function markConflicts(figures: Figure[]): Figure[] {
  const values = new Map<string, Set<number>>()
  for (const f of figures) {
    let set = values.get(f.metric)
    if (!set) values.set(f.metric, (set = new Set()))
    set.add(f.value)
  }
  for (const f of figures) if (values.get(f.metric)!.size > 1 && !f.flags.includes('conflict')) f.flags.push('conflict')
  return figures
}

function emptyReading(name: string, kind: ReportReading['kind'], flags: ReportFlag[]): ReportReading {
  return {
    name, kind, text: '', title: null, publisher: null, regionCode: null, regionName: null, regionCandidates: [],
    year: null, scope: 'bureau', format: 'free-text', figures: [], flags,
  }
}
