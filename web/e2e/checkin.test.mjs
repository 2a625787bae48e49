// Browser test of exam-day check-in: an invigilator who is also a teacher opens the room's
// check-in page on a phone (390×844), checks two candidates in by their 准考证号, and the room's
// 考场签到表 then shows 实考 2.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { request } from 'playwright-core'
import { ARTIFACTS, BASE_URL, TIMEOUT, apiAs, launchBrowser, login, withCheckDigit } from './support.mjs'
import { sheetRows } from '../../server/tests/api/support/harness.mjs'

const ADMIN = { user: process.env.KAOWU_ADMIN_USER ?? 'admin', password: process.env.KAOWU_ADMIN_PASSWORD ?? '' }
const ORG = { user: process.env.KAOWU_ORG_USER ?? 'zhonglian', password: process.env.KAOWU_ORG_PASSWORD ?? '' }
const COLLEGE = { user: process.env.KAOWU_COLLEGE_USER ?? 'ustb', password: process.env.KAOWU_COLLEGE_PASSWORD ?? '' }

const RUN = String(Date.now() % 1e4).padStart(4, '0')
const CODE = `6${RUN}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
const PLAN_NAME = `签到测试计划${RUN}`
const TEACHER_PHONE = `1360${RUN}001`

/** 'YYYY-MM-DD HH:mm' in China time, `minutes` from now. */
function chinaMinute(minutes) {
  return new Date(Date.now() + 8 * 3600_000 + minutes * 60_000).toISOString().slice(0, 16).replace('T', ' ')
}

let browser, roomSlotId, teacherPassword

describe('考场签到', () => {
  before(async () => {
    // A plan whose exam starts in 20 minutes (check-in opens 30 minutes before), arranged now.
    const org = await apiAs(ORG.user, ORG.password)
    const college = await apiAs(COLLEGE.user, COLLEGE.password)
    const admin = await apiAs(ADMIN.user, ADMIN.password)
    const cert = await org.send('POST', '/api/v1/certificates', {
      code: CODE, name: `签到测试证书${RUN}`,
      levels: [{ level: '初级', subjects: [{ code: `${CODE}101`, name: `签到测试${RUN}(理论)`, mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 }] }],
      majors: ['电子商务'],
    })
    const ustb = (await org.send('GET', '/api/v1/colleges?page=1&pageSize=100')).items.find((c) => c.name === '北京科技大学')
    const plan = await org.send('POST', '/api/v1/plans', {
      name: PLAN_NAME, mode: 'certificate',
      windows: {
        registrationStart: chinaMinute(-1440), registrationEnd: chinaMinute(8),
        arrangingStart: chinaMinute(-1440), arrangingEnd: chinaMinute(10),
        scoreStart: chinaMinute(1440), scoreEnd: chinaMinute(2880),
        publicityStart: chinaMinute(2880), publicityEnd: chinaMinute(4320),
      },
      levelIds: [cert.levels[0].id],
      subjects: [{ subjectId: cert.levels[0].subjects[0].id, start: chinaMinute(20), end: chinaMinute(80) }],
      collegeIds: [ustb.id],
    })
    await org.send('POST', `/api/v1/plans/${plan.id}/publish`, {})
    const site = await college.send('POST', '/api/v1/sites', { certificateId: cert.id, region: '北京市北京市海淀区', address: '学院路30号' })
    await org.send('POST', `/api/v1/sites/${site.id}/approve`, {})
    await college.send('POST', '/api/v1/rooms', {
      planId: plan.id, siteId: site.id, certificateId: cert.id, name: `签到机房${RUN}`, types: ['机考'], seats: 10,
      region: '北京市北京市海淀区', address: '教学楼',
    })
    for (const i of [1, 2, 3]) {
      const made = await college.send('POST', '/api/v1/students', {
        name: `签到考生${RUN}${i}`, idNumber: withCheckDigit(`11010520010101${RUN.slice(-2)}${i}`), type: '院校考生', major: '电子商务',
      })
      await college.send('POST', '/api/v1/registrations', { planId: plan.id, studentId: made.id, levelId: cert.levels[0].id })
    }
    const staff = []
    for (const [i, kind] of [[1, '监考老师'], [2, '监考老师'], [3, '巡考老师']]) {
      const person = await college.send('POST', '/api/v1/invigilators', {
        kind, name: `签到监考${RUN}${i}`, idNumber: withCheckDigit(`11010819800101${RUN.slice(-2)}${i}`), phone: `1860${RUN}00${i}`,
        region: '北京市北京市海淀区', levelIds: [cert.levels[0].id],
      })
      const sent = await college.send('POST', `/api/v1/invigilators/${person.id}/submit`, { version: person.version })
      await org.send('POST', '/api/v1/invigilators/review', { ids: sent.certificates.map((c) => c.id), decision: 'certify' })
      staff.push(person)
    }
    const run = await org.send('POST', '/api/v1/arrangement-runs', { planId: plan.id })
    for (let state = ''; state !== 'succeeded';) {
      state = (await org.send('GET', `/api/v1/jobs/${run.job.id}`)).state
      assert.notEqual(state, 'failed')
      await new Promise((r) => setTimeout(r, 200))
    }
    // The first 监考 is also a teacher of the college, with an account sent by SMS.
    await college.send('POST', '/api/v1/teachers', { name: staff[0].name, idNumber: staff[0].idNumber, department: '机械工程学院', phone: TEACHER_PHONE })
    for (let i = 0; !teacherPassword && i < 100; i++) {
      const text = (await admin.send('GET', `/api/v1/sms-messages?phone=${TEACHER_PHONE}`)).items[0]?.text ?? ''
      teacherPassword = /初始密码为([^，]+)，/.exec(text)?.[1]
      if (!teacherPassword) await new Promise((r) => setTimeout(r, 100))
    }
    assert.ok(teacherPassword, 'the account SMS is in the outbox')
    roomSlotId = (await college.send('GET', `/api/v1/room-slots?planId=${plan.id}`)).items[0].id
    for (const api of [org, college, admin]) await api.dispose()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
  })

  test('监考老师在手机上输入两位考生的准考证号签到，签到表显示实考 2 人', async (t) => {
    const context = await browser.newContext({
      baseURL: BASE_URL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
    })
    const page = await context.newPage()
    page.setDefaultTimeout(TIMEOUT)
    try {
      await login(page, TEACHER_PHONE, teacherPassword, { home: false })
      await page.waitForURL('**/change-password')
      await page.getByLabel('原密码', { exact: true }).fill(teacherPassword)
      await page.getByLabel('新密码', { exact: true }).fill('Teacher2026')
      await page.getByLabel('确认新密码', { exact: true }).fill('Teacher2026')
      await page.getByRole('button', { name: '确认修改' }).click()
      await page.waitForURL((url) => url.pathname === '/')

      // From the portal's duty to the room's check-in page.
      await page.goto('/my/teacher')
      await page.locator('[data-test="own-duty-checkin"]').click()
      await page.waitForURL((url) => url.pathname === `/checkin/${roomSlotId}`)
      await page.locator('[data-test="checkin-room"]').getByText(`签到机房${RUN}`).waitFor()
      assert.equal(await page.locator('[data-test="checkin-present"]').innerText(), '0')
      const tickets = await page.locator('[data-test="checkin-list"] li small').allInnerTexts()
      assert.equal(tickets.length, 3)
      // The page fits the phone: nothing wider than the screen.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling on a phone')

      for (const [n, ticket] of tickets.slice(0, 2).entries()) {
        await page.locator('[data-test="checkin-code"]').fill(ticket)
        await page.locator('[data-test="checkin-submit"]').click()
        await page.locator('[data-test="checkin-result"]').getByText('签到成功').waitFor()
        await page.locator('[data-test="checkin-present"]').getByText(String(n + 1), { exact: true }).waitFor()
      }
      assert.match(await page.locator('[data-test="checkin-counts"]').innerText(), /应考\s*3\s*实考\s*2\s*缺考\s*1/)
      mkdirSync(ARTIFACTS, { recursive: true })
      await page.screenshot({ path: `${ARTIFACTS}checkin-390x844.png`, fullPage: true })
    } catch (error) {
      mkdirSync(ARTIFACTS, { recursive: true })
      await page.screenshot({ path: `${ARTIFACTS}checkin-failure.png`, fullPage: true }).catch(() => {})
      t.diagnostic(`screenshot: ${ARTIFACTS}checkin-failure.png`)
      throw error
    } finally {
      await context.close()
    }

    // The college's 考场签到表 of the room counts them.
    const college = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'X-Requested-With': 'kaowu' } })
    await college.post('/api/v1/auth/login', { data: { username: COLLEGE.user, password: COLLEGE.password } })
    const sheet = await college.get(`/api/v1/room-slots/${roomSlotId}/document?kind=sign`)
    assert.equal(sheet.status(), 200)
    const rows = sheetRows(await sheet.body())
    const counts = rows.find((r) => r[0] === '实考人数')
    assert.deepEqual(counts.slice(0, 4), ['实考人数', '2', '缺考人数', '1'])
    await college.dispose()
  })
})
