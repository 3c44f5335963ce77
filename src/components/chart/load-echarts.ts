import type { Component } from 'vue'

let loading: Promise<Component> | null = null

/**
 * ECharts and its Vue component (echarts-vue.ts), fetched once for every chart of the page. A
 * failed fetch is forgotten, so that the next chart asks again.
 */
export function loadECharts(): Promise<Component> {
  loading ??= import('./echarts-vue')
    .then((m) => m.default as Component)
    .catch((error: unknown) => {
      loading = null
      throw error
    })
  return loading
}
