import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ready } from '../db/client'
import type { LoadState } from '../types/query'

/** Whether DuckDB and the embedded data are up; the shell shows this while views wait. */
export const useDbStore = defineStore('db', () => {
  const state = ref<LoadState>('idle')
  const error = ref('')

  async function start(): Promise<void> {
    if (state.value === 'loading' || state.value === 'ready') return
    state.value = 'loading'
    try {
      await ready()
      state.value = 'ready'
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      state.value = 'error'
    }
  }

  return { state, error, start }
})
