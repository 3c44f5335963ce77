// Writes src/charts/geo/tile-positions.ts: one approximate position (longitude, latitude of the
// area-weighted centroid) per region, keyed by GB/T 2260 code, from a GeoJSON FeatureCollection
// whose features carry `properties.code`. The tile map lays its equal tiles out from these points;
// no outline is bundled.
//
//   node scripts/tile-positions.mjs <boundaries.geojson> [out.ts]
//
// It was run once on the prefecture outlines the app used to bundle (git show
// 5d7d9d2:src/charts/geo/yn-gz-prefectures.json); positions rounded to 0.1° say no more than where
// a region lies roughly, which is all a tile layout needs.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const [input, output = join(here, '..', 'src', 'charts', 'geo', 'tile-positions.ts')] = process.argv.slice(2)
if (!input) {
  console.error('usage: node scripts/tile-positions.mjs <boundaries.geojson> [out.ts]')
  process.exit(2)
}
const geo = JSON.parse(readFileSync(resolve(input), 'utf8'))

/** Area and first moments of one ring (shoelace), in degrees. */
function ring(points) {
  let a = 0
  let cx = 0
  let cy = 0
  for (let i = 0; i < points.length - 1; i++) {
    const [x0, y0] = points[i]
    const [x1, y1] = points[i + 1]
    const f = x0 * y1 - x1 * y0
    a += f
    cx += (x0 + x1) * f
    cy += (y0 + y1) * f
  }
  return { a: a / 2, cx: cx / 6, cy: cy / 6 }
}

const out = []
for (const feature of geo.features) {
  const code = String(feature.properties?.code ?? '')
  if (!/^\d{6}$/.test(code)) continue
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates
  let area = 0
  let mx = 0
  let my = 0
  for (const polygon of polygons) {
    for (const r of polygon) {
      const { a, cx, cy } = ring(r)
      // holes wind the other way in GeoJSON: their signed area subtracts by itself
      area += a
      mx += cx
      my += cy
    }
  }
  out.push([code, Math.round((mx / area) * 10) / 10, Math.round((my / area) * 10) / 10])
}
out.sort((a, b) => a[0].localeCompare(b[0]))
const body = out.map(([code, lon, lat]) => `  '${code}': [${lon}, ${lat}],`).join('\n')
writeFileSync(
  output,
  `/**\n * Approximate positions (longitude, latitude in degrees, to 0.1°) of the regions the tile map knows,\n * keyed by GB/T 2260 code: written by scripts/tile-positions.mjs. Only where a tile goes is taken\n * from them; no boundary is bundled.\n */\nexport const TILE_POSITIONS: Readonly<Record<string, readonly [number, number]>> = {\n${body}\n}\n`,
)
console.log(`tile-positions: ${out.length} regions → ${output}`)
