// A published plan of one certificate level with two subjects, taken by candidates of two
// colleges, each college running a site with a room, arranged: what the modules after 排考
// (成绩, 考证结果) start from. Tests move the business clock themselves afterwards.
import assert from 'node:assert/strict';
import { waitForJob, idNumber } from './harness.mjs';

export const WINDOWS = {
  registrationStart: '2021-09-01 00:00', registrationEnd: '2021-09-10 18:00',
  arrangingStart: '2021-09-05 00:00', arrangingEnd: '2021-09-15 18:00',
  scoreStart: '2021-09-19 00:00', scoreEnd: '2021-09-25 18:00',
  publicityStart: '2021-09-26 00:00', publicityEnd: '2021-10-05 18:00',
};

// Signs everyone in again at `now` (the clock is per server; sessions stay valid).
export async function clients(server, admin, now) {
  const res = await admin.put('/api/v1/system/clock', { now });
  assert.equal(res.status, 200, res.text);
  return {
    admin: await server.login('admin'),
    org: await server.login('zhonglian'),
    other: await server.login('hongke'),
    ustb: await server.login('ustb'),
    ncut: await server.login('ncut'),
  };
}

async function certifiedPerson(c, college, level, i, name, kind = '监考老师') {
  const made = await college.post('/api/v1/invigilators', {
    kind, name, idNumber: idNumber(700 + i), phone: `1830001${String(1000 + i)}`, region: '北京市北京市海淀区', levelIds: [level.id],
  });
  assert.equal(made.status, 201, made.text);
  const sent = await college.post(`/api/v1/invigilators/${made.json.id}/submit`, { version: made.json.version });
  assert.equal(sent.status, 200, sent.text);
  const ok = await c.org.post('/api/v1/invigilators/review', { ids: sent.json.certificates.map((x) => x.id), decision: 'certify' });
  assert.equal(ok.status, 200, ok.text);
}

/**
 * Builds and arranges the plan. `level` may carry passCondition/passTotal. Returns
 * { cert, plan, sites: {ustb, ncut}, students: [{id, studentNo, name, college}], colleges }.
 * 北科 has three candidates (北科考生1-3), 北工 two (北工考生4-5); each sits both subjects.
 */
export async function arrangedPlan(server, admin, { code = '50000012', name = '智能估值数据采集与应用职业技能等级证书', planName = '2021年9月智能估值初级考试', level = {}, people = 0 } = {}) {
  let c = await clients(server, admin, '2021-08-20 09:00:00');
  const orgs = (await c.admin.get('/api/v1/organizations?type=college')).json.items;
  const colleges = { ustb: orgs.find((o) => o.name === '北京科技大学').id, ncut: orgs.find((o) => o.name === '北方工业大学').id };
  const made = await c.org.post('/api/v1/certificates', {
    code, name,
    levels: [{ level: '初级', ...level, subjects: [
      { code: `${code}101`, name: '智能估值(理论)', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 },
      { code: `${code}102`, name: '智能估值(实操)', mode: '机考', durationMinutes: 60, fullMark: 50, passMark: 30 },
    ] }],
    majors: ['电子商务'],
  });
  assert.equal(made.status, 201, made.text);
  const cert = made.json;
  const created = await c.org.post('/api/v1/plans', {
    name: planName, mode: 'certificate', windows: WINDOWS, levelIds: [cert.levels[0].id],
    subjects: [
      { subjectId: cert.levels[0].subjects[0].id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' },
      { subjectId: cert.levels[0].subjects[1].id, start: '2021-09-18 09:30', end: '2021-09-18 10:30' },
    ],
    collegeIds: [colleges.ustb, colleges.ncut],
  });
  assert.equal(created.status, 201, created.text);
  assert.equal((await c.org.post(`/api/v1/plans/${created.json.id}/publish`, {})).status, 200);
  const plan = created.json;
  const sites = {};
  for (const [key, region] of [['ustb', '北京市北京市海淀区'], ['ncut', '北京市北京市石景山区']]) {
    const applied = await c[key].post('/api/v1/sites', { certificateId: cert.id, region, address: '学院路30号' });
    assert.equal(applied.status, 201, applied.text);
    assert.equal((await c.org.post(`/api/v1/sites/${applied.json.id}/approve`, {})).status, 200);
    sites[key] = applied.json;
  }
  const students = [];
  for (const [i, key, label] of [[1, 'ustb', '北科'], [2, 'ustb', '北科'], [3, 'ustb', '北科'], [4, 'ncut', '北工'], [5, 'ncut', '北工']]) {
    const res = await c[key].post('/api/v1/students', { name: `${label}考生${i}`, idNumber: idNumber(900 + people + i), type: '院校考生', major: '电子商务' });
    assert.equal(res.status, 201, res.text);
    students.push({ ...res.json, college: key });
  }
  c = await clients(server, admin, '2021-09-02 10:00:00');
  for (const s of students) {
    const res = await c[s.college].post('/api/v1/registrations', { planId: plan.id, studentId: s.id, levelId: cert.levels[0].id });
    assert.equal(res.status, 201, res.text);
  }
  for (const key of ['ustb', 'ncut']) {
    const res = await c[key].post('/api/v1/rooms', {
      planId: plan.id, siteId: sites[key].id, certificateId: cert.id, name: `${key}机房`, types: ['机考'], seats: 10, region: '北京市北京市海淀区', address: '教学楼',
    });
    assert.equal(res.status, 201, res.text);
  }
  let n = 0;
  for (const key of ['ustb', 'ncut']) {
    for (const who of ['甲', '乙']) await certifiedPerson(c, c[key], cert.levels[0], people + ++n, `${key}监考${who}`);
  }
  c = await clients(server, admin, '2021-09-06 10:00:00');
  const started = await c.org.post('/api/v1/arrangement-runs', { planId: plan.id });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(c.org, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  return { cert, plan, sites, students, colleges };
}

/**
 * A published plan of 北京科技大学 for one 机考 subject of the certificate made here, with the
 * college's 考核站点 for it applied for and approved; the clock must be before registration opens.
 * Returns { cert, plan, site }.
 */
export async function plannedSite({ admin, org, ustb }, { code, name, planName, subject }) {
  const college = (await admin.get('/api/v1/organizations?type=college')).json.items.find((o) => o.name === '北京科技大学').id;
  const made = await org.post('/api/v1/certificates', {
    code, name,
    levels: [{ level: '初级', subjects: [{ code: `${code}101`, name: subject, mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 }] }],
    majors: ['电子商务'],
  });
  assert.equal(made.status, 201, made.text);
  const cert = made.json;
  const created = await org.post('/api/v1/plans', {
    name: planName, mode: 'certificate', windows: WINDOWS, levelIds: [cert.levels[0].id],
    subjects: [{ subjectId: cert.levels[0].subjects[0].id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' }],
    collegeIds: [college],
  });
  assert.equal(created.status, 201, created.text);
  assert.equal((await org.post(`/api/v1/plans/${created.json.id}/publish`, {})).status, 200);
  const applied = await ustb.post('/api/v1/sites', { certificateId: cert.id, region: '北京市北京市海淀区', address: '学院路30号' });
  assert.equal(applied.status, 201, applied.text);
  assert.equal((await org.post(`/api/v1/sites/${applied.json.id}/approve`, {})).status, 200);
  return { cert, plan: created.json, site: applied.json };
}
