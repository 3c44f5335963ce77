// Looks at the production build as a user would: `node scripts/screenshot.mjs /online out.png [--en]`.
// Expects `npm run preview` (or `npm start`) to be serving on 127.0.0.1:4173.
import { chromium } from 'playwright-core'

const [route = '/online', out = 'screenshot.png', ...flags] = process.argv.slice(2)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
})
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()))
if (flags.includes('--en')) await page.addInitScript(() => localStorage.setItem('dashboard.locale', 'en'))
await page.goto(`http://127.0.0.1:4173/#${route}`)
await page.waitForSelector('.db-status[data-state="ready"], .db-status[data-state="error"]', { timeout: 30000, state: 'attached' })
await page.waitForTimeout(500)
await page.screenshot({ path: out, fullPage: flags.includes('--full') })
await browser.close()
console.log(out)
