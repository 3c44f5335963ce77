/**
 * An import applied in one transaction (its source, new metrics and rows), written out for
 * IndexedDB, or taken out again. Asks db/client.ts for everything; its SQL is built in queries/.
 */
import { dropFile, fileBytes, ready, registerFile, run, transaction } from '../db/client'
import { buildImportedRowsCopySql, buildImportStatements, buildRemoveImportStatements, metricsToCsv, type ImportBatch } from '../queries/build-import-sql'
import type { SqlQuery } from '../types/query'

/**
 * One imported dataset (its source row, new metrics and observations) in a single transaction:
 * it is all there afterwards, or, on any error, nothing is. `insert`: the staged check's rows, in
 * place of the batch's CSV.
 */
export async function applyImport(batch: ImportBatch, insert?: SqlQuery): Promise<void> {
  const rowsFile = insert ? '' : await registerFile('import.csv', batch.observationsCsv)
  const metricsFile = await registerFile('import_metrics.csv', metricsToCsv(batch.newMetrics))
  try {
    const statements = buildImportStatements(batch, rowsFile, metricsFile)
    await transaction(insert ? [...statements.slice(0, -1), insert] : statements)
  } finally {
    if (rowsFile) await dropFile(rowsFile)
    await dropFile(metricsFile)
  }
}

/** Removes an imported dataset and the metrics only it used. */
export async function removeImport(sourceId: string): Promise<void> {
  await transaction(buildRemoveImportStatements(sourceId))
}

/** An import's rows as contract CSV bytes (what IndexedDB keeps, and reads back on reload). */
export async function importedRowsCsv(sourceId: string): Promise<Uint8Array> {
  await ready()
  const fileName = await registerFile('export.csv')
  try {
    await run(buildImportedRowsCopySql(sourceId, fileName))
    return await fileBytes(fileName)
  } finally {
    await dropFile(fileName)
  }
}
