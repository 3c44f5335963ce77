/** `npm run -s reports:read -- FILE...` end to end: a real child process, its stdout CSV, stderr and exit code. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname
const fixtures = join(root, 'tests/fixtures/reports')
const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Record<string, { cells: Record<string, number>; regionCode: string | null; year: number }>

function run(files: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '-s', 'reports:read', '--', ...files], { cwd: root, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('reports:read', () => {
  it('prints one CSV row per figure for a batch of files in different formats', () => {
    const names = ['t2021-html.html', 't2019-tabs.tsv', 't2021-word.docx', 't2021-text-layer.pdf', 'free-2017.txt']
    const r = run(names.map((n) => join(fixtures, n)))
    expect(r.status).toBe(0)
    const parsed = Papa.parse<Record<string, string>>(r.stdout, { header: true, skipEmptyLines: true })
    expect(parsed.meta.fields).toEqual(['file', 'region_code', 'year', 'metric', 'value', 'qualifier', 'publisher', 'scope', 'excerpt'])
    for (const n of names) {
      const rows = parsed.data.filter((row) => row.file === join(fixtures, n))
      const e = expected[n]!
      for (const [metric, value] of Object.entries(e.cells)) {
        expect(rows.some((row) => row.metric === metric && Number(row.value) === value), `${n} ${metric}`).toBe(true)
      }
      expect(new Set(rows.map((row) => row.region_code))).toEqual(new Set([e.regionCode ?? '']))
      expect(new Set(rows.map((row) => row.year))).toEqual(new Set([String(e.year)]))
      expect(rows.every((row) => row.excerpt !== '' && ['exact', 'approx', 'at_least'].includes(row.qualifier!))).toBe(true)
    }
  }, 60_000)

  it('reads a seed free-text report from data/reports/ into CSV with the header, exit 0', () => {
    const seed = 'data/reports/001_06a5d95269094527.txt' // 楚雄州 2018, the seed text as published
    const r = run([seed])
    expect(r.status).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('file,region_code,year,metric,value,qualifier,publisher,scope,excerpt')
    const rows = Papa.parse<Record<string, string>>(r.stdout, { header: true, skipEmptyLines: true }).data
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.every((row) => row.file === seed && row.region_code === '532300' && row.year === '2018')).toBe(true)
    // a figure as printed in the report, with its excerpt from the text
    const cases = rows.find((row) => row.metric === 'online.cases_total')
    expect(cases?.value).toBe('1188438')
    expect(readFileSync(join(root, seed), 'utf8').replace(/\s+/g, '')).toContain((cases?.excerpt ?? '').replace(/\s+/g, '') || 'no excerpt')
  }, 60_000)

  it('a file that yields nothing is a problem on stderr, not a failure; a file it cannot open is', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'reports-cli-'))
    const empty = join(tmp, 'empty.txt')
    writeFileSync(empty, '本页面没有数字。\n')
    const broken = join(tmp, 'broken.docx')
    writeFileSync(broken, 'PK not really a zip')
    const ok = run([empty, broken])
    expect(ok.status).toBe(0)
    expect(ok.stdout.trim().split('\n')).toHaveLength(1) // the header alone
    expect(ok.stderr).toMatch(/empty\.txt: nothing_found/)
    expect(ok.stderr).toMatch(/broken\.docx: unreadable/)
    const missing = run([join(tmp, 'no-such-file.html'), empty])
    expect(missing.status).toBe(1)
    expect(missing.stderr).toMatch(/no-such-file\.html: cannot open/)
  }, 60_000)
})
