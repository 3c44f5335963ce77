/**
 * One chart compares one level: rows split by their region's level (prefecture, county, zone), in
 * that order. A chart of rows from several levels becomes one chart per level. Pure.
 */
const ORDER = ['province', 'prefecture', 'county', 'zone']

export function byLevel<T extends { level: string }>(rows: readonly T[]): { level: string; rows: T[] }[] {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const list = groups.get(row.level)
    if (list) list.push(row)
    else groups.set(row.level, [row])
  }
  const rank = (l: string) => (ORDER.includes(l) ? ORDER.indexOf(l) : ORDER.length)
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0])).map(([level, rows]) => ({ level, rows }))
}
