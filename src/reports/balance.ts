/**
 * The balance rules of tables 三 and 四 (data-contract v2), checked on the figures as read. A rule that
 * does not hold flags every cell in it; no value is changed. Then the group totals the tables leave
 * implicit (不予公开 over its reasons when it has no cells of its own; the core litigation ids over
 * both 行政诉讼 groups) are added as `derived` figures.
 */
import type { Figure, ReportFlag } from './types'
import { TABLE3_ROWS } from './tables'

const D = 'disclosure.'
const COLS = ['.natural_person', '.commercial', '.research', '.public_interest', '.legal_service', '.other_org', '']
const GROUPS = ['req_denied', 'req_unavailable', 'req_not_processed', 'req_other'].map((g) => D + g)
const RESULT_ROWS = ['req_granted', 'req_partial', 'req_denied', 'req_unavailable', 'req_not_processed', 'req_other'].map((g) => D + g)

function reasonsOf(group: string): string[] {
  return TABLE3_ROWS.filter((r) => r.parent === group).map((r) => r.id)
}

export function checkBalance(figures: Figure[]): { figures: Figure[]; flags: ReportFlag[] } {
  const byMetric = new Map<string, Figure>()
  for (const f of figures) if (f.cell && !byMetric.has(f.metric)) byMetric.set(f.metric, f)
  const flags: ReportFlag[] = []
  const derived: Figure[] = []

  const rule = (name: string, left: string[], right: string[], value: (id: string) => number | undefined): void => {
    const all = [...left, ...right]
    const present = all.filter((id) => value(id) !== undefined)
    // a rule is checked only when a side's total is there and at least one other cell
    if (present.length < 2 || !left.some((id) => value(id) !== undefined) || !right.some((id) => value(id) !== undefined)) return
    const sum = (ids: string[]): number => ids.reduce((s, id) => s + (value(id) ?? 0), 0)
    const l = sum(left)
    const r = sum(right)
    if (Math.abs(l - r) < 1e-9) return
    const cells = present.filter((id) => byMetric.has(id))
    flags.push({ kind: 'balance', rule: name, metrics: present, detail: `${left.join(' + ')} = ${fmt(l)}; ${right.join(' + ')} = ${fmt(r)}` })
    for (const id of cells) {
      const f = byMetric.get(id)!
      if (!f.flags.includes('balance')) f.flags.push('balance')
    }
  }

  const cell = (id: string): number | undefined => byMetric.get(id)?.value
  // a group's value: its own cell, else the sum of its reasons where any is given
  const groupValue = (id: string): number | undefined => {
    const own = cell(id)
    if (own !== undefined) return own
    const base = GROUPS.find((g) => id === g || id.startsWith(g + '.') && COLS.includes(id.slice(g.length)))
    if (!base) return undefined
    const col = id.slice(base.length)
    const parts = reasonsOf(base).map((r) => cell(r + col)).filter((v): v is number => v !== undefined)
    return parts.length ? parts.reduce((a, b) => a + b, 0) : undefined
  }

  const has3 = figures.some((f) => f.cell?.table === '三')
  if (has3) {
    for (const col of COLS) {
      const colName = col || '总计'
      rule(`三: 一 + 二 = (七) + 四 [${colName}]`, [D + 'requests_new' + col, D + 'requests_carried_in' + col], [D + 'req_total' + col, D + 'requests_carried_out' + col], cell)
      rule(`三: (七) = (一) + … + (六) [${colName}]`, [D + 'req_total' + col], RESULT_ROWS.map((r) => r + col), groupValue)
      for (const g of GROUPS) {
        if (cell(g + col) === undefined) continue
        const reasons = reasonsOf(g).map((r) => r + col)
        if (reasons.some((r) => cell(r) !== undefined)) rule(`三: ${g} = its reasons [${colName}]`, [g + col], reasons, cell)
      }
    }
    const rowIds = new Set<string>()
    for (const f of figures) if (f.cell?.table === '三') rowIds.add(COLS.slice(0, -1).reduce((m, c) => (m.endsWith(c) ? m.slice(0, -c.length) : m), f.metric))
    for (const row of rowIds) rule(`三: 总计 = 各类申请人 [${row}]`, [row], COLS.slice(0, -1).map((c) => row + c), cell)

    // the groups that have no cells of their own in the template: their sums, marked derived
    for (const g of GROUPS) {
      for (const col of COLS) {
        if (cell(g + col) !== undefined) continue
        const parts = reasonsOf(g).map((r) => byMetric.get(r + col)).filter((f): f is Figure => f !== undefined)
        if (!parts.length) continue
        derived.push(sumFigure(g + col, parts))
      }
    }
  }

  const has4 = figures.some((f) => f.cell?.table === '四')
  if (has4) {
    for (const g of ['review', 'litigation_direct', 'litigation_after_review']) {
      const p = D + g
      rule(`四: ${g}_total = 维持 + 纠正 + 其他 + 尚未审结`, [p + '_total'], ['_maintained', '_corrected', '_other', '_pending'].map((c) => p + c), cell)
    }
    for (const [core, suffix] of [['litigation_total', '_total'], ['litigation_corrected', '_corrected']] as const) {
      const parts = ['litigation_direct', 'litigation_after_review'].map((g) => byMetric.get(D + g + suffix)).filter((f): f is Figure => f !== undefined)
      if (parts.length === 2) derived.push(sumFigure(D + core, parts))
    }
  }
  return { figures: [...figures, ...derived], flags }
}

function sumFigure(metric: string, parts: Figure[]): Figure {
  const first = parts.reduce((a, b) => (a.start <= b.start ? a : b))
  const last = parts.reduce((a, b) => (a.end >= b.end ? a : b))
  return {
    metric,
    value: parts.reduce((s, f) => s + f.value, 0),
    unit: first.unit,
    qualifier: 'exact',
    excerpt: parts.map((f) => f.excerpt).filter((e, i, a) => a.indexOf(e) === i).join(' … ').slice(0, 600),
    start: first.start,
    end: last.end,
    flags: ['derived', ...(parts.some((f) => f.flags.includes('balance')) ? (['balance'] as const) : [])],
  }
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2)
}
