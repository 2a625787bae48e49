// Browser test of a large export: with its own server whose --export-direct-rows is 2, exporting
// three candidates runs as a job — the export button shows the job's progress dialog and then
// downloads the workbook — while one ticked candidate still downloads at once.
//
// Run it with the others (node scripts/e2e.mjs web/e2e/exports.test.mjs): it needs the built web
// app (web/dist) and starts the second server itself.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser, withPage } from './support.mjs'
import { startServer } from '../../server/tests/api/support/harness.mjs'

const WEB_DIR = fileURLToPath(new URL('../dist/', import.meta.url))

/** A valid 身份证号 (GB 11643 check digit) for a man born 1990-03-07, numbered `n`. */
function idNumber(n) {
  const body = '11010119900307' + String(n * 2 + 1).padStart(3, '0')
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

let browser, server

describe('大批量导出', () => {
  before(async () => {
    server = await startServer({ webDir: join(WEB_DIR), clock: 'system', args: ['--export-direct-rows', '2'] })
    const college = await server.login('ustb')
    for (let n = 0; n < 3; n++) {
      const res = await college.post('/api/v1/students', { name: `导出考生${n + 1}`, idNumber: idNumber(n), type: '院校考生', major: '电子商务' })
      assert.equal(res.status, 201, res.text)
    }
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('超过直接下载条数的导出转为后台任务：显示进度，完成后下载文件；勾选少量仍直接下载', async (t) => {
    await withPage(browser, t, async (page) => {
      await page.goto(`${server.url}/login`)
      await page.getByLabel('用户名', { exact: true }).fill('ustb')
      await page.getByLabel('密码', { exact: true }).fill(server.passwords.ustb)
      await page.locator('[data-test="login-submit"]').click()
      await page.waitForURL((url) => url.pathname === '/')
      await page.goto(`${server.url}/students`)

      const exportButton = page.locator('[data-test="export"]')
      await exportButton.getByText('导出考生信息（全部 3 条）').waitFor()
      const [all] = await Promise.all([page.waitForEvent('download'), exportButton.click()])
      assert.match(all.suggestedFilename(), /^考生信息_\d{14}\.xlsx$/)
      const dialog = page.getByRole('dialog', { name: '导出考生信息' })
      await dialog.locator('[data-test="job-message"]').getByText(/已完成，文件「考生信息_\d{14}\.xlsx」已开始下载/).waitFor()
      assert.equal(await dialog.locator('[data-test="job-progress"]').getByText('100%').count(), 1)
      await dialog.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click()
      await dialog.waitFor({ state: 'hidden' })

      await page
        .locator('[data-test="list-table"] .el-table__body tr.el-table__row')
        .filter({ hasText: '导出考生2' })
        .first()
        .locator('.el-checkbox')
        .first()
        .click()
      await exportButton.getByText('导出考生信息（已勾选 1 条）').waitFor()
      const [one] = await Promise.all([page.waitForEvent('download'), exportButton.click()])
      assert.match(one.suggestedFilename(), /^考生信息_\d{14}\.xlsx$/)
      assert.equal(await dialog.isVisible(), false, 'a direct export opens no job dialog')
    })
  })
})
