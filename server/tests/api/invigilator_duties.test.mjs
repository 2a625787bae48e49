// 监考人员 and the arrangement: the organisation withdraws a certification (撤销认证) only while the
// person has no duty to come in that certificate's exams, and sees each person's upcoming duties.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, waitForJob, idNumber } from './support/harness.mjs';
import { plannedSite } from './support/exam_plan.mjs';

const CERT = '工业机器人操作与运维职业技能等级证书';
const PLAN = '2021年9月工业机器人考试';

let server, admin, org, other, ustb, ncut, cert, plan, site, staff = {};

async function at(now) {
  const res = await admin.put('/api/v1/system/clock', { now });
  assert.equal(res.status, 200, res.text);
  admin = await server.login('admin');
  org = await server.login('zhonglian');
  other = await server.login('hongke');
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
}

async function certifiedPerson(i, name, kind) {
  const made = await ustb.post('/api/v1/invigilators', {
    kind, name, idNumber: idNumber(700 + i), phone: `1830000${2000 + i}`, region: '北京市北京市海淀区', levelIds: [cert.levels[0].id],
  });
  assert.equal(made.status, 201, made.text);
  const sent = await ustb.post(`/api/v1/invigilators/${made.json.id}/submit`, { version: made.json.version });
  assert.equal(sent.status, 200, sent.text);
  const ok = await org.post('/api/v1/invigilators/review', { ids: sent.json.certificates.map((c) => c.id), decision: 'certify' });
  assert.deepEqual(ok.json, { done: 1, refused: [] });
  return { ...made.json, appId: sent.json.certificates[0].id };
}

before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  await at('2021-08-20 09:00:00');
  ({ cert, plan, site } = await plannedSite({ admin, org, ustb }, { code: '50000003', name: CERT, planName: PLAN, subject: '工业机器人(理论)' }));
  const room = await ustb.post('/api/v1/rooms', {
    planId: plan.id, siteId: site.id, certificateId: cert.id, name: '机房201', types: ['机考'], seats: 10, region: '北京市北京市海淀区', address: '教学楼',
  });
  assert.equal(room.status, 201, room.text);
  const students = [];
  for (const i of [1, 2]) {
    const s = await ustb.post('/api/v1/students', { name: `机器人考生${i}`, idNumber: idNumber(690 + i), type: '院校考生', major: '电子商务' });
    assert.equal(s.status, 201, s.text);
    students.push(s.json);
  }
  staff.first = await certifiedPerson(1, '周监考', '监考老师');
  staff.second = await certifiedPerson(2, '吴监考', '监考老师');
  staff.patrol = await certifiedPerson(3, '郑巡考', '巡考老师');
  await at('2021-09-02 10:00:00');
  for (const s of students) {
    const res = await ustb.post('/api/v1/registrations', { planId: plan.id, studentId: s.id, levelId: cert.levels[0].id });
    assert.equal(res.status, 201, res.text);
  }
  await at('2021-09-06 10:00:00');
  const started = await org.post('/api/v1/arrangement-runs', { planId: plan.id });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(org, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
});
after(async () => { await server?.stop(); });

test('the organisation and the person\'s college see the person\'s upcoming duties; nobody else does', async () => {
  const duty = (extra) => ({
    planId: plan.id, planName: PLAN, siteName: site.name, roomName: '机房201', role: 'room', roleName: '考场监考',
    start: '2021-09-18 08:00:00', end: '2021-09-18 09:00:00', ownCollege: true, ...extra,
  });
  for (const client of [org, ustb]) {
    const res = await client.get(`/api/v1/invigilators/${staff.first.id}/duties`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.items, [duty()]);
  }
  const patrol = await org.get(`/api/v1/invigilators/${staff.patrol.id}/duties`);
  assert.deepEqual(patrol.json.items, [duty({ roomName: '', role: 'patrol', roleName: '巡考' })]);
  for (const client of [ncut, other]) {
    const res = await client.get(`/api/v1/invigilators/${staff.first.id}/duties`);
    assert.equal(res.status, 404, res.text);
    assert.equal(res.json.error.message, '监考人员不存在或无权查看');
  }
  const bad = await org.get('/api/v1/invigilators/abc/duties');
  assert.deepEqual([bad.status, bad.json.error.message], [404, '记录不存在或无权访问']);
  // From the end of the exam on, nothing is to come.
  await at('2021-09-18 09:00:00');
  assert.deepEqual((await ustb.get(`/api/v1/invigilators/${staff.first.id}/duties`)).json.items, []);
  await at('2021-09-06 10:00:00');
});

test('a teacher who is also the certified 周监考 (same 身份证号) sees the duty in the teacher\'s portal: plan, subject, time, site, room, role and the others on it', async () => {
  const made = await ustb.post('/api/v1/teachers', { name: '周监考', idNumber: idNumber(701), department: '机械工程学院', phone: '13700000701' });
  assert.equal(made.status, 201, made.text);
  let text;
  for (const until = Date.now() + 15000; !text && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    const m = (await admin.get('/api/v1/sms-messages?phone=13700000701')).json.items[0];
    if (m?.state === 'sent') text = m.text;
  }
  const password = /初始密码为([^，]+)，/.exec(text)[1];
  const teacher = server.client();
  assert.equal((await teacher.post('/api/v1/auth/login', { username: '13700000701', password })).status, 200);
  assert.equal((await teacher.post('/api/v1/auth/password', { oldPassword: password, newPassword: 'Teacher2021' })).status, 200);
  const duties = await teacher.get('/api/v1/teacher-portal/duties');
  assert.equal(duties.status, 200, duties.text);
  assert.ok(Number.isInteger(duties.json.items[0]?.roomSlotId), 'the room-slot, for its check-in page');
  assert.deepEqual(duties.json, {
    certified: true,
    items: [{
      roomSlotId: duties.json.items[0].roomSlotId, planName: PLAN, subjects: '工业机器人(理论)', siteName: site.name, roomName: '机房201', role: 'room', roleName: '考场监考',
      start: '2021-09-18 08:00:00', end: '2021-09-18 09:00:00', colleagues: ['吴监考（考场监考）', '郑巡考（巡考）'],
    }],
  });
});

test('撤销认证 is refused while the person has a duty to come in the certificate\'s exams, the reason naming it; accepted once the exam is over', async () => {
  const room = await org.post('/api/v1/invigilators/review', { ids: [staff.first.appId], decision: 'revoke', reason: '考评员资格到期' });
  assert.equal(room.status, 200, room.text);
  assert.deepEqual(room.json, { done: 0, refused: [{ id: staff.first.appId, name: '周监考',
    reason: `该老师已安排在 2021-09-18 08:00 的考场监考（${PLAN}，${site.name} 机房201），不能撤销认证` }] });
  const patrol = await org.post('/api/v1/invigilators/review', { ids: [staff.patrol.appId], decision: 'revoke', reason: '考评员资格到期' });
  assert.deepEqual(patrol.json.refused.map((r) => r.reason), [`该老师已安排在 2021-09-18 08:00 的巡考（${PLAN}，${site.name}），不能撤销认证`]);
  const seen = (await ustb.get(`/api/v1/invigilators/${staff.first.id}`)).json;
  assert.equal(seen.certificates[0].statusName, '已认证', 'the refused withdrawal changed nothing');
  // During the exam the duty has not ended yet; from its end on the certification may go.
  await at('2021-09-18 08:59:59');
  assert.equal((await org.post('/api/v1/invigilators/review', { ids: [staff.second.appId], decision: 'revoke', reason: '考评员资格到期' })).json.done, 0);
  await at('2021-09-18 09:00:00');
  const done = await org.post('/api/v1/invigilators/review', { ids: [staff.first.appId], decision: 'revoke', reason: '考评员资格到期' });
  assert.deepEqual(done.json, { done: 1, refused: [] });
  const after = (await ustb.get(`/api/v1/invigilators/${staff.first.id}`)).json;
  assert.deepEqual([after.certificates[0].statusName, after.certificates[0].reason], ['已退回', '考评员资格到期']);
  const log = (await admin.get('/api/v1/audit-logs?pageSize=100')).json.items;
  assert.ok(log.some((e) => e.summary === `撤销认证监考人员「周监考」的证书「${CERT}（初级）」：考评员资格到期`));
  await at('2021-09-06 10:00:00');
});
