/**
 * A report's metadata from its text: title, publishing body, region (GB/T 2260 code), year, scope.
 * The national code list (gb2260.json, ~80 kB) is loaded on first use, so the page fetches it only
 * when a report is read.
 */
import type { RegionCandidate, ReportFlag, ReportScope } from './types'

export interface RegionEntry {
  code: string
  name: string
}

export interface RegionIndex {
  /** name form → codes it may mean */
  names: Map<string, Set<string>>
  byCode: Map<string, string>
  /** longest name form, to bound the scan */
  maxLen: number
}

let national: Promise<RegionEntry[]> | null = null

export function nationalRegions(): Promise<RegionEntry[]> {
  national ??= import('./gb2260.json').then((m) => {
    const data = (m as unknown as { default?: { rows: [string, string][] }; rows?: [string, string][] })
    const rows = data.default?.rows ?? data.rows ?? []
    return rows.map(([code, name]) => ({ code, name }))
  })
  return national
}

/** Name forms people write: 楚雄彝族自治州 → 楚雄州, 楚雄; 云南省 → 云南; 昆明市 → 昆明 (prefecture and up only). */
function shortForms(code: string, name: string): string[] {
  const forms = [name]
  const level = /0000$/.test(code) ? 'province' : /00$/.test(code) ? 'prefecture' : 'county'
  if (level === 'county') return forms
  const auto = /^(.{2,}?)(?:[\u4e00-\u9fff]{1,8}族)+自治(州|区|县)$/.exec(name)
  if (auto) {
    forms.push(auto[1]! + (auto[2] === '区' ? '' : auto[2]!), auto[1]!)
  } else if (/^.{2,}(省|市)$/.test(name)) forms.push(name.slice(0, -1))
  else if (/^.{2,}地区$/.test(name)) forms.push(name.slice(0, -2))
  else if (/^.{2,}盟$/.test(name)) forms.push(name.slice(0, -1))
  return forms.filter((f) => f.length >= 2)
}

export function buildRegionIndex(entries: RegionEntry[]): RegionIndex {
  const names = new Map<string, Set<string>>()
  const byCode = new Map<string, string>()
  let maxLen = 0
  for (const { code, name } of entries) {
    if (!name) continue
    byCode.set(code, name)
    // a zone's own row (520100-etdz) gives only its full name
    for (const form of /^\d{6}$/.test(code) ? shortForms(code, name) : [name]) {
      let set = names.get(form)
      if (!set) names.set(form, (set = new Set()))
      set.add(code)
      maxLen = Math.max(maxLen, form.length)
    }
  }
  return { names, byCode, maxLen }
}

/** Every name found in s, longest first at each position, no overlaps. */
function scanNames(index: RegionIndex, s: string): { form: string; codes: string[] }[] {
  const found: { form: string; codes: string[] }[] = []
  for (let i = 0; i < s.length; ) {
    let hit: string | null = null
    for (let len = Math.min(index.maxLen, s.length - i); len >= 2; len--) {
      const form = s.slice(i, i + len)
      if (index.names.has(form)) {
        hit = form
        break
      }
    }
    if (hit) {
      found.push({ form: hit, codes: [...index.names.get(hit)!] })
      i += hit.length
    } else i++
  }
  return found
}

function parentOf(code: string): string | null {
  if (/^\d{6}-/.test(code)) return code.slice(0, 6)
  if (/0000$/.test(code)) return null
  if (/00$/.test(code)) return code.slice(0, 2) + '0000'
  return code.slice(0, 4) + '00'
}

function ancestors(code: string): string[] {
  const out: string[] = []
  for (let p = parentOf(code); p; p = parentOf(p)) out.push(p)
  return out
}

function depth(code: string): number {
  return ancestors(code).length
}

export interface RegionResult {
  code: string | null
  name: string | null
  candidates: RegionCandidate[]
}

/**
 * The region a publisher speaks for. Names in `primary` (title, publisher) decide; `context` (the
 * opening lines) only narrows several candidates down (a 云南省 elsewhere picks 云南's 朝阳 … ).
 */
export function resolveRegion(index: RegionIndex, primary: string[], context: string): RegionResult {
  let hits = primary.flatMap((s) => scanNames(index, s))
  if (!hits.length) hits = scanNames(index, context.slice(0, 400))
  if (!hits.length) return { code: null, name: null, candidates: [] }
  const mentioned = new Set(hits.flatMap((h) => h.codes))
  const contextCodes = new Set(scanNames(index, context.slice(0, 1500)).flatMap((h) => h.codes))
  const matchedBy = new Map<string, string>()
  for (const h of hits) for (const c of h.codes) if (!matchedBy.has(c)) matchedBy.set(c, h.form)
  // a candidate whose every ancestor that is named is consistent; the deepest win
  let cands = [...mentioned].filter((c) => {
    const others = [...mentioned].filter((o) => o !== c && depth(o) < depth(c))
    return others.every((o) => ancestors(c).includes(o) || !hits.some((h) => h.codes.length === 1 && h.codes[0] === o))
  })
  const deepest = Math.max(...cands.map(depth))
  cands = cands.filter((c) => depth(c) === deepest)
  if (cands.length > 1) {
    // prefer the ones whose ancestors are also named, in the title or the opening text
    const score = (c: string): number => ancestors(c).filter((a) => mentioned.has(a) || contextCodes.has(a)).length
    const best = Math.max(...cands.map(score))
    cands = cands.filter((c) => score(c) === best)
  }
  const candidates = cands.map((code) => ({ code, name: index.byCode.get(code) ?? code, matched: matchedBy.get(code) ?? '' }))
  if (candidates.length === 1) return { code: candidates[0]!.code, name: candidates[0]!.name, candidates }
  return { code: null, name: null, candidates }
}

// ---------------------------------------------------------------- title, publisher, year, scope

const YEAR_TITLE = /((?:19|20)\d{2})\s*年\s*度?/

export function findTitle(text: string, htmlTitle: string | null): string | null {
  const lines = text.split('\n').slice(0, 60).map((l) => l.trim())
  const line = lines.find((l) => l.length <= 80 && YEAR_TITLE.test(l) && /(年度报告|年报|工作报告|工作情况|年度工作)/.test(l) && !/[。;；]/.test(l))
  if (line) return line.replace(/\s+/g, ' ')
  if (htmlTitle && YEAR_TITLE.test(htmlTitle)) return htmlTitle.replace(/\s+/g, ' ').trim()
  return null
}

const ORGAN = /(人民政府|人民政府办公室|人民政府办公厅|办公室|办公厅|局|委员会|委|政府|中心|党政办|管委会|管理委员会|公司|院|所|厅|署|办)$/

export function findPublisher(text: string, title: string | null): string | null {
  const compiled = /由([\u4e00-\u9fff()（）]{3,30}?)(?:编制|编写|制作|负责编制)/.exec(text.slice(0, 3000))
  if (compiled && ORGAN.test(compiled[1]!)) return compiled[1]!
  // the signature: an organ's name on its own line just above a date near the end
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '')
  for (let i = lines.length - 1; i >= Math.max(1, lines.length - 12); i--) {
    if (/^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/.test(lines[i]!) || /^(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(lines[i]!)) {
      const prev = lines[i - 1]!.replace(/\s+/g, '')
      if (prev.length <= 30 && ORGAN.test(prev) && /^[\u4e00-\u9fff()（）]+$/.test(prev)) return prev
    }
  }
  if (title) {
    const m = /^(.*?)(?:19|20)\d{2}\s*年/.exec(title.replace(/\s+/g, ''))
    if (m && m[1]!.length >= 2) return m[1]!.replace(/[（(].*?[)）]$/, '')
  }
  return null
}

/** The body the title names before its year: a region's government (保山市, 五华区人民政府) or a department. */
export function scopeOf(title: string | null, publisher: string | null, index: RegionIndex): ReportScope {
  const head = (title ? /^(.*?)(?:19|20)\d{2}\s*年/.exec(title.replace(/\s+/g, ''))?.[1] : null) ?? publisher ?? ''
  const bare = head.replace(/[（(][^)）]*[)）]/g, '').replace(/(人民政府|政府)$/, '')
  if (bare && index.names.has(bare)) return 'government'
  const names = scanNames(index, bare)
  if (names.length && names.map((n) => n.form).join('') === bare) return 'government'
  if (/(管委会|管理委员会|党政办|党工委)$/.test(head) || /开发区|新区$/.test(bare)) return 'government'
  return 'bureau'
}

export interface YearResult {
  year: number | null
  flags: ReportFlag[]
}

export function findYear(text: string, title: string | null): YearResult {
  const titleYear = title ? Number(YEAR_TITLE.exec(title)?.[1] ?? NaN) : NaN
  const head = text.slice(0, 4000)
  let textYear: number | null = null
  const period = /(?:统计期限|统计时限|统计时间|数据统计)[^。]{0,20}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/.exec(head)
  if (period) textYear = Number(period[1])
  else {
    const m = /((?:19|20)\d{2})\s*年\s*(?:度\s*)?(?:政府信息公开|政务公开)/.exec(head.replace(/《[^》]*》/g, ''))
    if (m) textYear = Number(m[1])
  }
  const flags: ReportFlag[] = []
  const ty = Number.isFinite(titleYear) ? titleYear : null
  if (ty !== null && textYear !== null && ty !== textYear) flags.push({ kind: 'year_mismatch', titleYear: ty, textYear })
  const year = ty ?? textYear
  if (year === null) flags.push({ kind: 'no_year' })
  return { year, flags }
}
