// Browser tests of 考场管理 (seed 5.2.5): a college adds a room, views and edits it, imports rooms
// from a file with mistakes (downloading the failed rows), edits an imported room whose address is
// not in the picker, exports all and ticked rooms, and deletes one room and then a batch.
//
// The server must serve the built web app (scripts/e2e.mjs starts one so); the test makes its own
// certificate, plan and approved sites through the API.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ARTIFACTS, apiAs, launchBrowser, login, tableRow, withPage, chinaDay } from './support.mjs'

const ORG_USER = process.env.KAOWU_ORG_USER ?? 'zhonglian'
const ORG_PASSWORD = process.env.KAOWU_ORG_PASSWORD ?? ''
const COLLEGE_USER = process.env.KAOWU_COLLEGE_USER ?? 'ustb'
const COLLEGE_PASSWORD = process.env.KAOWU_COLLEGE_PASSWORD ?? ''
const OTHER_COLLEGE_USER = process.env.KAOWU_OTHER_COLLEGE_USER ?? 'ncut'
const OTHER_COLLEGE_PASSWORD = process.env.KAOWU_OTHER_COLLEGE_PASSWORD ?? ''

const CODE = `7${String(Date.now()).slice(-7)}`
const CERT_NAME = `网店运营推广${CODE.slice(-4)}`
const PLAN_NAME = `网店考试计划${CODE.slice(-6)}`
const SITE_NAME = `北京科技大学${CERT_NAME}考核站点`
const OTHER_SITE_NAME = `北方工业大学${CERT_NAME}考核站点`

/** A UTF-8 CSV with a byte order mark, as Excel saves it. */
function csv(rows) {
  const header = '所属考试计划,所属考场地点,所属院校,考场名称,考场类型,考位数,考场地址,详细地址,本次组织考试的证书'
  const line = (cells) => cells.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')
  return Buffer.from(`\uFEFF${[header, ...rows.map(line)].join('\r\n')}\r\n`, 'utf8')
}

/** The form item of a dialog whose label is exactly `label`. */
function formItem(dialog, label) {
  return dialog.locator('.el-form-item').filter({
    has: dialog.page().locator('.el-form-item__label', { hasText: new RegExp(`^\\s*${label}\\s*$`) }),
  })
}

/** Picks options (exact texts) in the select of a form item; a multiple select stays open until Escape. */
async function pick(page, item, ...options) {
  await item.locator('.el-select__wrapper').click()
  for (const option of options) {
    await page
      .locator('.el-select-dropdown__item:visible')
      .filter({ hasText: new RegExp(`^\\s*${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) })
      .click()
  }
  if (options.length > 1) await page.keyboard.press('Escape')
}

/** Picks a path in the cascader of a form item, one menu per level. */
async function pickRegion(page, item, path) {
  await item.locator('.el-cascader').click()
  const menus = page.locator('.el-cascader__dropdown:visible .el-cascader-menu')
  for (const [level, name] of path.entries()) {
    await menus.nth(level).locator('.el-cascader-node').filter({ hasText: new RegExp(`^\\s*${name}\\s*$`) }).click()
  }
}

let browser

describe('考场管理', () => {
  before(async () => {
    const org = await apiAs(ORG_USER, ORG_PASSWORD)
    const certificate = await org.send('POST', '/api/v1/certificates', {
      code: CODE,
      name: CERT_NAME,
      levels: [
        {
          level: '初级',
          subjects: [{ code: `${CODE}101`, name: '网店运营推广实操', mode: '机考+实操', durationMinutes: 90, fullMark: 100, passMark: 60 }],
        },
      ],
      majors: ['电子商务'],
    })
    const colleges = (await org.send('GET', '/api/v1/colleges?page=1&pageSize=100')).items
    const collegeIds = colleges.filter((c) => ['北京科技大学', '北方工业大学'].includes(c.name)).map((c) => c.id)
    const plan = await org.send('POST', '/api/v1/plans', {
      name: PLAN_NAME,
      mode: 'certificate',
      windows: {
        registrationStart: chinaDay(0, '00:00'), registrationEnd: chinaDay(10, '18:00'),
        arrangingStart: chinaDay(5), arrangingEnd: chinaDay(15, '18:00'),
        scoreStart: chinaDay(19), scoreEnd: chinaDay(25, '18:00'),
        publicityStart: chinaDay(26), publicityEnd: chinaDay(35, '18:00'),
      },
      levelIds: [certificate.levels[0].id],
      subjects: [{ subjectId: certificate.levels[0].subjects[0].id, start: chinaDay(18, '09:00'), end: chinaDay(18, '10:30') }],
      collegeIds,
    })
    await org.send('POST', `/api/v1/plans/${plan.id}/publish`, {})
    for (const [user, password] of [[COLLEGE_USER, COLLEGE_PASSWORD], [OTHER_COLLEGE_USER, OTHER_COLLEGE_PASSWORD]]) {
      const college = await apiAs(user, password)
      const site = await college.send('POST', '/api/v1/sites', { certificateId: certificate.id, region: '北京市北京市海淀区', address: '学院路30号' })
      await org.send('POST', `/api/v1/sites/${site.id}/approve`, {})
      await college.dispose()
    }
    await org.dispose()
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
  })

  test('试点院校新增、查看、编辑考场，导入（含失败数据）、导出全部和勾选的考场，删除和批量删除', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await page.locator('[data-test="side-menu"]').getByText('考场管理', { exact: true }).click()
      await page.waitForURL((url) => url.pathname === '/rooms')
      await page.locator('[data-test="room-create"]').waitFor()

      // Add: plan → certificate → approved site, then the room itself.
      await page.locator('[data-test="room-create"]').click()
      const dialog = page.getByRole('dialog', { name: '新增考场' })
      await pick(page, formItem(dialog, '考试计划'), PLAN_NAME)
      await pick(page, formItem(dialog, '本次组织考试的证书'), CERT_NAME)
      await pick(page, formItem(dialog, '所属考场地点'), SITE_NAME)
      await formItem(dialog, '考场名称').locator('input').fill('模拟考场')
      await pick(page, formItem(dialog, '考场类型'), '机考', '笔试')
      await formItem(dialog, '考位数').locator('input').fill('20')
      await pickRegion(page, formItem(dialog, '考场地址'), ['北京市', '北京市', '朝阳区'])
      await formItem(dialog, '详细地址').locator('input').fill('浦东园')
      await dialog.locator('[data-test="dialog-confirm"]').click()
      await page.locator('.el-message--success').filter({ hasText: '考场已新增' }).waitFor()
      await dialog.waitFor({ state: 'hidden' })

      const row = tableRow(page, '模拟考场')
      await row.waitFor()
      const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim())
      for (const expected of [PLAN_NAME, SITE_NAME, '北京科技大学', '笔试, 机考', '20', '北京市北京市朝阳区', '浦东园', CERT_NAME, '未排考']) {
        assert.ok(cells.includes(expected), `${expected} 应在行中：${cells.join(' | ')}`)
      }

      // View.
      await row.locator('[data-test="room-view"]').click()
      const drawer = page.locator('[data-test="room-drawer"]')
      await drawer.getByText('北京市北京市朝阳区').waitFor()
      await drawer.getByText('笔试, 机考').waitFor()
      await page.keyboard.press('Escape')
      await drawer.waitFor({ state: 'hidden' })

      // Edit every field of a room nobody is arranged in.
      await row.locator('[data-test="room-edit"]').click()
      const edit = page.getByRole('dialog', { name: '编辑考场' })
      assert.equal(await formItem(edit, '考场名称').locator('input').inputValue(), '模拟考场')
      await formItem(edit, '考场名称').locator('input').fill('第一考场')
      await formItem(edit, '考位数').locator('input').fill('40')
      // The full province list (not only Beijing and a few big cities).
      await pickRegion(page, formItem(edit, '考场地址'), ['湖北省', '武汉市', '洪山区'])
      await edit.locator('[data-test="dialog-confirm"]').click()
      await page.locator('.el-message--success').filter({ hasText: '考场信息已保存' }).waitFor()
      const edited = tableRow(page, '第一考场')
      await edited.waitFor()
      const editedCells = (await edited.locator('td').allInnerTexts()).map((c) => c.trim())
      assert.ok(editedCells.includes('40') && editedCells.includes('湖北省武汉市洪山区'), editedCells.join(' | '))

      // Import: two good rows, an unknown plan, another college's site and no seats.
      await page.getByRole('button', { name: '批量导入考场信息-导入', exact: true }).click()
      const importDialog = page.getByRole('dialog', { name: '批量导入考场信息' })
      await importDialog.getByText('第一步 下载模板').waitFor()
      await importDialog.locator('input[type=file]').setInputFiles({
        name: '考场信息.csv',
        mimeType: 'text/csv',
        buffer: csv([
          [PLAN_NAME, SITE_NAME, '北京科技大学', '二号考场', '机考, 机考+实操', '30', '北京市北京市海淀区', '机电楼101', CERT_NAME],
          [PLAN_NAME, SITE_NAME, '', '三号考场', '笔试', '25', '北京市/海淀区', '机电楼102', CERT_NAME],
          ['不存在的考试计划', SITE_NAME, '', '四号考场', '笔试', '30', '北京市北京市海淀区', '主楼', CERT_NAME],
          [PLAN_NAME, OTHER_SITE_NAME, '', '五号考场', '笔试', '30', '北京市北京市海淀区', '主楼', CERT_NAME],
          [PLAN_NAME, SITE_NAME, '', '六号考场', '笔试', '0', '北京市北京市海淀区', '主楼', CERT_NAME],
        ]),
      })
      await importDialog.getByRole('button', { name: '开始导入' }).click()
      await importDialog.getByText('成功 2 条，失败 3 条').waitFor()
      const [failed] = await Promise.all([
        page.waitForEvent('download'),
        importDialog.getByRole('button', { name: '下载失败数据' }).click(),
      ])
      assert.match(failed.suggestedFilename(), /^考场信息导入失败数据_/)
      await importDialog.getByRole('button', { name: '关闭', exact: true }).click()
      await importDialog.waitFor({ state: 'hidden' })
      for (const name of ['二号考场', '三号考场']) await tableRow(page, name).waitFor()
      assert.ok((await tableRow(page, '二号考场').innerText()).includes('机考, 机考+实操'))

      // 15.5: an imported 考场地址 is stored as the picker stores it (北京市/海淀区 is 北京市北京市海淀区),
      // so the edit form shows it in the picker; only 考位数 changes.
      await tableRow(page, '三号考场').locator('[data-test="room-edit"]').click()
      const keep = page.getByRole('dialog', { name: '编辑考场' })
      assert.equal(await formItem(keep, '考场地址').locator('.el-cascader input').inputValue(), '北京市 / 北京市 / 海淀区')
      await formItem(keep, '考位数').locator('input').fill('26')
      await keep.locator('[data-test="dialog-confirm"]').click()
      await keep.waitFor({ state: 'hidden' })
      await tableRow(page, '三号考场').locator('td', { hasText: /^\s*26\s*$/ }).waitFor()
      assert.ok((await tableRow(page, '三号考场').innerText()).includes('北京市北京市海淀区'))

      await page.getByRole('button', { name: '批量导入考场信息-导入记录' }).click()
      const records = page.getByRole('dialog', { name: '考场信息导入记录' })
      await records.locator('.el-table__body tr.el-table__row').filter({ hasText: '考场信息.csv' }).first().waitFor()
      await page.keyboard.press('Escape')
      await records.waitFor({ state: 'hidden' })

      await page.screenshot({ path: `${ARTIFACTS}rooms.png`, fullPage: true })

      // Export everything the search found, then the ticked row only.
      const exportButton = page.locator('[data-test="export"]')
      await exportButton.getByText(/导出考场信息（全部 \d+ 条）/).waitFor()
      const [all] = await Promise.all([page.waitForEvent('download'), exportButton.click()])
      assert.match(all.suggestedFilename(), /^考场信息_/)
      await tableRow(page, '二号考场').locator('.el-checkbox').first().click()
      await exportButton.getByText('导出考场信息（已勾选 1 条）').waitFor()
      const [checked] = await Promise.all([page.waitForEvent('download'), exportButton.click()])
      assert.match(checked.suggestedFilename(), /^考场信息_/)

      // Delete one, then the ticked two in a batch.
      await tableRow(page, '第一考场').locator('[data-test="room-delete"]').click()
      await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click()
      await page.locator('.el-message--success').filter({ hasText: '考场已删除' }).waitFor()
      await tableRow(page, '第一考场').waitFor({ state: 'detached' })
      // The list reloaded after the delete, so nothing is ticked any more.
      for (const name of ['二号考场', '三号考场']) await tableRow(page, name).locator('.el-checkbox').first().click()
      // Someone else changes 三号考场 meanwhile: the batch deletes the other and says why not this one.
      const college = await apiAs(COLLEGE_USER, COLLEGE_PASSWORD)
      const third = (await college.send('GET', `/api/v1/rooms?page=1&pageSize=100`)).items.find((r) => r.name === '三号考场')
      await college.send('PUT', `/api/v1/rooms/${third.id}`, { seats: third.seats + 1, version: third.version })
      await college.dispose()
      await page.locator('[data-test="room-batch-delete"]').click()
      await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click()
      const result = page.locator('.el-message-box').filter({ has: page.locator('[data-test="batch-result"]') })
      await result.getByText('已删除 1 个考场，1 个未删除：').waitFor()
      const refused = await result.locator('tbody tr').allInnerTexts()
      assert.deepEqual(refused.map((r) => r.split('\t').map((c) => c.trim())), [['三号考场', '考场「三号考场」已被他人修改，请刷新后再删除']])
      await page.screenshot({ path: `${ARTIFACTS}rooms-batch-result.png` })
      await result.getByRole('button', { name: '知道了' }).click()
      await tableRow(page, '二号考场').waitFor({ state: 'detached' })
      await tableRow(page, '三号考场').waitFor()
      // Ticked again at its new version, it goes.
      await tableRow(page, '三号考场').locator('.el-checkbox').first().click()
      await page.locator('[data-test="room-batch-delete"]').click()
      await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click()
      await page.locator('.el-message--success').filter({ hasText: '已删除 1 个考场' }).waitFor()
      await tableRow(page, '三号考场').waitFor({ state: 'detached' })
    })
  })
})
