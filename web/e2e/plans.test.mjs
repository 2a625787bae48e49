// Browser tests of 考试计划: an organisation sets up a plan with the wizard and publishes it; the
// college taking part sees it while registration is open, another college does not.
//
//   KAOWU_URL=... KAOWU_ORG_USER=zhonglian KAOWU_ORG_PASSWORD=... KAOWU_COLLEGE_USER=ustb
//   KAOWU_COLLEGE_PASSWORD=... KAOWU_OTHER_COLLEGE_USER=ncut KAOWU_OTHER_COLLEGE_PASSWORD=... node --test e2e/
//
// The server must serve the built web app with the demo data and the system clock (scripts/e2e.mjs
// starts one so): the plan's windows are set relative to today.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiAs, launchBrowser, login, tableRow, withPage, chinaDay } from './support.mjs'

const ORG_USER = process.env.KAOWU_ORG_USER ?? 'zhonglian'
const ORG_PASSWORD = process.env.KAOWU_ORG_PASSWORD ?? ''
const COLLEGE_USER = process.env.KAOWU_COLLEGE_USER ?? 'ustb'
const COLLEGE_PASSWORD = process.env.KAOWU_COLLEGE_PASSWORD ?? ''
const OTHER_COLLEGE_USER = process.env.KAOWU_OTHER_COLLEGE_USER ?? 'ncut'
const OTHER_COLLEGE_PASSWORD = process.env.KAOWU_OTHER_COLLEGE_PASSWORD ?? ''
const COLLEGE_NAME = '北京科技大学'

// Unique to this run, so the suite can run again on the same database.
const CODE = `6${String(Date.now()).slice(-7)}`
const CERT_NAME = `跨境电商运营${CODE.slice(-4)}`
const PLAN_NAME = `考试计划${CODE.slice(-6)}`

const windows = {
  报考开始时间: chinaDay(0, '00:00'),
  报考结束时间: chinaDay(10, '18:00'),
  排考开始时间: chinaDay(5),
  排考结束时间: chinaDay(15, '18:00'),
  成绩登记开始时间: chinaDay(19),
  成绩登记结束时间: chinaDay(25, '18:00'),
  公示开始时间: chinaDay(26),
  公示结束时间: chinaDay(35, '18:00'),
}
const slots = [
  { name: '跨境电商运营理论', start: chinaDay(18, '09:00'), end: chinaDay(18, '10:30') },
  { name: '跨境电商运营实操', start: chinaDay(18, '14:00'), end: chinaDay(18, '16:00') },
]

let browser

describe('考试计划', () => {
  before(async () => {
    // The organisation's certificate, and the college's site application that makes the college
    // one the organisation can invite.
    const org = await apiAs(ORG_USER, ORG_PASSWORD)
    const certificate = await org.send('POST', '/api/v1/certificates', {
      code: CODE,
      name: CERT_NAME,
      description: '',
      passCondition: 'all_subjects',
      levels: [
        {
          level: '初级',
          fee: '260.00',
          subjects: [
            { code: `${CODE}101`, name: slots[0].name, mode: '机考', durationMinutes: 90, fullMark: 100, passMark: 60, fee: '0.00' },
            { code: `${CODE}102`, name: slots[1].name, mode: '实操', durationMinutes: 120, fullMark: 100, passMark: 60, fee: '0.00' },
          ],
        },
      ],
      majors: [{ name: '电子商务', code: '530701' }],
    })
    const college = await apiAs(COLLEGE_USER, COLLEGE_PASSWORD)
    await college.send('POST', '/api/v1/sites', { certificateId: certificate.id, region: '北京市海淀区', address: '学院路30号' })
    await org.dispose()
    await college.dispose()

    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
  })

  test('培训评价组织用向导新增考试计划并发布，列表显示阶段为报考中', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, ORG_USER, ORG_PASSWORD)
      await openPlans(page)
      await page.locator('[data-test="plan-create"]').click()
      await page.waitForURL('**/plans/new')

      // 基本信息
      const basics = page.locator('[data-test="step-basics"]')
      await basics.getByLabel('计划名称', { exact: true }).fill(PLAN_NAME)
      await basics.getByLabel('考试须知', { exact: true }).fill('考生须携带身份证和准考证，提前 30 分钟到达考场。')
      await next(page)

      // 证书等级与科目时段: nothing ticked yet is caught before going on.
      const levels = page.locator('[data-test="step-levels"]')
      await levels.waitFor()
      await next(page)
      await page.locator('.el-message--error').filter({ hasText: '请至少选择一个证书等级' }).waitFor()
      await levels.locator(`[data-test="plan-level-${CODE}-初级"]`).click()
      for (const slot of slots) {
        await typeDateTime(levels.getByLabel(`${slot.name}开始时间`, { exact: true }), slot.start)
      }
      // The end follows from the subject's duration.
      assert.equal(await levels.getByLabel(`${slots[0].name}结束时间`, { exact: true }).inputValue(), slots[0].end)
      assert.equal(await levels.getByLabel(`${slots[1].name}结束时间`, { exact: true }).inputValue(), slots[1].end)
      await next(page)

      // 时间窗口: the suggestion is replaced with the windows of this test.
      const windowStep = page.locator('[data-test="step-windows"]')
      await windowStep.waitFor()
      for (const [label, value] of Object.entries(windows)) {
        await typeDateTime(windowStep.getByLabel(label, { exact: true }), value)
      }
      await next(page)

      // 参考院校
      const collegeStep = page.locator('[data-test="step-colleges"]')
      await collegeStep.waitFor()
      // 15.10: hundreds of colleges: filter by name (and province), tick, 加入; the count shows.
      const picker = collegeStep.locator('[data-test="college-picker"]')
      const available = picker.locator('.el-transfer-panel').first()
      await available.getByPlaceholder('输入院校名称搜索').fill(COLLEGE_NAME)
      await available.locator('.el-transfer-panel__item').filter({ hasText: COLLEGE_NAME }).first().click()
      await picker.getByRole('button', { name: '加入' }).click()
      await picker.getByText('已选 1 所院校').waitFor()
      await next(page)

      // 确认
      const review = page.locator('[data-test="step-review"]')
      await review.waitFor()
      const summary = await review.innerText()
      assert.ok(summary.includes(PLAN_NAME))
      assert.ok(summary.includes(`${CERT_NAME}(初级)`))
      assert.ok(summary.includes(COLLEGE_NAME))
      assert.ok(summary.includes(`${windows.报考开始时间} ~ ${windows.报考结束时间}`))
      assert.ok(summary.includes(`${slots[1].start} ~ ${slots[1].end}`))

      await page.locator('[data-test="plan-save-publish"]').click()
      await page.locator('.el-message--success').filter({ hasText: '考试计划已发布' }).waitFor()
      await page.waitForURL((url) => url.pathname === '/plans')

      const row = tableRow(page, PLAN_NAME)
      await row.waitFor()
      const text = await row.innerText()
      assert.match(text, /报考中/)
      assert.ok(text.includes(`${CERT_NAME}(初级)`))
      assert.ok(text.includes(windows.报考开始时间) && text.includes(`~ ${windows.报考结束时间}`), '应显示报考时间')
      assert.ok(text.includes(slots[0].start), '首场考试应为第一个科目的开始时间')
      assert.equal(await row.locator('[data-test="plan-publish"]').count(), 0, '已发布的计划不再有「发布」')
      assert.equal(await row.locator('[data-test="plan-edit"]').count(), 1)
    })
  })

  test('参考院校在列表中看到已发布的计划并查看详情，未参加的院校看不到', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await openPlans(page)
      const row = tableRow(page, PLAN_NAME)
      await row.waitFor()
      assert.match(await row.locator('[data-test="plan-phase"]').innerText(), /报考中/)
      assert.equal(await page.locator('[data-test="plan-create"]').count(), 0, '院校不应看到「新增考试计划」')
      assert.equal(await row.locator('[data-test="plan-edit"]').count(), 0, '院校不应看到「编辑」')

      await row.locator('[data-test="plan-view"]').click()
      const drawer = page.getByRole('dialog', { name: PLAN_NAME })
      await drawer.waitFor()
      const subjects = await drawer.locator('[data-test="plan-subjects"]').innerText()
      assert.ok(subjects.includes(`${CODE}102`))
      assert.ok(subjects.includes(`${slots[1].start}-${slots[1].end.slice(11)}`))
      assert.ok((await drawer.locator('[data-test="plan-colleges"]').innerText()).includes(COLLEGE_NAME))
      assert.ok((await drawer.innerText()).includes('考生须携带身份证和准考证'))
    })

    await withPage(browser, t, async (page) => {
      await login(page, OTHER_COLLEGE_USER, OTHER_COLLEGE_PASSWORD)
      await openPlans(page)
      await page.getByLabel('计划名称', { exact: true }).fill(PLAN_NAME)
      await page.locator('[data-test="search"]').click()
      await page.locator('[data-test="list-table"]').getByText('暂无数据').waitFor()
      assert.equal(await tableRow(page, PLAN_NAME).count(), 0, '未参加的院校不应看到该计划')
    })
  })
})

async function openPlans(page) {
  await page.locator('[data-test="side-menu"]').getByText('考试计划', { exact: true }).click()
  await page.waitForURL((url) => url.pathname === '/plans')
}

async function next(page) {
  await page.locator('[data-test="step-next"]').click()
}

/** Types into a date-time picker as a user would and confirms with Enter. */
async function typeDateTime(input, value) {
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await input.page().keyboard.press('Escape')
  assert.equal(await input.inputValue(), value)
}
