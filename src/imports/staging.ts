/**
 * A tidy file staged whole in DuckDB for the staged check: a delimited file read by read_csv (every
 * column text), or a Parquet file's Arrow batches inserted as they are. Asks db/client.ts for everything; its
 * SQL is built in queries/.
 */
import { dropFile, insertArrow, registerFile, registerPickedFile, run } from '../db/client'
import { buildDropStagingSql, buildStageCsvSql, buildStageFromArrowSql, buildStagedRowCountSql, buildStagingTypesSql, STAGING_ARROW } from '../queries/build-staged-import-sql'
import { script } from '../queries/sql'
import type { StagingEngine } from '../types/query'

/** The staged check's engine: one-off statements (not cached among the dashboard's) and files. */
export const stagingEngine: StagingEngine = {
  exec: async (statement) => {
    await run(statement)
  },
  query: (statement) => run(statement),
  registerText: (name, text) => registerFile(name, text),
  dropFile: (name) => dropFile(name),
}

async function stagedRows(): Promise<number> {
  const [row] = await run<{ n: number }>(buildStagedRowCountSql())
  return row?.n ?? 0
}

/**
 * A delimited file → the staging table, every column text (DuckDB reads the picked file itself);
 * only the columns in `keep`, if given.
 * Throws what DuckDB says when the file is not one row per record (the careful reader takes it then).
 */
export async function stageCsv(file: File, delimiter: string, width: number, keep?: readonly number[]): Promise<number> {
  const fileName = await registerPickedFile('staging.csv', file)
  try {
    await run(script(buildStageCsvSql(fileName, width, delimiter, keep)))
    return await stagedRows()
  } finally {
    await dropFile(fileName)
  }
}

const NUMBER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/

/**
 * A Parquet file's rows, a batch of Arrow IPC at a time in file order → the staging view (over the
 * table they went into, no copy); says which columns are numbers. Each batch is inserted as it
 * comes, so DuckDB works while the next one is decoded.
 */
export async function stageArrow(batches: AsyncIterable<Uint8Array>, names: readonly string[]): Promise<number[]> {
  await dropStaging()
  let first = true
  for await (const ipc of batches) {
    await insertArrow(STAGING_ARROW, ipc, first)
    first = false
  }
  if (first) throw new Error('the file has no data rows')
  await run(buildStageFromArrowSql(names))
  const types = (await run<{ column_name: string; column_type: string }>(buildStagingTypesSql())).filter((t) => t.column_name !== 'rowid')
  return types.flatMap((t, i) => (NUMBER_TYPE.test(t.column_type) ? [i] : []))
}

/** Drops the staging table and everything the staged check made. */
export async function dropStaging(): Promise<void> {
  // one round trip to DuckDB's worker for all of them
  await run(script(buildDropStagingSql()))
}
