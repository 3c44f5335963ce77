/**
 * Parquet from an Arrow IPC stream, written in the browser by parquet-wasm (loaded only when the
 * user asks for Parquet; its wasm is served by this origin).
 */
export async function ipcToParquet(ipc: Uint8Array): Promise<Uint8Array> {
  const [{ default: init, Table, writeParquet }, { default: wasmUrl }] = await Promise.all([
    import('parquet-wasm/esm'),
    import('parquet-wasm/esm/parquet_wasm_bg.wasm?url'),
  ])
  await init({ module_or_path: wasmUrl })
  return writeParquet(Table.fromIPCStream(ipc))
}
