/**
 * A tile map's layout: one equal tile per region on a grid, placed where the region roughly lies.
 * Regions with a known position (TILE_POSITIONS, or a deployment's own) are matched to the grid's
 * cells nearest to them, closest pairs first; regions with none (counties: no positions are
 * bundled) follow in an ordered grid by code, below the placed ones. Pure: same codes, same layout.
 */
import { TILE_POSITIONS } from './tile-positions'

export interface Tile {
  code: string
  /** Column, 0 at the west. */
  col: number
  /** Row, 0 at the north. */
  row: number
}

export interface TileLayout {
  tiles: Tile[]
  cols: number
  rows: number
  /** How the tiles were placed: by position, by code, or both (some with a position, the rest by code). */
  placement: 'geographic' | 'ordered' | 'mixed'
}

type Positions = Readonly<Record<string, readonly [number, number]>>

function orderedGrid(codes: readonly string[], cols: number, firstRow: number): Tile[] {
  return codes.map((code, i) => ({ code, col: i % cols, row: firstRow + Math.floor(i / cols) }))
}

/** The last layout made, by its regions: another indicator over the same regions (and the map's height, asked apart) lays out nothing again. */
let last: { key: string; positions: Positions; layout: TileLayout } | null = null

export function tileLayout(codes: readonly string[], positions: Positions = TILE_POSITIONS): TileLayout {
  const unique = [...new Set(codes)].sort()
  const key = unique.join(',')
  if (last?.key === key && last.positions === positions) return last.layout
  const layout = layOut(unique, positions)
  last = { key, positions, layout }
  return layout
}

function layOut(unique: readonly string[], positions: Positions): TileLayout {
  const known = unique.filter((c) => positions[c])
  const unknown = unique.filter((c) => !positions[c])
  if (known.length < 3) {
    const cols = Math.max(1, Math.min(unique.length, Math.ceil(Math.sqrt(unique.length * 1.6))))
    const tiles = orderedGrid(unique, cols, 0)
    return { tiles, cols, rows: Math.ceil(unique.length / cols) || 0, placement: 'ordered' }
  }
  const pts = known.map((c) => positions[c] as readonly [number, number])
  const lons = pts.map((p) => p[0])
  const lats = pts.map((p) => p[1])
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)]
  // a degree of longitude is shorter than one of latitude away from the equator
  const squash = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180)
  const width = Math.max(0.1, (maxLon - minLon) * squash)
  const height = Math.max(0.1, maxLat - minLat)
  // a grid with some room to spare (1.6 cells per region), shaped like the area
  const cells = known.length * 1.6
  const cols = Math.max(2, Math.round(Math.sqrt((cells * width) / height)))
  const rows = Math.max(2, Math.round(cells / cols))
  const at = (p: readonly [number, number]) => ({
    x: (((p[0] - minLon) * squash) / width) * (cols - 1),
    y: ((maxLat - p[1]) / height) * (rows - 1),
  })
  const pairs: { i: number; col: number; row: number; d: number }[] = []
  pts.forEach((p, i) => {
    const { x, y } = at(p)
    for (let row = 0; row < rows; row++) for (let col = 0; col < cols; col++) pairs.push({ i, col, row, d: (col - x) ** 2 + (row - y) ** 2 })
  })
  pairs.sort((a, b) => a.d - b.d || a.i - b.i || a.row - b.row || a.col - b.col)
  const placed = new Map<number, Tile>()
  const taken = new Set<string>()
  for (const { i, col, row } of pairs) {
    if (placed.has(i) || taken.has(`${col},${row}`)) continue
    placed.set(i, { code: known[i] as string, col, row })
    taken.add(`${col},${row}`)
    if (placed.size === known.length) break
  }
  // then single moves and swaps while they bring tiles nearer their positions (greedy leaves some far)
  const xy = pts.map(at)
  const cost = (i: number, col: number, row: number) => ((xy[i] as { x: number }).x - col) ** 2 + ((xy[i] as { y: number }).y - row) ** 2
  const cellOf = new Map<string, number>([...placed.entries()].map(([i, t]) => [`${t.col},${t.row}`, i]))
  for (let pass = 0, better = true; better && pass < 50; pass++) {
    better = false
    for (const [i, tile] of placed) {
      for (let row = 0; row < rows; row++) {
        for (let col = 0; col < cols; col++) {
          const other = cellOf.get(`${col},${row}`)
          if (other === i) continue
          const now = cost(i, tile.col, tile.row) + (other === undefined ? 0 : cost(other, col, row))
          const then = cost(i, col, row) + (other === undefined ? 0 : cost(other, tile.col, tile.row))
          if (then < now - 1e-9) {
            cellOf.delete(`${tile.col},${tile.row}`)
            if (other !== undefined) {
              const o = placed.get(other) as Tile
              placed.set(other, { ...o, col: tile.col, row: tile.row })
              cellOf.set(`${tile.col},${tile.row}`, other)
            }
            tile.col = col
            tile.row = row
            cellOf.set(`${col},${row}`, i)
            better = true
          }
        }
      }
    }
  }
  // empty rows and columns at the edges go
  let tiles = [...placed.values()]
  const minCol = Math.min(...tiles.map((t) => t.col))
  const minRow = Math.min(...tiles.map((t) => t.row))
  tiles = tiles.map((t) => ({ ...t, col: t.col - minCol, row: t.row - minRow }))
  const usedCols = Math.max(...tiles.map((t) => t.col)) + 1
  let usedRows = Math.max(...tiles.map((t) => t.row)) + 1
  if (unknown.length) {
    // one empty row apart, in code order
    tiles = [...tiles, ...orderedGrid(unknown, usedCols, usedRows + 1)]
    usedRows += 1 + Math.ceil(unknown.length / usedCols)
  }
  tiles.sort((a, b) => a.code.localeCompare(b.code))
  return { tiles, cols: usedCols, rows: usedRows, placement: unknown.length ? 'mixed' : 'geographic' }
}

const SUFFIXES = ['自治州', '自治县', '地区', '特区', '新区', '市', '州', '县', '区', '盟']
const ETHNIC = /(?:(?:彝|白|傣|哈尼|壮|苗|景颇|傈僳|藏|布依|侗|回|土家|瑶|蒙古|羌|纳西|拉祜|佤|水|仡佬|黎|畲|满|朝鲜|哈萨克|维吾尔|柯尔克孜|达斡尔|鄂温克|独龙|怒|普米|阿昌|基诺|德昂|布朗|毛南|仫佬|各)族)+自治[州县旗]$/

/** A tile's label: the name without its administrative suffix (曲靖市 → 曲靖, 楚雄彝族自治州 → 楚雄), or the English name's first word. */
export function tileName(zh: string, en: string, locale: 'zh-CN' | 'en'): string {
  if (locale === 'en') {
    if (/autonomous|national|economic|development|new area/i.test(en)) return en.split(/\s+/)[0] as string
    return en.replace(/\s+(City|County|District|Prefecture)$/i, '')
  }
  let name = zh
  const bare = name.replace(ETHNIC, '')
  if (bare !== name && bare.length >= 2) return bare
  for (const s of SUFFIXES) {
    if (name.length > s.length + 1 && name.endsWith(s)) {
      name = name.slice(0, -s.length)
      break
    }
  }
  return name.length > 5 ? name.slice(0, 4) : name
}
