/**
 * DuckDB native (`@duckdb/node-api`) gives values, not Arrow: the server writes its answers as an
 * Arrow IPC stream with apache-arrow, typed as DuckDB-wasm types them in the page (INTEGER → Int32,
 * BIGINT → Int64, DOUBLE → Float64, VARCHAR → Utf8, BOOLEAN → Bool), so both engines' rows read alike.
 * Anything else (dates, decimals, lists) is written as text; the builders cast dates to text anyway.
 */
import { Bool, Field, Float32, Float64, Int16, Int32, Int64, Int8, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray, type DataType } from 'apache-arrow'
import { DuckDBTypeId, type DuckDBResultReader, type DuckDBValue } from '@duckdb/node-api'

function arrowType(typeId: DuckDBTypeId): { type: DataType; value: (v: DuckDBValue) => unknown } {
  switch (typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { type: new Bool(), value: (v) => v }
    case DuckDBTypeId.TINYINT:
      return { type: new Int8(), value: (v) => v }
    case DuckDBTypeId.SMALLINT:
      return { type: new Int16(), value: (v) => v }
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return { type: new Int32(), value: (v) => v }
    case DuckDBTypeId.BIGINT:
      return { type: new Int64(), value: (v) => (v === null ? null : BigInt(v as bigint)) }
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.DOUBLE:
      return { type: new Float64(), value: (v) => (v === null ? null : Number(typeof v === 'object' ? String(v) : v)) }
    case DuckDBTypeId.FLOAT:
      return { type: new Float32(), value: (v) => v }
    case DuckDBTypeId.VARCHAR:
      return { type: new Utf8(), value: (v) => v }
    default:
      return { type: new Utf8(), value: (v) => (v === null ? null : String(v)) }
  }
}

/** A materialised result as an Arrow table. */
export function readerToTable(reader: DuckDBResultReader): Table {
  const names = reader.columnNames()
  const types = reader.columnTypes()
  const columns = reader.getColumns()
  const length = reader.currentRowCount
  const fields: Field[] = []
  const children = names.map((name, i) => {
    const { type, value } = arrowType(types[i]?.typeId ?? DuckDBTypeId.VARCHAR)
    fields.push(new Field(name, type, true))
    const values = (columns[i] ?? []).map(value)
    return vectorFromArray(values as never[], type).data[0] ?? makeData({ type, length: 0 })
  })
  const schema = new Schema(fields)
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }))
  return new Table(schema, [batch])
}

export function readerToIpc(reader: DuckDBResultReader): Uint8Array {
  return tableToIPC(readerToTable(reader), 'stream')
}
