import { defineStore } from 'pinia'
import { ref } from 'vue'
import { runRows } from '../db/engine'
import type { SourceRow } from '../queries/build-sources-sql'
import type { LoadState } from '../types/query'

export const useSourcesStore = defineStore('sources', () => {
  const rows = ref<SourceRow[]>([])
  const state = ref<LoadState>('idle')
  const error = ref('')

  let loadedVersion = -1

  async function load(dataVersion: number): Promise<void> {
    if (loadedVersion === dataVersion && state.value !== 'error') return
    loadedVersion = dataVersion
    state.value = 'loading'
    try {
      rows.value = await runRows<SourceRow>('sources', {})
      state.value = 'ready'
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  return { rows, state, error, load }
})
