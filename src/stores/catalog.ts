import { defineStore } from 'pinia'
import { ref } from 'vue'
import { query } from '../db/client'
import { buildCatalogSql, buildRegionsSql, type CatalogMetricRow, type CatalogRegionRow } from '../queries/build-catalog-sql'

/** The metric catalogue (labels, units, directions) and the regions, loaded once per dataset. */
export const useCatalogStore = defineStore('catalog', () => {
  const metrics = ref(new Map<string, CatalogMetricRow>())
  const regions = ref<CatalogRegionRow[]>([])
  let loadedVersion = -1

  async function load(dataVersion: number): Promise<void> {
    if (loadedVersion === dataVersion) return
    loadedVersion = dataVersion
    const [rows, regionRows] = await Promise.all([query<CatalogMetricRow>(buildCatalogSql()), query<CatalogRegionRow>(buildRegionsSql())])
    metrics.value = new Map(rows.map((m) => [m.id, m]))
    regions.value = regionRows
  }

  return { metrics, regions, load }
})
