// 排考 in a room shared by two colleges: 北京科技大学's site also serves 北方工业大学, whose
// candidates sit beside 北科's. Each college sees the other's candidates only as the seed's door
// poster and sign-in sheet print them (name, seat; 准考证号 and 所属院校 on the sheet): never
// their 考生编号, desk stickers or tickets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, waitForJob, sheetRows, idNumber } from './support/harness.mjs';
import { pdfText, zipNames } from './support/files.mjs';

const CERT = '网店运营推广职业技能等级证书';
const PLAN = '2021年9月第一批网店考试';

let server, admin, org, ustb, ncut, colleges, cert, plan, sites = {}, students = [];

async function at(now) {
  const res = await admin.put('/api/v1/system/clock', { now });
  assert.equal(res.status, 200, res.text);
  admin = await server.login('admin');
  org = await server.login('zhonglian');
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
}

async function addStudent(client, i, name) {
  const res = await client.post('/api/v1/students', { name, idNumber: idNumber(i), type: '院校考生', major: '电子商务' });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function register(client, student) {
  const res = await client.post('/api/v1/registrations', { planId: plan.id, studentId: student.id, levelId: cert.levels[0].id });
  assert.equal(res.status, 201, res.text);
}

before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  await at('2021-08-20 09:00:00');
  const orgs = (await admin.get('/api/v1/organizations?type=college')).json.items;
  colleges = { ustb: orgs.find((o) => o.name === '北京科技大学').id, ncut: orgs.find((o) => o.name === '北方工业大学').id };
  cert = (await org.post('/api/v1/certificates', {
    code: '50000002', name: CERT,
    levels: [{ level: '初级', subjects: [
      { code: '50000002203', name: '网店运营推广(理论)', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 },
    ] }],
    majors: ['电子商务'],
  })).json;
  plan = (await org.post('/api/v1/plans', {
    name: PLAN, mode: 'certificate',
    windows: {
      registrationStart: '2021-09-01 00:00', registrationEnd: '2021-09-10 18:00',
      arrangingStart: '2021-09-05 00:00', arrangingEnd: '2021-09-15 18:00',
      scoreStart: '2021-09-19 00:00', scoreEnd: '2021-09-25 18:00',
      publicityStart: '2021-09-26 00:00', publicityEnd: '2021-10-05 18:00',
    },
    levelIds: [cert.levels[0].id],
    subjects: [{ subjectId: cert.levels[0].subjects[0].id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' }],
    collegeIds: [colleges.ustb, colleges.ncut],
  })).json;
  assert.equal((await org.post(`/api/v1/plans/${plan.id}/publish`, {})).status, 200);
  const applied = await ustb.post('/api/v1/sites', { certificateId: cert.id, region: '北京市北京市海淀区', address: '学院路30号' });
  assert.equal((await org.post(`/api/v1/sites/${applied.json.id}/approve`, { collegeIds: [colleges.ncut] })).status, 200);
  sites.ustb = applied.json;
  for (const i of [1, 2]) students.push(await addStudent(ustb, i, `北科考生${i}`));
  for (const i of [3, 4]) students.push(await addStudent(ncut, i, `北工考生${i}`));
  await at('2021-09-02 10:00:00');
  for (const s of students.slice(0, 2)) await register(ustb, s);
  for (const s of students.slice(2)) await register(ncut, s);
  const room = await ustb.post('/api/v1/rooms', {
    planId: plan.id, siteId: sites.ustb.id, certificateId: cert.id, name: '共用机房', types: ['机考'], seats: 4, region: '北京市北京市海淀区', address: '教学楼',
  });
  assert.equal(room.status, 201, room.text);
  await at('2021-09-06 10:00:00');
  const started = await org.post('/api/v1/arrangement-runs', { planId: plan.id });
  assert.equal(started.status, 202, started.text);
  assert.equal((await waitForJob(org, started.json.job.id)).state, 'succeeded');
});
after(async () => { await server?.stop(); });

test('a shared room: each college sees the other\'s candidates by name and seat only', async () => {
  for (const [me, mine, theirs] of [[ustb, '北科', '北工'], [ncut, '北工', '北科']]) {
    const list = (await me.get(`/api/v1/room-slots?planId=${plan.id}`)).json;
    assert.equal(list.total, 1, `${mine} sees the room its candidates sit in`);
    const detail = (await me.get(`/api/v1/room-slots/${list.items[0].id}`)).json;
    assert.equal(detail.seats.length, 4);
    for (const seat of detail.seats) {
      if (seat.studentName.startsWith(mine)) {
        assert.match(seat.ticketNo, /^\d{25}$/);
        assert.ok(seat.studentNo);
      } else {
        assert.ok(seat.studentName.startsWith(theirs));
        assert.equal(seat.ticketNo, '', `${mine} does not see ${seat.studentName}'s 准考证号`);
        assert.equal(seat.studentNo, '');
      }
    }
    const get = (kind) => me.get(`/api/v1/room-slots/${list.items[0].id}/document?kind=${kind}`);
    const door = sheetRows((await get('door')).buffer);
    assert.equal(door.slice(3).flatMap((r) => [r[1], r[3]]).filter(Boolean).length, 4, 'the door poster names everyone in the room');
    const desk = sheetRows((await get('desk')).buffer);
    const cards = desk.filter((r) => r[0] === '考生姓名').flatMap((r) => [r[1], r[3]]).filter(Boolean);
    assert.deepEqual(cards.map((n) => n.slice(0, 2)), [mine, mine], 'desk stickers: own candidates only');
    const zip = (await get('tickets')).buffer;
    const names = zipNames(zip);
    assert.equal(names.length, 2);
    assert.ok(names.every((n) => n.startsWith(mine)), names.join(','));
    const text = pdfText((await get('tickets_pdf')).buffer);
    assert.ok(!text.includes(theirs), 'no ticket of the other college');
    const details = (await me.get(`/api/v1/arrangements?planId=${plan.id}`)).json;
    assert.equal(details.total, 2);
    assert.ok(details.items.every((d) => d.studentName.startsWith(mine)));
  }
});
