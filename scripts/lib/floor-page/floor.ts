/**
 * The imports' floors in Chromium (`npm run bench`): DuckDB-wasm alone on a page, with the app's
 * engine and settings, reading the very file the import reads, picked on a file input as a user
 * picks it. No app, no check, no UI: what the browser itself needs to get the rows into DuckDB.
 *
 *   CSV: the File registered as the app registers it (BROWSER_FILEREADER), then the app's typed
 *   load (CREATE TABLE … AS read_csv, build-load-sql.ts).
 *   Parquet: parquet-wasm's stream of the File, batch by batch (src/ingest/parquet.ts), each batch
 *   inserted before the next is decoded (on the page's thread: no overlap, as in Node's floor).
 *
 * `window.floorRead(kind, runs)` → the time of each run in ms (the first run is a warm-up and is not
 * returned).
 */
import * as duckdb from '@duckdb/duckdb-wasm'
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url'
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url'
import { buildLoadTableSql, buildOpenDatabaseSql } from '../../../src/queries/build-load-sql'
import { openParquet } from '../../../src/ingest/parquet'

async function open(): Promise<{ db: duckdb.AsyncDuckDB; conn: duckdb.AsyncDuckDBConnection }> {
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(workerUrl))
  await db.instantiate(wasmUrl)
  await db.open({})
  const conn = await db.connect()
  for (const sql of ['SET autoload_known_extensions = false', 'SET autoinstall_known_extensions = false', ...buildOpenDatabaseSql()]) await conn.query(sql)
  return { db, conn }
}

const opened = open()

/**
 * `runs` reads of the picked file after a first one: the first (in a fresh page, DuckDB's first
 * million-row write, its wasm not yet tiered up, as an import meets it) and the later ones apart.
 */
async function floorRead(kind: 'csv' | 'parquet', runs: number): Promise<{ first: number; samples: number[] }> {
  const file = (document.getElementById('file') as HTMLInputElement).files?.[0]
  if (!file) throw new Error('no file picked')
  const { db, conn } = await opened
  const samples: number[] = []
  for (let i = 0; i <= runs; i++) {
    await conn.query('DROP TABLE IF EXISTS observations')
    const t = performance.now()
    if (kind === 'csv') {
      const name = `floor_${i}.csv`
      await db.registerFileHandle(name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true)
      await conn.query(buildLoadTableSql('observations', name))
      await db.dropFile(name)
    } else {
      const parquet = await openParquet(file)
      let create = true
      for await (const ipc of parquet.batches()) {
        await conn.insertArrowFromIPCStream(ipc, { name: 'observations', create })
        create = false
      }
    }
    samples.push(performance.now() - t)
  }
  const [first, ...rest] = samples
  return { first: first as number, samples: rest }
}

Object.assign(window, { floorRead })
