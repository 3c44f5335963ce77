/**
 * A chart's data as PowerPoint and WPS draw it natively (bar, line, pie; bars and lines together
 * on two axes), read from the ECharts option the page drew: categories from the category axis,
 * one series per ECharts series, values in the chart's own unit, colours as shown. A chart that is
 * not one of those (a map, tiles, small multiples on several grids) gives null and goes on the
 * slide as a picture. Pure.
 */
export interface NativeSeries {
  name: string
  type: 'bar' | 'line'
  values: (number | null)[]
  /** Drawn against the second value axis (a rate beside counts). */
  secondAxis: boolean
  /** One colour for the series, or one per bar (a ranking coloured by tier). */
  colours: string[]
}

export interface NativeChart {
  kind: 'bar' | 'line' | 'pie' | 'combo'
  /** Bars along the category axis drawn horizontally (a ranking). */
  horizontal: boolean
  /** The first category on top (a ranking's leader), as the page shows it. */
  firstOnTop: boolean
  stacked: boolean
  categories: string[]
  series: NativeSeries[]
  valueAxisTitle: string
}

type Obj = Record<string, unknown>
const list = (value: unknown): Obj[] => (Array.isArray(value) ? (value as Obj[]) : value && typeof value === 'object' ? [value as Obj] : [])

function numberOf(datum: unknown): number | null | undefined {
  if (datum === null || datum === undefined || datum === '-') return null
  if (typeof datum === 'number') return Number.isFinite(datum) ? datum : null
  if (typeof datum === 'object' && !Array.isArray(datum)) return numberOf((datum as Obj).value)
  return undefined
}

const hex = (colour: unknown): string | null => {
  if (typeof colour !== 'string') return null
  const m = /^#([0-9a-f]{6})$/i.exec(colour) ?? /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(colour)
  if (!m) return null
  return m.length === 2 ? (m[1] as string).toUpperCase() : `${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}`.toUpperCase()
}

function categoryLabel(item: unknown): string {
  if (item && typeof item === 'object') return String((item as Obj).value ?? '')
  return String(item ?? '')
}

export function nativeChartOf(option: unknown): NativeChart | null {
  const o = (option ?? {}) as Obj
  const series = list(o.series)
  if (series.length === 0) return null
  const palette = (Array.isArray(o.color) ? o.color : []).map(hex).filter((c): c is string => c !== null)
  const colourAt = (i: number) => palette[i % Math.max(1, palette.length)] ?? '17407A'

  if (series.every((s) => s.type === 'pie')) {
    if (series.length !== 1) return null
    const data = list((series[0] as Obj).data)
    const values = data.map(numberOf)
    if (values.some((v) => v === undefined)) return null
    return {
      kind: 'pie',
      horizontal: false,
      firstOnTop: false,
      stacked: false,
      categories: data.map((d) => String(d.name ?? '')),
      series: [{ name: String((series[0] as Obj).name ?? ''), type: 'bar', values: values as (number | null)[], secondAxis: false, colours: data.map((d, i) => hex((d.itemStyle as Obj | undefined)?.color) ?? colourAt(i)) }],
      valueAxisTitle: '',
    }
  }
  if (!series.every((s) => s.type === 'bar' || s.type === 'line')) return null
  const xs = list(o.xAxis)
  const ys = list(o.yAxis)
  // small multiples (several grids) have no single native equivalent
  if (list(o.grid).length > 1 || xs.length > 1 || ys.length > 2) return null
  const x = xs[0]
  const y = ys[0]
  const horizontal = y?.type === 'category' && x?.type !== 'category'
  const catAxis = horizontal ? y : x
  if (!catAxis || catAxis.type !== 'category' || !Array.isArray(catAxis.data)) return null
  const categories = (catAxis.data as unknown[]).map(categoryLabel)
  const out: NativeSeries[] = []
  for (const [i, s] of series.entries()) {
    const data = Array.isArray(s.data) ? (s.data as unknown[]) : []
    const values = data.map(numberOf)
    if (values.some((v) => v === undefined)) return null
    while (values.length < categories.length) values.push(null)
    const own = hex((s.itemStyle as Obj | undefined)?.color) ?? hex((s.lineStyle as Obj | undefined)?.color)
    const perPoint = data.map((d) => hex(d && typeof d === 'object' ? ((d as Obj).itemStyle as Obj | undefined)?.color : undefined))
    const colours = series.length === 1 && perPoint.some((c) => c !== null) ? perPoint.map((c) => c ?? own ?? colourAt(i)) : [own ?? colourAt(i)]
    out.push({
      name: String(s.name ?? ''),
      type: s.type as 'bar' | 'line',
      values: values.slice(0, categories.length) as (number | null)[],
      secondAxis: Number(s.yAxisIndex ?? 0) === 1,
      colours,
    })
  }
  const types = new Set(out.map((s) => s.type))
  const stacks = out.filter((s, i) => s.type === 'bar' && (series[i] as Obj).stack !== undefined)
  const valueAxis = horizontal ? x : y
  return {
    kind: types.size > 1 || out.some((s) => s.secondAxis) ? 'combo' : (out[0] as NativeSeries).type,
    horizontal,
    firstOnTop: horizontal && Boolean(catAxis.inverse),
    stacked: stacks.length > 1 && stacks.length === out.filter((s) => s.type === 'bar').length,
    categories,
    series: out,
    valueAxisTitle: String(valueAxis?.name ?? ''),
  }
}
