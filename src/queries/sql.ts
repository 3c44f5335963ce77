/** Small helpers shared by the SQL builders. Identifiers are quoted, values are bound. */

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A string literal, for the few places DuckDB takes no parameter (file names in DDL). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

/** `?, ?, ?` for an IN list of n bound values (n ≥ 1). */
export function placeholders(n: number): string {
  if (n < 1) throw new Error('placeholders: an IN list needs at least one value')
  return Array.from({ length: n }, () => '?').join(', ')
}

/** Statements without parameters as one script, which DuckDB runs in order in one round trip. */
export function script(statements: readonly string[]): string {
  return statements.join(';\n')
}
