// Shared pieces of the browser tests: the server and browser settings, a fresh page per test body,
// signing in, an API client for setting up data and a few Element Plus helpers.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, request } from 'playwright-core'

export const BASE_URL = (process.env.KAOWU_URL ?? '').replace(/\/+$/, '')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url))
export const TIMEOUT = 15_000

// The tests need a running server (scripts/e2e.mjs starts one); without it they fail loudly.
if (!BASE_URL) throw new Error('KAOWU_URL 未设置：请用 node scripts/e2e.mjs 运行浏览器测试')

/** Starts headless Chromium; the caller closes it. */
export async function launchBrowser() {
  mkdirSync(ARTIFACTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Runs a test body in a fresh context of `browser`; a failure leaves a screenshot behind. */
export async function withPage(browser, t, body) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  try {
    await body(page)
  } catch (error) {
    mkdirSync(ARTIFACTS, { recursive: true })
    const file = `${ARTIFACTS}${t.name.replace(/[^\p{L}\p{N}]+/gu, '_').slice(0, 60)}.png`
    await page.screenshot({ path: file, fullPage: true }).catch(() => {})
    t.diagnostic(`screenshot: ${file}`)
    throw error
  } finally {
    await context.close()
  }
}

/**
 * Signs in through the login page. By default it waits for the home page; with `home: false` it
 * only submits, for a sign-in that is refused or leads elsewhere (e.g. to change the password).
 */
export async function login(page, username, password, { home = true } = {}) {
  await page.goto(`${BASE_URL}/login`)
  await page.getByLabel('用户名', { exact: true }).fill(username)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.locator('[data-test="login-submit"]').click()
  if (home) await page.waitForURL((url) => url.pathname === '/')
}

/** An API client signed in as `username`, for setting up data. */
export async function apiAs(username, password) {
  const context = await request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { 'X-Requested-With': 'kaowu' } })
  const send = async (method, path, data) => {
    const response = await context.fetch(path, { method, data })
    const body = await response.json().catch(() => null)
    if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${JSON.stringify(body)}`)
    return body
  }
  await send('POST', '/api/v1/auth/login', { username, password })
  return { send, dispose: () => context.dispose() }
}

/** The first row of the page's list table that contains `text`. */
export function tableRow(page, text) {
  return page.locator('[data-test="list-table"] .el-table__body tr.el-table__row').filter({ hasText: text }).first()
}

/** Opens an el-select and picks the option whose text is exactly `option`. */
export async function chooseInSelect(page, select, option) {
  await select.click()
  const listId = await select.locator('input[role="combobox"]').getAttribute('aria-controls')
  const choice = page
    .locator(`[id="${listId}"] .el-select-dropdown__item:visible`)
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(option)}\\s*$`) })
  await choice.click()
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** 'YYYY-MM-DD HH:mm' of today + `days` in China time, the server's and the browser's zone. */
export function chinaDay(days, time = '08:00') {
  const china = new Date(Date.now() + 8 * 3600_000 + days * 86400_000)
  return `${china.toISOString().slice(0, 10)} ${time}`
}

/** The 身份证号 whose first 17 digits are `body`, with its GB 11643 check digit. */
export function withCheckDigit(body) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return body + '10X98765432'[sum % 11]
}

/**
 * A published plan open for registration now, for 北京科技大学 only: one certificate with one 初级
 * level of two subjects (理论 机考, 实操), majors 电子商务, exams in nine days; then the
 * college's `students` ({name, idNumber, major?}) on its roster. Made through the API as the
 * organisation and the college.
 */
export async function openPlanWithStudents({ org, college, code, certName, planName, fee, subjectName, students }) {
  const orgApi = await apiAs(org.user, org.password)
  const cert = await orgApi.send('POST', '/api/v1/certificates', {
    code,
    name: certName,
    levels: [
      {
        level: '初级',
        fee,
        subjects: [
          { code: `${code}101`, name: `${subjectName}(理论)`, mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 },
          { code: `${code}102`, name: `${subjectName}(实操)`, mode: '实操', durationMinutes: 60, fullMark: 100, passMark: 60 },
        ],
      },
    ],
    majors: ['电子商务'],
  })
  const colleges = await orgApi.send('GET', '/api/v1/colleges?page=1&pageSize=100')
  const ustb = colleges.items.find((c) => c.name === '北京科技大学')
  const plan = await orgApi.send('POST', '/api/v1/plans', {
    name: planName,
    mode: 'certificate',
    windows: {
      registrationStart: chinaDay(-1, '00:00'), registrationEnd: chinaDay(5, '18:00'),
      arrangingStart: chinaDay(2, '00:00'), arrangingEnd: chinaDay(7, '18:00'),
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
  await orgApi.send('POST', `/api/v1/plans/${plan.id}/publish`, {})
  await orgApi.dispose()
  const collegeApi = await apiAs(college.user, college.password)
  for (const s of students) {
    await collegeApi.send('POST', '/api/v1/students', { name: s.name, idNumber: s.idNumber, type: '院校考生', major: s.major ?? '电子商务' })
  }
  await collegeApi.dispose()
  return { cert, plan }
}
