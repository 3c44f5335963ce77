/** Small statistics for the bench: median and range of a list of samples. */

export function median(xs) {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** { median, min, max, n, samples } with numbers rounded to 0.1, or null for no samples. */
export function summary(xs) {
  if (!xs || xs.length === 0) return null
  const r = (x) => Math.round(x * 10) / 10
  return { median: r(median(xs)), min: r(Math.min(...xs)), max: r(Math.max(...xs)), n: xs.length, samples: xs.map(r) }
}
