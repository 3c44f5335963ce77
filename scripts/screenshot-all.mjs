// Every route at 1440 and 390 px wide, in both languages, into one folder, with each page's
// sideways overflow printed: `node scripts/screenshot-all.mjs [outDir] [--port 4173] [--query dataset=demo]`.
// Expects the production build served (npm run preview) on 127.0.0.1:<port>.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const args = process.argv.slice(2)
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const out = args[0] && !args[0].startsWith('--') ? args[0] : 'screenshots'
const port = flag('--port', '4173')
const query = flag('--query', '')
const only = flag('--routes', '')
const widths = (flag('--widths', '1440,390')).split(',').map(Number)
const routes = only ? only.split(',') : ['overview', 'online', 'ontime', 'trading', 'disclosure', 'analysis', 'data', 'briefing', 'sources']
mkdirSync(out, { recursive: true })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
})
for (const locale of ['zh-CN', 'en']) {
  for (const width of widths) {
    const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, deviceScaleFactor: 1 })
    await context.addInitScript((l) => localStorage.setItem('dashboard.locale', l), locale)
    const page = await context.newPage()
    page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()))
    for (const route of routes) {
      await page.goto(`http://127.0.0.1:${port}/#/${route}${query ? `?${query}` : ''}`)
      await page.waitForSelector('.db-status[data-state="ready"], .db-status[data-state="error"]', { timeout: 60000, state: 'attached' })
      await page.waitForTimeout(1200)
      const over = await page.evaluate(() => document.scrollingElement.scrollWidth - innerWidth)
      const file = join(out, `${route}-${width}-${locale}.png`)
      await page.screenshot({ path: file, fullPage: true })
      if (args.includes('--parts')) {
        // tall pages in parts a person (or an image viewer) can read at full size
        const height = await page.evaluate(() => document.scrollingElement.scrollHeight)
        for (let y = 0, k = 1; y < height; y += 1000, k++) {
          await page.screenshot({ path: file.replace('.png', `-part${k}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(1000, height - y) } })
        }
      }
      console.log(file, over > 0 ? `OVERFLOW ${over}px` : 'ok')
    }
    await context.close()
  }
}
await browser.close()
