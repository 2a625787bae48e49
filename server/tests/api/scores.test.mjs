// 科目成绩 and 考证结果 (seed 5.2.9, 5.2.10): the organisation enters scores inside 成绩登记
// (SCORE-1), colleges and students see them from the 公示期, amendments need a reason during it and
// every score locks when it ends (SCORE-2); results are decided at the lock and a passed one is
// issued by the organisation, then the site (RES-1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, waitForJob, sheetRows, Client } from './support/harness.mjs';
import { pdfText, qrOf } from './support/files.mjs';
import { arrangedPlan, clients } from './support/exam_plan.mjs';

let server, c, fx, theory, practice;

async function at(now) {
  c = await clients(server, c.admin, now);
}

async function scores(client, query = '') {
  const res = await client.get(`/api/v1/scores?pageSize=100&planId=${fx.plan.id}${query}`);
  assert.equal(res.status, 200, res.text);
  return res.json.items;
}

const csvLine = (cells) => cells.join(',') + '\r\n';
const HEADER = ['准考证号', '考生编号', '考生姓名', '科目编号', '科目名称', '成绩', '是否缺考'];

async function upload(subject, rows) {
  const csv = csvLine(HEADER) + rows.map(csvLine).join('');
  return c.org.request('POST', `/api/v1/scores/import?planId=${fx.plan.id}&subjectId=${subject.id}&fileName=${encodeURIComponent('成绩.csv')}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
}

async function studentClient(s) {
  const college = c[s.college];
  const issued = await college.post(`/api/v1/students/${s.id}/initial-password`, {});
  assert.equal(issued.status, 200, issued.text);
  const client = new Client(server.url);
  assert.equal((await client.post('/api/v1/auth/login', { username: s.studentNo, password: issued.json.password })).status, 200);
  assert.equal((await client.post('/api/v1/auth/password', { oldPassword: issued.json.password, newPassword: 'Student2021' })).status, 200);
  return client;
}

before(async () => {
  server = await startServer();
  c = { admin: await server.login('admin') };
  fx = await arrangedPlan(server, c.admin);
  [theory, practice] = fx.cert.levels[0].subjects;
  await at('2021-09-18 12:00:00');
});
after(async () => { await server?.stop(); });

test('SCORE-1 a score is refused the second before 成绩登记 opens and taken the second it does', async () => {
  const row = (await scores(c.org, `&subjectId=${theory.id}`))[0];
  assert.equal(row.stateName, '未登记');
  await at('2021-09-18 23:59:59');
  const early = await c.org.put(`/api/v1/scores/${row.id}`, { score: '80' });
  assert.equal(early.status, 409);
  assert.equal(early.json.error.message, '成绩登记时间为 2021-09-19 00:00 至 2021-09-25 18:00，尚未开始，不能登记成绩');
  const upload1 = await upload(theory, []);
  assert.equal(upload1.status, 409, 'an import outside the window is refused at upload');
  await at('2021-09-19 00:00:00');
  const ok = await c.org.put(`/api/v1/scores/${row.id}`, { score: '80' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.score, '80');
  assert.equal(ok.json.stateName, '已登记');
  // Checks with reasons a user can act on.
  for (const [body, message] of [
    [{ score: '101', version: ok.json.version }, '成绩须为 0 到 100 之间的数，最多一位小数，「101」超出满分 100'],
    [{ score: '80.25', version: ok.json.version }, '成绩须为 0 到 100 之间的数，最多一位小数，「80.25」的小数多于一位'],
    [{ score: '80', absent: true, version: ok.json.version }, '缺考的考生不能填写成绩：填了成绩就不是缺考'],
    [{ version: ok.json.version }, '请填写成绩，缺考的考生请在是否缺考填 是'],
  ]) {
    const res = await c.org.put(`/api/v1/scores/${row.id}`, body);
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.error.message, message);
  }
  assert.equal((await c.ustb.put(`/api/v1/scores/${row.id}`, { score: '90' })).status, 403, 'a college never writes scores');
  assert.equal((await c.other.put(`/api/v1/scores/${row.id}`, { score: '90' })).status, 404, 'another organisation does not see the plan');
});

test('SCORE-1 import per subject from the template of its arranged candidates: bad rows come back with reasons', async () => {
  const template = await c.org.get(`/api/v1/scores/template?planId=${fx.plan.id}&subjectId=${practice.id}`);
  assert.equal(template.status, 200, template.text);
  const rows = sheetRows(template.buffer);
  assert.deepEqual(rows[0].map((h) => h.replace(/^\*/, '')), HEADER);
  assert.equal(rows.length, 6, 'five arranged candidates');
  const tickets = rows.slice(1).map((r) => r[0]);
  assert.ok(tickets.every((t) => /^\d{25}$/.test(t)));
  const line = (i, mark, absent = '') => [tickets[i], rows[i + 1][1], rows[i + 1][2], practice.code, practice.name, mark, absent];
  const started = await upload(practice, [
    line(0, '45'), line(1, '20.5'), line(2, '', '是'), line(3, '40'),
    line(4, '51'), // over the full mark of 50
    line(3, '41'), // the same candidate twice
    ['2099010100010100001000001', '', '', practice.code, practice.name, '30', ''],
    [tickets[4], '', '', theory.code, theory.name, '30', ''],
  ]);
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(c.org, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.deepEqual([job.result.total, job.result.succeeded, job.result.failed], [8, 4, 4]);
  const failures = sheetRows((await c.org.get(`/api/v1/files/${job.resultFileId}/download`)).buffer);
  assert.deepEqual(failures.slice(1).map((r) => r[7]), [
    '第 6 行：成绩须为 0 到 50 之间的数，最多一位小数，「51」超出满分 50',
    `第 7 行：准考证号 ${tickets[3]} 在文件中重复出现，同一考生的成绩只能填一行`,
    '第 8 行：准考证号 2099010100010100001000001 不是本考试计划排考的考生',
    `第 9 行：科目编号「${theory.code}」不是本次导入的科目「${practice.name}」(${practice.code})`,
  ]);
  const entered = await scores(c.org, `&subjectId=${practice.id}`);
  assert.deepEqual(entered.map((r) => r.scoreText), ['45', '20.5', '缺考', '40', '']);
  const records = (await c.org.get('/api/v1/import-records?type=scores')).json;
  assert.equal(records.items[0].failed, 4);
  const options = (await c.org.get('/api/v1/scores/entry-options')).json.plans.find((p) => p.id === fx.plan.id);
  assert.equal(options.phaseName, '成绩登记中');
  assert.deepEqual(options.subjects.map((s) => [s.name, s.arranged, s.entered]), [[theory.name, 5, 1], [practice.name, 5, 4]]);
  // The rest by hand: 北工考生5 sits 实操, everyone the theory.
  assert.equal((await c.org.put(`/api/v1/scores/${entered[4].id}`, { score: '35' })).status, 200);
  const marks = ['75', '90', '', '50', '59.5'];
  for (const [i, r] of (await scores(c.org, `&subjectId=${theory.id}`)).entries()) {
    if (i === 0) continue; // entered in the first test (80)
    const body = marks[i] ? { score: marks[i] } : { absent: true };
    const res = await c.org.put(`/api/v1/scores/${r.id}`, { ...body, version: r.version });
    assert.equal(res.status, 200, res.text);
  }
});

test('SCORE-2 colleges and students see marks from the second the 公示期 starts, only their own', async () => {
  await at('2021-09-25 23:59:59');
  const early = await scores(c.ustb);
  assert.equal(early.length, 6, 'three candidates, two subjects');
  assert.ok(early.every((r) => r.scoreText === '成绩未公示' && r.score === null));
  assert.ok(early.every((r) => r.stateName === '成绩未公示' && r.version === 0 && r.updatedAt === null), 'not even whether a score is entered');
  assert.equal((await scores(c.ustb, '&state=entered')).length, 0);
  assert.equal((await scores(c.ustb, '&state=missing')).length, 0);
  const student = await studentClient(fx.students[0]);
  assert.deepEqual((await student.get('/api/v1/my/scores')).json.items, []);
  await at('2021-09-26 00:00:00');
  const open = await scores(c.ustb);
  assert.ok(open.every((r) => r.stateName === '公示中'));
  assert.deepEqual(open.filter((r) => r.studentName === '北科考生1').map((r) => r.scoreText).sort(), ['45', '80']);
  assert.ok(open.every((r) => r.collegeName === '北京科技大学'), 'a college sees only its own candidates');
  const mine = (await student.get('/api/v1/my/scores')).json.items;
  assert.deepEqual(mine.map((r) => r.scoreText).sort(), ['45', '80']);
  assert.ok(mine.every((r) => r.studentName === '北科考生1'));
  assert.equal((await student.get('/api/v1/scores')).status, 403);
});

test('SCORE-2 during the 公示期 a change needs a reason and is kept with the value before and after; imports cannot change', async () => {
  const row = (await scores(c.org, `&subjectId=${theory.id}`)).find((r) => r.studentName === '北工考生5');
  assert.equal(row.scoreText, '59.5');
  const bare = await c.org.put(`/api/v1/scores/${row.id}`, { score: '61', version: row.version });
  assert.equal(bare.status, 400);
  assert.equal(bare.json.error.message, '公示期内修改成绩须填写修改原因');
  const amended = await c.org.put(`/api/v1/scores/${row.id}`, { score: '61', version: row.version, reason: '复核卷面漏计 1.5 分' });
  assert.equal(amended.status, 200, amended.text);
  assert.equal(amended.json.score, '61');
  const record = amended.json.amendments.at(-1);
  assert.deepEqual([record.before, record.after, record.reason, record.inPublicity], ['59.5', '61', '复核卷面漏计 1.5 分', true]);
  const seen = await c.ncut.get(`/api/v1/scores/${row.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.json.amendments.at(-1).reason, '复核卷面漏计 1.5 分', 'the college reads the amendment record');
  const template = sheetRows((await c.org.get(`/api/v1/scores/template?planId=${fx.plan.id}&subjectId=${theory.id}`)).buffer);
  const changed = template.slice(1).map((r) => (r[2] === '北科考生2' ? [...r.slice(0, 5), '99', '否'] : r));
  const refused = await upload(theory, changed.map((r) => r.map((x) => x ?? '')));
  assert.equal(refused.status, 409);
  assert.equal(refused.json.error.message, '公示期内修改成绩须在科目成绩页面逐条填写修改原因，不能通过导入修改');
  assert.equal((await scores(c.org, `&subjectId=${theory.id}`)).find((r) => r.studentName === '北科考生2').scoreText, '90');
});

test('批量导出科目成绩: the seed columns in order, then 成绩, 是否缺考 and 成绩状态; the 身份证号 masked', async () => {
  const all = await c.ustb.get(`/api/v1/scores/export?planId=${fx.plan.id}`);
  assert.equal(all.status, 200, all.text);
  const rows = sheetRows(all.buffer);
  assert.deepEqual(rows[0], ['考试计划', '考生姓名', '考生编号', '证件号码', '准考证号', '考生类型', '所属院校', '科目编号', '科目名称', '考试方式', '报考证书', '证书等级', '考核单位', '考试通过条件', '成绩', '是否缺考', '成绩状态']);
  assert.equal(rows.length, 7);
  const first = rows.find((r) => r[1] === '北科考生1' && r[8] === theory.name);
  assert.deepEqual(first.slice(5), ['院校考生', '北京科技大学', theory.code, theory.name, '机考', fx.cert.name, '初级', '中联集团教育科技有限公司', '各科成绩合格', '80', '否', '公示中']);
  assert.match(first[3], /^\d{6}\*{5}\d{5}[\dX]$/);
  const ticked = await c.ustb.get(`/api/v1/scores/export?ids=${(await scores(c.ustb))[0].id}`);
  assert.equal(sheetRows(ticked.buffer).length, 2, 'only the ticked row');
});

test('SCORE-2 the second the 公示期 ends every score is locked, through every write path', async () => {
  const row = (await scores(c.org, `&subjectId=${theory.id}`))[0];
  await at('2021-10-05 17:59:59');
  assert.equal((await scores(c.org))[0].stateName, '公示中');
  await at('2021-10-05 18:00:00');
  const locked = await c.org.put(`/api/v1/scores/${row.id}`, { score: '81', version: row.version, reason: '再次复核' });
  assert.equal(locked.status, 409);
  assert.equal(locked.json.error.message, '公示期已于 2021-10-05 18:00 结束，成绩已锁定，不能再修改');
  const imported = await upload(theory, []);
  assert.equal(imported.status, 409);
  assert.equal(imported.json.error.message, '公示期已于 2021-10-05 18:00 结束，成绩已锁定，不能再修改');
  assert.ok((await scores(c.ustb)).every((r) => r.stateName === '已锁定'));
});

test('RES-1 results are decided at the lock; the organisation signs, then the site confirms and the certificate is issued', async () => {
  const list = async (client, q = '') => (await client.get(`/api/v1/results?pageSize=100&planId=${fx.plan.id}${q}`)).json.items;
  const byName = Object.fromEntries((await list(c.org)).map((r) => [r.studentName, r]));
  // 北科考生1 80/45 passed; 北科考生2 90/20.5 failed (实操 below 30); 北科考生3 absent from both;
  // 北工考生4 50/40: 理论 below 60, failed; 北工考生5 61/35 passed.
  assert.deepEqual(Object.fromEntries(Object.entries(byName).map(([k, v]) => [k, v.statusName])), {
    北科考生1: '已通过', 北科考生2: '未通过', 北科考生3: '缺考', 北工考生4: '未通过', 北工考生5: '已通过',
  });
  const passed = byName['北科考生1'];
  assert.equal(passed.issueName, '待签发');
  // The site cannot confirm before the organisation signs.
  const early = await c.ustb.post('/api/v1/results/confirm', { ids: [passed.id] });
  assert.equal(early.status, 200);
  assert.deepEqual(early.json.refused.map((r) => r.reason), ['培训评价组织尚未签发，考核站点不能确认']);
  const failed = await c.org.post('/api/v1/results/sign', { ids: [byName['北科考生2'].id] });
  assert.deepEqual(failed.json.refused.map((r) => r.reason), ['考核状态为未通过，只有已通过的才能签发']);
  const signed = await c.org.post('/api/v1/results/sign', { ids: [passed.id, byName['北工考生5'].id] });
  assert.equal(signed.json.done, 2, signed.text);
  // The other college's candidate sat at the other college's site: 北科 cannot confirm it.
  const wrong = await c.ustb.post('/api/v1/results/confirm', { ids: [byName['北工考生5'].id] });
  assert.equal(wrong.json.done, 0);
  // Either party returns with a reason before the last step; the organisation signs again.
  const back = await c.ustb.post(`/api/v1/results/${passed.id}/return`, { reason: '考生姓名与身份证不符，请核实' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.issueName, '已退回');
  assert.equal(back.json.returnedBy, '考核站点');
  assert.equal((await c.org.post('/api/v1/results/sign', { ids: [passed.id] })).json.done, 1);
  const ok = await c.ustb.post('/api/v1/results/confirm', { ids: [passed.id] });
  assert.equal(ok.json.done, 1, ok.text);
  const detail = (await c.ustb.get(`/api/v1/results/${passed.id}`)).json;
  assert.equal(detail.issueName, '已发证');
  assert.match(detail.certificateNo, new RegExp(`^${fx.cert.levels[0].code}2021\\d{6}$`));
  assert.deepEqual(detail.subjects.map((s) => s.score), ['80', '45']);
  assert.deepEqual(detail.steps.map((s) => s.done), [true, true, true]);
  assert.equal((await c.ustb.post(`/api/v1/results/${passed.id}/return`, { reason: '晚了' })).status, 409);
  // The electronic certificate: its text and its QR code, which the public page accepts.
  const pdf = await c.ustb.get(`/api/v1/results/${passed.id}/certificate`);
  assert.equal(pdf.status, 200, pdf.text);
  const text = pdfText(pdf.buffer);
  for (const part of ['北科考生1', fx.cert.name, '初级', detail.certificateNo, '中联集团教育科技有限公司', '2021年10月05日']) assert.ok(text.includes(part), part);
  assert.match(text, /\d{6}\*{5}\d{5}[\dX]/);
  const url = qrOf(pdf.buffer);
  assert.match(url, /\/verify\?c=/);
  const token = new URL(url).searchParams.get('c');
  const verified = await new Client(server.url).get(`/api/v1/certificates/verify?c=${encodeURIComponent(token)}`);
  assert.deepEqual([verified.json.valid, verified.json.name, verified.json.certificateNo], [true, '北****', detail.certificateNo]);
  const forged = await new Client(server.url).get(`/api/v1/certificates/verify?c=${encodeURIComponent(token.slice(0, -1) + (token.endsWith('0') ? '1' : '0'))}`);
  assert.equal(forged.json.valid, false);
  // The student downloads the own certificate; never another's.
  const student = await studentClient(fx.students[0]);
  const mine = (await student.get('/api/v1/my/results')).json.items;
  assert.deepEqual(mine.map((r) => [r.statusName, r.issueName]), [['已通过', '已发证']]);
  assert.equal((await student.get(`/api/v1/my/results/${passed.id}/certificate`)).status, 200);
  assert.equal((await student.get(`/api/v1/my/results/${byName['北工考生5'].id}/certificate`)).status, 404);
});

test('RES-1 a result keeps the 通过条件 it was decided under when its level\'s condition changes later', async () => {
  const list = async () => (await c.org.get(`/api/v1/results?pageSize=100&planId=${fx.plan.id}`)).json.items
    .map((r) => [r.studentName, r.statusName, r.condition]).sort();
  const decided = await list();
  assert.equal(decided.length, 5);
  assert.ok(decided.every(([, , condition]) => condition === '各科成绩合格'), JSON.stringify(decided));
  const cert = (await c.org.get(`/api/v1/certificates/${fx.cert.id}`)).json;
  const res = await c.org.put(`/api/v1/certificates/${fx.cert.id}`, {
    code: cert.code, name: cert.name, majors: ['电子商务'], version: cert.version,
    levels: [{ level: '初级', passCondition: 'total', passTotal: 100, subjects: cert.levels[0].subjects.map((s) => ({
      code: s.code, name: s.name, mode: s.mode, durationMinutes: s.durationMinutes, fullMark: s.fullMark, passMark: s.passMark,
    })) }],
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.levels[0].passConditionName, '总分≥100');
  // 北工考生4 (50 + 40 = 90) and the others: decided as before, under the condition of then.
  assert.deepEqual(await list(), decided);
});

test('SCORE-2 once the results are decided the plan\'s scores stay locked, whatever the clock says', async () => {
  assert.equal((await c.org.get(`/api/v1/results?pageSize=1&planId=${fx.plan.id}`)).status, 200, 'decided');
  // A write that began in the 公示期's last moment and reached the database after the decision is
  // the same case as a clock set back into the 公示期: the decision has read the scores.
  await at('2021-10-05 17:59:00');
  const row = (await scores(c.org, `&subjectId=${theory.id}`)).find((r) => r.studentName === '北科考生2');
  const late = await c.org.put(`/api/v1/scores/${row.id}`, { score: '91', version: row.version, reason: '最后一刻的复核' });
  assert.equal(late.status, 409, late.text);
  assert.equal(late.json.error.message, '公示期已于 2021-10-05 18:00 结束，成绩已锁定，不能再修改');
  assert.equal((await scores(c.org, `&subjectId=${theory.id}`)).find((r) => r.studentName === '北科考生2').scoreText, '90');
  await at('2021-10-06 10:00:00');
});

test('批量导出证书考核详情 has exactly the seed columns', async () => {
  const res = await c.ustb.get(`/api/v1/results/export?planId=${fx.plan.id}`);
  assert.equal(res.status, 200, res.text);
  const rows = sheetRows(res.buffer);
  assert.deepEqual(rows[0], ['考试计划', '考生姓名', '考生编号', '身份证号', '学生类型', '所属院校', '报考证书', '证书等级', '考核单位', '通过条件', '考核状态']);
  const first = rows.find((r) => r[1] === '北科考生1');
  assert.deepEqual(first.slice(4), ['院校考生', '北京科技大学', fx.cert.name, '初级', '中联集团教育科技有限公司', '各科成绩合格', '已通过']);
  assert.match(first[3], /^\d{6}\*{5}\d{5}[\dX]$/);
});

test('RES-1 certificate numbers stay unique when sites confirm at the same moment', async () => {
  const fresh = await arrangedPlan(server, c.admin, { code: '50000013', name: '数据采集职业技能等级证书', planName: '2021年9月数据采集考试', people: 100 });
  // Nothing entered yet: the organisation's to-do list names the missing scores once 成绩登记 ends.
  const missing = async () => (await c.org.get('/api/v1/dashboard/todo')).json.items.find((i) => i.key === 'scores_missing');
  await at('2021-09-25 17:59:59');
  assert.equal((await missing()).count, 0);
  await at('2021-09-25 18:00:00');
  assert.equal((await missing()).count, 10, 'five candidates, two subjects');
  assert.equal((await missing()).link, '/scores?state=missing');
  await at('2021-09-20 10:00:00');
  for (const r of (await c.org.get(`/api/v1/scores?pageSize=100&planId=${fresh.plan.id}`)).json.items) {
    assert.equal((await c.org.put(`/api/v1/scores/${r.id}`, { score: String(r.fullMark) })).status, 200);
  }
  await at('2021-10-06 10:00:00');
  const all = (await c.org.get(`/api/v1/results?pageSize=100&planId=${fresh.plan.id}`)).json.items;
  assert.equal(all.length, 5);
  assert.equal((await c.org.post('/api/v1/results/sign', { ids: all.map((r) => r.id) })).json.done, 5);
  const answers = await Promise.all(all.map((r) => c[fresh.students.find((s) => s.name === r.studentName).college].post('/api/v1/results/confirm', { ids: [r.id] })));
  assert.ok(answers.every((a) => a.json.done === 1), answers.map((a) => a.text).join('\n'));
  const numbers = (await c.org.get(`/api/v1/results?pageSize=100&planId=${fresh.plan.id}`)).json.items.map((r) => r.certificateNo);
  assert.equal(new Set(numbers).size, 5, numbers.join(','));
  const todo = async (client, key) => (await client.get('/api/v1/dashboard/todo')).json.items.find((i) => i.key === key).count;
  assert.equal(await todo(c.org, 'results_to_sign'), 0, 'every passed result is signed');
  assert.equal(await todo(c.ncut, 'results_to_confirm'), 1, '北工考生5 of the first plan waits for 北方工业大学');
  assert.equal(await todo(c.ustb, 'results_to_confirm'), 0);
});
