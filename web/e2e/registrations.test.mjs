// Browser tests of 报考管理: a college imports registrations by certificate into a plan open for
// registration (one row refused for the student's major), sees them 未排考 and 未缴费, and deletes one.
//
//   KAOWU_URL=... KAOWU_ORG_USER=zhonglian KAOWU_ORG_PASSWORD=... KAOWU_COLLEGE_USER=ustb
//   KAOWU_COLLEGE_PASSWORD=... node --test e2e/
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
const CODE = `6${RUN}1`
const CERT_NAME = `直播电商运营${RUN}职业技能等级证书`
const PLAN_NAME = `直播电商${RUN}第一批考试`
const LEVEL = `${CERT_NAME}(初级)`

/** A valid 身份证号 (GB 11643 check digit) unique to this run. */
function idNumber(k) {
  const body = `110105${1990 + (k % 10)}0${1 + (Number(RUN) % 9)}${10 + (Number(RUN.slice(-2)) % 18)}${String(Number(RUN.slice(-3)) % 1000).padStart(3, '0')}`
  return withCheckDigit(body)
}

const STUDENTS = [
  { name: `报考甲${RUN}`, idNumber: idNumber(0), major: '电子商务' },
  { name: `报考乙${RUN}`, idNumber: idNumber(1), major: '电子商务' },
  { name: `报考丙${RUN}`, idNumber: idNumber(2), major: '汽车检测与维修技术' },
  { name: `报考丁${RUN}`, idNumber: idNumber(3), major: '电子商务' },
]

let browser

describe('报考管理', () => {
  before(async () => {
    await openPlanWithStudents({
      org: { user: ORG_USER, password: ORG_PASSWORD },
      college: { user: COLLEGE_USER, password: COLLEGE_PASSWORD },
      code: CODE, certName: CERT_NAME, planName: PLAN_NAME, fee: '240.00', subjectName: '直播电商', students: STUDENTS,
    })
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
  })

  test('试点院校按证书导入报考：先选考试计划，一行因专业不符失败；列表显示未排考、未缴费；删除一条', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('报考管理', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/registrations')

      // The plan comes first; only then the template and the upload.
      await page.locator('[data-test="registration-import-certificate"]').click()
      const choose = page.getByRole('dialog', { name: '批量导入报考-按证书导入', exact: true })
      await choose.waitFor()
      await chooseInSelect(page, choose.locator('[data-test="registration-import-plan"]'), PLAN_NAME)
      await choose.locator('[data-test="registration-import-next"]').click()
      const dialog = page.getByRole('dialog', { name: `批量导入报考-按证书导入：${PLAN_NAME}` })
      await dialog.getByText('第一步 下载模板').waitFor()
      const [template] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '下载模板' }).click()])
      assert.match(template.suggestedFilename(), /报考信息（按证书）导入模板\.xlsx$/)
      const csv = ['考生编号,身份证号,姓名,证书等级', ...STUDENTS.slice(0, 3).map((s) => `,${s.idNumber},${s.name},${LEVEL}`)].join('\r\n')
      await dialog.locator('input[type=file]').setInputFiles({ name: '报考.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`) })
      await dialog.getByRole('button', { name: '开始导入' }).click()
      await dialog.getByText('成功 2 条，失败 1 条').waitFor()
      await dialog.getByRole('button', { name: '关闭', exact: true }).click()
      await dialog.waitFor({ state: 'hidden' })

      // Each imported student has both subjects of the level, 未排考 and 未缴费.
      for (const s of STUDENTS.slice(0, 2)) {
        for (const subject of ['直播电商(理论)', '直播电商(实操)']) {
          const row = page.locator('[data-test="list-table"] .el-table__body tr.el-table__row').filter({ hasText: s.name }).filter({ hasText: subject }).first()
          await row.waitFor()
          const text = await row.innerText()
          assert.ok(text.includes(PLAN_NAME) && text.includes(LEVEL), text)
          assert.ok(text.includes('未排考') && text.includes('未缴费'), text)
        }
      }
      assert.equal(await tableRow(page, STUDENTS[2].name).count(), 0, '专业不符的考生没有报考')
      await page.screenshot({ path: `${ARTIFACTS}registrations.png`, fullPage: true })

      // Delete one subject of the first student: in a 按证书报考 plan the level goes as a whole (15.2).
      const target = page.locator('[data-test="list-table"] .el-table__body tr.el-table__row').filter({ hasText: STUDENTS[0].name }).filter({ hasText: '直播电商(实操)' }).first()
      const rowsBefore = await page.locator('[data-test="list-table"] .el-table__body tr.el-table__row').filter({ hasText: STUDENTS[0].name }).count()
      await target.locator('[data-test="registration-delete"]').click()
      const confirm = page.locator('.el-message-box')
      await confirm.getByText(`该计划按证书报考，将删除考生「${STUDENTS[0].name}」报考的 ${LEVEL} 的全部 2 个科目：直播电商(理论)、直播电商(实操)。确定删除吗？`).waitFor()
      await confirm.getByRole('button', { name: '删除' }).click()
      await page.locator('.el-message--success').filter({ hasText: '报考已删除' }).waitFor()
      await page.waitForFunction(
        ([name, n]) => [...document.querySelectorAll('[data-test="list-table"] .el-table__body tr.el-table__row')].filter((tr) => tr.innerText.includes(name)).length === n,
        [STUDENTS[0].name, rowsBefore - 2],
      )

      // One by one: plan, student, level. 报考丙's major is refused with where to look; 报考丁 goes in.
      const addOne = async (student) => {
        await page.locator('[data-test="registration-create"]').click()
        const add = page.getByRole('dialog', { name: '新增报考' })
        await add.waitFor()
        await chooseInSelect(page, add.locator('[data-test="registration-add-plan"]'), `${PLAN_NAME}（按证书报考）`)
        const select = add.locator('[data-test="registration-add-student"]')
        await select.click()
        await select.locator('input').fill(student.name)
        const listId = await select.locator('input[role="combobox"]').getAttribute('aria-controls')
        await page.locator(`[id="${listId}"] .el-select-dropdown__item:visible`).filter({ hasText: student.name }).first().click()
        await chooseInSelect(page, add.locator('[data-test="registration-add-level"]'), LEVEL)
        await add.locator('[data-test="registration-add-submit"]').click()
        return add
      }
      const refused = await addOne(STUDENTS[2])
      await page.locator('.el-message--error').filter({ hasText: '考生专业“汽车检测与维修技术”不在该证书的可报考专业内，可在“证书信息管理”中查看可报考专业' }).waitFor()
      await refused.getByRole('button', { name: '取消' }).click()
      await refused.waitFor({ state: 'hidden' })
      await addOne(STUDENTS[3])
      await page.locator('.el-message--success').filter({ hasText: '报考成功：直播电商(理论)、直播电商(实操)' }).waitFor()
      await tableRow(page, STUDENTS[3].name).waitFor()

      // The import record is listed.
      await page.locator('[data-test="registration-import-records"]').click()
      const records = page.getByRole('dialog', { name: '报考导入记录' })
      await records.locator('.el-table__body tr.el-table__row').filter({ hasText: '报考.csv' }).first().waitFor()
    })
  })
})
