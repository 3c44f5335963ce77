/** Resolves when the page is next idle (or after half a second at most): background queries wait for it. */
export const idle = (): Promise<void> =>
  new Promise((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 500 }) : setTimeout(resolve, 50)))
