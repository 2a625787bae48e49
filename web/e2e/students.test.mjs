// Browser tests of 考生管理: a college imports candidates from a CSV with mistakes, downloads the
// failed rows, imports the corrected row, finds the candidates in the list and exports them.
//
//   KAOWU_URL=... KAOWU_COLLEGE_USER=ustb KAOWU_COLLEGE_PASSWORD=... node --test e2e/
//
// The server must serve the built web app with the demo data (scripts/e2e.mjs starts one so).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ARTIFACTS, apiAs, launchBrowser, login, tableRow, withPage } from './support.mjs'

const COLLEGE_USER = process.env.KAOWU_COLLEGE_USER ?? 'ustb'
const COLLEGE_PASSWORD = process.env.KAOWU_COLLEGE_PASSWORD ?? ''

const HEADER = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码'
const LISI = { name: '李四', idNumber: '110101200001010029' }
const WANGWU = { name: '王五', idNumber: '110101199003070011' }

let browser

/** A UTF-8 CSV with a byte order mark, as Excel saves it. */
function csv(rows) {
  return Buffer.from(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8')
}

describe('考生管理', () => {
  before(async () => {
    // Leave no candidate of an earlier run behind, so the import starts from a clean slate.
    const college = await apiAs(COLLEGE_USER, COLLEGE_PASSWORD)
    for (const { idNumber } of [LISI, WANGWU]) {
      const page = await college.send('GET', `/api/v1/students?idNumber=${idNumber}&page=1&pageSize=50`)
      for (const student of page.items) await college.send('DELETE', `/api/v1/students/${student.id}?version=${student.version}`)
    }
    await college.dispose()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
  })

  test('试点院校导入考生：看到成功和失败条数、下载失败数据，改正后重新导入，再导出全部和勾选的考生', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('考生管理', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/students')
      await page.locator('[data-test="student-create"]').waitFor()

      // First file: one good row, a wrong check digit and an unknown candidate type.
      await page.getByRole('button', { name: '批量导入考生信息-导入' }).click()
      const dialog = page.getByRole('dialog', { name: '批量导入考生信息' })
      await dialog.getByText('第一步 下载模板').waitFor()
      await dialog.locator('input[type=file]').setInputFiles({
        name: '考生信息.csv',
        mimeType: 'text/csv',
        buffer: csv([
          `,${LISI.name},女,${LISI.idNumber},院校考生,市场营销,营销2102,13900001111`,
          ',王五,男,110101199003070012,院校考生,电子商务,,',
          ',赵六,男,110101199003070011,学生,电子商务,,',
        ]),
      })
      await dialog.getByRole('button', { name: '开始导入' }).click()
      await dialog.getByText('成功 1 条（新增 1 条，更新 0 条），失败 2 条').waitFor()
      const failures = dialog.getByRole('button', { name: '下载失败数据' })
      const [failed] = await Promise.all([page.waitForEvent('download'), failures.click()])
      assert.ok(failed.suggestedFilename(), '失败数据应有文件名')

      // Second file: 王五 with the right 身份证号.
      await dialog.getByRole('button', { name: '继续导入' }).click()
      await dialog.getByText('第一步 下载模板').waitFor()
      await dialog.locator('input[type=file]').setInputFiles({
        name: '考生信息_已改正.csv',
        mimeType: 'text/csv',
        buffer: csv([`,${WANGWU.name},男,${WANGWU.idNumber},院校考生,电子商务,,`]),
      })
      await dialog.getByRole('button', { name: '开始导入' }).click()
      await dialog.getByText('成功 1 条（新增 1 条，更新 0 条），失败 0 条').waitFor()
      await dialog.getByRole('button', { name: '关闭', exact: true }).click()
      await dialog.waitFor({ state: 'hidden' })

      // Both are listed, with the full 身份证号 for the college that keeps them.
      await page.locator('[data-test="search"]').click()
      for (const student of [LISI, WANGWU]) {
        const row = tableRow(page, student.idNumber)
        await row.waitFor()
        const text = await row.innerText()
        assert.ok(text.includes(student.name), `${student.name} 应在列表中：${text}`)
        assert.ok(!text.includes('*'), `列表不应打码：${text}`)
      }
      const lisi = (await tableRow(page, LISI.idNumber).locator('td').allInnerTexts()).map((c) => c.trim())
      assert.ok(lisi.includes('女'), `性别：${lisi.join(' | ')}`)
      assert.ok(lisi.includes('13900001111'), `手机号码：${lisi.join(' | ')}`)
      assert.ok(lisi.includes('2000-01-01'), `出生日期：${lisi.join(' | ')}`)

      await page.screenshot({ path: `${ARTIFACTS}students.png`, fullPage: true })

      // Export: everything the search found, then only the ticked row.
      const exportButton = page.locator('[data-test="export"]')
      await exportButton.getByText(/导出考生信息（全部 \d+ 条）/).waitFor()
      const [all] = await Promise.all([page.waitForEvent('download'), exportButton.click()])
      assert.match(all.suggestedFilename(), /^考生信息_/)
      await tableRow(page, LISI.idNumber).locator('.el-checkbox').first().click()
      await exportButton.getByText('导出考生信息（已勾选 1 条）').waitFor()
      const [checked] = await Promise.all([page.waitForEvent('download'), exportButton.click()])
      assert.match(checked.suggestedFilename(), /^考生信息_/)

      // The import records list both files.
      await page.getByRole('button', { name: '导入记录' }).click()
      const records = page.getByRole('dialog', { name: '考生信息导入记录' })
      await records.locator('.el-table__body tr.el-table__row').filter({ hasText: '考生信息_已改正.csv' }).first().waitFor()
    })
  })

  test('试点院校为考生生成初始密码；考生以考生编号登录，修改密码后只见首页', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('考生管理', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/students')
      const row = tableRow(page, LISI.idNumber)
      await row.waitFor()
      assert.ok((await row.innerText()).includes('未发放初始密码'), await row.innerText())
      await row.locator('[data-test="student-password"]').click()
      await page.getByRole('button', { name: '生成', exact: true }).click()
      const username = await page.locator('[data-test="student-username"]').innerText()
      const password = await page.locator('[data-test="initial-password"]').innerText()
      assert.match(username, /^\d+$/)
      assert.match(password, /^(?=.*[A-Za-z])(?=.*\d).{8,}$/)
      await page.getByRole('button', { name: '我已知晓' }).click()
      await tableRow(page, LISI.idNumber).filter({ hasText: '待首次登录改密' }).waitFor()

      // The student, in a browser of their own.
      await withPage(browser, t, async (student) => {
        await login(student, username, password, { home: false })
        await student.waitForURL('**/change-password')
        await student.getByLabel('原密码', { exact: true }).fill(password)
        await student.getByLabel('新密码', { exact: true }).fill('Kaosheng2024')
        await student.getByLabel('确认新密码', { exact: true }).fill('Kaosheng2024')
        await student.getByRole('button', { name: '确认修改' }).click()
        await student.waitForURL((url) => url.pathname === '/')
        const menu = student.locator('[data-test="side-menu"]')
        await menu.getByText('首页', { exact: true }).waitFor()
        assert.equal(await menu.getByText('考生管理', { exact: true }).count(), 0, '考生不应看到考生管理')
        assert.ok((await student.locator('body').innerText()).includes(LISI.name), '页面显示考生姓名')
      })
    })
  })
})
