// Browser tests of 考核站点: a college applies for a site, the certificate's organisation returns
// it with a reason, the college corrects it and the organisation approves it.
//
//   KAOWU_URL=... KAOWU_ORG_USER=zhonglian KAOWU_ORG_PASSWORD=... KAOWU_COLLEGE_USER=ustb
//   KAOWU_COLLEGE_PASSWORD=... node --test e2e/
//
// The server must serve the built web app with the demo data (scripts/e2e.mjs starts one so).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiAs, chooseInSelect, launchBrowser, login, tableRow, withPage } from './support.mjs'

/** The form item of a dialog whose label is exactly `label`. */
function formItem(dialog, label) {
  return dialog.locator('.el-form-item').filter({
    has: dialog.page().locator('.el-form-item__label', { hasText: new RegExp(`^\\s*${label}\\s*$`) }),
  })
}

/** Picks a path in the cascader of a form item, one menu per level. */
async function pickRegion(page, item, path) {
  await item.locator('.el-cascader').click()
  const menus = page.locator('.el-cascader__dropdown:visible .el-cascader-menu')
  for (const [level, name] of path.entries()) {
    await menus.nth(level).locator('.el-cascader-node').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }).click()
  }
}

const ORG_USER = process.env.KAOWU_ORG_USER ?? 'zhonglian'
const ORG_PASSWORD = process.env.KAOWU_ORG_PASSWORD ?? ''
const COLLEGE_USER = process.env.KAOWU_COLLEGE_USER ?? 'ustb'
const COLLEGE_PASSWORD = process.env.KAOWU_COLLEGE_PASSWORD ?? ''

const CODE = `7${String(Date.now()).slice(-7)}`
const CERT_NAME = `工业机器人运维${CODE.slice(-4)}`
const SITE_NAME = `北京科技大学${CERT_NAME}考核站点`
const REASON = '详细地址不完整，请补充楼号'

let browser

describe('考核站点', () => {
  before(async () => {
    const org = await apiAs(ORG_USER, ORG_PASSWORD)
    await org.send('POST', '/api/v1/certificates', {
      code: CODE,
      name: CERT_NAME,
      description: '',
      passCondition: 'all_subjects',
      levels: [
        {
          level: '初级',
          fee: '200.00',
          subjects: [{ code: `${CODE}101`, name: '工业机器人运维实操', mode: '实操', durationMinutes: 120, fullMark: 100, passMark: 60, fee: '0.00' }],
        },
      ],
      majors: [],
    })
    await org.dispose()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
  })

  test('院校申请考核站点，评价组织退回后院校修改重新提交，评价组织审核通过', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await openSites(page)
      await page.locator('[data-test="site-apply"]').click()
      const dialog = page.getByRole('dialog', { name: '申请考核站点' })
      await dialog.waitFor()
      await chooseInSelect(page, dialog.locator('.el-select').first(), `${CERT_NAME}（${CODE}）`)
      // 15.5: the 考点地区 is picked from the same 省/市/区 list as the room form's 考场地址.
      await pickRegion(page, formItem(dialog, '考点地区'), ['北京市', '北京市', '海淀区'])
      await dialog.getByLabel('详细地址', { exact: true }).fill('学院路30号')
      await dialog.locator('[data-test="dialog-confirm"]').click()
      await page.locator('.el-message--success').filter({ hasText: '考核站点申请已提交' }).waitFor()
      const row = tableRow(page, SITE_NAME)
      await row.waitFor()
      assert.match(await row.innerText(), /待审核/)
      assert.match(await row.innerText(), /北京市北京市海淀区学院路30号/)
    })

    await withPage(browser, t, async (page) => {
      await login(page, ORG_USER, ORG_PASSWORD)
      await openSites(page)
      const row = tableRow(page, SITE_NAME)
      await row.locator('[data-test="site-return"]').click()
      const box = page.locator('.el-message-box')
      await box.locator('textarea').fill(REASON)
      await box.getByRole('button', { name: '退回' }).click()
      await page.locator('.el-message--success').filter({ hasText: '已退回' }).waitFor()
      await row.getByText('已退回').waitFor()
      assert.ok((await row.innerText()).includes(REASON))
    })

    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      // 15.14: 首页 lists what needs doing; its item opens the list filtered to it.
      const todo = page.locator('[data-test="todo-sites_returned"]')
      await todo.waitFor()
      assert.ok(Number(await todo.locator('.todo-count').innerText()) >= 1, await todo.innerText())
      await todo.click()
      await page.waitForURL((url) => url.pathname === '/sites' && url.searchParams.get('status') === 'returned')
      const row = tableRow(page, SITE_NAME)
      await row.waitFor()
      assert.ok((await row.innerText()).includes(REASON), '院校应看到退回原因')
      for (const text of await page.locator('[data-test="list-table"] .el-table__body tr.el-table__row').allInnerTexts()) {
        assert.ok(text.includes('已退回'), `the list is filtered to 已退回: ${text}`)
      }
      await page.locator('[data-test="reset"]').click()  // every state again, to follow the row
      await row.locator('[data-test="site-edit"]').click()
      const dialog = page.getByRole('dialog', { name: '修改考核站点' })
      await dialog.waitFor()
      assert.equal(await formItem(dialog, '考点地区').locator('.el-cascader input').inputValue(), '北京市 / 北京市 / 海淀区')
      await pickRegion(page, formItem(dialog, '考点地区'), ['北京市', '北京市', '昌平区'])
      await dialog.getByLabel('详细地址', { exact: true }).fill('学院路30号机电楼')
      await dialog.locator('[data-test="dialog-confirm"]').click()
      await page.locator('.el-message--success').filter({ hasText: '已重新提交审核' }).waitFor()
      await row.getByText('待审核').waitFor()
    })

    await withPage(browser, t, async (page) => {
      await login(page, ORG_USER, ORG_PASSWORD)
      await openSites(page)
      const row = tableRow(page, SITE_NAME)
      assert.ok((await row.innerText()).includes('北京市北京市昌平区学院路30号机电楼'))
      await row.locator('[data-test="site-approve"]').click()
      await page.locator('[data-test="site-approve-confirm"]').click()
      await page.locator('.el-message--success').filter({ hasText: '考核站点已审核通过' }).waitFor()
      await row.getByText('已通过').waitFor()
    })
  })
})

async function openSites(page) {
  await page.locator('[data-test="side-menu"]').getByText('考核站点', { exact: true }).click()
  await page.waitForURL((url) => url.pathname === '/sites')
}
