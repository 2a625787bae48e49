// Browser test of 科目成绩 and 考证结果: the organisation imports a subject's scores with one bad row
// and amends a score during the 公示期 with a reason; the college exports 科目成绩; after the lock
// the organisation signs a passed result, the site's college confirms it; the student reads the own
// scores and downloads the electronic certificate.
//
// The business clock must move (成绩登记, 公示期, the lock), so this test runs its own server with
// a settable clock; the plan and its arrangement are made through the API.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer, sheetRows } from '../../server/tests/api/support/harness.mjs'
import { arrangedPlan, clients } from '../../server/tests/api/support/exam_plan.mjs'
import { ARTIFACTS, TIMEOUT, launchBrowser, tableRow } from './support.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
let server, browser, fx, admin, student

async function at(now) {
  const c = await clients(server, admin, now)
  admin = c.admin
  return c
}

async function withPage(t, body) {
  const context = await browser.newContext({
    baseURL: server.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 }, acceptDownloads: true,
  })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  try {
    await body(page)
  } catch (error) {
    const file = `${ARTIFACTS}${t.name.replace(/[^\p{L}\p{N}]+/gu, '_').slice(0, 60)}.png`
    await page.screenshot({ path: file, fullPage: true }).catch(() => {})
    t.diagnostic(`screenshot: ${file}`)
    throw error
  } finally {
    await context.close()
  }
}

async function signIn(page, username, password) {
  await page.goto('/login')
  await page.getByLabel('用户名', { exact: true }).fill(username)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.locator('[data-test="login-submit"]').click()
  await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/change-password')
}

async function saved(download) {
  const dir = mkdtempSync(join(tmpdir(), 'kaowu-e2e-'))
  const file = join(dir, download.suggestedFilename())
  await download.saveAs(file)
  const bytes = readFileSync(file)
  rmSync(dir, { recursive: true, force: true })
  return bytes
}

describe('科目成绩与考证结果', () => {
  before(async () => {
    server = await startServer({ webDir: join(root, 'web/dist') })
    admin = await server.login('admin')
    fx = await arrangedPlan(server, admin)
    const c = await at('2021-09-19 09:00:00')
    student = fx.students[0]
    student.password = (await c.ustb.post(`/api/v1/students/${student.id}/initial-password`, {})).json.password
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  test('the organisation imports the theory scores, one row refused with its reason', async (t) => {
    const c = await at('2021-09-19 09:00:00')
    const rows = sheetRows((await c.org.get(`/api/v1/scores/template?planId=${fx.plan.id}&subjectId=${fx.cert.levels[0].subjects[0].id}`)).buffer)
    const marks = ['86', '92', '', '55', '120']
    const csv = [rows[0].map((h) => h.replace(/^\*/, '')).join(','),
      ...rows.slice(1).map((r, i) => [...r.slice(0, 5), marks[i], marks[i] ? '否' : '是'].join(','))].join('\r\n')
    await withPage(t, async (page) => {
      await signIn(page, 'zhonglian', server.passwords.zhonglian)
      await page.goto('/scores')
      await page.locator('[data-test="score-entry"]').getByText('成绩登记中').waitFor()
      await page.locator('[data-test="score-import"]').click()
      const dialog = page.locator('[data-test="import-dialog"]')
      await dialog.locator('input[type=file]').setInputFiles({ name: '理论成绩.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
      await dialog.locator('[data-test="import-start"]').click()
      await dialog.locator('[data-test="import-result"]').getByText('失败 1 条').waitFor()
      assert.match(await dialog.locator('[data-test="import-result"]').innerText(), /成功 4 条/)
    })
    // The practical subject by API: everyone sits it, 北科考生3 is absent from both.
    for (const r of (await c.org.get(`/api/v1/scores?pageSize=100&planId=${fx.plan.id}&subjectId=${fx.cert.levels[0].subjects[1].id}`)).json.items) {
      const body = r.studentName === '北科考生3' ? { absent: true } : { score: '40' }
      assert.equal((await c.org.put(`/api/v1/scores/${r.id}`, body)).status, 200)
    }
    const fifth = (await c.org.get(`/api/v1/scores?pageSize=100&planId=${fx.plan.id}&state=missing`)).json.items
    assert.equal(fifth.length, 1, 'the refused row is still missing')
    assert.equal((await c.org.put(`/api/v1/scores/${fifth[0].id}`, { score: '61' })).status, 200)
  })

  test('during the 公示期 the organisation amends a score with a reason; the college sees the record and exports', async (t) => {
    await at('2021-09-27 10:00:00')
    await withPage(t, async (page) => {
      await signIn(page, 'zhonglian', server.passwords.zhonglian)
      await page.goto('/scores')
      const row = tableRow(page, '北工考生4')
      await row.waitFor()
      await row.locator('[data-test="score-edit"]').first().click()
      await page.getByPlaceholder('0 到满分，最多一位小数').fill('60')
      await page.getByRole('button', { name: '保存' }).click()
      await page.locator('.el-message').getByText('公示期内修改成绩须填写修改原因').waitFor()
      await page.getByPlaceholder('公示期内修改成绩须填写原因').fill('复核后加 5 分')
      await page.getByRole('button', { name: '保存' }).click()
      await page.getByText('成绩已修改').waitFor()
    })
    await withPage(t, async (page) => {
      await signIn(page, 'ncut', server.passwords.ncut)
      await page.goto('/scores')
      const row = tableRow(page, '北工考生4')
      await row.getByText('公示中').first().waitFor()
      await row.getByRole('button', { name: '查看' }).click()
      const record = page.locator('[data-test="amendments"]')
      await record.getByText('复核后加 5 分').waitFor()
      assert.match(await record.innerText(), /55[\s\S]*60/)
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Escape').then(() => page.locator('[data-test="export"]').click())])
      assert.match(download.suggestedFilename(), /科目成绩/)
      const cells = sheetRows(await saved(download))
      assert.equal(cells[0].length, 17)
      assert.deepEqual(cells[0].slice(-3), ['成绩', '是否缺考', '成绩状态'])
      assert.equal(cells.length, 5, '北工 has two candidates with two subjects')
      assert.ok(cells.slice(1).some((r) => r[1] === '北工考生4' && r[14] === '60' && r[16] === '公示中'))
    })
  })

  test('after the lock the organisation signs, the site confirms, the student downloads the certificate', async (t) => {
    await at('2021-10-06 10:00:00')
    await withPage(t, async (page) => {
      await signIn(page, 'zhonglian', server.passwords.zhonglian)
      await page.goto('/results')
      const row = tableRow(page, '北科考生1')
      await row.getByText('已通过').waitFor()
      await row.locator('.el-checkbox').click()
      await page.locator('[data-test="results-sign"]').click()
      await page.getByText('已签发 1 个证书').waitFor()
      await row.getByText('待站点确认').waitFor()
    })
    await withPage(t, async (page) => {
      await signIn(page, 'ustb', server.passwords.ustb)
      await page.goto('/results')
      // 北科 runs an approved 考核站点: it has certificates to confirm, one by one or in a batch.
      await page.locator('[data-test="results-confirm"]').waitFor()
      const row = tableRow(page, '北科考生1')
      await row.locator('[data-test="result-view"]').click()
      await page.locator('[data-test="result-confirm"]').click()
      await page.getByText('已确认发证 1 个证书').waitFor()
      await page.locator('[data-test="certificate-no"]').waitFor()
      assert.match(await page.locator('[data-test="certificate-no"]').innerText(), /^\d{18}$/)
    })
    await withPage(t, async (page) => {
      await signIn(page, student.studentNo, student.password)
      await page.waitForURL('**/change-password')
      await page.getByLabel('原密码', { exact: true }).fill(student.password)
      await page.getByLabel('新密码', { exact: true }).fill('Student2021')
      await page.getByLabel('确认新密码', { exact: true }).fill('Student2021')
      await page.getByRole('button', { name: /确认修改|修改密码/ }).click()
      await page.waitForURL((url) => url.pathname === '/')
      await page.goto('/my/scores')
      const scores = page.locator('[data-test="my-scores"]')
      await scores.getByText('86').waitFor()
      assert.match(await scores.innerText(), /已锁定/)
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="my-certificate"]').click()])
      assert.match(download.suggestedFilename(), /电子证书\.pdf$/)
      const dir = mkdtempSync(join(tmpdir(), 'kaowu-e2e-'))
      const file = join(dir, 'c.pdf')
      writeFileSync(file, await saved(download))
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString()
      rmSync(dir, { recursive: true, force: true })
      assert.match(text, /北科考生1/)
      assert.match(text, /证书编号/)
    })
  })
})
