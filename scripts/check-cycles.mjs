/** No module imports another in a circle (static value imports; `import type` and dynamic import() do not count). Usage: node scripts/check-cycles.mjs src */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs'
import { join, dirname, resolve } from 'node:path'
const files = []
const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (/\.(ts|vue)$/.test(f)) files.push(resolve(p)) } }
walk(process.argv[2] ?? 'src')
const graph = new Map()
for (const f of files) {
  const text = readFileSync(f, 'utf8')
  const deps = []
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    let p = resolve(dirname(f), m[1].replace(/\?.*$/, ''))
    for (const c of [p, p + '.ts', p + '/index.ts']) if (existsSync(c) && statSync(c).isFile()) { deps.push(c); break }
  }
  graph.set(f, deps)
}
const state = new Map(); const stack = []; let found = 0
const visit = (n) => { state.set(n, 1); stack.push(n); for (const d of graph.get(n) ?? []) { if (state.get(d) === 1) { found++; console.log('cycle:', stack.slice(stack.indexOf(d)).concat(d).map((x) => x.replace(process.cwd() + '/', '')).join(' → ')) } else if (!state.get(d)) visit(d) } stack.pop(); state.set(n, 2) }
for (const f of files) if (!state.get(f)) visit(f)
console.log(found ? `${found} cycle(s)` : 'no cycles', `(${files.length} files, static value imports)`)
if (found) process.exit(1)
