/**
 * The report reader on the generated fixtures (tests/fixtures/reports/, invented numbers in every
 * shape the national tables reach a user). The truth is expected.json, written by the same script
 * from the numbers it invented, not from the reader's output.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readReport, type ReportReading } from '../../src/reports/index'

const dir = new URL('../fixtures/reports/', import.meta.url)
interface Expected {
  format: string
  year: number
  regionCode: string | null
  scope: string
  cells: Record<string, number>
  balanceFlags?: string[]
  regionCandidates?: string[]
}
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<string, Expected>
const pdfDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))
const pdf = { cMapUrl: join(pdfDir, 'cmaps') + '/', standardFontDataUrl: join(pdfDir, 'standard_fonts') + '/' }

const readings = new Map<string, Promise<ReportReading>>()
function read(name: string): Promise<ReportReading> {
  let r = readings.get(name)
  if (!r) readings.set(name, (r = readReport({ name, bytes: new Uint8Array(readFileSync(new URL(name, dir))) }, { pdf })))
  return r
}

const tableFiles = Object.keys(expected).filter((n) => expected[n]!.format !== 'free-text')

describe('tables 二, 三, 四 in every shape', () => {
  it('has a fixture for each shape', () => {
    expect(tableFiles.map((n) => n.replace(/^t20\d\d-/, '').replace(/\.\w+$/, '')).sort()).toEqual(
      ['cell-per-line', 'cell-per-paragraph', 'dropped-empty', 'gbk', 'html', 'lost-cell', 'pipes', 'tabs', 'text-layer', 'word'].sort(),
    )
  })

  for (const name of tableFiles) {
    it(`${name}: every cell under its id with its value, and nothing else`, async () => {
      const e = expected[name]!
      const r = await read(name)
      const cells = r.figures.filter((f) => f.cell)
      const byId = new Map(cells.map((f) => [f.metric, f]))
      expect(cells.length).toBe(byId.size) // no id twice
      const wrong = Object.entries(e.cells).filter(([id, v]) => byId.get(id)?.value !== v).map(([id, v]) => `${id}: want ${v}, got ${byId.get(id)?.value}`)
      expect(wrong).toEqual([])
      const extra = cells.filter((f) => !(f.metric in e.cells)).map((f) => f.metric)
      expect(extra.filter((id) => !(e.balanceFlags ?? []).includes(id))).toEqual([])
      // the highlighted span is the number itself
      for (const f of cells) expect(r.text.slice(f.start, f.end).replace(/,/g, '')).toMatch(/^-?\d+(\.\d+)?$/)
      for (const f of cells) expect(r.text).toContain(f.excerpt)
    })

    it(`${name}: metadata`, async () => {
      const e = expected[name]!
      const r = await read(name)
      expect(r.format).toBe(e.format)
      expect(r.year).toBe(e.year)
      expect(r.regionCode).toBe(e.regionCode)
      expect(r.scope).toBe(e.scope)
      expect(r.publisher).toMatch(/办公室$|局$/)
      if (e.regionCandidates) {
        expect(r.regionCandidates.map((c) => c.code).sort()).toEqual(e.regionCandidates)
        expect(r.flags).toContainEqual({ kind: 'ambiguous_region', candidates: expect.arrayContaining(e.regionCandidates) })
      }
    })

    if (!expected[name]!.balanceFlags) {
      it(`${name}: every balance rule holds, no cell flagged`, async () => {
        const r = await read(name)
        expect(r.flags.filter((f) => f.kind === 'balance' || f.kind === 'unknown_label')).toEqual([])
        const flagged = r.figures.filter((f) => f.cell && f.flags.some((x) => x !== 'uncertain'))
        // rows whose empty cells were dropped: their one number is placed in the last column, and says so
        const short = name.includes('dropped-empty') ? ['disclosure.decisions.license', 'disclosure.decisions.penalty'] : []
        expect(flagged.map((f) => f.metric).sort()).toEqual(short)
        for (const f of flagged) expect(f.flags).toEqual(['short_row'])
      })
    }
  }

  it('a cell lost in flattening: its row is flagged short and the balance rules name it; no value changed', async () => {
    const r = await read('t2021-lost-cell.txt')
    const row = r.figures.filter((f) => f.metric.startsWith('disclosure.req_granted'))
    expect(row).toHaveLength(6)
    for (const f of row) expect(f.flags).toEqual(expect.arrayContaining(['short_row', 'balance']))
    const rules = r.flags.filter((f) => f.kind === 'balance')
    expect(rules.length).toBeGreaterThan(0)
    expect(rules.some((f) => f.kind === 'balance' && f.metrics.includes('disclosure.req_granted'))).toBe(true)
    // the other rows are untouched
    const e = expected['t2021-lost-cell.txt']!.cells
    expect(r.figures.find((f) => f.metric === 'disclosure.req_total')!.value).toBe(e['disclosure.req_total'])
  })

  it('derives the core group totals the tables leave implicit, marked derived', async () => {
    const e = expected['t2021-html.html']!.cells
    const r = await read('t2021-html.html')
    const denied = r.figures.find((f) => f.metric === 'disclosure.req_denied')!
    const reasons = Object.entries(e).filter(([k]) => /^disclosure\.req_denied\.[a-z_]+$/.test(k) && !/\.(natural_person|commercial|research|public_interest|legal_service|other_org)$/.test(k))
    expect(reasons).toHaveLength(8)
    expect(denied.value).toBe(reasons.reduce((s, [, v]) => s + v, 0))
    expect(denied.flags).toContain('derived')
    const lit = r.figures.find((f) => f.metric === 'disclosure.litigation_total')!
    expect(lit.value).toBe(e['disclosure.litigation_direct_total']! + e['disclosure.litigation_after_review_total']!)
  })

  it('reads the PDF text layer through the CJK character maps (without them there is no text)', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('t2021-text-layer.pdf', dir)))
    const r = await readReport({ name: 'x.pdf', bytes }, { pdf })
    expect(r.kind).toBe('pdf')
    expect(r.text).toContain('收到和处理政府信息公开申请情况')
  })
})

describe('a free-text report (the older wording)', () => {
  const name = 'free-2017.txt'
  it('finds each headline figure with its unit and qualifier', async () => {
    const e = expected[name]!
    const r = await read(name)
    expect(r.format).toBe('free-text')
    expect(r.year).toBe(2017)
    expect(r.regionCode).toBe('530600')
    expect(r.scope).toBe('bureau')
    const wrong = Object.entries(e.cells).filter(([id, v]) => !r.figures.some((f) => f.metric === id && f.value === v)).map(([id]) => id)
    expect(wrong).toEqual([])
    const q = (id: string): string | undefined => r.figures.find((f) => f.metric === id)?.qualifier
    expect(q('online.cases_total')).toBe('approx') // 约12万件
    expect(q('trading.proc.projects')).toBe('at_least') // 210余个
    expect(q('disclosure.proactive_items')).toBe('exact')
    expect(r.figures.find((f) => f.metric === 'disclosure.req_unavailable')!.flags).toContain('derived') // 信息不存在 + 非本机关
  })

  it('stated zeros are figures with their sentence', async () => {
    const r = await read(name)
    const review = r.figures.find((f) => f.metric === 'disclosure.review_total')!
    expect(review.value).toBe(0)
    expect(review.excerpt).toContain('未收到行政复议申请')
    expect(r.figures.find((f) => f.metric === 'disclosure.litigation_total')!.value).toBe(0)
  })
})
