import { defineStore } from 'pinia'
import { ref } from 'vue'
import { query } from '../db/client'
import { buildSourcesSql, type SourceRow } from '../queries/build-sources-sql'
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
      rows.value = await query<SourceRow>(buildSourcesSql())
      state.value = 'ready'
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  return { rows, state, error, load }
})
