/**
 * Charts draw one after another, each in a frame of its own once the one before it has drawn: a
 * page with many charts (the workbench has a dozen and more) shows its first at once instead of
 * after all of them, and the page stays responsive between them. The wait for the one before
 * starts once ECharts' script is there (every chart waits for it alike), and a chart that does not
 * draw within WAIT_MS after that (no width, say) does not hold up the next.
 */
import { loadECharts } from './load-echarts'

const WAIT_MS = 250

let previous: Promise<void> = Promise.resolve()

export interface DrawTurn {
  /** Settles in the frame this chart may draw in. */
  ready: Promise<void>
  /** This chart has drawn (or will not): the next may go. */
  done: () => void
}

export function takeDrawTurn(): DrawTurn {
  let done: () => void = () => {}
  const finished = new Promise<void>((resolve) => {
    done = resolve
  })
  const ready = previous.then(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())))
  previous = ready
    .then(() => loadECharts())
    .catch(() => undefined)
    .then(() => Promise.race([finished, new Promise<void>((resolve) => setTimeout(resolve, WAIT_MS))]))
  return { ready, done }
}
