/**
 * The SQL console runs read-only queries only: one SELECT or WITH statement. The check walks the
 * text outside strings, quoted identifiers and comments; the query then runs wrapped as a subquery,
 * so that anything that is not a single query fails to parse even if it slipped past the check.
 */

const WRITE_WORDS = new Set([
  'insert', 'update', 'delete', 'create', 'drop', 'alter', 'copy', 'attach', 'detach', 'pragma', 'set',
  'reset', 'install', 'load', 'call', 'export', 'import', 'checkpoint', 'vacuum', 'begin', 'commit',
  'rollback', 'truncate', 'use', 'grant', 'merge', 'upsert', 'replace',
])

export type ConsoleCheck = { ok: true; sql: string } | { ok: false; reason: 'empty' | 'multiple' | 'not_select' | 'write'; word?: string }

/** The words of the text outside literals and comments, and whether a `;` separates statements. */
function scan(text: string): { words: string[]; statements: number } {
  const words: string[] = []
  let statements = 1
  let i = 0
  let word = ''
  const flush = () => {
    if (word) words.push(word.toLowerCase())
    word = ''
  }
  while (i < text.length) {
    const c = text[i] as string
    const next = text[i + 1]
    if (c === "'" || c === '"') {
      flush()
      const close = c
      i++
      while (i < text.length) {
        if (text[i] === close && text[i + 1] === close) i += 2
        else if (text[i] === close) break
        else i++
      }
      i++
      continue
    }
    if (c === '-' && next === '-') {
      flush()
      while (i < text.length && text[i] !== '\n') i++
      continue
    }
    if (c === '/' && next === '*') {
      flush()
      const end = text.indexOf('*/', i + 2)
      i = end === -1 ? text.length : end + 2
      continue
    }
    if (c === ';') {
      flush()
      if (text.slice(i + 1).replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() !== '') statements++
      i++
      continue
    }
    if (/[\p{L}\p{N}_]/u.test(c)) word += c
    else flush()
    i++
  }
  flush()
  return { words, statements }
}

export function checkConsoleSql(text: string): ConsoleCheck {
  const { words, statements } = scan(text)
  if (words.length === 0) return { ok: false, reason: 'empty' }
  if (statements > 1) return { ok: false, reason: 'multiple' }
  if (words[0] !== 'select' && words[0] !== 'with' && words[0] !== 'from') return { ok: false, reason: 'not_select', word: words[0] }
  const write = words.find((w) => WRITE_WORDS.has(w))
  if (write) return { ok: false, reason: 'write', word: write }
  const sql = text.trim().replace(/;\s*$/, '')
  return { ok: true, sql }
}

/** The statement actually run: the user's query as a subquery, capped. */
export function wrapConsoleSql(sql: string, limit: number): string {
  return `SELECT * FROM (\n${sql}\n) AS console_query LIMIT ${Math.max(1, Math.floor(limit))}`
}

/**
 * DuckDB's refusal to open a URL or a file the app did not hand it (db/README.md, "Nothing leaves the
 * page"): "Permission Error: Cannot access file … disabled by configuration". The console says so in
 * the reader's language instead of passing DuckDB's English on.
 */
export function isBlockedAccess(message: string): boolean {
  return /\bPermission Error\b/.test(message) && /disabled by configuration/.test(message)
}
