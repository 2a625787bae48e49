import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/harness.mjs';

let server, admin, org, ustb, ncut, cert, colleges;

const windows = () => ({
  registrationStart: '2021-09-01 00:00', registrationEnd: '2021-09-10 18:00',
  arrangingStart: '2021-09-05 00:00', arrangingEnd: '2021-09-15 18:00',
  scoreStart: '2021-09-19 00:00', scoreEnd: '2021-09-25 18:00',
  publicityStart: '2021-09-26 00:00', publicityEnd: '2021-10-05 18:00',
});

const planBody = () => {
  const level = cert.levels[0];
  return {
    name: '2021年9月第一批网店考试', mode: 'certificate', paymentBeforeArranging: true,
    examNotice: '请携带身份证和准考证提前 30 分钟到场。',
    windows: windows(),
    levelIds: [level.id],
    subjects: [
      { subjectId: level.subjects[0].id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' },
      { subjectId: level.subjects[1].id, start: '2021-09-18 09:30', end: '2021-09-18 10:30' },
    ],
    collegeIds: [colleges.ustb],
  };
};

const setClock = (now) => admin.put('/api/v1/system/clock', { now });

before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  await setClock('2021-08-20 09:00:00');
  org = await server.login('zhonglian');
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
  const orgs = (await admin.get('/api/v1/organizations?type=college')).json.items;
  colleges = { ustb: orgs.find((o) => o.name === '北京科技大学').id, ncut: orgs.find((o) => o.name === '北方工业大学').id };
  const made = await org.post('/api/v1/certificates', {
    code: '50000002', name: '网店运营推广职业技能等级证书',
    levels: [{ level: '初级', fee: '240', subjects: [
      { code: '50000002202', name: '网店运营推广(实操)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60, fee: '120' },
      { code: '50000002203', name: '网店运营推广(理论)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60, fee: '120' },
    ] }],
    majors: ['电子商务'],
  });
  assert.equal(made.status, 201, made.text);
  cert = made.json;
});
after(async () => { await server?.stop(); });

test('window rules are checked with messages that say what to fix', async () => {
  const cases = [
    [(b) => { b.windows.registrationEnd = '2021-08-31 00:00'; }, '报考开始时间须早于报考结束时间'],
    [(b) => { b.windows.registrationEnd = '2021-09-16 00:00'; }, '报考结束时间不能晚于排考结束时间'],
    [(b) => { b.subjects[0].start = '2021-09-15 08:00'; b.subjects[0].end = '2021-09-15 09:00'; },
      '科目「网店运营推广(实操)」的考试时间 2021-09-15 08:00 早于排考结束时间 2021-09-15 18:00，排考须在考试前结束'],
    [(b) => { b.windows.scoreStart = '2021-09-18 10:00'; }, '成绩登记须在科目「网店运营推广(理论)」考试结束（2021-09-18 10:30）之后开始'],
    [(b) => { b.windows.publicityStart = '2021-09-18 23:00'; }, '公示期不能早于成绩登记开始'],
    [(b) => { b.subjects[1].start = '2021-09-18 08:30'; }, '同一证书等级的科目「网店运营推广(实操)」与「网店运营推广(理论)」考试时间重叠，考生无法同时参加'],
    [(b) => { b.subjects.pop(); }, '请为科目「网店运营推广(理论)」设置考试时段'],
    [(b) => { b.levelIds = []; }, '请至少选择一个证书等级'],
    [(b) => { b.windows.scoreEnd = '2021/9/25'; }, '成绩登记结束时间格式应为 2021-09-18 08:00'],
    [(b) => { b.mode = 'free'; }, '报考方式须为 按证书报考 或 按科目报考'],
  ];
  for (const [change, message] of cases) {
    const body = planBody();
    change(body);
    const res = await org.post('/api/v1/plans', body);
    assert.equal(res.status, 400, message);
    assert.equal(res.json.error.message, message);
  }
  assert.equal((await org.get('/api/v1/plans')).json.total, 0, 'nothing saved');
});

test('a draft is invisible to colleges; once published only participating colleges see it', async () => {
  const res = await org.post('/api/v1/plans', planBody());
  assert.equal(res.status, 201, res.text);
  const plan = res.json;
  assert.deepEqual([plan.phase, plan.phaseName], ['draft', '草稿']);
  assert.equal(plan.payeeName, '中联集团教育科技有限公司');
  assert.equal(plan.levelNames, '网店运营推广职业技能等级证书(初级)');
  assert.equal(plan.subjects[0].slot, '2021-09-18 08:00-09:00');
  assert.equal((await ustb.get('/api/v1/plans')).json.total, 0);
  assert.equal((await ustb.get(`/api/v1/plans/${plan.id}`)).status, 404);
  const published = await org.post(`/api/v1/plans/${plan.id}/publish`, {});
  assert.equal(published.status, 200, published.text);
  assert.equal(published.json.statusName, '已发布');
  assert.deepEqual([published.json.phase, published.json.phaseName], ['upcoming', '未开始']);
  const seen = await ustb.get(`/api/v1/plans/${plan.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.json.examNotice, '请携带身份证和准考证提前 30 分钟到场。');
  assert.equal((await ncut.get(`/api/v1/plans/${plan.id}`)).status, 404, 'a college not in the plan');
  assert.equal((await ncut.get('/api/v1/plans')).json.total, 0);
  const province = await server.login('bjjw');
  assert.equal((await province.get('/api/v1/plans')).json.total, 1, 'the province of a participating college');
  const again = await org.post(`/api/v1/plans/${plan.id}/publish`, {});
  assert.equal(again.json.error.message, '只有草稿状态的考试计划可以发布');
});

test('the phase follows the clock, changing exactly at each boundary', async () => {
  const plan = (await org.get('/api/v1/plans')).json.items.find((p) => p.status === 'published');
  // Sessions follow the clock too, so each look signs in afresh at that moment.
  const at = async (now) => {
    await setClock(now);
    const c = await server.login('ustb');
    const { phase, phaseName } = (await c.get(`/api/v1/plans/${plan.id}`)).json;
    return `${phase} ${phaseName}`;
  };
  const boundaries = [
    ['2021-09-01 00:00:00', 'upcoming 未开始', 'registration 报考中'],
    ['2021-09-05 00:00:00', 'registration 报考中', 'arranging 排考中'],
    ['2021-09-18 08:00:00', 'arranging 排考中', 'examining 考试中'],
    ['2021-09-19 00:00:00', 'examining 考试中', 'scoring 成绩登记中'],
    ['2021-09-26 00:00:00', 'scoring 成绩登记中', 'publicity 公示中'],
    ['2021-10-05 18:00:00', 'publicity 公示中', 'finished 已结束'],
  ];
  for (const [boundary, beforePhase, afterPhase] of boundaries) {
    const t = Date.parse(boundary.replace(' ', 'T') + '+08:00');
    const fmt = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
    assert.equal(await at(fmt(t - 1000)), beforePhase, `a second before ${boundary}`);
    assert.equal(await at(boundary), afterPhase, `at ${boundary}`);
  }
  await setClock('2021-08-20 09:00:00');
  org = await server.login('zhonglian');
});

test('15.11 plans filter by phase (the same edges as the phase shown), certificate and organisation', async () => {
  const plan = (await org.get('/api/v1/plans')).json.items.find((p) => p.status === 'published');
  const ids = async (client, query) => {
    const res = await client.get(`/api/v1/plans?${query}`);
    assert.equal(res.status, 200, res.text);
    return res.json.items.map((p) => p.id);
  };
  for (const [now, phase, other] of [['2021-09-18 07:59:59', 'arranging', 'examining'], ['2021-09-18 08:00:00', 'examining', 'arranging']]) {
    await setClock(now);
    const c = await server.login('ustb');
    assert.ok((await ids(c, `phase=${encodeURIComponent(phase)}`)).includes(plan.id), `${phase} at ${now}`);
    assert.ok(!(await ids(c, `phase=${encodeURIComponent(other)}`)).includes(plan.id), `not ${other} at ${now}`);
  }
  const a = await server.login('admin');
  const mine = (await a.get('/api/v1/organizations?type=org&keyword=中联')).json.items[0];
  const hongke = (await a.get('/api/v1/organizations?type=org&keyword=鸿科')).json.items[0];
  assert.ok((await ids(a, `orgId=${mine.id}`)).includes(plan.id));
  assert.deepEqual(await ids(a, `orgId=${hongke.id}`), []);
  assert.ok((await ids(a, `certificateId=${cert.id}`)).includes(plan.id));
  assert.deepEqual(await ids(a, 'certificateId=999999'), []);
  const bad = await a.get(`/api/v1/plans?phase=${encodeURIComponent('进行中')}`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.message, '阶段须为 draft（草稿）、upcoming（未开始）、registration（报考中）、arranging（排考中）、examining（考试中）、scoring（成绩登记中）、publicity（公示中）、finished（已结束）或 cancelled（已取消）');
  await setClock('2021-08-20 09:00:00');
  org = await server.login('zhonglian');
});

test('a published plan: started windows stay, later ones only move later, levels fixed once registration opens', async () => {
  const plan = (await org.get('/api/v1/plans')).json.items.find((p) => p.status === 'published');
  await setClock('2021-09-02 10:00:00');
  org = await server.login('zhonglian');
  ncut = await server.login('ncut');
  let current = (await org.get(`/api/v1/plans/${plan.id}`)).json;
  const edit = (change) => { const b = planBody(); b.version = current.version; change(b); return org.put(`/api/v1/plans/${plan.id}`, b); };
  let res = await edit((b) => { b.windows.registrationStart = '2021-09-02 00:00'; });
  assert.equal(res.status, 409);
  assert.equal(res.json.error.message, '报考时间已开始，开始时间不能再修改');
  res = await edit((b) => { b.windows.arrangingStart = '2021-09-04 00:00'; });
  assert.equal(res.json.error.message, '排考时间尚未开始，只能往后推迟，不能提前');
  res = await edit((b) => { b.levelIds = []; });
  assert.equal(res.status, 400);
  res = await edit((b) => { b.windows.arrangingStart = '2021-09-06 00:00'; b.collegeIds.push(colleges.ncut); });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.windows.arrangingStart, '2021-09-06 00:00:00');
  assert.equal(res.json.collegeCount, 2);
  assert.equal((await ncut.get(`/api/v1/plans/${plan.id}`)).status, 200, 'an added college sees it');
  current = res.json;
  const stale = await org.put(`/api/v1/plans/${plan.id}`, { ...planBody(), version: current.version - 1 });
  assert.equal(stale.json.error.message, '该考试计划已被他人修改，请刷新后重试');
  await setClock('2021-08-20 09:00:00');
  org = await server.login('zhonglian');
  ustb = await server.login('ustb');
});

test('copy makes a new draft; cancel ends a plan for good', async () => {
  const plan = (await org.get('/api/v1/plans')).json.items.find((p) => p.status === 'published');
  const copied = await org.post(`/api/v1/plans/${plan.id}/copy`, {});
  assert.equal(copied.status, 201);
  assert.equal(copied.json.name, '2021年9月第一批网店考试（副本）');
  assert.equal(copied.json.status, 'draft');
  assert.equal(copied.json.subjects.length, 2);
  const cancelled = await org.post(`/api/v1/plans/${copied.json.id}/cancel`, {});
  assert.deepEqual([cancelled.json.phase, cancelled.json.phaseName], ['cancelled', '已取消']);
  const edit = await org.put(`/api/v1/plans/${copied.json.id}`, { ...planBody(), version: cancelled.json.version });
  assert.equal(edit.status, 409);
  assert.equal(edit.json.error.message, '考试计划已取消，不能再修改');
  const other = await server.login('hongke');
  assert.equal((await other.post(`/api/v1/plans/${plan.id}/cancel`, {})).status, 404);
  assert.equal((await ustb.post('/api/v1/plans', planBody())).status, 403);
});

test('an organisation picks participating colleges and another payee from the directories', async () => {
  const colleges = (await org.get('/api/v1/colleges')).json.items.map((c) => c.name);
  assert.deepEqual(colleges.sort(), ['北京科技大学', '北方工业大学'].sort());
  const payees = (await org.get('/api/v1/training-orgs?keyword=' + encodeURIComponent('达内'))).json.items;
  assert.equal(payees.length, 1);
  const res = await org.post('/api/v1/plans', { ...planBody(), name: '收费对象为达内的计划', payeeOrgId: payees[0].id });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.payeeName, '达内教育');
  const bad = await org.post('/api/v1/plans', { ...planBody(), payeeOrgId: colleges.length + 1000 });
  assert.equal(bad.json.error.message, '收费对象须为一个培训评价组织');
  assert.equal((await ustb.get('/api/v1/colleges')).status, 403);
});
