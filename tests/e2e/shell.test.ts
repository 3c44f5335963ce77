import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { gotoRoute, holdRequests, launch, openSession } from './harness'
import { metrics, observations } from './expected'

let browser: Browser

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

describe('the shell', () => {
  it('paints header, navigation and a loading state before DuckDB is ready', async () => {
    const session = await openSession(browser)
    const release = await holdRequests(session, '**/*.wasm')
    try {
      // an indicator of its own in the URL: the default view would paint from answers prepared at
      // build time (prepared-routes.test.ts), this one waits for DuckDB
      await session.page.goto(`${session.baseURL}/#/online?metric=online.items.admin_license`)
      await session.page.getByRole('navigation').waitFor()
      await expect(session.page.locator('h1').textContent()).resolves.toBe('政务服务绩效对比')
      // 'idle' for the instant before the engine is asked to start: both show the loading state
      expect(['idle', 'loading']).toContain(await session.page.locator('.db-status').getAttribute('data-state'))
      await expect(session.page.locator('.db-status').textContent()).resolves.toMatch(/正在启动(浏览器内的)?数据引擎/)
      // held past a second, the page says why it is still filling in, and shows the shape of what is coming
      await expect(session.page.getByTestId('db-slow').textContent()).resolves.toContain('DuckDB')
      expect(await session.page.getByTestId('skeleton').count()).toBeGreaterThan(0)
      expect(await session.page.locator('.chart-card').count()).toBe(0)
      release()
      await session.page.locator('.chart-card[data-metric="online.items.admin_license"]').waitFor()
      expect(session.consoleErrors).toEqual([])
    } finally {
      release()
      await session.context.close()
    }
  })

  it('says so when DuckDB cannot start, and keeps the page', async () => {
    const session = await openSession(browser)
    await session.context.route('**/*.wasm', (route) => route.abort())
    try {
      await session.page.goto(`${session.baseURL}/#/trading`)
      const alert = session.page.getByRole('alert')
      await alert.waitFor({ timeout: 30_000 })
      await expect(alert.textContent()).resolves.toContain('数据引擎启动失败')
      await expect(session.page.getByRole('navigation').isVisible()).resolves.toBe(true)
    } finally {
      await session.context.close()
    }
  })

  it('says so in each chart when ECharts cannot be loaded, and keeps the page and its tables', async () => {
    const session = await openSession(browser)
    await session.context.route('**/assets/echarts-vue-*.js', (route) => route.abort())
    try {
      await session.page.goto(`${session.baseURL}/#/online`)
      const alert = session.page.locator('.chart-card [role="alert"]').first()
      await alert.waitFor({ timeout: 30_000 })
      await expect(alert.textContent()).resolves.toContain('图表组件未能加载')
      await expect(session.page.getByRole('navigation').isVisible()).resolves.toBe(true)
      await expect(session.page.locator('.chart-card .base-chart[data-rendered="true"]').count()).resolves.toBe(0)
    } finally {
      await session.context.close()
    }
  })

  it('switches to English and remembers the choice across a reload', async () => {
    const session = await openSession(browser)
    try {
      await gotoRoute(session, '/online')
      await session.page.getByTestId('locale-toggle').click()
      await expect(session.page.locator('h1').textContent()).resolves.toBe('Public Service Dashboard')
      await expect(session.page.locator('html').getAttribute('lang')).resolves.toBe('en')
      await session.page.reload()
      await session.page.locator('.chart-card').waitFor()
      await expect(session.page.getByRole('navigation').textContent()).resolves.toContain('Online services')
      expect(session.consoleErrors).toEqual([])
    } finally {
      await session.context.close()
    }
  })

  it('changes indicator from the picker, keeps it in the URL, and restores it from a link', async () => {
    const session = await openSession(browser)
    try {
      await gotoRoute(session, '/trading')
      const picker = session.page.getByTestId('metric-picker')
      await picker.waitFor()
      const options = await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
      const current = await picker.inputValue()
      const other = options.find((id) => id !== current) as string
      expect(other).toBeTruthy()
      await picker.selectOption(other)
      await session.page.locator(`.chart-card[data-metric="${other}"]`).waitFor()
      expect(decodeURIComponent(session.page.url())).toContain(`metric=${other}`)
      const rows = await session.page.locator('[data-testid="family-table"] tbody tr').count()
      expect(rows).toBe(observations.filter((o) => o.metric === other).length)
      expect(metrics.find((m) => m.id === other)?.family).toBe('trading')

      const link = session.page.url()
      const fresh = await openSession(browser)
      try {
        await fresh.page.goto(link)
        await fresh.page.locator(`.chart-card[data-metric="${other}"]`).waitFor({ timeout: 30_000 })
        await expect(fresh.page.getByTestId('metric-picker').inputValue()).resolves.toBe(other)
      } finally {
        await fresh.context.close()
      }
    } finally {
      await session.context.close()
    }
  })
})
