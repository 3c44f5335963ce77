/**
 * Functions the benches run inside the page (plain JS: Playwright serialises them into it), shared by
 * `npm run bench` (scripts/bench.mjs) and the server engine's bench (scripts/engine/bench.ts).
 */

/**
 * Resolves once the page has DuckDB (unless `needDuckdb` is false: a server engine answers), a chart, every `need` selector, nothing busy, and no new chart
 * for `quiet` ms.
 */
export async function pageSettled({ quiet, timeout, needChart, need = [], needDuckdb = true }) {
  const count = () => performance.getEntriesByName('chart-rendered', 'mark').length
  const start = performance.now()
  let last = -1
  let since = performance.now()
  while (performance.now() - start < timeout) {
    await new Promise((r) => setTimeout(r, 25))
    const n = count()
    if (n !== last) {
      last = n
      since = performance.now()
    }
    const failed = document.querySelector('.db-status[data-state="error"], .overview-view .error')
    if (failed) return { ok: false, reason: failed.textContent.trim().slice(0, 300) }
    const ready = !needDuckdb || performance.getEntriesByName('duckdb-ready', 'mark').length > 0
    const busy = document.querySelector('[aria-busy="true"]')
    const present = need.every((sel) => document.querySelector(sel))
    if (ready && present && (!needChart || n > 0) && !busy && performance.now() - since >= quiet) return { ok: true }
  }
  const missing = need.filter((sel) => !document.querySelector(sel))
  return {
    ok: false,
    reason: `not settled within ${timeout} ms (duckdb-ready: ${performance.getEntriesByName('duckdb-ready', 'mark').length}, chart-rendered: ${count()}${missing.length ? `, missing: ${missing.join(' ')}` : ''})`,
  }
}

/** Changes the select and waits until the new charts stop coming; times from just before. */
export async function pageInteract({ selector, value, quiet, timeout }) {
  const count = () => performance.getEntriesByName('chart-rendered', 'mark').length
  const select = document.querySelector(selector)
  if (!select) return { ok: false, reason: `no ${selector}` }
  const before = count()
  const t0 = performance.now()
  select.value = value
  select.dispatchEvent(new Event('input', { bubbles: true }))
  select.dispatchEvent(new Event('change', { bubbles: true }))
  let last = before
  let since = performance.now()
  while (performance.now() - t0 < timeout) {
    await new Promise((r) => setTimeout(r, 20))
    const n = count()
    if (n !== last) {
      last = n
      since = performance.now()
    }
    const busy = document.querySelector('[aria-busy="true"]')
    if (n > before && !busy && performance.now() - since >= quiet) break
  }
  const marks = performance.getEntriesByName('chart-rendered', 'mark').slice(before)
  const now = document.querySelector(selector)?.value
  if (marks.length === 0) return { ok: false, reason: `no chart re-rendered within ${timeout} ms after choosing ${value}` }
  if (now !== value) return { ok: false, reason: `the select shows ${now} after choosing ${value}` }
  return { ok: true, ms: marks[marks.length - 1].startTime - t0, marks: marks.length }
}

