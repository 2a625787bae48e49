// The web UI and the API documentation run under the server's Content-Security-Policy: pages
// render, dialogs open, and the browser reports no violation of the policy.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, launchBrowser, login, withPage } from './support.mjs'

const COLLEGE = [process.env.KAOWU_COLLEGE_USER ?? 'ustb', process.env.KAOWU_COLLEGE_PASSWORD ?? '']
const ADMIN = [process.env.KAOWU_ADMIN_USER ?? 'admin', process.env.KAOWU_ADMIN_PASSWORD ?? '']

let browser

// Collects what the browser blocked under the policy, from the page's own events and console.
async function watchViolations(page) {
  const violations = []
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)
    })
  })
  page.on('console', (message) => {
    const text = message.text()
    if (/CSP violation|Content Security Policy/i.test(text)) violations.push(text)
  })
  return violations
}

describe('内容安全策略（CSP）', () => {
  before(async () => {
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
  })

  test('the web UI signs in, lists and opens a dialog with no policy violation', async (t) => {
    await withPage(browser, t, async (page) => {
      const violations = await watchViolations(page)
      const first = await page.goto(`${BASE_URL}/login`)
      assert.match(first.headers()['content-security-policy'], /frame-ancestors 'none'/)
      await login(page, ...COLLEGE)
      for (const path of ['/students', '/rooms', '/registrations', '/weekly-reports']) {
        await page.goto(`${BASE_URL}${path}`)
        await page.locator('[data-test="list-table"]').waitFor()
      }
      await page.goto(`${BASE_URL}/students`)
      await page.locator('[data-test="list-table"]').waitFor()
      await page.getByRole('button', { name: '新增' }).first().click()
      await page.locator('.el-dialog').first().waitFor()
      // Element Plus positions and animates through inline styles: the dialog shows where it should.
      const box = await page.locator('.el-dialog').first().boundingBox()
      assert.ok(box && box.width > 200 && box.y >= 0, `dialog laid out: ${JSON.stringify(box)}`)
      assert.deepEqual(violations, [])
    })
  })

  test('the API documentation (Swagger UI) renders its operations with no policy violation', async (t) => {
    await withPage(browser, t, async (page) => {
      const violations = await watchViolations(page)
      await login(page, ...ADMIN)
      // Swagger UI renders a tag's operations once it scrolls into view: a tall window shows them all.
      await page.setViewportSize({ width: 1280, height: 20000 })
      await page.goto(`${BASE_URL}/api/docs`)
      await page.locator('.opblock').first().waitFor()
      await page.waitForFunction(() => document.querySelectorAll('.opblock').length > 50)
      assert.deepEqual(violations, [])
    })
  })
})
