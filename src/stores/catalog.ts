import { defineStore } from 'pinia'
import { ref } from 'vue'
import { query } from '../db/client'
import { buildCatalogSql, type CatalogMetricRow } from '../queries/build-catalog-sql'

/** The metric catalogue (labels, units, directions), loaded once per dataset. */
export const useCatalogStore = defineStore('catalog', () => {
  const metrics = ref(new Map<string, CatalogMetricRow>())
  let loadedVersion = -1

  async function load(dataVersion: number): Promise<void> {
    if (loadedVersion === dataVersion) return
    loadedVersion = dataVersion
    const rows = await query<CatalogMetricRow>(buildCatalogSql())
    metrics.value = new Map(rows.map((m) => [m.id, m]))
  }

  return { metrics, load }
})
