// Browser test of 排考管理: the organisation arranges a plan inside its 排考 window and reads the
// result; the college sees 已排完 in 考核站点编排, its room in 考场编排 with the candidates in seat
// order, and every seat in 排考明细; a student sees the own exam with room, seat and 准考证号.
//
// Data (certificate, plan, site, room, registrations) is made through the API; the clicks that
// matter are the user's.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apiAs, chinaDay, chooseInSelect, launchBrowser, login, tableRow, withCheckDigit, withPage } from './support.mjs'

const ORG_USER = process.env.KAOWU_ORG_USER ?? 'zhonglian'
const ORG_PASSWORD = process.env.KAOWU_ORG_PASSWORD ?? ''
const COLLEGE_USER = process.env.KAOWU_COLLEGE_USER ?? 'ustb'
const COLLEGE_PASSWORD = process.env.KAOWU_COLLEGE_PASSWORD ?? ''

const RUN = String(Date.now()).slice(-6)
const CODE = `8${RUN}1`
const CERT_NAME = `工业机器人${RUN}职业技能等级证书`
const PLAN_NAME = `工业机器人${RUN}排考演练`
const STUDENTS = [0, 1, 2].map((k) => ({
  name: `排考${['甲', '乙', '丙'][k]}${RUN}`,
  idNumber: withCheckDigit(`110108${1992 + k}0${1 + (Number(RUN) % 9)}${10 + (Number(RUN.slice(-2)) % 18)}${String(Number(RUN.slice(-3)) % 1000).padStart(3, '0')}`),
}))

let browser
let student

describe('排考管理', () => {
  before(async () => {
    const org = await apiAs(ORG_USER, ORG_PASSWORD)
    const cert = await org.send('POST', '/api/v1/certificates', {
      code: CODE, name: CERT_NAME,
      levels: [{ level: '初级', subjects: [
        { code: `${CODE}101`, name: `工业机器人${RUN}(理论)`, mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 },
        { code: `${CODE}102`, name: `工业机器人${RUN}(实操)`, mode: '实操', durationMinutes: 60, fullMark: 100, passMark: 60 },
      ] }],
      majors: ['电子商务'],
    })
    const ustb = (await org.send('GET', '/api/v1/colleges?page=1&pageSize=100')).items.find((c) => c.name === '北京科技大学')
    const plan = await org.send('POST', '/api/v1/plans', {
      name: PLAN_NAME, mode: 'certificate',
      windows: {
        registrationStart: chinaDay(-2, '00:00'), registrationEnd: chinaDay(5, '18:00'),
        arrangingStart: chinaDay(-1, '00:00'), arrangingEnd: chinaDay(7, '18:00'),
        scoreStart: chinaDay(10, '00:00'), scoreEnd: chinaDay(15, '18:00'),
        publicityStart: chinaDay(16, '00:00'), publicityEnd: chinaDay(20, '18:00'),
      },
      levelIds: [cert.levels[0].id],
      subjects: [
        { subjectId: cert.levels[0].subjects[0].id, start: chinaDay(9, '08:00'), end: chinaDay(9, '09:00') },
        { subjectId: cert.levels[0].subjects[1].id, start: chinaDay(9, '10:00'), end: chinaDay(9, '11:00') },
      ],
      collegeIds: [ustb.id],
    })
    await org.send('POST', `/api/v1/plans/${plan.id}/publish`, {})
    const college = await apiAs(COLLEGE_USER, COLLEGE_PASSWORD)
    const site = await college.send('POST', '/api/v1/sites', { certificateId: cert.id, region: '北京市北京市海淀区', address: '学院路30号' })
    await org.send('POST', `/api/v1/sites/${site.id}/approve`, {})
    await college.send('POST', '/api/v1/rooms', {
      planId: plan.id, siteId: site.id, certificateId: cert.id, name: `机房${RUN}`, types: ['机考', '实操'], seats: 30,
      region: '北京市北京市海淀区', address: '教学楼',
    })
    for (const s of STUDENTS) {
      const made = await college.send('POST', '/api/v1/students', { name: s.name, idNumber: s.idNumber, type: '院校考生', major: '电子商务' })
      await college.send('POST', '/api/v1/registrations', { planId: plan.id, studentId: made.id, levelId: cert.levels[0].id })
      s.id = made.id
    }
    student = await college.send('POST', `/api/v1/students/${STUDENTS[0].id}/initial-password`, {})
    await college.dispose()
    await org.dispose()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
  })

  test('培训评价组织开始排考，查看排考结果', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, ORG_USER, ORG_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('排考管理', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/arranging')
      await chooseInSelect(page, page.locator('[data-test="search-form"] .el-select').first(), PLAN_NAME)
      await page.locator('[data-test="search-form"]').getByRole('button', { name: '查询' }).click()
      await tableRow(page, `工业机器人${RUN}(理论)`).getByText('未排考').waitFor()
      await page.locator('[data-test="arrange-plan"]').click()
      await page.getByRole('dialog', { name: '开始排考' }).getByRole('button', { name: '开始排考' }).click()
      const summary = page.locator('[data-test="run-summary"]')
      await summary.waitFor()
      assert.match(await summary.innerText(), /本次排入\s*6/)
      assert.match(await summary.innerText(), /未能排考\s*0/)
      await page.keyboard.press('Escape')

      // A manual move before the exam: the third candidate of the first slot to seat 20.
      await page.locator('[data-test="side-menu"]').getByText('考场编排', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/room-slots')
      await tableRow(page, `机房${RUN}`).locator('[data-test="room-slot-view"]').click()
      const seats = page.locator('[data-test="room-slot-seats"] .el-table__body tr')
      await seats.first().waitFor()
      await seats.nth(2).locator('[data-test="seat-move"]').click()
      const move = page.locator('[data-test="move-dialog"]')
      await move.locator('.el-input-number input').fill('20')
      await move.locator('[data-test="move-submit"]').click()
      await page.locator('.el-message--success').filter({ hasText: '已调整考场座位' }).waitFor()
      await page.locator('[data-test="room-slot-seats"] .el-table__body tr td:first-child').filter({ hasText: '20' }).waitFor()
    })
  })

  test('试点院校看到已排完、考场编排与排考明细', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      const menu = page.locator('[data-test="side-menu"]')
      assert.equal(await menu.getByText('排考管理', { exact: true }).count(), 0, '院校不排考')
      await menu.getByText('考核站点编排', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/arrangement-subjects')
      await tableRow(page, `工业机器人${RUN}(理论)`).getByText('已排完').waitFor()
      await tableRow(page, `工业机器人${RUN}(实操)`).getByText('已排完').waitFor()

      await menu.getByText('考场编排', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/room-slots')
      const row = tableRow(page, `机房${RUN}`)
      await row.waitFor()
      await row.locator('[data-test="room-slot-view"]').click()
      const seats = page.locator('[data-test="room-slot-seats"] .el-table__body tr')
      await seats.first().waitFor()
      assert.equal(await seats.count(), 3)
      const order = (await page.locator('[data-test="room-slot-seats"] .el-table__body tr td:first-child').allInnerTexts()).map((s) => Number(s.trim()))
      assert.deepEqual(order, [...order].sort((a, b) => a - b), 'in seat order')
      await page.keyboard.press('Escape')

      await page.locator('[data-test="room-slots-export"]').click()
      const dialog = page.locator('[data-test="room-slots-export-dialog"]')
      await dialog.getByText(/根据列表中的查询条件，共查询出\d+条数据/).waitFor()
      await dialog.getByText('注：您可以点击导出按钮，批量导出这些数据').waitFor()
      const [download] = await Promise.all([page.waitForEvent('download'), dialog.locator('[data-test="export-now"]').click()])
      assert.match(download.suggestedFilename(), /考场编排记录/)

      // The room's door poster and its tickets, as files.
      const [poster] = await Promise.all([page.waitForEvent('download'), row.locator('[data-test="door-poster"]').click()])
      assert.match(poster.suggestedFilename(), new RegExp(`^考场门贴_机房${RUN}_\\d{8}\\.xlsx$`))
      for (const [item, name] of [['desk-stickers', '考场桌贴'], ['sign-in-sheet', '考场签到表']]) {
        await row.locator('[data-test="room-slot-documents"]').click()
        const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-test="${item}"]:visible`).click()])
        assert.match(file.suggestedFilename(), new RegExp(`^${name}_机房${RUN}_\\d{8}\\.xlsx$`))
      }
      await row.locator('[data-test="room-slot-documents"]').click()
      const [tickets] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="tickets-zip"]:visible').click()])
      assert.match(tickets.suggestedFilename(), /^准考证_.*\.zip$/)

      await menu.getByText('排考明细', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/arrangements')
      const detail = tableRow(page, STUDENTS[1].name)
      await detail.waitFor()
      assert.match(await detail.innerText(), /\d{25}/)
      assert.match(await detail.innerText(), new RegExp(`机房${RUN}`))
    })
  })

  test('考生登录后在我的考试看到考场、座位与准考证号', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, student.username, student.password, { home: false })
      await page.waitForURL('**/change-password')
      await page.getByLabel('原密码', { exact: true }).fill(student.password)
      await page.getByLabel('新密码', { exact: true }).fill('Student2026')
      await page.getByLabel('确认新密码', { exact: true }).fill('Student2026')
      await page.getByRole('button', { name: '确认修改' }).click()
      await page.waitForURL((url) => url.pathname === '/')
      await page.locator('[data-test="side-menu"]').getByText('我的考试', { exact: true }).click()
      const rows = page.locator('[data-test="my-exams"] .el-table__body tr')
      await rows.first().waitFor()
      assert.equal(await rows.count(), 2)
      const text = await rows.first().innerText()
      assert.match(text, /待考试/)
      assert.match(text, /\d{25}/)
      assert.match(text, new RegExp(`机房${RUN}`))

      // The own ticket; its QR code opens the public check page.
      const [ticket] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="own-ticket"]').first().click()])
      assert.match(ticket.suggestedFilename(), new RegExp(`^${STUDENTS[0].name}\\(\\d{25}\\)-${CERT_NAME}准考证\\.pdf$`))
      const dir = mkdtempSync(join(tmpdir(), 'kaowu-e2e-ticket-'))
      try {
        const pdf = join(dir, 'ticket.pdf')
        await ticket.saveAs(pdf)
        execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', pdf, join(dir, 'page')])
        const png = readdirSync(dir).find((f) => f.endsWith('.png'))
        const url = execFileSync('zbarimg', ['--quiet', '--raw', join(dir, png)]).toString().trim()
        await page.goto(url)
        await page.locator('[data-test="verify-result"]').getByText('准考证有效').waitFor()
        assert.match(await page.locator('[data-test="verify-page"]').innerText(), new RegExp(`机房${RUN}`))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })
})
