import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, waitForJob, sheetRows } from './support/harness.mjs';

// A valid 18-character 身份证号 (GB 11643 check digit) for a number: area 110102, a birth date
// and a sequence derived from it.
function idNumber(i) {
  const birth = new Date(Date.UTC(1996, 0, 1) + Math.floor(i / 900) * 86400e3).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `110102${birth}${String(100 + (i % 900)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, k) => s + Number(d) * weights[k], 0);
  return body + '10X98765432'[sum % 11];
}

// Exam rooms belong to the rooms module; until its routes are here the test puts one row in the
// database itself so that the arrangement fixture has a room to point at.
const upload = (client, path, text, name = '报考.csv') =>
  client.request('POST', `${path}&fileName=${encodeURIComponent(name)}`, { raw: Buffer.from(text), headers: { 'Content-Type': 'application/octet-stream' } });

let server, admin, org, ustb, ncut, colleges, shop, other, certPlan, subjectPlan, roomId, siteId;
const people = {};

const windows = () => ({
  registrationStart: '2021-09-01 00:00', registrationEnd: '2021-09-10 18:00',
  arrangingStart: '2021-09-05 00:00', arrangingEnd: '2021-09-15 18:00',
  scoreStart: '2021-09-19 00:00', scoreEnd: '2021-09-25 18:00',
  publicityStart: '2021-09-26 00:00', publicityEnd: '2021-10-05 18:00',
});

// Sessions follow the clock: sign in afresh after each jump.
async function at(now) {
  assert.equal((await admin.put('/api/v1/system/clock', { now })).status, 200);
  admin = await server.login('admin');
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
  org = await server.login('zhonglian');
}

before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  await at('2021-08-20 09:00:00');
  const orgs = (await admin.get('/api/v1/organizations?type=college')).json.items;
  colleges = { ustb: orgs.find((o) => o.name === '北京科技大学').id, ncut: orgs.find((o) => o.name === '北方工业大学').id };
  const made = await org.post('/api/v1/certificates', {
    code: '50000002', name: '网店运营推广职业技能等级证书',
    levels: [
      { level: '初级', fee: '240', subjects: [
        { code: '50000002202', name: '网店运营推广(实操)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60, fee: '120' },
        { code: '50000002203', name: '网店运营推广(理论)', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60, fee: '120' },
      ] },
      { level: '中级', fee: '300', subjects: [
        { code: '50000002302', name: '网店运营推广中级(实操)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60, fee: '150' },
      ] },
    ],
    majors: ['电子商务', '市场营销'],
  });
  assert.equal(made.status, 201, made.text);
  shop = made.json;
  const made2 = await org.post('/api/v1/certificates', {
    code: '50000003', name: '电子商务数据分析职业技能等级证书',
    levels: [{ level: '初级', subjects: [
      { code: '50000003201', name: '数据分析(理论)', mode: '笔试', durationMinutes: 60, fullMark: 100, passMark: 60 },
    ] }],
    majors: ['电子商务'],
  });
  assert.equal(made2.status, 201, made2.text);
  other = made2.json;
  const [s1, s2] = shop.levels[0].subjects;
  const plan = async (body) => {
    const res = await org.post('/api/v1/plans', { windows: windows(), collegeIds: [colleges.ustb], ...body });
    assert.equal(res.status, 201, res.text);
    assert.equal((await org.post(`/api/v1/plans/${res.json.id}/publish`, {})).status, 200);
    return (await org.get(`/api/v1/plans/${res.json.id}`)).json;
  };
  // 数据分析(理论) at 08:30 overlaps 网店运营推广(实操) at 08:00-09:00.
  certPlan = await plan({
    name: '2021年9月第一批网店考试', mode: 'certificate', levelIds: [shop.levels[0].id, other.levels[0].id],
    subjects: [
      { subjectId: s1.id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' },
      { subjectId: s2.id, start: '2021-09-18 09:30', end: '2021-09-18 10:30' },
      { subjectId: other.levels[0].subjects[0].id, start: '2021-09-18 08:30', end: '2021-09-18 09:30' },
    ],
  });
  subjectPlan = await plan({
    name: '2021年9月按科目考试', mode: 'subject', levelIds: [shop.levels[0].id, shop.levels[1].id],
    subjects: [
      { subjectId: s1.id, start: '2021-09-17 08:00', end: '2021-09-17 09:00' },
      { subjectId: s2.id, start: '2021-09-17 09:30', end: '2021-09-17 10:30' },
      { subjectId: shop.levels[1].subjects[0].id, start: '2021-09-17 08:30', end: '2021-09-17 09:30' },
    ],
  });
  for (const [key, name, idn, major] of [
    ['wang', '王小二', '110101199003070011', '电子商务'],
    ['li', '李四', '110101200001010029', '市场营销'],
    ['zhang', '张三', idNumber(5003), '计算机应用'],
    ['zhao', '赵六', idNumber(5000), '电子商务'],
  ]) {
    const res = await ustb.post('/api/v1/students', { name, idNumber: idn, type: '院校考生', major });
    assert.equal(res.status, 201, res.text);
    people[key] = res.json;
  }
  people.ncut = (await ncut.post('/api/v1/students', { name: '钱七', idNumber: idNumber(5001), type: '院校考生', major: '电子商务' })).json;
  const site = await ustb.post('/api/v1/sites', { certificateId: shop.id, region: '北京市北京市海淀区', address: '学院路30号' });
  assert.equal(site.status, 201, site.text);
  siteId = site.json.id;
  assert.equal((await org.post(`/api/v1/sites/${siteId}/approve`, {})).status, 200);
  const room = await ustb.post('/api/v1/rooms', {
    planId: certPlan.id, siteId, certificateId: shop.id, name: '第一考场', types: ['机考+实操'], seats: 30,
    region: '北京市北京市海淀区', address: '学院路30号',
  });
  assert.equal(room.status, 201, room.text);
  roomId = room.json.id;
});
after(async () => { await server?.stop(); });

const level = (cert, i = 0) => cert.levels[i].id;

test('REG-2 registration is open only inside the plan\'s window, to colleges of the plan', async () => {
  const closed = '考试计划「2021年9月第一批网店考试」不在报考时间内（报考时间 2021-09-01 00:00 至 2021-09-10 18:00），不能报考';
  await at('2021-08-31 23:59:59');
  let res = await ustb.post('/api/v1/registrations', { planId: certPlan.id, studentId: people.zhao.id, levelId: level(shop) });
  assert.equal(res.status, 409, res.text);
  assert.equal(res.json.error.message, closed);
  assert.deepEqual((await ustb.get('/api/v1/registrations/options')).json.plans, [], 'no plan to choose yet');
  res = await upload(ustb, `/api/v1/registrations/import?mode=certificate&planId=${certPlan.id}`, '姓名\n');
  assert.equal(res.status, 409, 'the upload is refused before the window');
  assert.equal((await ustb.get(`/api/v1/registrations/template?mode=certificate&planId=${certPlan.id}`)).status, 409);

  await at('2021-09-01 00:00:00');
  const options = (await ustb.get('/api/v1/registrations/options')).json.plans;
  assert.deepEqual(options.map((p) => p.name).sort(), ['2021年9月按科目考试', '2021年9月第一批网店考试']);
  const opt = options.find((p) => p.id === certPlan.id);
  assert.deepEqual(opt.levels.map((l) => l.label), ['网店运营推广职业技能等级证书(初级)', '电子商务数据分析职业技能等级证书(初级)']);
  assert.equal(opt.subjects.find((s) => s.code === '50000002202').slot, '2021-09-18 08:00-09:00');
  res = await ustb.post('/api/v1/registrations', { planId: certPlan.id, studentId: people.zhao.id, levelId: level(shop) });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.json.map((r) => r.subjectName), ['网店运营推广(实操)', '网店运营推广(理论)'], '按证书: every subject of the level');
  assert.deepEqual(res.json.map((r) => [r.statusName, r.paidName]), [['未排考', '未缴费'], ['未排考', '未缴费']]);

  await at('2021-09-10 17:59:59');
  res = await ustb.post('/api/v1/registrations', { planId: certPlan.id, studentId: people.li.id, levelId: level(shop) });
  assert.equal(res.status, 201, res.text);

  await at('2021-09-10 18:00:00');
  res = await ustb.post('/api/v1/registrations', { planId: certPlan.id, studentId: people.wang.id, levelId: level(shop) });
  assert.equal(res.status, 409);
  assert.equal(res.json.error.message, closed);
  assert.deepEqual((await ustb.get('/api/v1/registrations/options')).json.plans, []);
  res = await upload(ustb, `/api/v1/registrations/import?mode=certificate&planId=${certPlan.id}`, '姓名\n');
  assert.equal(res.status, 409, 'the upload is refused from the end of the window');
  assert.equal(res.json.error.message, closed);

  await at('2021-09-05 09:00:00');
  res = await ncut.post('/api/v1/registrations', { planId: certPlan.id, studentId: people.ncut.id, levelId: level(shop) });
  assert.equal(res.status, 404, 'a college outside the plan');
  assert.equal(res.json.error.message, '考试计划不存在，或本院校不在该计划的参考院校中');
  assert.deepEqual((await ncut.get('/api/v1/registrations/options')).json.plans, []);
  res = await ustb.post('/api/v1/registrations', { planId: certPlan.id, studentId: people.ncut.id, levelId: level(shop) });
  assert.equal(res.json.error.message, '本院校考生名单中没有该考生，请先在“考生管理”中添加');
  // The import follows the plan's mode, and by subject needs a certificate of the plan.
  res = await upload(ustb, `/api/v1/registrations/import?mode=subject&planId=${certPlan.id}&certificateId=${shop.id}`, '姓名\n');
  assert.equal(res.json.error.message, '该考试计划为按证书报考，请使用“批量导入报考-按证书导入”，按证书等级报考');
  res = await ustb.get(`/api/v1/registrations/template?mode=subject&planId=${subjectPlan.id}&certificateId=${other.id}`);
  assert.equal(res.json.error.message, '请选择该考试计划中的考核证书');
  res = await ustb.get(`/api/v1/registrations/template?mode=certificate&planId=${certPlan.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(sheetRows(res.buffer)[0], ['考生编号', '身份证号', '*姓名', '*证书等级']);
});

test('REG-3 a student whose major is not among the certificate\'s majors is refused, with where to look', async () => {
  let res = await ustb.post('/api/v1/registrations', { planId: certPlan.id, studentId: people.zhang.id, levelId: level(shop) });
  assert.equal(res.status, 409);
  assert.equal(res.json.error.message, '考生专业“计算机应用”不在该证书的可报考专业内，可在“证书信息管理”中查看可报考专业');
  res = await ustb.post('/api/v1/registrations', { planId: certPlan.id, studentId: people.li.id, levelId: level(other) });
  assert.equal(res.json.error.message, '考生专业“市场营销”不在该证书的可报考专业内，可在“证书信息管理”中查看可报考专业');
  assert.equal((await ustb.get(`/api/v1/registrations?studentNo=${people.zhang.studentNo}`)).json.total, 0);
});

test('a second registration of the same subject and a subject clashing in time are refused', async () => {
  let res = await ustb.post('/api/v1/registrations', { planId: certPlan.id, studentId: people.zhao.id, levelId: level(shop) });
  assert.equal(res.status, 409);
  assert.equal(res.json.error.message, '考生已报考该考试计划的科目“网店运营推广(实操)”，不能重复报考');
  res = await ustb.post('/api/v1/registrations', { planId: certPlan.id, studentId: people.zhao.id, levelId: level(other) });
  assert.equal(res.status, 409);
  assert.equal(res.json.error.message,
    '科目“数据分析(理论)”的考试时间（2021-09-18 08:30-09:30）与考生已报考的科目“网店运营推广(实操)”（2021-09-18 08:00-09:00）重叠，考生无法同时参加');
  // 按科目: chosen subjects, each checked.
  const [s1, s2] = shop.levels[0].subjects;
  const mid = shop.levels[1].subjects[0];
  res = await ustb.post('/api/v1/registrations', { planId: subjectPlan.id, studentId: people.wang.id, subjectIds: [s1.id, mid.id] });
  assert.equal(res.json.error.message, '科目“网店运营推广中级(实操)”与“网店运营推广(实操)”的考试时间重叠，考生无法同时参加');
  res = await ustb.post('/api/v1/registrations', { planId: subjectPlan.id, studentId: people.wang.id, subjectIds: [s2.id] });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json[0].modeName, '按科目报考');
  res = await ustb.post('/api/v1/registrations', { planId: subjectPlan.id, studentId: people.wang.id, levelId: level(shop) });
  assert.equal(res.json.error.message, '请选择报考科目');
});

test('import by subject names subjects by code or name, several in a cell', async () => {
  await ustb.post('/api/v1/students', { name: '孙八', idNumber: idNumber(5002), type: '社会考生', major: '市场营销' });
  const csv = '考生编号,身份证号,姓名,报考科目\n' +
    `,${idNumber(5002)},孙八,"50000002202、网店运营推广(理论)"\n` +
    `${people.li.studentNo},,李四,网店运营推广中级(实操)\n` +
    `,${people.wang.idNumber},王小二,网店运营推广(理论)\n` +
    `,${people.zhao.idNumber},赵六,数据分析(理论)\n`;
  const started = await upload(ustb, `/api/v1/registrations/import?mode=subject&planId=${subjectPlan.id}&certificateId=${shop.id}`, csv);
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(ustb, started.json.job.id);
  assert.deepEqual([job.result.total, job.result.succeeded, job.result.failed], [4, 2, 2], JSON.stringify(job));
  const reasons = sheetRows((await ustb.get(`/api/v1/files/${job.resultFileId}/download`)).buffer).slice(1).map((r) => r.at(-1));
  assert.deepEqual(reasons, [
    '第 4 行：考生已报考该考试计划的科目“网店运营推广(理论)”，不能重复报考',
    '第 5 行：科目“数据分析(理论)”不在该考试计划所选证书的科目中，请按模板填写说明核对科目代码或名称',
  ]);
  const rows = (await ustb.get(`/api/v1/registrations?planId=${subjectPlan.id}&name=${encodeURIComponent('孙八')}`)).json.items;
  assert.deepEqual(rows.map((r) => r.subjectName).sort(), ['网店运营推广(实操)', '网店运营推广(理论)']);
  const records = (await ustb.get('/api/v1/import-records?type=registrations')).json.items;
  assert.equal(records[0].title, '报考信息（按科目）');
});

test('import by certificate of 1,000 rows: 980 in, and each of the 20 bad rows says why', async () => {
  // The roster first, through the students import: 1,000 students, 4 of them outside the majors.
  const students = [];
  for (let i = 0; i < 1000; i++) students.push({ name: `考生${i}`, idNumber: idNumber(i), major: i % 250 === 7 ? '计算机应用' : '电子商务' });
  const roster = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\n' +
    students.map((s) => `,${s.name},,${s.idNumber},院校考生,${s.major},,`).join('\n') + '\n';
  let started = await ustb.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent('考生.csv')}`,
    { raw: Buffer.from(roster), headers: { 'Content-Type': 'application/octet-stream' } });
  let job = await waitForJob(ustb, started.json.job.id, 60000);
  assert.equal(job.result.succeeded, 1000, JSON.stringify(job));
  // Three students already took the clashing 数据分析 subject.
  for (const i of [11, 12, 13]) {
    const id = (await ustb.get(`/api/v1/students?idNumber=${students[i].idNumber}`)).json.items[0].id;
    assert.equal((await ustb.post('/api/v1/registrations', { planId: certPlan.id, studentId: id, levelId: level(other) })).status, 201);
  }
  const first = (await ustb.get(`/api/v1/students?idNumber=${students[20].idNumber}`)).json.items[0];
  const label = '网店运营推广职业技能等级证书(初级)';
  const lines = [];
  const expected = [];
  for (let i = 0; i < 1000; i++) {
    const s = students[i];
    let row = ['', s.idNumber, s.name, label];
    let reason = null;
    if (i === 20) row = [first.studentNo, '', s.name, '网店运营推广职业技能等级证书（初级）'];
    else if (i >= 30 && i < 32) { row = ['', idNumber(9000 + i), s.name, label]; reason = `本院校考生名单中没有身份证号为 ${idNumber(9000 + i)} 的考生，请先在“考生管理”中添加`; }
    else if (i === 34) { row = ['99999999', '', s.name, label]; reason = '本院校考生名单中没有考生编号为 99999999 的考生，请先在“考生管理”中添加'; }
    else if (i === 35) { row = ['', people.ncut.idNumber, '钱七', label]; reason = `本院校考生名单中没有身份证号为 ${people.ncut.idNumber} 的考生，请先在“考生管理”中添加`; }
    else if (i >= 40 && i < 43) { row = ['', s.idNumber, '李雷', label]; reason = `姓名“李雷”与考生名单中的“${s.name}”不一致，请核对`; }
    else if (s.major !== '电子商务') reason = '考生专业“计算机应用”不在该证书的可报考专业内，可在“证书信息管理”中查看可报考专业';
    else if (i >= 50 && i < 53) { row = ['', s.idNumber, s.name, '网店运营推广职业技能等级证书(高级)']; reason = '证书等级“网店运营推广职业技能等级证书(高级)”不在该考试计划中，可选：网店运营推广职业技能等级证书(初级)、电子商务数据分析职业技能等级证书(初级)'; }
    else if (i >= 11 && i < 14) reason = `科目“网店运营推广(实操)”的考试时间（2021-09-18 08:00-09:00）与考生已报考的科目“数据分析(理论)”（2021-09-18 08:30-09:30）重叠，考生无法同时参加`;
    else if (i >= 60 && i < 63) { // the student of the row above, a second time in the file
      row = lines[i - 1];
      reason = '考生已报考该考试计划的科目“网店运营推广(实操)”，不能重复报考';
    }
    lines.push(row);
    if (reason) expected.push(`第 ${lines.length + 1} 行：${reason}`);
  }
  assert.equal(expected.length, 20, 'twenty bad rows of every kind');
  const csv = '考生编号,身份证号,姓名,证书等级\n' + lines.map((r) => r.join(',')).join('\n') + '\n';
  const t0 = Date.now();
  started = await upload(ustb, `/api/v1/registrations/import?mode=certificate&planId=${certPlan.id}`, csv);
  assert.equal(started.status, 202, started.text);
  job = await waitForJob(ustb, started.json.job.id, 60000);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.deepEqual([job.result.total, job.result.succeeded, job.result.failed], [1000, 980, 20]);
  assert.ok(Date.now() - t0 < 30000, `import took ${Date.now() - t0} ms`);
  const failures = sheetRows((await ustb.get(`/api/v1/files/${job.resultFileId}/download`)).buffer);
  assert.deepEqual(failures[0], ['考生编号', '身份证号', '姓名', '证书等级', '失败原因']);
  assert.deepEqual(failures.slice(1).map((r) => r.at(-1)), expected);
  const list = (await ustb.get(`/api/v1/registrations?planId=${certPlan.id}&certificateId=${shop.id}&pageSize=1`)).json;
  assert.equal(list.total, (980 + 2) * 2, 'two subjects per student, with the two added earlier');
  const records = (await ustb.get('/api/v1/import-records?type=registrations')).json.items;
  assert.deepEqual([records[0].title, records[0].succeeded, records[0].failed], ['报考信息（按证书）', 980, 20]);
});

test('REG-4 only 未排考 rows delete, single or in a batch with a reason per row', async () => {
  const rows = (await ustb.get(`/api/v1/registrations?planId=${certPlan.id}&studentNo=${people.zhao.studentNo}`)).json.items;
  assert.equal(rows.length, 2);
  const [theory, practice] = [rows.find((r) => r.subjectName === '网店运营推广(理论)'), rows.find((r) => r.subjectName === '网店运营推广(实操)')];
  const placed = await admin.post('/api/v1/system/fixtures/arrangements', { registrationId: practice.id, roomId, siteId, seatNo: 1 });
  assert.equal(placed.status, 201, placed.text);
  let res = await ustb.del(`/api/v1/registrations/${practice.id}`);
  assert.equal(res.status, 400, 'a delete names the version it was shown');
  res = await ustb.del(`/api/v1/registrations/${theory.id}?version=${theory.version + 1}`);
  assert.equal(res.status, 409);
  assert.equal(res.json.error.message, '考生「赵六」的报考记录已被他人修改，请刷新后再删除');
  res = await ustb.del(`/api/v1/registrations/${practice.id}?version=${practice.version}`);
  assert.equal(res.status, 409);
  assert.equal(res.json.error.message, '考生「赵六」的报考科目“网店运营推广(实操)”已排考，不能删除');
  assert.equal((await ncut.del(`/api/v1/registrations/${theory.id}?version=${theory.version}`)).status, 404, 'another college');
  assert.equal((await org.del(`/api/v1/registrations/${theory.id}?version=${theory.version}`)).status, 403, 'the organisation only reads');
  // 15.2: in a 按证书报考 plan the theory subject goes only with its level, whose practice
  // subject is arranged: refused, with the reason of the subject that holds it.
  res = await ustb.post('/api/v1/registrations/batch-delete', {
    items: [practice, theory, { id: 999999, version: 1 }].map(({ id, version }) => ({ id, version })),
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.done, 0);
  assert.deepEqual(res.json.refused, [
    { id: practice.id, name: `赵六（${practice.subjectName}）`, reason: '考生「赵六」的报考科目“网店运营推广(实操)”已排考，不能删除' },
    { id: theory.id, name: `赵六（${theory.subjectName}）`, reason: '考生「赵六」的报考科目“网店运营推广(实操)”已排考，不能删除' },
    { id: 999999, name: '', reason: '报考记录不存在或无权操作' },
  ]);
  const left = (await ustb.get(`/api/v1/registrations?planId=${certPlan.id}&studentNo=${people.zhao.studentNo}`)).json.items;
  assert.deepEqual(left.map((r) => r.id).sort(), [practice.id, theory.id].sort(), 'the level stays whole');
});

test('15.2 in a 按证书报考 plan one subject cannot go alone: deleting it deletes the level registration, the confirmation lists its subjects', async () => {
  const rows = (await ustb.get(`/api/v1/registrations?planId=${certPlan.id}&studentNo=${people.li.studentNo}`)).json.items;
  assert.equal(rows.length, 2);
  const scope = (await ustb.get(`/api/v1/registrations/${rows[0].id}/deletion-scope`)).json;
  assert.equal(scope.whole, true);
  assert.deepEqual(scope.subjects, ['网店运营推广(实操)', '网店运营推广(理论)']);
  assert.deepEqual(scope.ids.sort(), rows.map((r) => r.id).sort());
  assert.equal((await ncut.get(`/api/v1/registrations/${rows[0].id}/deletion-scope`)).status, 404);
  assert.equal((await ustb.del(`/api/v1/registrations/${rows[0].id}?version=${rows[0].version}`)).status, 204);
  assert.equal((await ustb.get(`/api/v1/registrations?planId=${certPlan.id}&studentNo=${people.li.studentNo}`)).json.total, 0,
    'both subjects went: nothing is left for a payment to charge the level fee on');
  const entries = (await admin.get('/api/v1/audit-logs?action=delete')).json.items.filter((e) => e.entity === 'registration');
  assert.equal(entries[0].summary, '删除考生「李四」的报考：2021年9月第一批网店考试 网店运营推广职业技能等级证书(初级)（按证书报考，科目 网店运营推广(实操)、网店运营推广(理论)）');
  assert.equal(entries[0].before.length, 2);
});

test('the organisation sees its plans\' registrations by college, read-only; the export reads back cell by cell', async () => {
  const mine = (await org.get(`/api/v1/registrations?collegeId=${colleges.ustb}&planId=${certPlan.id}&pageSize=1`)).json;
  assert.ok(mine.total > 1900, `${mine.total}`);
  assert.equal((await org.get(`/api/v1/registrations?collegeId=${colleges.ncut}`)).json.total, 0);
  const hongke = await server.login('hongke');
  assert.equal((await hongke.get('/api/v1/registrations')).json.total, 0, 'another organisation');
  assert.equal((await ncut.get('/api/v1/registrations')).json.total, 0, 'another college');
  assert.equal((await org.post('/api/v1/registrations', {})).status, 403);

  const practiceOf = (items) => items.find((r) => r.subjectName === '网店运营推广(实操)');
  const zhao = practiceOf((await ustb.get(`/api/v1/registrations?studentNo=${people.zhao.studentNo}`)).json.items);
  assert.equal(zhao.statusName, '待考试');
  const ticket = zhao.ticketNo;
  assert.match(ticket, /^\d{25}$/);
  const site = (await ustb.get(`/api/v1/sites/${siteId}`)).json.name;
  const unarranged = (await ustb.get(`/api/v1/registrations?planId=${subjectPlan.id}&studentNo=${people.wang.studentNo}`)).json.items[0];
  for (const client of [ustb, org]) {
    const res = await client.get(`/api/v1/registrations/export?ids=${zhao.id},${unarranged.id}`);
    assert.equal(res.status, 200, res.text);
    assert.match(decodeURIComponent(res.headers.get('content-disposition')), /报考数据_\d{14}\.xlsx/);
    const rows = sheetRows(res.buffer);
    assert.deepEqual(rows, [
      ['序号', '考试计划', '考生姓名', '考生编号', '身份证号', '考生类型', '所属院校', '所属考点', '准考证号', '证书等级', '报考科目', '考试方式', '考核单位', '考试状态'],
      ['1', '2021年9月按科目考试', '王小二', people.wang.studentNo, '110101199003070011', '院校考生', '北京科技大学', '', '', '网店运营推广职业技能等级证书(初级)', '网店运营推广(理论)', '机考', '中联集团教育科技有限公司', '未排考'],
      ['2', '2021年9月第一批网店考试', '赵六', people.zhao.studentNo, people.zhao.idNumber, '院校考生', '北京科技大学', site, ticket, '网店运营推广职业技能等级证书(初级)', '网店运营推广(实操)', '机考+实操', '中联集团教育科技有限公司', '待考试'],
    ]);
  }
  const foreign = sheetRows((await ncut.get(`/api/v1/registrations/export?ids=${zhao.id},${unarranged.id}`)).buffer);
  assert.equal(foreign.length, 1, 'another college ticking these ids exports only the header');
  const all = sheetRows((await ustb.get(`/api/v1/registrations/export?planId=${subjectPlan.id}`)).buffer);
  assert.equal(all.length - 1, (await ustb.get(`/api/v1/registrations?planId=${subjectPlan.id}`)).json.total, 'all matching the filter');
  assert.ok(all.slice(1).every((r) => r[1] === '2021年9月按科目考试'));
});

test('REG-1 the status follows the arrangement and the clock; status and 缴费状态 filter the list', async () => {
  // Zhao's arranged subject (his level's other subject is not arranged).
  const practiceOf = (items) => items.find((r) => r.subjectName === '网店运营推广(实操)');
  const zhao = practiceOf((await ustb.get(`/api/v1/registrations?studentNo=${people.zhao.studentNo}&planId=${certPlan.id}`)).json.items);
  const statusAt = async (now) => {
    await at(now);
    const res = await ustb.get(`/api/v1/registrations?studentNo=${people.zhao.studentNo}&planId=${certPlan.id}`);
    return practiceOf(res.json.items).statusName;
  };
  const filtered = async (status) => (await ustb.get(`/api/v1/registrations?status=${status}&pageSize=500`)).json.items.map((r) => r.id);
  assert.equal(await statusAt('2021-09-18 07:59:59'), '待考试');
  assert.deepEqual(await filtered('waiting'), [zhao.id]);
  assert.equal(await statusAt('2021-09-18 08:00:00'), '考试中');
  assert.deepEqual(await filtered('ongoing'), [zhao.id]);
  assert.deepEqual(await filtered('waiting'), []);
  assert.equal(await statusAt('2021-09-18 08:59:59'), '考试中');
  assert.equal(await statusAt('2021-09-18 09:00:00'), '已结束');
  assert.deepEqual(await filtered('finished'), [zhao.id]);
  assert.deepEqual(await filtered('ongoing'), []);
  const unarranged = await ustb.get('/api/v1/registrations?status=unarranged&pageSize=1');
  const total = (await ustb.get('/api/v1/registrations?pageSize=1')).json.total;
  assert.equal(unarranged.json.total, total - 1);
  assert.equal(unarranged.json.items[0].statusName, '未排考');
  assert.equal((await ustb.get('/api/v1/registrations?paid=1')).json.total, 0, 'nothing paid yet');
  assert.equal((await ustb.get('/api/v1/registrations?paid=0&pageSize=1')).json.total, total);
  assert.equal((await ustb.get('/api/v1/registrations?status=done')).status, 400);
});

test('two requests at once for clashing subjects of one student: one is registered, the other refused', async () => {
  await at('2021-09-02 09:00:00');
  const s = await ustb.post('/api/v1/students', { name: '孙八', idNumber: idNumber(5009), type: '院校考生', major: '电子商务' });
  assert.equal(s.status, 201, s.text);
  const [s1] = shop.levels[0].subjects;
  const mid = shop.levels[1].subjects[0];
  const answers = await Promise.all([s1, mid].map((sub) =>
    ustb.post('/api/v1/registrations', { planId: subjectPlan.id, studentId: s.json.id, subjectIds: [sub.id] })));
  assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409], answers.map((r) => r.text).join('\n'));
  const rows = (await ustb.get(`/api/v1/registrations?planId=${subjectPlan.id}&studentNo=${s.json.studentNo}`)).json;
  assert.equal(rows.total, 1, JSON.stringify(rows.items.map((r) => [r.studentName, r.studentNo, r.subjectName, r.planName])));
});
