// 15.9 Every list page at 1366×768 (a common office screen): every toolbar button shows whole,
// and the status columns are inside the window without scrolling the table sideways.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, launchBrowser, login, withPage } from './support.mjs'

const ACCOUNTS = {
  college: [process.env.KAOWU_COLLEGE_USER ?? 'ustb', process.env.KAOWU_COLLEGE_PASSWORD ?? ''],
  org: [process.env.KAOWU_ORG_USER ?? 'zhonglian', process.env.KAOWU_ORG_PASSWORD ?? ''],
  admin: [process.env.KAOWU_ADMIN_USER ?? 'admin', process.env.KAOWU_ADMIN_PASSWORD ?? ''],
}
const PAGES = {
  college: ['/plans', '/sites', '/students', '/rooms', '/registrations', '/payments', '/weekly-reports'],
  org: ['/certificates', '/plans', '/sites', '/rooms', '/registrations', '/payments'],
  admin: ['/system/organizations', '/system/accounts', '/students', '/plans'],
}
const WIDTH = 1366

let browser

describe('列表页布局（1366×768）', () => {
  before(async () => {
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
  })

  for (const [role, pages] of Object.entries(PAGES)) {
    test(`15.9 ${role}: toolbar buttons whole and status columns in view`, async (t) => {
      await withPage(browser, t, async (page) => {
        await page.setViewportSize({ width: WIDTH, height: 768 })
        await login(page, ...ACCOUNTS[role])
        for (const path of pages) {
          await page.goto(`${BASE_URL}${path}`)
          const table = page.locator('[data-test="list-table"]')
          await table.waitFor()
          const card = await page.locator('.table-card').first().boundingBox()
          for (const button of await page.locator('.table-card .toolbar button').all()) {
            if (!(await button.isVisible())) continue
            const box = await button.boundingBox()
            const text = (await button.innerText()).trim()
            assert.ok(box.x >= card.x - 1 && box.x + box.width <= card.x + card.width + 1,
              `${path}: 「${text}」 sticks out of its card (${Math.round(box.x + box.width)} > ${Math.round(card.x + card.width)})`)
            assert.ok(box.x + box.width <= WIDTH, `${path}: 「${text}」 is cut off at the window's edge`)
          }
          // The row's actions show whole in their column (删除 was cut off in 考生管理).
          const actions = table.locator('tbody tr.el-table__row').first().locator('td').last()
          if (await actions.count()) {
            const cell = await actions.boundingBox()
            for (const button of await actions.locator('button').all()) {
              if (!(await button.isVisible())) continue
              const box = await button.boundingBox()
              assert.ok(box.x + box.width <= cell.x + cell.width + 1,
                `${path}: 「${(await button.innerText()).trim()}」 is cut off in its column`)
            }
          }
          for (const header of await table.locator('thead th').all()) {
            const text = (await header.innerText()).trim()
            if (!/状态|阶段/.test(text) || !(await header.isVisible())) continue
            const box = await header.boundingBox()
            assert.ok(box && box.x + box.width <= WIDTH + 1, `${path}: column 「${text}」 needs scrolling to be seen`)
          }
        }
      })
    })
  }
})
