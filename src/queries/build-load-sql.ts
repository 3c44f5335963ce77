import { quoteIdent, quoteLiteral } from './sql'

/** Column types of the contract's tables, in file order. */
export const CONTRACT_COLUMNS = {
  regions: { code: 'VARCHAR', name_zh: 'VARCHAR', name_en: 'VARCHAR', level: 'VARCHAR', parent_code: 'VARCHAR' },
  metrics: {
    id: 'VARCHAR', family: 'VARCHAR', name_zh: 'VARCHAR', name_en: 'VARCHAR', unit: 'VARCHAR',
    direction: 'VARCHAR', definition_zh: 'VARCHAR', definition_en: 'VARCHAR',
  },
  sources: {
    id: 'VARCHAR', region_code: 'VARCHAR', year: 'INTEGER', publisher_zh: 'VARCHAR', title_zh: 'VARCHAR',
    period_start: 'DATE', period_end: 'DATE', reference: 'VARCHAR', format: 'VARCHAR', scope: 'VARCHAR',
  },
  observations: {
    region_code: 'VARCHAR', year: 'INTEGER', metric: 'VARCHAR', value: 'DOUBLE', qualifier: 'VARCHAR',
    source_id: 'VARCHAR', note: 'VARCHAR',
  },
} as const

export type ContractTable = keyof typeof CONTRACT_COLUMNS
export const CONTRACT_TABLES = Object.keys(CONTRACT_COLUMNS) as ContractTable[]

/**
 * CREATE TABLE … AS read_csv with every column typed, so that a stray value fails loudly at load
 * instead of turning a column into text. Codes stay text (520100-etdz is a valid code).
 */
export function buildLoadTableSql(table: ContractTable, fileName: string, schema = 'main'): string {
  const columns = csvColumnsSpec(table)
  return (
    `CREATE OR REPLACE TABLE ${qualified(schema, table)} AS SELECT * FROM read_csv(${quoteLiteral(fileName)}, ` +
    `header = true, delim = ',', quote = '"', escape = '"', columns = {${columns}})`
  )
}

/** read_csv's `columns` for a contract table: every column typed, in file order. */
export function csvColumnsSpec(table: ContractTable): string {
  return Object.entries(CONTRACT_COLUMNS[table])
    .map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`)
    .join(', ')
}

function qualified(schema: string, table: string): string {
  return schema === 'main' ? quoteIdent(table) : `${quoteIdent(schema)}.${quoteIdent(table)}`
}

/**
 * Datasets live side by side in their own schemas (`real`, `demo`); the unqualified table names that
 * every query uses are views onto the active one, so switching is four cheap statements and a query
 * already running keeps its snapshot.
 */
export function buildActivateDatasetSql(schema: string): string[] {
  return CONTRACT_TABLES.map((table) =>
    table === 'regions'
      ? `CREATE OR REPLACE VIEW ${quoteIdent(table)} AS SELECT * FROM ${qualified(schema, table)}`
      : // the user's imported datasets take part in every view, beside the active dataset
        `CREATE OR REPLACE VIEW ${quoteIdent(table)} AS SELECT * FROM ${qualified(schema, table)} UNION ALL SELECT * FROM ${qualified(USER_SCHEMA, table)}`,
  )
}

/**
 * Everything lives in one in-memory database with DuckDB's compression (≥ 1.3): a million imported
 * rows take about 8 MiB there instead of about 104 in the default one, and scans get faster.
 * Compression happens at a checkpoint; the automatic one is held off (the threshold is set out of
 * reach) so that it never lands inside an import the user is waiting on; the app checkpoints
 * (COMPACT_SQL) once a bulk change is on screen.
 */
export const APP_DATABASE = 'app'

export function buildOpenDatabaseSql(): string[] {
  return [`ATTACH ':memory:' AS ${quoteIdent(APP_DATABASE)} (COMPRESS)`, `USE ${quoteIdent(APP_DATABASE)}`, `SET checkpoint_threshold = '1TB'`]
}

export const COMPACT_SQL = `CHECKPOINT ${quoteIdent(APP_DATABASE)}`

/** Where imported datasets live: same columns as the contract tables, one source row per import. */
export const USER_SCHEMA = 'user_data'

export function buildUserSchemaSql(): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(USER_SCHEMA)}`,
    ...(['metrics', 'sources', 'observations'] as const).map(
      (table) => `CREATE TABLE IF NOT EXISTS ${qualified(USER_SCHEMA, table)} AS SELECT * FROM ${qualified('real', table)} LIMIT 0`,
    ),
  ]
}
