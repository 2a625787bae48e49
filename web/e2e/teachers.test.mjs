// Browser tests of 教师管理 (seed 7.1, TCH-1): the college adds a teacher; the platform
// administrator reads the account SMS in the outbox; the teacher signs in with it, must change the
// password, and the college then sees the teacher 已激活.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, login, tableRow, withCheckDigit, withPage } from './support.mjs'

const ADMIN_USER = process.env.KAOWU_ADMIN_USER ?? 'admin'
const ADMIN_PASSWORD = process.env.KAOWU_ADMIN_PASSWORD ?? ''
const COLLEGE_USER = process.env.KAOWU_COLLEGE_USER ?? 'ustb'
const COLLEGE_PASSWORD = process.env.KAOWU_COLLEGE_PASSWORD ?? ''

// A number and 身份证号 of this run, so that a server used twice takes the test again.
const SUFFIX = String(Date.now() % 1e7).padStart(7, '0')
const TEACHER = { name: '韩老师', phone: `1350${SUFFIX}`, idNumber: withCheckDigit(`11010819860412${SUFFIX.slice(-3)}`), newPassword: 'Teacher2026' }

function formItem(dialog, label) {
  return dialog.locator('.el-form-item').filter({
    has: dialog.page().locator('.el-form-item__label', { hasText: new RegExp(`^\\s*${label}\\s*$`) }),
  })
}

let browser

describe('教师管理', () => {
  before(async () => {
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
  })

  test('院校新增教师，平台管理员在短信记录中读到账号短信，教师用短信中的账号密码登录、修改密码后为已激活', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('教师管理', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/teachers')
      await page.locator('[data-test="teacher-create"]').click()
      const dialog = page.getByRole('dialog', { name: '新增教师' })
      await dialog.getByText('注: 请填写教师真实使用的手机').waitFor()
      await formItem(dialog, '姓名').locator('input').fill(TEACHER.name)
      await formItem(dialog, '身份证号').locator('input').fill(TEACHER.idNumber)
      await formItem(dialog, '学院').locator('input').fill('土木与资源工程学院')
      await formItem(dialog, '手机号').locator('input').fill(TEACHER.phone)
      const research = formItem(dialog, '研究方向')
      await research.locator('textarea').fill('智慧建造与BIM')
      assert.equal((await research.locator('.el-input__count').innerText()).trim(), '8 / 100', 'the seed\'s counter')
      await dialog.locator('[data-test="dialog-confirm"]').click()
      await page.locator('.el-message--success').filter({ hasText: '教师已新增' }).waitFor()
      const row = tableRow(page, TEACHER.phone)
      await row.waitFor()
      assert.match(await row.innerText(), /未激活/)
    })

    let password
    await withPage(browser, t, async (page) => {
      await login(page, ADMIN_USER, ADMIN_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('短信记录', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/sms-messages')
      const masked = `${TEACHER.phone.slice(0, 3)}****${TEACHER.phone.slice(-4)}`
      const row = tableRow(page, masked)
      await row.waitFor()
      assert.match(await row.innerText(), /教师账号通知/)
      await row.locator('[data-test="sms-read"]').click()
      const text = await page.locator('[data-test="sms-full-text"]').innerText()
      const m = /账号为(\d{11})，初始密码为([^，]+)，/.exec(text)
      assert.ok(m, `the SMS carries the account: ${text}`)
      assert.equal(m[1], TEACHER.phone)
      password = m[2]
    })

    await withPage(browser, t, async (page) => {
      await login(page, TEACHER.phone, password, { home: false })
      await page.waitForURL('**/change-password')
      await page.getByLabel('原密码', { exact: true }).fill(password)
      await page.getByLabel('新密码', { exact: true }).fill(TEACHER.newPassword)
      await page.getByLabel('确认新密码', { exact: true }).fill(TEACHER.newPassword)
      await page.getByRole('button', { name: '确认修改' }).click()
      await page.waitForURL((url) => url.pathname === '/')
      await page.locator('[data-test="side-menu"]').getByText('我的资料', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/my/teacher')
      const profile = page.locator('[data-test="own-profile"]')
      await profile.getByText('已激活').waitFor()
      assert.match(await profile.innerText(), /土木与资源工程学院/)
      assert.match(await profile.innerText(), /智慧建造与BIM/)
    })

    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await page.goto('/teachers')
      const row = tableRow(page, TEACHER.phone)
      await row.waitFor()
      await row.getByText('已激活').waitFor()
      assert.match(await row.innerText(), /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, 'the time of activation')
    })
  })
})
