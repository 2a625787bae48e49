// Browser test of 周报管理 (seed 6, 6.1; WR-1, WR-3): 北京科技大学 saves this week's report with a
// signed scan, submits, withdraws and submits again (a second 提交周报 is refused in the seed's
// words); 北京教育委员会 returns it with an opinion; the college edits and resubmits; the province
// approves it, reads both reviews under 审核信息 and sees in 提交情况 the college as 审核通过 and
// 北方工业大学 as 未填写.
//
// Runs on the system clock in a fresh demo (scripts/e2e.mjs): the report is for the current week.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { chooseInSelect, launchBrowser, login, tableRow, withPage } from './support.mjs'

const COLLEGE_USER = process.env.KAOWU_COLLEGE_USER ?? 'ustb'
const COLLEGE_PASSWORD = process.env.KAOWU_COLLEGE_PASSWORD ?? ''
const PROVINCE_USER = process.env.KAOWU_PROVINCE_USER ?? 'bjjw'
const PROVINCE_PASSWORD = process.env.KAOWU_PROVINCE_PASSWORD ?? ''

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/** The textarea of an el-input whose data-test lands on the textarea or on its wrapper. */
function textarea(scope, name) {
  return scope.locator(`textarea[data-test="${name}"], [data-test="${name}"] textarea`)
}

async function confirmBox(page, button) {
  await page.locator('.el-message-box').getByRole('button', { name: button }).click()
}

test('a college saves, submits, withdraws and resubmits; the province returns, then approves; the overview shows who reported', async (t) => {
  await withPage(browser, t, async (college) => {
    await login(college, COLLEGE_USER, COLLEGE_PASSWORD)
    await college.locator('[data-test="side-menu"]').getByText('提交周报', { exact: true }).click()
    await college.waitForURL((url) => url.pathname === '/weekly-reports')

    // 提交周报 opens the form for this week with the college's details fixed.
    await college.locator('[data-test="weekly-create"]').click()
    await college.waitForURL((url) => url.pathname === '/weekly-reports/new')
    const periodText = college.locator('[data-test="weekly-form-period"]')
    await periodText.filter({ hasText: /周$/ }).waitFor()
    const period = (await periodText.innerText()).trim()
    assert.match(period, /^\d{4}年\d{2}月 第[一二三四五]周$/)
    const info = college.locator('[data-test="weekly-form-info"]')
    await info.getByText('北京科技大学').waitFor()
    await info.getByText('北京教育委员会').waitFor()
    await textarea(college, 'weekly-progress').fill('完成考场布置，培训考生 120 人')
    await textarea(college, 'weekly-difficulties').fill('机房电脑不足')
    await college.locator('[data-test="weekly-upload-scan"] input[type=file]').setInputFiles({ name: '签名盖章.pdf', mimeType: 'application/pdf', buffer: PDF })
    await college.locator('[data-test="weekly-file-scan"]').filter({ hasText: '签名盖章.pdf' }).waitFor()
    // A program renamed to .pdf is refused by its content.
    await college.locator('[data-test="weekly-upload-other"] input[type=file]').setInputFiles({
      name: '资料.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(64)]),
    })
    await college.locator('.el-message--error').filter({ hasText: '文件「资料.pdf」的内容不是PDF' }).waitFor()
    await college.locator('[data-test="weekly-form-save"]').click()
    await college.waitForURL((url) => url.pathname === '/weekly-reports')
    const row = () => tableRow(college, period)
    await row().locator('.el-tag').filter({ hasText: '未提交' }).waitFor()
    await college.locator('[data-test="weekly-status-draft"]').filter({ hasText: '未提交（1）' }).waitFor()

    // 提交, 撤回, and 提交周报 again is refused (WR-1).
    await row().locator('[data-test="weekly-submit"]').click()
    await row().locator('.el-tag').filter({ hasText: '待审核' }).waitFor()
    await row().locator('[data-test="weekly-withdraw"]').click()
    await confirmBox(college, '撤回')
    await row().locator('.el-tag').filter({ hasText: '未提交' }).waitFor()
    await college.locator('[data-test="weekly-create"]').click()
    await college.locator('.el-message--error').filter({ hasText: '本周周报已提交，请勿重复提交' }).waitFor()
    assert.equal(new URL(college.url()).pathname, '/weekly-reports')
    await row().locator('[data-test="weekly-submit"]').click()
    await row().locator('.el-tag').filter({ hasText: '待审核' }).waitFor()

    await withPage(browser, t, async (province) => {
      await login(province, PROVINCE_USER, PROVINCE_PASSWORD)
      await province.locator('[data-test="side-menu"]').getByText('周报审核', { exact: true }).click()
      await province.waitForURL((url) => url.pathname === '/weekly-reports/review')
      const collegeFilter = province.locator('[data-test="search-form"] .el-form-item').filter({ hasText: /^\s*院校/ }).locator('.el-select')
      await chooseInSelect(province, collegeFilter, '北京科技大学')
      await province.locator('[data-test="search"]').click()
      const review = tableRow(province, '北京科技大学')
      await review.locator('.el-tag').filter({ hasText: '待审核' }).waitFor()
      await review.locator('[data-test="weekly-return"]').click()
      const dialog = province.locator('[data-test="weekly-review-dialog"]')
      await dialog.locator('[data-test="weekly-review-confirm"]').click()
      await province.locator('.el-message--warning').filter({ hasText: '请填写退回意见' }).waitFor()
      await textarea(dialog, 'weekly-review-opinion').fill('请写明各专业考生人数')
      await dialog.locator('[data-test="weekly-review-confirm"]').click()
      await review.locator('.el-tag').filter({ hasText: '审核退回' }).waitFor()

      // The college edits the returned report and submits it from the form.
      await college.reload()
      await row().locator('.el-tag').filter({ hasText: '审核退回' }).waitFor()
      await row().locator('[data-test="weekly-edit"]').click()
      await college.waitForURL(/\/weekly-reports\/\d+\/edit$/)
      await college.locator('[data-test="weekly-return-opinion"]').filter({ hasText: '请写明各专业考生人数' }).waitFor()
      const progress = textarea(college, 'weekly-progress')
      await progress.fill('完成考场布置，电子商务专业 80 人、物流专业 40 人')
      await college.locator('[data-test="weekly-file-scan"]').filter({ hasText: '签名盖章.pdf' }).waitFor()
      await college.locator('[data-test="weekly-form-submit"]').click()
      await college.waitForURL((url) => url.pathname === '/weekly-reports')
      await row().locator('.el-tag').filter({ hasText: '待审核' }).waitFor()

      // The province opens it, reads the attachment's name and approves.
      await province.reload()
      await review.locator('[data-test="weekly-view"]').click()
      await province.waitForURL(/\/weekly-reports\/\d+$/)
      const detail = province.locator('[data-test="weekly-detail"]')
      await detail.getByText('电子商务专业 80 人、物流专业 40 人').waitFor()
      await detail.locator('[data-test="weekly-attachment"]').filter({ hasText: '签名盖章.pdf' }).waitFor()
      const [file] = await Promise.all([
        province.waitForEvent('download'),
        detail.locator('[data-test="weekly-attachment"]').click(),
      ])
      assert.equal(file.suggestedFilename(), '签名盖章.pdf')
      await province.locator('[data-test="weekly-detail-approve"]').click()
      await province.locator('[data-test="weekly-review-confirm"]').click()
      await province.locator('[data-test="weekly-detail-status"]').filter({ hasText: '审核通过' }).waitFor()
      await province.locator('[data-test="weekly-tabs"]').getByText('审核信息').click()
      const reviews = province.locator('[data-test="weekly-reviews"] .el-table__body tr')
      await reviews.nth(1).waitFor()
      assert.match(await reviews.nth(0).innerText(), /北京教育委员会[\s\S]*审核退回[\s\S]*请写明各专业考生人数/)
      assert.match(await reviews.nth(1).innerText(), /北京教育委员会[\s\S]*审核通过/)

      // 提交情况 of this week: 北京科技大学 审核通过, 北方工业大学 未填写.
      await province.locator('[data-test="side-menu"]').getByText('提交情况', { exact: true }).click()
      await province.waitForURL((url) => url.pathname === '/weekly-reports/overview')
      const table = province.locator('[data-test="overview-table"] .el-table__body')
      await table.locator('tr').filter({ hasText: '北京科技大学' }).locator('.el-tag').filter({ hasText: '审核通过' }).waitFor()
      await table.locator('tr').filter({ hasText: '北方工业大学' }).locator('.el-tag').filter({ hasText: '未填写' }).waitFor()
      // Other tests may add colleges to the province: every one of them is counted, and only one reported.
      const colleges = await table.locator('tr').count()
      const counts = await province.locator('[data-test="overview-counts"]').innerText()
      assert.match(counts, new RegExp(`${colleges}\\s*院校总数`))
      assert.match(counts, new RegExp(`${colleges - 1}\\s*未填写`))
      assert.match(counts, /1\s*审核通过/)
      // The chart's bar of this week: one college of them all.
      const percent = `${Math.round(100 / colleges)}%`
      await province.locator('[data-test="overview-chart"] g[data-test^="overview-bar-"]').last().locator('text.value', { hasText: new RegExp(`^${percent}$`) }).waitFor()
    })

    // The college reads both reviews too.
    await college.reload()
    await row().locator('.el-tag').filter({ hasText: '审核通过' }).waitFor()
    await row().locator('[data-test="weekly-view"]').click()
    await college.locator('[data-test="weekly-tabs"]').getByText('审核信息').click()
    await college.locator('[data-test="weekly-reviews"]').getByText('请写明各专业考生人数').waitFor()
    assert.equal(await college.locator('[data-test="weekly-detail-approve"]').count(), 0, 'a college does not review')
  })
})
