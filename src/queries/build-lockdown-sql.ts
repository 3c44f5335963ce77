/**
 * Nothing leaves the page: once DuckDB has started, it may open only the files the app hands it
 * (registered under LOCAL_DIR), never a URL or any other path, and the setting cannot be undone
 * (not even from the SQL console). Extension autoloading is off already; this closes read_csv('http…'),
 * ATTACH 'https://…' and the like. Names checked on duckdb-wasm 1.32 (DuckDB 1.3+).
 */
import { quoteLiteral } from './sql'

/** The only directory DuckDB may open files in: the app's registered files (db/client.ts registerFile). */
export const LOCAL_DIR = '/local/'

export const LOCK_DOWN_SQL: readonly string[] = [
  `SET allowed_directories = [${quoteLiteral(LOCAL_DIR)}]`,
  'SET enable_external_access = false',
  'SET lock_configuration = true',
]
