/**
 * Runs async work so that only the latest call's result is kept: a reply to an older request is
 * dropped, so a fast sequence of changes ends showing the last one.
 */
export function latestOnly() {
  let seq = 0
  return async function run<T>(work: () => Promise<T>, apply: (value: T) => void): Promise<boolean> {
    const mine = ++seq
    const value = await work()
    if (mine !== seq) return false
    apply(value)
    return true
  }
}
