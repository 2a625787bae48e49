// Browser test of 监考人员 (seed 5.2.11): a college adds a teacher with two certificate levels and
// submits; the organisation returns one with a reason and certifies the other; the college sees
// both states, cannot delete the person, edits and resubmits.
//
// The server must serve the built web app (scripts/e2e.mjs starts one so); the test makes its own
// certificate through the API.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiAs, chooseInSelect, launchBrowser, login, tableRow, withCheckDigit, withPage } from './support.mjs'

const ORG_USER = process.env.KAOWU_ORG_USER ?? 'zhonglian'
const ORG_PASSWORD = process.env.KAOWU_ORG_PASSWORD ?? ''
const COLLEGE_USER = process.env.KAOWU_COLLEGE_USER ?? 'ustb'
const COLLEGE_PASSWORD = process.env.KAOWU_COLLEGE_PASSWORD ?? ''

const CODE = `6${String(Date.now()).slice(-7)}`
const CERT_NAME = `智能新能源汽车${CODE.slice(-4)}`
const PERSON = `李虹${CODE.slice(-3)}`
const PHONE = `183${CODE.slice(-8)}`
const ID_NUMBER = withCheckDigit(`11010619850215${CODE.slice(-3)}`)

/** The form item of a dialog whose label is exactly `label`. */
function formItem(dialog, label) {
  return dialog.locator('.el-form-item').filter({
    has: dialog.page().locator('.el-form-item__label', { hasText: new RegExp(`^\\s*${label}\\s*$`) }),
  })
}

/** Picks a path in the cascader of a form item, one menu per level. */
async function pickRegion(page, item, path) {
  await item.locator('.el-cascader').click()
  const menus = page.locator('.el-cascader__dropdown:visible .el-cascader-menu')
  for (const [level, name] of path.entries()) {
    await menus.nth(level).locator('.el-cascader-node').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }).click()
  }
}

/** The certificate tags of the person's row, as shown. */
async function certTags(page) {
  const row = tableRow(page, PERSON)
  await row.waitFor()
  return (await row.locator('[data-test="invigilator-cert"]').allInnerTexts()).map((t) => t.trim())
}

let browser

describe('监考人员', () => {
  before(async () => {
    const org = await apiAs(ORG_USER, ORG_PASSWORD)
    const subject = (n) => ({ code: `${CODE}${n}`, name: `理论${n}`, mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 })
    await org.send('POST', '/api/v1/certificates', {
      code: CODE,
      name: CERT_NAME,
      levels: [{ level: '初级', subjects: [subject(101)] }, { level: '中级', subjects: [subject(201)] }],
      majors: ['汽车检测与维修技术'],
    })
    await org.dispose()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
  })

  test('院校新增两个证书等级并提交，培训评价组织退回一个、认证一个，院校看到两种状态，不能删除，修改后再提交', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('监考人员', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/invigilators')
      await page.locator('[data-test="invigilator-create"]').click()
      const dialog = page.getByRole('dialog', { name: '新增监考人员' })
      await chooseInSelect(page, formItem(dialog, '人员类型').locator('.el-select'), '监考老师')
      await formItem(dialog, '姓名').locator('input').fill(PERSON)
      await formItem(dialog, '身份证号').locator('input').fill(ID_NUMBER)
      await formItem(dialog, '手机号码').locator('input').fill(PHONE)
      await pickRegion(page, formItem(dialog, '所在区域'), ['北京市', '北京市', '丰台区'])
      await formItem(dialog, '申请监考的证书').locator('.el-select__wrapper').click()
      for (const level of ['初级', '中级']) {
        await page.locator('.el-select-dropdown__item:visible').filter({ hasText: `${CERT_NAME}（${level}）` }).click()
      }
      await page.keyboard.press('Escape')
      await dialog.locator('[data-test="dialog-confirm"]').click()
      await page.locator('.el-message--success').filter({ hasText: '监考人员已新增' }).waitFor()
      await dialog.waitFor({ state: 'hidden' })
      assert.deepEqual(await certTags(page), [`${CERT_NAME}（初级）未提交`, `${CERT_NAME}（中级）未提交`])
      const cells = (await tableRow(page, PERSON).locator('td').allInnerTexts()).map((c) => c.trim())
      assert.ok(cells.some((c) => /^JK\d{6}$/.test(c)), `教师编号应为 JK 加六位数字：${cells.join(' | ')}`)
      await tableRow(page, PERSON).locator('[data-test="invigilator-submit"]').click()
      await page.locator('.el-message--success').filter({ hasText: `已提交「${PERSON}」的认证申请` }).waitFor()
      await page.waitForFunction((name) => [...document.querySelectorAll('tr')].some((r) => r.textContent.includes(name) && r.textContent.includes('待认证')), PERSON)
      assert.deepEqual(await certTags(page), [`${CERT_NAME}（初级）待认证`, `${CERT_NAME}（中级）待认证`])
    })

    await withPage(browser, t, async (page) => {
      await login(page, ORG_USER, ORG_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('监考人员认证', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/invigilators/review')
      await tableRow(page, PERSON).locator('[data-test="invigilator-view"]').click()
      const drawer = page.locator('[data-test="invigilator-drawer"]')
      const certRow = (level) => drawer.locator('.el-table__row').filter({ hasText: level })
      await certRow('初级').locator('[data-test="invigilator-return"]').click()
      const prompt = page.locator('.el-message-box')
      await prompt.locator('textarea').fill('未参加考评员培训')
      await prompt.getByRole('button', { name: '退回' }).click()
      await page.locator('.el-message--success').filter({ hasText: '已退回 1 个证书' }).waitFor()
      await tableRow(page, PERSON).locator('[data-test="invigilator-view"]').click()
      await certRow('中级').locator('[data-test="invigilator-certify"]').click()
      await page.locator('.el-message--success').filter({ hasText: '已认证通过 1 个证书' }).waitFor()
      await page.waitForFunction((name) => [...document.querySelectorAll('tr')].some((r) => r.textContent.includes(name) && r.textContent.includes('已认证')), PERSON)
      assert.deepEqual(await certTags(page), [`${CERT_NAME}（初级）已退回`, `${CERT_NAME}（中级）已认证`])
    })

    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await page.goto('/invigilators')
      assert.deepEqual(await certTags(page), [`${CERT_NAME}（初级）已退回`, `${CERT_NAME}（中级）已认证`])
      const row = tableRow(page, PERSON)
      assert.equal(await row.locator('[data-test="invigilator-delete"]').isDisabled(), true, '有已认证证书的人员不能删除')
      // The reason is shown in the person's details.
      await row.locator('[data-test="invigilator-view"]').click()
      await page.locator('[data-test="invigilator-drawer"]').getByText('未参加考评员培训').waitFor()
      // Not arranged yet: the person's upcoming duties are none.
      await page.locator('[data-test="invigilator-duties"]').getByText('暂无尚未结束的监考安排').waitFor()
      await page.keyboard.press('Escape')
      // Edit: 姓名 is locked by the certified level; the phone may change.
      await row.locator('[data-test="invigilator-edit"]').click()
      const dialog = page.getByRole('dialog', { name: '编辑监考人员' })
      assert.equal(await formItem(dialog, '姓名').locator('input').isDisabled(), true)
      await formItem(dialog, '手机号码').locator('input').fill(`139${CODE.slice(-8)}`)
      // 不可监考时间: one period, typed into the range picker.
      await dialog.locator('[data-test="invigilator-unavailable-add"]').click()
      const range = dialog.locator('[data-test="invigilator-unavailable"] .el-range-input')
      await range.nth(0).fill('2030-09-18 08:00')
      await range.nth(1).fill('2030-09-18 12:00')
      await range.nth(1).press('Enter')
      await page.locator('.el-picker-panel:visible').getByRole('button', { name: '确定' }).click().catch(() => {})
      await dialog.locator('[data-test="dialog-confirm"]').click()
      await page.locator('.el-message--success').filter({ hasText: '监考人员信息已保存' }).waitFor()
      await dialog.waitFor({ state: 'hidden' })
      await tableRow(page, PERSON).locator('[data-test="invigilator-view"]').click()
      await page.locator('[data-test="invigilator-drawer"]').getByText('2030-09-18 08:00 至 2030-09-18 12:00').waitFor()
      await page.keyboard.press('Escape')
      await page.locator('[data-test="invigilator-drawer"]').waitFor({ state: 'hidden' })
      await tableRow(page, PERSON).locator('[data-test="invigilator-submit"]').click()
      await page.locator('.el-message--success').filter({ hasText: `已提交「${PERSON}」的认证申请` }).waitFor()
      await page.waitForFunction((name) => [...document.querySelectorAll('tr')].some((r) => r.textContent.includes(name) && r.textContent.includes('待认证')), PERSON)
      assert.deepEqual(await certTags(page), [`${CERT_NAME}（初级）待认证`, `${CERT_NAME}（中级）已认证`])
    })
  })

  test('培训评价组织在监考人员认证列表中撤销认证：填写原因后该等级退回院校', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, ORG_USER, ORG_PASSWORD)
      await page.goto('/invigilators/review')
      await tableRow(page, PERSON).locator('[data-test="invigilator-row-revoke"]').click()
      const dialog = page.locator('[data-test="invigilator-revoke-dialog"]')
      await dialog.getByText(`${PERSON}（`).waitFor()
      const levels = dialog.locator('[data-test="invigilator-revoke-level"]')
      assert.deepEqual((await levels.allInnerTexts()).map((x) => x.trim()), [`${CERT_NAME}（中级）`], '只列出已认证的等级')
      assert.equal(await levels.locator('input').isChecked(), true, '只有一个已认证等级时已勾选')
      await dialog.locator('[data-test="invigilator-revoke-confirm"]').click()
      await page.locator('.el-message--warning').filter({ hasText: '请填写撤销认证的原因' }).waitFor()
      await dialog.getByLabel('撤销原因', { exact: true }).fill('考评员证书已过期')
      await dialog.locator('[data-test="invigilator-revoke-confirm"]').click()
      await page.locator('.el-message--success').filter({ hasText: '已撤销认证 1 个证书' }).waitFor()
      await page.waitForFunction((name) => [...document.querySelectorAll('tr')].some((r) => r.textContent.includes(name) && r.textContent.includes('已退回')), PERSON)
      assert.deepEqual(await certTags(page), [`${CERT_NAME}（初级）待认证`, `${CERT_NAME}（中级）已退回`])
      assert.equal(await tableRow(page, PERSON).locator('[data-test="invigilator-row-revoke"]').count(), 0, '没有已认证的等级时不再显示撤销认证')
    })
  })
})
