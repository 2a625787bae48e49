// Browser test of 缴费管理 end to end: a college imports registrations by certificate, generates a
// payment application and exports it; the training organisation confirms it; the college then
// sees 已缴费 and cannot delete those registrations (REG-4, PAY-1, PAY-2).
//
// The server must serve the built web app (scripts/e2e.mjs starts one so) on the system clock; the
// test makes its own certificate, plan and students, so any demo data will do.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ARTIFACTS, chooseInSelect, launchBrowser, login, openPlanWithStudents, tableRow, withCheckDigit, withPage } from './support.mjs'

const ORG_USER = process.env.KAOWU_ORG_USER ?? 'zhonglian'
const ORG_PASSWORD = process.env.KAOWU_ORG_PASSWORD ?? ''
const COLLEGE_USER = process.env.KAOWU_COLLEGE_USER ?? 'ustb'
const COLLEGE_PASSWORD = process.env.KAOWU_COLLEGE_PASSWORD ?? ''

const RUN = String(Date.now()).slice(-6)
const CODE = `7${RUN}1`
const CERT_NAME = `跨境电商${RUN}职业技能等级证书`
const PLAN_NAME = `跨境电商${RUN}第一批考试`
const LEVEL = `${CERT_NAME}(初级)`

/** A valid 身份证号 (GB 11643 check digit) unique to this run. */
function idNumber(k) {
  const body = `110106${1991 + k}0${1 + (Number(RUN) % 9)}${10 + (Number(RUN.slice(-2)) % 18)}${String(Number(RUN.slice(-3)) % 1000).padStart(3, '0')}`
  return withCheckDigit(body)
}

const STUDENTS = [
  { name: `缴费甲${RUN}`, idNumber: idNumber(0) },
  { name: `缴费乙${RUN}`, idNumber: idNumber(1) },
]

const listRows = (page, text) =>
  page.locator('[data-test="list-table"] .el-table__body tr.el-table__row').filter({ hasText: text })

let browser
let number = ''

describe('缴费管理', () => {
  before(async () => {
    await openPlanWithStudents({
      org: { user: ORG_USER, password: ORG_PASSWORD },
      college: { user: COLLEGE_USER, password: COLLEGE_PASSWORD },
      code: CODE, certName: CERT_NAME, planName: PLAN_NAME, fee: '260.00', subjectName: '跨境电商', students: STUDENTS,
    })
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
  })

  test('试点院校按证书导入报考，按证书报考生生成缴费申请单并导出', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('报考管理', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/registrations')
      await page.locator('[data-test="registration-import-certificate"]').click()
      const choose = page.getByRole('dialog', { name: '批量导入报考-按证书导入', exact: true })
      await chooseInSelect(page, choose.locator('[data-test="registration-import-plan"]'), PLAN_NAME)
      await choose.locator('[data-test="registration-import-next"]').click()
      const dialog = page.getByRole('dialog', { name: `批量导入报考-按证书导入：${PLAN_NAME}` })
      await dialog.getByText('第一步 下载模板').waitFor()
      const csv = ['考生编号,身份证号,姓名,证书等级', ...STUDENTS.map((s) => `,${s.idNumber},${s.name},${LEVEL}`)].join('\r\n')
      await dialog.locator('input[type=file]').setInputFiles({ name: '缴费报考.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`) })
      await dialog.getByRole('button', { name: '开始导入' }).click()
      await dialog.getByText('成功 2 条，失败 0 条').waitFor()
      await dialog.getByRole('button', { name: '关闭', exact: true }).click()
      await listRows(page, STUDENTS[0].name).first().waitFor()

      await page.locator('[data-test="side-menu"]').getByText('缴费管理', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/payments')
      await page.locator('[data-test="payment-generate-certificate"]').click()
      const generate = page.getByRole('dialog', { name: '按证书报考生生成缴费申请单' })
      await generate.waitFor()
      await chooseInSelect(page, generate.locator('[data-test="payment-plan"]'), PLAN_NAME)
      // The plan has one certificate, chosen for the user.
      await generate.getByText(CERT_NAME).waitFor()
      await generate.locator('[data-test="payment-generate-submit"]').click()
      const done = page.locator('.el-message--success').filter({ hasText: '已生成缴费申请单' })
      await done.waitFor()
      const message = await done.innerText()
      assert.match(message, /已生成缴费申请单 \d{10}：2 人，合计 520\.00 元/)
      number = message.match(/\d{10}/)[0]

      // The detail opens with both students and the amount in capitals.
      const drawer = page.locator('[data-test="payment-drawer"]')
      await drawer.getByText('520.00 元（伍佰贰拾元整）').waitFor()
      for (const s of STUDENTS) await drawer.locator('[data-test="payment-lines"]').getByText(s.name).waitFor()
      await page.keyboard.press('Escape')
      await drawer.waitFor({ state: 'hidden' })

      const row = tableRow(page, number)
      const text = await row.innerText()
      assert.ok(text.includes('按证书缴费') && text.includes('待确认') && text.includes(PLAN_NAME), text)

      // Generating again finds nothing left to include.
      await page.locator('[data-test="payment-generate-certificate"]').click()
      await chooseInSelect(page, generate.locator('[data-test="payment-plan"]'), PLAN_NAME)
      await generate.locator('[data-test="payment-generate-submit"]').click()
      await page.locator('.el-message--error').filter({ hasText: '没有可生成缴费申请单的报考记录' }).waitFor()
      await generate.getByRole('button', { name: '取消' }).click()

      // Export the ticked application.
      await row.locator('.el-checkbox').first().click()
      const exportButton = page.locator('[data-test="export"]')
      await exportButton.getByText('已勾选 1 条').waitFor()
      const [file] = await Promise.all([page.waitForEvent('download'), exportButton.click()])
      assert.match(file.suggestedFilename(), /^缴费申请单_\d{14}\.xlsx$/)

      // The payment notice for the bank transfer.
      const [notice] = await Promise.all([page.waitForEvent('download'), row.locator('[data-test="payment-notice"]').click()])
      assert.equal(notice.suggestedFilename(), `缴费通知单_${number}.pdf`)
      await page.screenshot({ path: `${ARTIFACTS}payments-college.png`, fullPage: true })
    })
  })

  test('培训评价组织勾选缴费申请单，批量确认缴费', async (t) => {
    assert.ok(number, 'the college generated an application')
    await withPage(browser, t, async (page) => {
      await login(page, ORG_USER, ORG_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('缴费管理', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/payments')
      const row = tableRow(page, number)
      await row.waitFor()
      assert.ok((await row.innerText()).includes('北京科技大学'))
      // 15.10: a 待确认 row has its own 确认 as well.
      await row.locator('[data-test="payment-confirm-row"]').click()
      const single = page.locator('.el-message-box')
      await single.getByText(`确认已收到缴费单号 ${number}（北京科技大学，520.00 元）的款项吗？`, { exact: false }).waitFor()
      await single.getByRole('button', { name: '取消' }).click()
      await single.waitFor({ state: 'hidden' })
      await row.locator('.el-checkbox').first().click()
      await page.locator('[data-test="payment-confirm"]').click()
      const box = page.locator('.el-message-box')
      await box.getByText('确认已收到以下 1 张缴费申请单的款项（合计 520.00 元）吗？', { exact: false }).waitFor()
      await box.getByRole('button', { name: '确认缴费' }).click()
      await page.locator('.el-message--success').filter({ hasText: '已确认 1 张缴费申请单' }).waitFor()
      await page.waitForFunction((n) => {
        const tr = [...document.querySelectorAll('[data-test="list-table"] .el-table__body tr.el-table__row')].find((r) => r.innerText.includes(n))
        return tr && tr.innerText.includes('已确认')
      }, number)
      assert.equal(await tableRow(page, number).locator('[data-test="payment-confirm-row"]').count(), 0, '已确认: no 确认 on the row')
      await page.screenshot({ path: `${ARTIFACTS}payments-org.png`, fullPage: true })
    })
  })

  test('试点院校看到已确认、已缴费，已缴费的报考不能删除', async (t) => {
    assert.ok(number, 'the college generated an application')
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('缴费管理', { exact: true }).click()
      const row = tableRow(page, number)
      await row.waitFor()
      assert.ok((await row.innerText()).includes('已确认'))
      assert.equal(await row.locator('[data-test="payment-delete"]').count(), 0, 'a confirmed application has no 删除')

      await page.locator('[data-test="side-menu"]').getByText('报考管理', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/registrations')
      const rows = listRows(page, STUDENTS[0].name)
      await rows.first().waitFor()
      for (let i = 0; i < (await rows.count()); i++) assert.ok((await rows.nth(i).innerText()).includes('已缴费'))
      // 删除 is off, and says why when pointed at.
      const button = rows.first().locator('[data-test="registration-delete"]')
      assert.ok(await button.isDisabled(), 'a paid registration cannot be deleted')
      await button.locator('xpath=..').hover()
      await page.locator('.el-popper').filter({ hasText: '已缴费的报考不能删除' }).waitFor()
      assert.equal(await listRows(page, STUDENTS[0].name).count(), 2, 'nothing deleted')
    })
  })
})
