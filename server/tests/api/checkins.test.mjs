// Exam-day check-in: a room-slot's 监考 (a teacher with the 身份证号 of a certified person assigned
// to it) marks candidates 到场 by the admission ticket's QR code or 准考证号, from 30 minutes
// before the start until the end; anyone else, any other room or slot, before or after is refused;
// the 考场签到表 prints 到场时间, 实考人数 and 缺考人数 from it; every check-in is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, waitForJob, idNumber, sheetRows } from './support/harness.mjs';
import { plannedSite } from './support/exam_plan.mjs';

const CERT = '工业机器人操作与运维职业技能等级证书';
const PLAN = '2021年9月工业机器人考试';

let server, admin, org, ustb, cert, plan, site, staff = [];

async function at(now) {
  const res = await admin.put('/api/v1/system/clock', { now });
  assert.equal(res.status, 200, res.text);
  admin = await server.login('admin');
  org = await server.login('zhonglian');
  ustb = await server.login('ustb');
}

async function certifiedPerson(i, name, kind) {
  const made = await ustb.post('/api/v1/invigilators', {
    kind, name, idNumber: idNumber(800 + i), phone: `1830000${3000 + i}`, region: '北京市北京市海淀区', levelIds: [cert.levels[0].id],
  });
  assert.equal(made.status, 201, made.text);
  const sent = await ustb.post(`/api/v1/invigilators/${made.json.id}/submit`, { version: made.json.version });
  assert.equal(sent.status, 200, sent.text);
  assert.equal((await org.post('/api/v1/invigilators/review', { ids: sent.json.certificates.map((c) => c.id), decision: 'certify' })).json.done, 1);
  return made.json;
}

// A teacher of 北京科技大学 with the person's 身份证号, signed in with the password changed.
async function teacherOf(i, idNumberOf, phone) {
  const made = await ustb.post('/api/v1/teachers', { name: `签到教师${i}`, idNumber: idNumberOf, department: '机械工程学院', phone });
  assert.equal(made.status, 201, made.text);
  let text;
  for (const until = Date.now() + 15000; !text && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    const m = (await admin.get(`/api/v1/sms-messages?phone=${phone}`)).json.items[0];
    if (m?.state === 'sent') text = m.text;
  }
  const password = /初始密码为([^，]+)，/.exec(text)[1];
  const c = server.client();
  assert.equal((await c.post('/api/v1/auth/login', { username: phone, password })).status, 200);
  assert.equal((await c.post('/api/v1/auth/password', { oldPassword: password, newPassword: 'Teacher2021' })).status, 200);
  return { phone, client: c };
}

async function signIn(teacher) {
  const c = server.client();
  assert.equal((await c.post('/api/v1/auth/login', { username: teacher.phone, password: 'Teacher2021' })).status, 200);
  teacher.client = c;
}

before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  await at('2021-08-20 09:00:00');
  ({ cert, plan, site } = await plannedSite({ admin, org, ustb }, { code: '50000003', name: CERT, planName: PLAN, subject: '工业机器人(理论)' }));
  for (const name of ['机房201', '机房202']) {
    const room = await ustb.post('/api/v1/rooms', {
      planId: plan.id, siteId: site.id, certificateId: cert.id, name, types: ['机考'], seats: 2, region: '北京市北京市海淀区', address: '教学楼',
    });
    assert.equal(room.status, 201, room.text);
  }
  const students = [];
  for (const i of [1, 2, 3, 4]) {
    const s = await ustb.post('/api/v1/students', { name: `签到考生${i}`, idNumber: idNumber(880 + i), type: '院校考生', major: '电子商务' });
    assert.equal(s.status, 201, s.text);
    students.push(s.json);
  }
  for (const i of [1, 2, 3, 4]) staff.push(await certifiedPerson(i, `监考${i}`, '监考老师'));
  staff.push(await certifiedPerson(5, '巡考5', '巡考老师'));
  await at('2021-09-02 10:00:00');
  for (const s of students) {
    const res = await ustb.post('/api/v1/registrations', { planId: plan.id, studentId: s.id, levelId: cert.levels[0].id });
    assert.equal(res.status, 201, res.text);
  }
  await at('2021-09-06 10:00:00');
  const started = await org.post('/api/v1/arrangement-runs', { planId: plan.id });
  assert.equal(started.status, 202, started.text);
  assert.equal((await waitForJob(org, started.json.job.id)).state, 'succeeded');
});
after(async () => { await server?.stop(); });

test('check-in: the room-slot\'s own 监考 during the slot (from 30 minutes before) succeeds by QR or 准考证号; another teacher, another room, before the margin and after the slot are refused; the 签到表 fills 到场时间, 实考 and 缺考', async () => {
  // Which person watches which room.
  const roomOf = {};
  for (const p of staff.slice(0, 4)) {
    const duties = (await ustb.get(`/api/v1/invigilators/${p.id}/duties`)).json.items;
    assert.equal(duties.length, 1, JSON.stringify(duties));
    roomOf[p.id] = duties[0].roomName;
  }
  const inA = staff.slice(0, 4).find((p) => roomOf[p.id] === '机房201');
  const inB = staff.slice(0, 4).find((p) => roomOf[p.id] === '机房202');
  const a = await teacherOf(1, idNumber(800 + staff.indexOf(inA) + 1), '13700000901');
  const b = await teacherOf(2, idNumber(800 + staff.indexOf(inB) + 1), '13700000902');
  const stranger = await teacherOf(3, idNumber(899), '13700000903');

  const slotA = (await a.client.get('/api/v1/teacher-portal/duties')).json.items[0];
  assert.equal(slotA.roomName, '机房201');
  const slotB = (await b.client.get('/api/v1/teacher-portal/duties')).json.items[0];
  const url = `/api/v1/checkins/room-slots/${slotA.roomSlotId}`;
  const sheetA = await a.client.get(url);
  assert.equal(sheetA.status, 200, sheetA.text);
  assert.deepEqual([sheetA.json.roomName, sheetA.json.subjects, sheetA.json.start, sheetA.json.opensAt, sheetA.json.open], ['机房201', '工业机器人(理论)', '2021-09-18 08:00:00', '2021-09-18 07:30:00', false]);
  assert.deepEqual([sheetA.json.total, sheetA.json.present, sheetA.json.absent], [2, 0, 2]);
  const [first, second] = sheetA.json.candidates;
  const other = (await b.client.get(`/api/v1/checkins/room-slots/${slotB.roomSlotId}`)).json.candidates[0];

  // Only the room-slot's own 监考.
  for (const who of [b, stranger]) {
    const refused = await who.client.post(url, { code: first.ticketNo, method: 'typed' });
    assert.equal(refused.status, 403, refused.text);
    assert.match(refused.json.error.message, /^您不是.* 机房201（2021-09-18 08:00）的监考老师，不能为该考场签到$/);
    assert.equal((await who.client.get(url)).status, 403);
  }
  assert.equal((await ustb.post(url, { code: first.ticketNo })).status, 403, 'a college account is no invigilator');

  // Before the margin, then inside it.
  await at('2021-09-18 07:29:00');
  await signIn(a);
  const early = await a.client.post(url, { code: first.ticketNo, method: 'typed' });
  assert.equal(early.status, 409);
  assert.equal(early.json.error.message, '签到尚未开始：本场考试 2021-09-18 08:00 开考，开考前 30 分钟（2021-09-18 07:30）起可以签到');
  await at('2021-09-18 07:42:00');
  await signIn(a);
  const typed = await a.client.post(url, { code: first.ticketNo, method: 'typed' });
  assert.equal(typed.status, 200, typed.text);
  assert.deepEqual([typed.json.already, typed.json.candidate.name, typed.json.candidate.checkedInAt], [false, first.name, '2021-09-18 07:42:00']);
  const again = await a.client.post(url, { code: first.ticketNo, method: 'typed' });
  assert.deepEqual([again.status, again.json.already, again.json.candidate.checkedInAt], [200, true, '2021-09-18 07:42:00']);

  // A ticket of the other room is refused with where the candidate should be.
  const wrong = await a.client.post(url, { code: other.ticketNo, method: 'typed' });
  assert.equal(wrong.status, 409);
  assert.equal(wrong.json.error.message, `考生「${other.name}」不在本考场本场次：应于 2021-09-18 08:00 在 ${site.name} 机房202 第 ${other.seatNo} 座参加「工业机器人(理论)」考试`);
  const unknown = await a.client.post(url, { code: '2021091800000000000000000', method: 'typed' });
  assert.deepEqual([unknown.status, unknown.json.error.message], [404, '准考证号 2021091800000000000000000 不存在，请核对']);
  const garbage = await a.client.post(url, { code: '12345', method: 'typed' });
  assert.deepEqual([garbage.status, garbage.json.error.message], [400, '请扫描准考证上的二维码，或输入 25 位数字的准考证号']);

  // The QR code's text (the ticket's check address) works as the 准考证号 does.
  const scanned = await a.client.post(url, { code: `http://kaowu.example/verify?t=${second.ticketNo}-abcd-ef01`, method: 'scan' });
  assert.equal(scanned.status, 200, scanned.text);
  assert.equal(scanned.json.candidate.ticketNo, second.ticketNo);
  const after = (await a.client.get(url)).json;
  assert.deepEqual([after.open, after.present, after.absent], [true, 2, 0]);

  // The sign-in sheets: 机房201 with both times, 机房202 (nobody checked in) left for pen and paper.
  const sign = sheetRows((await ustb.get(`/api/v1/room-slots/${slotA.roomSlotId}/document?kind=sign`)).buffer);
  const counts = sign.find((r) => r[0] === '实考人数');
  assert.deepEqual([counts[1], counts[2], counts[3]], ['2', '缺考人数', '0']);
  const header = sign.findIndex((r) => r[0] === '准考证号');
  const times = Object.fromEntries(sign.slice(header + 1).map((r) => [r[0], r[3]]));
  assert.deepEqual(times, { [first.ticketNo]: '07:42', [second.ticketNo]: '07:42' });
  const signB = sheetRows((await ustb.get(`/api/v1/room-slots/${slotB.roomSlotId}/document?kind=sign`)).buffer);
  const countsB = signB.find((r) => r[0] === '实考人数');
  assert.deepEqual([countsB[1], countsB[2], countsB[3] ?? ''], ['', '缺考人数', '']);

  // After the slot: refused.
  await at('2021-09-18 09:00:00');
  await signIn(b);
  const late = await b.client.post(`/api/v1/checkins/room-slots/${slotB.roomSlotId}`, { code: other.ticketNo, method: 'typed' });
  assert.equal(late.status, 409);
  assert.equal(late.json.error.message, '本场考试已于 2021-09-18 09:00 结束，不能再签到');

  // Audited.
  const log = (await admin.get('/api/v1/audit-logs?pageSize=100')).json.items.map((e) => e.summary);
  assert.ok(log.includes(`考场签到：${first.name}（准考证号 ${first.ticketNo}，${site.name} 机房201 第 ${first.seatNo} 座，输入准考证号）`), log.join('\n'));
  assert.ok(log.some((s) => s.startsWith(`考场签到：${second.name}`) && s.endsWith('扫码）')));

  // 缺考 flows into score entry: in 机房202 one candidate is checked in and the other never comes;
  // the score template and the entry form then default that one to 缺考.
  await at('2021-09-18 08:10:00');
  await signIn(b);
  const roomB = `/api/v1/checkins/room-slots/${slotB.roomSlotId}`;
  assert.equal((await b.client.post(roomB, { code: other.ticketNo, method: 'typed' })).status, 200);
  const missing = (await b.client.get(roomB)).json.candidates.find((x) => x.ticketNo !== other.ticketNo);
  await at('2021-09-19 09:00:00');
  const template = sheetRows((await org.get(`/api/v1/scores/template?planId=${plan.id}&subjectId=${cert.levels[0].subjects[0].id}`)).buffer);
  const absentCell = Object.fromEntries(template.slice(1).map((r) => [r[0], r[6] ?? '']));
  assert.deepEqual(absentCell, { [first.ticketNo]: '', [second.ticketNo]: '', [other.ticketNo]: '', [missing.ticketNo]: '是' });
  const row = (await org.get(`/api/v1/scores?planId=${plan.id}&studentName=${encodeURIComponent(missing.name)}`)).json.items[0];
  const detail = (await org.get(`/api/v1/scores/${row.id}`)).json;
  assert.deepEqual([detail.stateName, detail.checkinAbsent], ['未登记', true]);
});
