// 周报管理 (seed 6, 6.1): colleges write weekly or semi-monthly reports, their province sets the
// cadence and reviews. The clock is moved to the last second of a period and the first of the next.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sheetRows } from './support/harness.mjs';

const DUPLICATE_WEEK = '本周周报已提交，请勿重复提交';
const DUPLICATE_HALF = '本期周报已提交，请勿重复提交';
const LATE = '提交时间已过，该周报目前不能提交，谢谢';
const PASSWORD = 'Weekly2021!';

let server, admin, c;

// Moves the manual clock and signs everyone in again.
async function at(now) {
  const res = await admin.put('/api/v1/system/clock', { now });
  assert.equal(res.status, 200, res.text);
  admin = await server.login('admin');
  c = {};
  for (const u of ['ustb', 'ncut', 'bjjw']) c[u] = await server.login(u);
  for (const u of ['tjjw', 'tju']) c[u] = await server.login(u, PASSWORD);
}

const body = (extra = {}) => ({ progress: '完成本周考场布置与考生培训', difficulties: '机房电脑不足', suggestions: '增加考点', ...extra });

async function write(client, extra = {}) {
  const res = await client.post('/api/v1/weekly-reports', body(extra));
  assert.equal(res.status, 201, res.text);
  return res.json;
}

function refused(res, status, message) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json.error.message, message);
}

before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  await admin.put('/api/v1/system/clock', { now: '2021-09-01 09:00:00' });
  admin = await server.login('admin');
  // A second province with its own college.
  const tjjw = await admin.post('/api/v1/organizations', { type: 'province', name: '天津市教育委员会', region: '天津市' });
  assert.equal(tjjw.status, 201, tjjw.text);
  const tju = await admin.post('/api/v1/organizations', { type: 'college', name: '天津大学', collegeType: '本科院校', provinceId: tjjw.json.id, region: '天津市' });
  assert.equal(tju.status, 201, tju.text);
  for (const [username, role, orgId] of [['tjjw', 'province', tjjw.json.id], ['tju', 'college', tju.json.id]]) {
    const made = await admin.post('/api/v1/accounts', { username, displayName: `${username}老师`, role, orgId, password: PASSWORD, mustChangePassword: false });
    assert.equal(made.status, 201, made.text);
  }
});
after(async () => { await server?.stop(); });

test('WR-1: a second report of the same week, or of the same half-month, answers the seed\'s sentence', async () => {
  await at('2021-09-06 09:00:00');
  const form = await c.ustb.get('/api/v1/weekly-reports/new');
  assert.equal(form.status, 200, form.text);
  assert.equal(form.json.period.label, '2021年09月 第二周');
  assert.equal(form.json.collegeName, '北京科技大学');
  assert.equal(form.json.provinceName, '北京教育委员会');
  const saved = await write(c.ustb, { period: form.json.period.key });
  assert.equal(saved.statusName, '未提交');
  assert.equal(saved.periodLabel, '2021年09月 第二周');

  await at('2021-09-12 23:59:59');
  refused(await c.ustb.get('/api/v1/weekly-reports/new'), 409, DUPLICATE_WEEK);
  refused(await c.ustb.post('/api/v1/weekly-reports', body({ submit: true })), 409, DUPLICATE_WEEK);
  await at('2021-09-13 00:00:00');
  assert.equal((await c.ustb.get('/api/v1/weekly-reports/new')).json.period.label, '2021年09月 第三周');

  // 天津 reports by half-month from Monday 13 September (set the week before).
  await at('2021-09-08 10:00:00');
  const set = await c.tjjw.put('/api/v1/weekly-reports/cadence', { cadence: 'semimonthly' });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.cadenceName, '周报', 'the current week keeps its cadence');
  assert.equal(set.json.next.label, '2021年09月 上半月');
  assert.equal(set.json.next.start, '2021-09-13');
  await at('2021-09-13 00:00:00');
  const half = await write(c.tju);
  assert.equal(half.periodLabel, '2021年09月 上半月');
  await at('2021-09-15 23:59:59');
  refused(await c.tju.post('/api/v1/weekly-reports', body()), 409, DUPLICATE_HALF);
  refused(await c.tju.get('/api/v1/weekly-reports/new'), 409, DUPLICATE_HALF);
  await at('2021-09-16 00:00:00');
  assert.equal((await c.tju.get('/api/v1/weekly-reports/new')).json.period.label, '2021年09月 下半月');
});

test('WR-2: a weekly report is submitted until Sunday 23:59:59 and not a second later, from the list or the form', async () => {
  await at('2021-09-20 09:00:00');
  const ustb = await write(c.ustb);
  assert.equal(ustb.periodLabel, '2021年09月 第四周');
  await at('2021-09-26 23:59:59');
  const inTime = await c.ustb.post(`/api/v1/weekly-reports/${ustb.id}/submit`, {});
  assert.equal(inTime.status, 200, inTime.text);
  assert.equal(inTime.json.statusName, '待审核');
  // 北方工业大学 opens the form in the last second and presses 提交 in the first of the next week.
  const form = await c.ncut.get('/api/v1/weekly-reports/new');
  assert.equal(form.json.period.key, '2021-09-20');
  await at('2021-09-27 00:00:00');
  refused(await c.ncut.post('/api/v1/weekly-reports', body({ period: form.json.period.key, submit: true })), 409, LATE);
  refused(await c.ncut.post('/api/v1/weekly-reports', body({ period: form.json.period.key })), 409,
    '周报周期「2021年09月 第四周」已结束，不能再填写或修改');
  assert.equal((await c.ncut.get('/api/v1/weekly-reports?period=2021-09-20')).json.total, 0, 'nothing was written');

  // A saved report of 第五周 submitted on Monday 4 October: from the list and from the form.
  const draft = await write(c.ncut);
  assert.equal(draft.periodLabel, '2021年09月 第五周');
  await at('2021-10-04 00:00:00');
  refused(await c.ncut.post(`/api/v1/weekly-reports/${draft.id}/submit`, {}), 409, LATE);
  refused(await c.ncut.put(`/api/v1/weekly-reports/${draft.id}`, { version: draft.version, progress: '补填', submit: true }), 409, LATE);
  const kept = (await c.ncut.get(`/api/v1/weekly-reports/${draft.id}`)).json;
  assert.equal(kept.statusName, '未提交');
  assert.equal(kept.progress, '完成本周考场布置与考生培训');
});

test('WR-2: a half-month report is submitted until the 15th 23:59:59; a returned one only within its period', async () => {
  await at('2021-09-15 23:59:59');
  const first = (await c.tju.get('/api/v1/weekly-reports?period=2021-09-13')).json.items[0];
  const ok = await c.tju.post(`/api/v1/weekly-reports/${first.id}/submit`, {});
  assert.equal(ok.status, 200, ok.text);
  await at('2021-09-16 08:00:00');
  const second = await write(c.tju, { submit: true });
  assert.equal(second.statusName, '待审核');
  const returned = await c.tjjw.post(`/api/v1/weekly-reports/${second.id}/return`, { opinion: '请补充考生人数' });
  assert.equal(returned.status, 200, returned.text);
  assert.equal(returned.json.statusName, '审核退回');
  await at('2021-10-01 00:00:00');
  refused(await c.tju.post(`/api/v1/weekly-reports/${second.id}/submit`, {}), 409, LATE);
  refused(await c.tju.put(`/api/v1/weekly-reports/${second.id}`, { version: returned.json.version, submit: true }), 409, LATE);
  await at('2021-09-30 23:59:59');
  const again = await c.tju.put(`/api/v1/weekly-reports/${second.id}`, { version: returned.json.version, suggestions: '已补充', submit: true });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.statusName, '待审核');
});

test('WR-2: a cadence change applies from the next period; the current one keeps its end', async () => {
  await at('2021-10-05 10:00:00');
  const now = (await c.tju.get('/api/v1/weekly-reports/cadence')).json;
  assert.equal(now.current.label, '2021年10月 上半月');
  refused(await c.tjjw.put('/api/v1/weekly-reports/cadence', { cadence: 'weekly', effectiveFrom: '2021-10-10' }), 400,
    '生效日期不能早于 2021-10-16：本期（2021年10月 上半月）及以前的周期不能更改');
  refused(await c.tju.put('/api/v1/weekly-reports/cadence', { cadence: 'weekly' }), 403, '您的角色无权执行此操作');
  const set = await c.tjjw.put('/api/v1/weekly-reports/cadence', { cadence: 'weekly' });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.next.label, '2021年10月 第二周');
  assert.equal(set.json.next.start, '2021-10-16');
  assert.equal(set.json.next.end, '2021-10-17');
  // The half-month still ends on the 15th.
  await at('2021-10-15 23:59:59');
  assert.equal((await c.tju.get('/api/v1/weekly-reports/new')).json.period.label, '2021年10月 上半月');
  await at('2021-10-16 00:00:00');
  const short = await write(c.tju);
  assert.equal(short.periodLabel, '2021年10月 第二周');
  await at('2021-10-17 23:59:59');
  assert.equal((await c.tju.post(`/api/v1/weekly-reports/${short.id}/submit`, {})).status, 200);
  await at('2021-10-18 00:00:00');
  const next = (await c.tju.get('/api/v1/weekly-reports/new')).json;
  assert.equal(next.period.label, '2021年10月 第三周');
  refused(await c.tju.post('/api/v1/weekly-reports', body({ period: '2021-10-16', submit: true })), 409, LATE);
  const periods = (await c.tju.get('/api/v1/weekly-reports/periods?from=2021-09-01')).json.items.map((p) => p.label);
  assert.deepEqual(periods.slice(0, 4), ['2021年10月 第三周', '2021年10月 第二周', '2021年10月 上半月', '2021年09月 下半月']);
  // Beijing was never changed: still weeks.
  assert.equal((await c.ustb.get('/api/v1/weekly-reports/new')).json.period.label, '2021年10月 第三周');
});

test('WR-3: withdraw before review, return with an opinion, edit and resubmit, approve; 审核信息 keeps every review', async () => {
  await at('2021-11-01 09:00:00');
  const r = await write(c.ustb, { submit: true });
  assert.equal(r.statusName, '待审核');
  refused(await c.ustb.del(`/api/v1/weekly-reports/${r.id}?version=${r.version}`), 409, '周报当前为「待审核」，只有未提交的周报可以删除');
  const withdrawn = await c.ustb.post(`/api/v1/weekly-reports/${r.id}/withdraw`, {});
  assert.equal(withdrawn.json.statusName, '未提交');
  assert.equal(withdrawn.json.submittedAt, null);
  assert.equal((await c.ustb.post(`/api/v1/weekly-reports/${r.id}/submit`, {})).json.statusName, '待审核');
  refused(await c.bjjw.post(`/api/v1/weekly-reports/${r.id}/return`, {}), 400, '请填写退回意见');
  refused(await c.tjjw.post(`/api/v1/weekly-reports/${r.id}/approve`, {}), 404, '周报不存在或无权查看');
  const back = await c.bjjw.post(`/api/v1/weekly-reports/${r.id}/return`, { opinion: '请写明考生人数' });
  assert.equal(back.json.statusName, '审核退回');
  refused(await c.ustb.post(`/api/v1/weekly-reports/${r.id}/withdraw`, {}), 409, '周报当前为「审核退回」，只有待审核（尚未审核）的周报可以撤回');
  const resubmitted = await c.ustb.put(`/api/v1/weekly-reports/${r.id}`, { version: back.json.version, progress: '本周考生 120 人', submit: true });
  assert.equal(resubmitted.json.statusName, '待审核', resubmitted.text);
  const approved = await c.bjjw.post(`/api/v1/weekly-reports/${r.id}/approve`, { opinion: '同意' });
  assert.equal(approved.json.statusName, '审核通过');
  const view = (await c.ustb.get(`/api/v1/weekly-reports/${r.id}`)).json;
  assert.equal(view.progress, '本周考生 120 人');
  assert.deepEqual(view.reviews.map((v) => [v.resultName, v.opinion, v.provinceName]),
    [['审核退回', '请写明考生人数', '北京教育委员会'], ['审核通过', '同意', '北京教育委员会']]);
  assert.equal(view.reviews[0].reviewedAt, '2021-11-01 09:00:00');
  refused(await c.ustb.put(`/api/v1/weekly-reports/${r.id}`, { version: view.version, progress: 'x' }), 409,
    '周报当前为「审核通过」，只有未提交或审核退回的周报可以编辑');

  // Batch review: one of 北方工业大学, one of another province (refused, nothing said about it).
  const ncut = await write(c.ncut, { submit: true });
  const tju = await write(c.tju, { submit: true });
  const batch = await c.bjjw.post('/api/v1/weekly-reports/review', { ids: [ncut.id, tju.id], result: 'approved' });
  assert.equal(batch.status, 200, batch.text);
  assert.equal(batch.json.done, 1);
  assert.deepEqual(batch.json.refused, [{ id: tju.id, name: '', reason: '周报不存在或无权查看' }]);
  // Reviewed a second time: refused, named by its college and period.
  const again = await c.bjjw.post('/api/v1/weekly-reports/review', { ids: [ncut.id], result: 'approved' });
  assert.equal(again.json.done, 0);
  assert.equal(again.json.refused.length, 1);
  assert.equal(again.json.refused[0].name, `${ncut.collegeName} ${ncut.period.label}`);
  assert.match(again.json.refused[0].reason, /审核通过/);
  refused(await c.bjjw.post('/api/v1/weekly-reports/review', { ids: [ncut.id], result: 'returned' }), 400, '请填写退回意见');

  // The college's list: state buttons with counts, filters by state and period.
  const list = (await c.ustb.get('/api/v1/weekly-reports?from=2021-09-01&to=2021-11-07')).json;
  assert.equal(list.counts.all, 3);
  assert.equal(list.counts.approved, 1);
  assert.equal(list.counts.pending, 1);
  assert.equal(list.counts.draft, 1);
  for (const item of list.items) assert.equal(item.collegeName, '北京科技大学');
  const pending = (await c.ustb.get('/api/v1/weekly-reports?status=pending')).json;
  assert.deepEqual(pending.items.map((i) => i.periodLabel), ['2021年09月 第四周']);
  refused(await c.ustb.get('/api/v1/weekly-reports?status=done'), 400,
    '周报状态须为 draft（未提交）、pending（待审核）、approved（审核通过）或 returned（审核退回）');
  const draft = await c.ncut.get('/api/v1/weekly-reports?status=draft');
  assert.equal(draft.json.total, 1);
  const shown = draft.json.items[0];
  refused(await c.ncut.del(`/api/v1/weekly-reports/${shown.id}`), 400, '请带上删除前看到的版本号（version），以免删掉他人刚修改过的内容');
  refused(await c.ncut.del(`/api/v1/weekly-reports/${shown.id}?version=${shown.version + 1}`), 409,
    `周报「${shown.periodLabel}」已被修改，请刷新后再删除`);
  assert.equal((await c.ncut.del(`/api/v1/weekly-reports/${shown.id}?version=${shown.version}`)).status, 204);
});

test('提交情况: every college of the province with its state or 未填写, the export, the rate per period', async () => {
  await at('2021-11-02 09:00:00');
  const week = (await c.bjjw.get('/api/v1/weekly-reports/overview?period=2021-11-01')).json;
  assert.equal(week.period.label, '2021年11月 第一周');
  assert.deepEqual(week.items.map((i) => [i.collegeName, i.statusName]).sort(), [['北京科技大学', '审核通过'], ['北方工业大学', '审核通过']]);
  const first = (await c.bjjw.get('/api/v1/weekly-reports/overview?period=2021-09-06')).json;
  assert.deepEqual(first.items.map((i) => [i.collegeName, i.statusName]).sort(), [['北京科技大学', '未提交'], ['北方工业大学', '未填写']]);
  assert.equal(first.counts.none, 1);
  assert.equal(first.counts.draft, 1);
  refused(await c.bjjw.get('/api/v1/weekly-reports/overview?period=2021-09-07'), 400, '「2021-09-07」不是周报周期的开始日期');
  const file = await c.bjjw.get('/api/v1/weekly-reports/overview/export?period=2021-09-06');
  assert.equal(file.status, 200);
  const rows = sheetRows(file.buffer);
  assert.deepEqual(rows[0], ['周报周期', '院校名称', '院校类型', '状态', '提交时间']);
  assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[3]]).sort(), [['2021年09月 第二周', '北京科技大学', '未提交'], ['2021年09月 第二周', '北方工业大学', '未填写']]);
  const rates = (await c.bjjw.get('/api/v1/weekly-reports/rates?from=2021-09-06&to=2021-11-07')).json.items;
  const byLabel = Object.fromEntries(rates.map((r) => [r.period.label, [r.submitted, r.colleges, r.rate]]));
  assert.deepEqual(byLabel['2021年09月 第二周'], [0, 2, 0]);
  assert.deepEqual(byLabel['2021年09月 第四周'], [1, 2, 0.5]);
  assert.deepEqual(byLabel['2021年11月 第一周'], [2, 2, 1]);
  assert.equal(rates.length, 9);
  // Colleges and other provinces have no overview.
  assert.equal((await c.ustb.get('/api/v1/weekly-reports/overview')).status, 403);
  const tianjin = (await c.tjjw.get('/api/v1/weekly-reports/overview?period=2021-11-01')).json;
  assert.deepEqual(tianjin.items.map((i) => i.collegeName), ['天津大学']);
});

test('attachments: type checked by content, size limited, downloaded only by the college and its province', async () => {
  await at('2021-11-08 09:00:00');
  const upload = (client, name, data) => client.request('POST', `/api/v1/weekly-reports/attachments?fileName=${encodeURIComponent(name)}`,
    { raw: data, headers: { 'Content-Type': 'application/octet-stream' } });
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(2048)]);
  refused(await upload(c.ustb, '签名盖章.pdf', elf), 400,
    '文件「签名盖章.pdf」的内容不是PDF，可能是改了扩展名的其他文件，请上传真实的 pdf、jpg、png、doc、docx、xls、xlsx 或 zip 文件');
  refused(await upload(c.ustb, 'setup.exe', elf), 400, '文件「setup.exe」的类型不允许上传，只能上传 pdf、jpg、png、doc、docx、xls、xlsx、zip 文件');
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]);
  refused(await upload(c.ustb, '扫描件.pdf', big), 413, '文件「扫描件.pdf」超过单个附件 10 MB 的上限，请压缩或拆分后上传');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n');
  const scan = await upload(c.ustb, '签名盖章.pdf', pdf);
  assert.equal(scan.status, 201, scan.text);
  const png = await upload(c.ustb, '照片.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]));
  assert.equal(png.status, 201, png.text);
  // Another college cannot attach the file to its report.
  refused(await c.ncut.post('/api/v1/weekly-reports', body({ attachments: [{ fileId: scan.json.fileId, kind: 'scan' }] })), 400,
    '附件不存在或已失效，请重新上传');
  const r = await write(c.ustb, { attachments: [{ fileId: scan.json.fileId, kind: 'scan' }, { fileId: png.json.fileId, kind: 'other' }] });
  assert.deepEqual(r.attachments.map((a) => [a.kind, a.name]), [['scan', '签名盖章.pdf'], ['other', '照片.png']]);
  const path = `/api/v1/weekly-reports/files/${scan.json.fileId}`;
  for (const who of ['ustb', 'bjjw']) {
    const got = await c[who].get(path);
    assert.equal(got.status, 200, `${who}: ${got.text}`);
    assert.deepEqual(got.buffer, pdf);
    assert.match(got.headers.get('content-disposition'), /filename\*=UTF-8''%E7%AD%BE/);
  }
  for (const who of ['ncut', 'tjjw', 'tju']) {
    refused(await c[who].get(path), 404, '附件不存在或无权下载');
    assert.equal((await c[who].get(`/api/v1/files/${scan.json.fileId}/download`)).status, 404);
  }
  // Dropping an attachment on edit deletes its file.
  const edited = await c.ustb.put(`/api/v1/weekly-reports/${r.id}`, { version: r.version, attachments: [{ fileId: scan.json.fileId, kind: 'scan' }] });
  assert.equal(edited.status, 200, edited.text);
  assert.equal((await c.ustb.get(`/api/v1/weekly-reports/files/${png.json.fileId}`)).status, 404);
});
