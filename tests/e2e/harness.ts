/**
 * Real headless Chromium (Debian's) against the production build. Every request that leaves the
 * loopback origin is aborted and recorded, as are console errors and uncaught exceptions, so a
 * test can assert that the page is self-contained and clean.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { inject } from 'vitest'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
]

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

export interface Session {
  context: BrowserContext
  page: Page
  baseURL: string
  consoleErrors: string[]
  blocked: string[]
}

export async function openSession(browser: Browser, options: { locale?: string; baseURL?: string } = {}): Promise<Session> {
  const baseURL = options.baseURL ?? inject('baseURL')
  const origin = new URL(baseURL).origin
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: options.locale ?? 'zh-CN' })
  const consoleErrors: string[] = []
  const blocked: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
    blocked.push(url)
    return route.abort()
  })
  const page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`))
  return { context, page, baseURL, consoleErrors, blocked }
}

/** Holds back every request matching `pattern` until the returned function is called. */
export async function holdRequests(session: Session, pattern: string): Promise<() => void> {
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => {
    release = resolve
  })
  await session.context.route(pattern, async (route) => {
    await held
    await route.continue()
  })
  return release
}

/** Opens the <details> that holds a data table: its rows are made when it is opened, as a reader does. */
export async function openTable(page: Page, testId: string): Promise<void> {
  await page.locator(`details:has([data-testid="${testId}"])`).first().evaluate((d) => {
    ;(d as HTMLDetailsElement).open = true
  })
}

/** Navigates to a route (hash history) and waits until DuckDB is ready and the view has data. */
export async function gotoRoute(session: Session, route: string): Promise<void> {
  await session.page.goto(`${session.baseURL}/#${route}`)
  await session.page.waitForSelector('.db-status[data-state="ready"]', { timeout: 30_000, state: 'attached' })
}

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** Runs axe-core in the page (evaluated through the DevTools protocol, so the page's CSP stays on). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }))
  })
}
