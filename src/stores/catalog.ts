import { defineStore } from 'pinia'
import { ref } from 'vue'
import { ask } from '../db/engine'
import type { CatalogMetricRow, CatalogRegionRow } from '../queries/build-catalog-sql'
import { fetchCatalog } from './overview-load'

/** The metric catalogue (labels, units, directions) and the regions, loaded once per dataset. */
export const useCatalogStore = defineStore('catalog', () => {
  const metrics = ref(new Map<string, CatalogMetricRow>())
  const regions = ref<CatalogRegionRow[]>([])
  let loadedVersion = -1

  async function load(dataVersion: number): Promise<void> {
    if (loadedVersion === dataVersion) return
    loadedVersion = dataVersion
    const catalog = await fetchCatalog(ask)
    metrics.value = new Map(catalog.metrics.map((m) => [m.id, m]))
    regions.value = catalog.regions
  }

  return { metrics, regions, load }
})
