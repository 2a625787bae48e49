// Browser tests of 证书信息管理: an organisation sets up a certificate, a college looks up its majors.
//
//   KAOWU_URL=http://127.0.0.1:18080 KAOWU_ORG_USER=zhonglian KAOWU_ORG_PASSWORD=... \
//   KAOWU_COLLEGE_USER=ustb KAOWU_COLLEGE_PASSWORD=... node --test e2e/
//
// The server must serve the built web app (web/dist) and hold the demo data (scripts/e2e.mjs
// starts one so). Screenshots of failures go to e2e/artifacts/.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { chooseInSelect, launchBrowser, login, tableRow, withPage } from './support.mjs'

const ORG_USER = process.env.KAOWU_ORG_USER ?? 'zhonglian'
const ORG_PASSWORD = process.env.KAOWU_ORG_PASSWORD ?? ''
const COLLEGE_USER = process.env.KAOWU_COLLEGE_USER ?? 'ustb'
const COLLEGE_PASSWORD = process.env.KAOWU_COLLEGE_PASSWORD ?? ''

// A certificate code unique to this run, so the suite can run again on the same database.
const CODE = `5${String(Date.now()).slice(-7)}`
const certificate = {
  code: CODE,
  name: `云计算平台运维${CODE.slice(-4)}`,
  levels: {
    初级: {
      fee: '240.50',
      levelCode: `7${CODE.slice(-7)}`,
      subjects: [
        { code: `${CODE}101`, name: '云计算平台运维理论', mode: '机考', duration: '90', full: '100', pass: '60', fee: '120' },
        { code: `${CODE}102`, name: '云计算平台运维实操', mode: '实操', duration: '120', full: '100', pass: '60', fee: '150' },
      ],
    },
    中级: {
      fee: '380',
      subjects: [
        { code: `${CODE}201`, name: '云平台综合运维', mode: '机考+实操', duration: '180', full: '100', pass: '60', fee: '' },
      ],
    },
  },
  pastedMajors: '计算机网络技术、云计算技术应用\n大数据技术',
  typedMajor: { name: '信息安全技术应用', code: '510207' },
}
const majorNames = ['计算机网络技术', '云计算技术应用', '大数据技术', '信息安全技术应用']

let browser

describe('证书信息管理', () => {
  before(async () => {
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
  })

  test('培训评价组织新增两个等级、多个科目和可报考专业的证书，并在列表中看到它', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, ORG_USER, ORG_PASSWORD)
      await openCertificates(page)
      await page.getByRole('button', { name: '新增证书' }).click()
      await page.waitForURL('**/certificates/new')

      await page.getByLabel('证书编号', { exact: true }).fill(certificate.code)
      await page.getByLabel('证书名称', { exact: true }).fill(certificate.name)
      await page.getByLabel('证书说明', { exact: true }).fill('面向云计算平台部署与运维岗位')

      // 初级 is there from the start; 中级 is added by ticking it.
      await page.locator('[data-test="level-check-中级"]').click()
      await level(page, '中级').waitFor()
      for (const [name, spec] of Object.entries(certificate.levels)) {
        const section = level(page, name)
        await section.getByLabel(`${name}按证书报考费用`, { exact: true }).fill(spec.fee)
        if (spec.levelCode) await section.getByLabel(`${name}证书编号`, { exact: true }).fill(spec.levelCode)
        for (const [index, subject] of spec.subjects.entries()) {
          if (index > 0) await section.locator('[data-test="subject-add"]').click()
          await fillSubject(page, subjectRow(section, index), subject)
        }
      }

      // An obvious mistake is caught before anything is sent, worded like the server's message.
      const second = subjectRow(level(page, '初级'), 1)
      await second.getByLabel('科目代码', { exact: true }).fill(`${CODE}10`)
      await page.locator('[data-test="cert-save"]').click()
      await page.locator('.el-message--error').filter({ hasText: '初级：第 2 个科目的科目代码须为 11 位数字' }).waitFor()
      assert.equal(new URL(page.url()).pathname, '/certificates/new')
      await second.getByLabel('科目代码', { exact: true }).fill(certificate.levels.初级.subjects[1].code)

      // Majors: several pasted at once, one typed into a new row.
      await page.getByLabel('批量添加专业', { exact: true }).fill(certificate.pastedMajors)
      await page.locator('[data-test="majors-paste-add"]').click()
      await page.locator('.el-message--success').filter({ hasText: '已添加 3 个专业' }).waitFor()
      await page.locator('[data-test="major-add"]').click()
      const majorRows = page.locator('[data-test="majors-table"] .el-table__body tr.el-table__row')
      assert.equal(await majorRows.count(), 4)
      await majorRows.nth(3).getByLabel('专业名称', { exact: true }).fill(certificate.typedMajor.name)
      await majorRows.nth(3).getByLabel('专业代码', { exact: true }).fill(certificate.typedMajor.code)

      await page.locator('[data-test="cert-save"]').click()
      await page.locator('.el-message--success').filter({ hasText: '证书已新增' }).waitFor()
      await page.waitForURL((url) => url.pathname === '/certificates')

      const row = tableRow(page, certificate.code)
      await row.waitFor()
      const text = await row.innerText()
      assert.ok(text.includes(certificate.name), '列表应显示证书名称')
      assert.match(text, /初级、中级/)
      assert.match(text, /各科成绩合格/)
      assert.match(text, /启用/)
      const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim())
      assert.ok(cells.includes('3'), `科目数应为 3：${cells.join(' | ')}`)
      assert.ok(cells.includes('4'), `可报考专业数应为 4：${cells.join(' | ')}`)
      assert.equal(await row.getByRole('button', { name: '编辑' }).count(), 1)
      assert.equal(await row.getByRole('button', { name: '停用' }).count(), 1)
    })
  })

  test('试点院校打开证书信息管理查看证书的可报考专业，且没有新增证书按钮', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, COLLEGE_USER, COLLEGE_PASSWORD)
      await openCertificates(page)

      await page.getByLabel('证书', { exact: true }).fill(certificate.code)
      await page.locator('[data-test="search"]').click()
      const row = tableRow(page, certificate.code)
      await row.waitFor()
      assert.equal(await page.getByRole('button', { name: '新增证书' }).count(), 0, '院校不应看到「新增证书」')
      assert.equal(await row.getByRole('button', { name: '编辑' }).count(), 0, '院校不应看到「编辑」')
      assert.equal(await page.getByLabel('状态', { exact: true }).count(), 0, '院校只看启用的证书，无需按状态查询')

      await row.locator('[data-test="cert-view"]').click()
      const drawer = page.getByRole('dialog', { name: `${certificate.name}（${certificate.code}）` })
      await drawer.waitFor()
      const majors = drawer.locator('[data-test="cert-majors-section"]')
      await majors.getByText('共 4 个').waitFor()
      const majorText = await majors.locator('[data-test="cert-majors-table"]').innerText()
      for (const name of majorNames) assert.ok(majorText.includes(name), `可报考专业应包含「${name}」`)
      assert.ok(majorText.includes(certificate.typedMajor.code), '应显示专业代码')

      const junior = await drawer.locator('[data-test="cert-level-初级"]').innerText()
      assert.match(junior, /报考费用：240\.50 元/)
      assert.match(junior, new RegExp(`证书编号：${certificate.levels.初级.levelCode}`), '初级的证书编号为填写的')
      assert.match(await drawer.locator('[data-test="cert-level-中级"] [data-test="cert-level-code"]').innerText(), /^证书编号：\d{8}$/, '中级未填写，自动生成')
      assert.ok(junior.includes(certificate.levels.初级.subjects[1].code))
      assert.ok(junior.includes('云计算平台运维实操'))
      const middle = await drawer.locator('[data-test="cert-level-中级"]').innerText()
      assert.match(middle, /机考\+实操/)
      assert.equal(await drawer.getByRole('button', { name: '编辑' }).count(), 0)
    })
  })

  test('导出按钮说明导出范围：未勾选时导出全部，勾选后只导出勾选的', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, ORG_USER, ORG_PASSWORD)
      await openCertificates(page)
      const exportButton = page.locator('[data-test="export"]')
      await exportButton.getByText(/导出证书信息（全部 \d+ 条）/).waitFor()
      const [all] = await Promise.all([page.waitForEvent('download'), exportButton.click()])
      assert.match(all.suggestedFilename(), /^证书信息_\d{14}\.xlsx$/)
      await tableRow(page, certificate.code).locator('.el-checkbox').first().click()
      await exportButton.getByText('导出证书信息（已勾选 1 条）').waitFor()
      const [checked] = await Promise.all([page.waitForEvent('download'), exportButton.click()])
      assert.match(checked.suggestedFilename(), /^证书信息_\d{14}\.xlsx$/)
    })
  })

  test('培训评价组织在证书详情中导入可报考专业，看到成功和失败条数、失败数据和导入记录', async (t) => {
    await withPage(browser, t, async (page) => {
      await login(page, ORG_USER, ORG_PASSWORD)
      await openCertificates(page)
      await page.getByLabel('证书', { exact: true }).fill(certificate.code)
      await page.locator('[data-test="search"]').click()
      const row = tableRow(page, certificate.code)
      await row.locator('[data-test="cert-view"]').click()
      const drawer = page.getByRole('dialog', { name: `${certificate.name}（${certificate.code}）` })
      const majors = drawer.locator('[data-test="cert-majors-section"]')
      await majors.getByText('共 4 个').waitFor()

      await drawer.getByRole('button', { name: '导入可报考专业' }).click()
      const dialog = page.getByRole('dialog', { name: '导入可报考专业' })
      await dialog.getByText('第一步 下载模板').waitFor()
      const csv = '\uFEFF专业名称,专业代码\r\n新能源汽车技术,460702\r\n,123\r\n'
      await dialog.locator('input[type=file]').setInputFiles({
        name: '可报考专业.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv, 'utf8'),
      })
      await dialog.getByRole('button', { name: '开始导入' }).click()
      await dialog.getByText('成功 1 条，失败 1 条').waitFor()
      await dialog.getByRole('button', { name: '下载失败数据' }).waitFor()
      await dialog.getByRole('button', { name: '关闭', exact: true }).click()
      await dialog.waitFor({ state: 'hidden' })

      await majors.getByText('共 5 个').waitFor()
      const majorText = await majors.locator('[data-test="cert-majors-table"]').innerText()
      assert.ok(majorText.includes('新能源汽车技术'), '导入的专业应出现在可报考专业中')
      assert.ok(majorText.includes('460702'))

      await drawer.getByRole('button', { name: '导入记录' }).click()
      const records = page.getByRole('dialog', { name: '可报考专业导入记录' })
      const record = records.locator('.el-table__body tr.el-table__row').filter({ hasText: '可报考专业.csv' }).first()
      await record.waitFor()
      const cells = (await record.locator('td').allInnerTexts()).map((c) => c.trim())
      assert.deepEqual(cells.slice(5, 8), ['2', '1', '1'], `总条数、成功、失败：${cells.join(' | ')}`)
      assert.equal(cells[2], '培训评价组织')
      await record.getByRole('button', { name: '下载失败数据' }).waitFor()
    })
  })
})

async function openCertificates(page) {
  await page.locator('[data-test="side-menu"]').getByText('证书信息管理', { exact: true }).click()
  await page.waitForURL((url) => url.pathname === '/certificates')
}

function level(page, name) {
  return page.locator(`[data-test="level-${name}"]`)
}

function subjectRow(section, index) {
  return section.locator('[data-test="subjects-table"] .el-table__body tr.el-table__row').nth(index)
}

async function fillSubject(page, row, subject) {
  await row.getByLabel('科目代码', { exact: true }).fill(subject.code)
  await row.getByLabel('科目名称', { exact: true }).fill(subject.name)
  await chooseInSelect(page, row.locator('.el-select'), subject.mode)
  await row.getByLabel('考试时长（分钟）', { exact: true }).fill(subject.duration)
  await row.getByLabel('满分', { exact: true }).fill(subject.full)
  await row.getByLabel('及格分', { exact: true }).fill(subject.pass)
  if (subject.fee) await row.getByLabel('按科目费用（元）', { exact: true }).fill(subject.fee)
}
