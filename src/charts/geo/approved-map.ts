/**
 * A deployment's own approved map (one with a 审图号), if it has one: a GeoJSON FeatureCollection
 * whose features carry the GB/T 2260 code in `properties.code`, served by the page's own origin.
 * Set at build time: `VITE_APPROVED_MAP=maps/approved.geojson npm run build`, the file in `public/maps/`
 * (README, "Maps"). Unset, the app draws tiles only and fetches nothing.
 */
export function approvedMapUrl(): string | null {
  const path = (import.meta.env.VITE_APPROVED_MAP as string | undefined)?.trim()
  if (!path) return null
  // same origin only: a path under the page's base, never an address elsewhere
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(path)) return null
  return `${import.meta.env.BASE_URL}${path.replace(/^\/+/, '')}`
}
