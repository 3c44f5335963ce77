import { defineStore } from 'pinia'
import { ref } from 'vue'
import { connector } from '../db/engine'
import type { ConsoleResult } from '../db/connector'
import { checkConsoleSql, isBlockedAccess, wrapConsoleSql, type ConsoleCheck } from '../queries/console-sql'

export const CONSOLE_LIMIT = 5000
/** 'blocked': DuckDB refused to open a URL or file (it is locked down; nothing was requested). */
type ConsoleState = 'idle' | 'running' | 'ready' | 'refused' | 'blocked' | 'error' | 'cancelled'

/** The SQL console: checks, runs on its own connection, can be cancelled; errors stay inline. */
export const useConsoleStore = defineStore('console', () => {
  const text = ref('SELECT r.name_zh, o.year, o.value\nFROM observations AS o JOIN regions AS r ON r.code = o.region_code\nWHERE o.metric = \'online.items_total\'\nORDER BY o.value DESC')
  const state = ref<ConsoleState>('idle')
  const refusal = ref<Extract<ConsoleCheck, { ok: false }> | null>(null)
  const error = ref('')
  const result = ref<ConsoleResult | null>(null)
  let runId = 0

  async function run() {
    const check = checkConsoleSql(text.value)
    if (!check.ok) {
      refusal.value = check
      state.value = 'refused'
      return
    }
    const mine = ++runId
    refusal.value = null
    state.value = 'running'
    try {
      const r = await (await connector()).console(wrapConsoleSql(check.sql, CONSOLE_LIMIT))
      if (mine !== runId) return
      result.value = r
      state.value = 'ready'
    } catch (e) {
      if (mine !== runId) return
      error.value = e instanceof Error ? e.message : String(e)
      state.value = isBlockedAccess(error.value) ? 'blocked' : 'error'
    }
  }

  async function cancel() {
    runId++
    state.value = 'cancelled'
    await (await connector()).cancelConsole()
  }

  return { text, state, refusal, error, result, run, cancel }
})
