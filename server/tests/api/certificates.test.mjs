import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitForJob } from './support/harness.mjs';

// Reads an exported workbook the way a user's LibreOffice would: converted to CSV.
function cellsOf(buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'kaowu-export-'));
  try {
    writeFileSync(join(dir, 'export.xlsx'), buffer);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, join(dir, 'export.xlsx')], { stdio: 'ignore' });
    // LibreOffice quotes text cells; none of these cells holds a comma or a quote.
    return readFileSync(join(dir, 'export.csv'), 'utf8').trim().split('\n')
      .map((line) => line.split(',').map((cell) => cell.replace(/^"(.*)"$/, '$1')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let server, org, other, college;

const shop = () => ({
  code: '50000002', name: '网店运营推广职业技能等级证书', description: '电子商务类',
  levels: [
    { level: '中级', fee: '260', subjects: [
      { code: '50000002302', name: '网店运营推广(中级理论)', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60, fee: '130' },
    ] },
    { level: '初级', fee: '240.50', subjects: [
      { code: '50000002202', name: '网店运营推广(实操)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60, fee: '120' },
      { code: '50000002203', name: '网店运营推广(理论)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60, fee: '120.50' },
    ] },
  ],
  majors: [{ name: '电子商务', code: '530701' }, { name: '市场营销' }],
});

before(async () => {
  server = await startServer();
  org = await server.login('zhonglian');
  other = await server.login('hongke');
  college = await server.login('ustb');
});
after(async () => { await server?.stop(); });

test('an organisation creates a certificate with levels, subjects, fees and majors', async () => {
  const res = await org.post('/api/v1/certificates', shop());
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.orgName, '中联集团教育科技有限公司');
  assert.deepEqual(res.json.levels.map((l) => l.level), ['初级', '中级'], 'levels in rank order');
  assert.equal(res.json.levels[0].fee, '240.50');
  assert.equal(res.json.levels[0].subjects[1].fee, '120.50');
  assert.equal(res.json.passConditionName, '各科成绩合格');
  assert.equal(res.json.levelNames, '初级、中级');
  assert.deepEqual(res.json.majors, [{ name: '电子商务', code: '530701' }, { name: '市场营销', code: '' }]);
});

test('bad certificates are refused with a message naming the level and subject', async () => {
  const cases = [
    [{ ...shop(), code: '5000' }, '证书编号须为 8 位数字，例如 50000001'],
    [{ ...shop(), code: '50000009', levels: [] }, '请至少设置一个证书等级（初级、中级、高级）'],
    [{ ...shop(), code: '50000009', levels: [{ level: '特级', subjects: [] }] }, '证书等级须为 初级、中级 或 高级，第 1 个等级是「特级」'],
    [{ ...shop(), code: '50000009', levels: [{ level: '初级', subjects: [{ code: '123', name: 'x', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 }] }] },
      '初级：第 1 个科目的科目代码须为 11 位数字，例如 50000002202'],
    [{ ...shop(), code: '50000009', levels: [{ level: '初级', subjects: [{ code: '50000009101', name: '理论', mode: '口试', durationMinutes: 60, fullMark: 100, passMark: 60 }] }] },
      '初级：第 1 个科目「理论」的考试方式须为 笔试、机考、实操、笔试+实操 或 机考+实操'],
    [{ ...shop(), code: '50000009', levels: [{ level: '初级', subjects: [{ code: '50000009101', name: '理论', mode: '笔试', durationMinutes: 60, fullMark: 100, passMark: 120 }] }] },
      '初级：第 1 个科目「理论」的及格分不能高于满分'],
    [{ ...shop(), code: '50000009', majors: ['电子商务', '电子商务'] }, '专业「电子商务」重复'],
  ];
  for (const [body, message] of cases) {
    const res = await org.post('/api/v1/certificates', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.json.error.message, message);
  }
  const dup = await org.post('/api/v1/certificates', shop());
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.message, '证书编号 50000002 已被使用');
  const reuse = await other.post('/api/v1/certificates', { ...shop(), code: '60000001' });
  assert.equal(reuse.status, 409);
  assert.equal(reuse.json.error.message, '科目代码 50000002202 已被其他证书使用');
});

test('editing keeps subject ids by code and refuses a stale version', async () => {
  const list = (await org.get('/api/v1/certificates')).json;
  const id = list.items[0].id;
  const before = (await org.get(`/api/v1/certificates/${id}`)).json;
  const theory = before.levels[0].subjects.find((s) => s.code === '50000002203');
  const body = shop();
  body.version = before.version;
  body.levels[1].subjects[1].name = '网店运营推广(理论考试)';
  body.levels = body.levels.filter((l) => l.level === '初级');
  body.passCondition = 'total';
  body.passTotal = 120;
  const res = await org.put(`/api/v1/certificates/${id}`, body);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.levels.map((l) => l.level), ['初级']);
  const renamed = res.json.levels[0].subjects.find((s) => s.code === '50000002203');
  assert.equal(renamed.id, theory.id);
  assert.equal(renamed.name, '网店运营推广(理论考试)');
  assert.equal(res.json.passConditionName, '总分≥120');
  const stale = await org.put(`/api/v1/certificates/${id}`, body);
  assert.equal(stale.status, 409);
  assert.equal(stale.json.error.message, '该证书已被他人修改，请刷新后重试');
});

test('colleges read enabled certificates with their majors; other organisations see none of it', async () => {
  const id = (await org.get('/api/v1/certificates')).json.items[0].id;
  const seen = await college.get(`/api/v1/certificates/${id}`);
  assert.equal(seen.status, 200);
  assert.deepEqual(seen.json.majors.map((m) => m.name), ['电子商务', '市场营销']);
  assert.equal((await college.post('/api/v1/certificates', { ...shop(), code: '70000001' })).status, 403);
  assert.equal((await other.get(`/api/v1/certificates/${id}`)).status, 404);
  assert.equal((await other.get('/api/v1/certificates')).json.total, 0);
  assert.equal((await other.post(`/api/v1/certificates/${id}/disable`, {})).status, 404);
  const off = await org.post(`/api/v1/certificates/${id}/disable`, {});
  assert.equal(off.status, 200);
  assert.equal(off.json.enabled, false);
  assert.equal((await college.get(`/api/v1/certificates/${id}`)).status, 404);
  assert.equal((await college.get('/api/v1/certificates')).json.total, 0);
  await org.post(`/api/v1/certificates/${id}/enable`, {});
  assert.equal((await college.get('/api/v1/certificates')).json.total, 1);
});

test('export gives the ticked certificates, or all matching the filter, one row per subject', async () => {
  await org.post('/api/v1/certificates', { ...shop(), code: '50000005', name: '直播电商职业技能等级证书',
    levels: [{ level: '初级', fee: '200', subjects: [{ code: '50000005101', name: '直播电商(理论)', mode: '笔试', durationMinutes: 90, fullMark: 100, passMark: 60, fee: '100' }] }],
    majors: ['电子商务'] });
  const all = await org.get('/api/v1/certificates/export');
  assert.equal(all.status, 200, all.text);
  assert.match(all.headers.get('content-disposition'), /filename\*=UTF-8''%E8%AF%81%E4%B9%A6%E4%BF%A1%E6%81%AF_\d{14}\.xlsx/);
  const rows = cellsOf(all.buffer);
  assert.deepEqual(rows[0], ['证书编号', '证书名称', '颁证机构', '证书等级', '按证书报考费用（元）', '科目编号', '科目名称',
    '考试方式', '考试时长（分钟）', '满分', '及格分', '按科目报考费用（元）', '通过条件', '可报考专业', '状态']);
  assert.equal(rows.length, 1 + 3, 'two subjects of one certificate and one of the other');
  const live = rows.find((r) => r[5] === '50000005101');
  assert.deepEqual(live, ['50000005', '直播电商职业技能等级证书', '中联集团教育科技有限公司', '初级', '200.00', '50000005101',
    '直播电商(理论)', '笔试', '90', '100', '60', '100.00', '各科成绩合格', '电子商务', '启用']);
  const shopId = (await org.get('/api/v1/certificates?keyword=50000002')).json.items[0].id;
  const checked = cellsOf((await org.get(`/api/v1/certificates/export?ids=${shopId}`)).buffer);
  assert.deepEqual(checked.slice(1).map((r) => r[0]), ['50000002', '50000002'], 'only the ticked certificate');
  const filtered = cellsOf((await org.get('/api/v1/certificates/export?keyword=' + encodeURIComponent('直播'))).buffer);
  assert.deepEqual(filtered.slice(1).map((r) => r[5]), ['50000005101'], 'all matching the filter when none is ticked');
  const foreign = cellsOf((await other.get(`/api/v1/certificates/export?ids=${shopId}`)).buffer);
  assert.equal(foreign.length, 1, 'another organisation gets the header and none of the rows');
  const bad = await org.get('/api/v1/certificates/export?ids=1,x');
  assert.equal(bad.json.error.message, '勾选的记录编号不正确');
});

test('majors import: template, good rows kept, bad rows in a failure file with reasons, an import record, no duplicates on re-upload', async () => {
  const id = (await org.get('/api/v1/certificates?keyword=50000002')).json.items[0].id;
  const template = await org.get(`/api/v1/certificates/${id}/majors/template`);
  assert.equal(template.status, 200);
  assert.equal(template.buffer.subarray(0, 2).toString(), 'PK', 'an xlsx');
  const templateRows = cellsOf(template.buffer);
  assert.deepEqual(templateRows[0], ['*专业名称', '专业代码']);
  assert.deepEqual(templateRows[1], ['示例专业（导入时忽略此行）', '000000']);
  // What WPS or Excel on Chinese Windows writes as CSV is GB18030; this one is UTF-8 with a BOM.
  const csv = '\uFEFF专业名称,专业代码\r\n示例专业（导入时忽略此行）,000000\r\n电子商务,530701\r\n跨境电子商务,530702\r\n物流管理,53A\r\n,530704\r\n现代物流管理,530802\r\n';
  const upload = (body) => org.request('POST', `/api/v1/certificates/${id}/majors/import?fileName=${encodeURIComponent('专业.csv')}`,
    { raw: body, headers: { 'Content-Type': 'application/octet-stream' } });
  const started = await upload(Buffer.from(csv));
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(org, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.deepEqual(job.result, { recordId: job.result.recordId, total: 5, succeeded: 3, failed: 2 });
  const cert = (await org.get(`/api/v1/certificates/${id}`)).json;
  assert.deepEqual(cert.majors.map((m) => m.name).sort(), ['市场营销', '电子商务', '跨境电子商务', '现代物流管理'].sort());
  const failures = cellsOf((await org.get(`/api/v1/files/${job.resultFileId}/download`)).buffer);
  assert.deepEqual(failures[0], ['专业名称', '专业代码', '失败原因']);
  assert.deepEqual(failures.slice(1), [
    ['物流管理', '53A', '第 5 行：专业代码只能是数字，最多 20 位'],
    ['', '530704', '第 6 行：专业名称不能为空'],
  ]);
  const records = (await org.get(`/api/v1/import-records?type=certificate_majors&targetId=${id}`)).json;
  assert.equal(records.total, 1);
  assert.equal(records.items[0].operator, '中联考务专员');
  assert.equal(records.items[0].roleName, '培训评价组织');
  assert.equal(records.items[0].fileName, '专业.csv');
  assert.deepEqual([records.items[0].total, records.items[0].succeeded, records.items[0].failed], [5, 3, 2]);
  assert.equal((await other.get('/api/v1/import-records')).json.total, 0, 'another organisation sees none');
  assert.equal((await other.get(`/api/v1/files/${job.resultFileId}/download`)).status, 404);
  const again = await waitForJob(org, (await upload(Buffer.from(csv))).json.job.id);
  assert.equal(again.result.succeeded, 3);
  assert.equal((await org.get(`/api/v1/certificates/${id}`)).json.majors.length, 4, 'a re-upload adds nothing twice');
  const wrong = await waitForJob(org, (await upload(Buffer.from('姓名,身份证号\r\n张三,1\r\n'))).json.job.id);
  assert.equal(wrong.state, 'failed');
  assert.equal(wrong.error, '模板不正确：缺少列 专业名称');
  const notExcel = await org.request('POST', `/api/v1/certificates/${id}/majors/import?fileName=a.docx`, { raw: Buffer.from('x') });
  assert.equal(notExcel.json.error.message, '请上传 .xlsx、.xls 或 .csv 文件（Excel、WPS 表格或 CSV）');
  assert.equal((await other.request('POST', `/api/v1/certificates/${id}/majors/import?fileName=a.csv`, { raw: Buffer.from(csv) })).status, 404);
});

test('证书编号 per level: given or generated (9 and seven digits of the level), kept on edit, 8 digits and unique', async () => {
  const subject = (code) => ({ code, name: `科目${code}`, mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 });
  const plain = await org.post('/api/v1/certificates', { code: '51000001', name: '等级编号测试证书', levels: [
    { level: '初级', subjects: [subject('51000001101')] }, { level: '中级', subjects: [subject('51000001201')] }] });
  assert.equal(plain.status, 201, plain.text);
  for (const l of plain.json.levels) assert.equal(l.code, String(90000000 + l.id), 'generated when absent');
  // The default of the next level is taken by a given code: the next free one.
  const next = plain.json.levels[1].id + 1;
  const given = await org.post('/api/v1/certificates', { code: '51000002', name: '等级编号测试证书二', levels: [
    { level: '初级', code: String(90000000 + next + 1), subjects: [subject('51000002101')] },
    { level: '中级', subjects: [subject('51000002201')] },
    { level: '高级', code: '51000203', subjects: [subject('51000002301')] }] });
  assert.equal(given.status, 201, given.text);
  assert.deepEqual(given.json.levels.map((l) => [l.level, l.code]),
    [['初级', String(90000000 + next + 1)], ['中级', String(90000000 + next + 2)], ['高级', '51000203']]);
  const cases = [
    [{ level: '初级', code: '5100', subjects: [subject('51000003101')] }, 400, '证书等级「初级」的编号须为 8 位数字，例如 50000101'],
    [{ level: '初级', code: '5100010a', subjects: [subject('51000003101')] }, 400, '证书等级「初级」的编号须为 8 位数字，例如 50000101'],
    [{ level: '初级', code: '51000203', subjects: [subject('51000003101')] }, 409, '证书等级编号 51000203 已被其他证书等级使用'],
  ];
  for (const [level, status, message] of cases) {
    const res = await org.post('/api/v1/certificates', { code: '51000003', name: '等级编号测试证书三', levels: [level] });
    assert.deepEqual([res.status, res.json.error.message], [status, message]);
  }
  const twice = await org.post('/api/v1/certificates', { code: '51000003', name: '等级编号测试证书三', levels: [
    { level: '初级', code: '51000301', subjects: [subject('51000003101')] }, { level: '中级', code: '51000301', subjects: [subject('51000003201')] }] });
  assert.deepEqual([twice.status, twice.json.error.message], [400, '证书等级编号 51000301 重复']);
  // Editing without codes keeps them; a given code replaces the level's own; a new level gets one.
  const body = { code: '51000001', name: '等级编号测试证书', version: plain.json.version, levels: [
    { level: '初级', subjects: [subject('51000001101')] }, { level: '中级', code: '51000102', subjects: [subject('51000001201')] },
    { level: '高级', subjects: [subject('51000001301')] }] };
  const edited = await org.put(`/api/v1/certificates/${plain.json.id}`, body);
  assert.equal(edited.status, 200, edited.text);
  const [junior, middle, senior] = edited.json.levels;
  assert.deepEqual([junior.id, junior.code], [plain.json.levels[0].id, plain.json.levels[0].code]);
  assert.deepEqual([middle.id, middle.code], [plain.json.levels[1].id, '51000102']);
  assert.match(senior.code, /^\d{8}$/);
  assert.equal(new Set([...edited.json.levels, ...given.json.levels].map((l) => l.code)).size, 6);
  const taken = await org.put(`/api/v1/certificates/${plain.json.id}`, { ...body, version: edited.json.version,
    levels: [{ level: '初级', code: '51000203', subjects: [subject('51000001101')] }, body.levels[1], body.levels[2]] });
  assert.deepEqual([taken.status, taken.json.error.message], [409, '证书等级编号 51000203 已被其他证书等级使用']);
});

test('通过条件 per level: a level takes the certificate\'s unless it has its own; a total above the level\'s full marks is refused', async () => {
  const body = {
    code: '50000031', name: '工业互联网实施与运维职业技能等级证书', passCondition: 'all_subjects',
    levels: [
      { level: '初级', fee: '200', subjects: [
        { code: '50000031101', name: '工业互联网(初级理论)', mode: '笔试', durationMinutes: 60, fullMark: 100, passMark: 60 },
        { code: '50000031102', name: '工业互联网(初级实操)', mode: '实操', durationMinutes: 60, fullMark: 100, passMark: 60 },
      ] },
      { level: '中级', fee: '300', passCondition: 'total', passTotal: 120, subjects: [
        { code: '50000031201', name: '工业互联网(中级理论)', mode: '笔试', durationMinutes: 60, fullMark: 100, passMark: 60 },
        { code: '50000031202', name: '工业互联网(中级实操)', mode: '实操', durationMinutes: 60, fullMark: 100, passMark: 60 },
      ] },
    ],
  };
  const made = await org.post('/api/v1/certificates', body);
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.json.levels.map((l) => [l.level, l.passConditionName]), [['初级', '各科成绩合格'], ['中级', '总分≥120']]);
  const tooHigh = structuredClone(body);
  tooHigh.code = '50000032';
  tooHigh.levels[0].subjects.forEach((s, i) => { s.code = `5000003210${i + 1}`; });
  tooHigh.levels[1].subjects.forEach((s, i) => { s.code = `5000003220${i + 1}`; });
  tooHigh.levels[1].passTotal = 201;
  const refused = await org.post('/api/v1/certificates', tooHigh);
  assert.equal(refused.status, 400);
  assert.match(refused.json.error.message, /^中级：总分分数线/);
});
