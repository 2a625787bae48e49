// 15.13 The demo data of a first `make run` lets a newcomer try every built function: plans open
// for registration in both modes with students whose majors fit, the demo student on the roster
// with registrations, plan names of the demo clock's year, payments in each state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/harness.mjs';

let server, ustb;

before(async () => {
  server = await startServer({ demo: 'full', clock: 'system' });
  ustb = await server.login('ustb');
});
after(async () => { await server?.stop(); });

test('15.13 the demo has a plan open for registration in each mode, with registrations of students whose majors fit', async () => {
  const open = (await ustb.get('/api/v1/plans?phase=registration')).json.items;
  assert.deepEqual([...new Set(open.map((p) => p.mode))].sort(), ['certificate', 'subject']);
  for (const plan of open) {
    const regs = (await ustb.get(`/api/v1/registrations?planId=${plan.id}`)).json;
    assert.ok(regs.total > 0, `${plan.name} has registrations`);
  }
  // Names carry the year and month of their exams.
  for (const plan of (await ustb.get('/api/v1/plans?pageSize=50')).json.items) {
    const detail = (await ustb.get(`/api/v1/plans/${plan.id}`)).json;
    const first = detail.subjects.map((s) => s.start).sort()[0];
    assert.ok(plan.name.startsWith(`${first.slice(0, 4)}年${first.slice(5, 7)}月`), `${plan.name} / ${first}`);
  }
});

test('15.13 the demo student 202109170001 is on 北京科技大学\'s roster with registrations, and payments are in each state', async () => {
  const student = (await ustb.get('/api/v1/students?studentNo=202109170001')).json;
  assert.equal(student.total, 1);
  assert.equal(student.items[0].name, '王小二');
  assert.ok((await ustb.get('/api/v1/registrations?studentNo=202109170001')).json.total > 0);
  const states = new Set((await ustb.get('/api/v1/payments?pageSize=50')).json.items.map((p) => p.statusName));
  assert.deepEqual([...states].sort(), ['已确认', '待确认'].sort());
});
