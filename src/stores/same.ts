/**
 * The value already shown when the new one is equal to it (plain query answers, compared as JSON):
 * a chart fed the same array does not redraw, so a re-query that brings the same answers (the live
 * engine taking over from the answers prepared at build time) changes nothing on screen.
 */
export function sameOr<T>(shown: T, next: T): T {
  if (shown === next) return shown
  return JSON.stringify(shown) === JSON.stringify(next) ? shown : next
}
