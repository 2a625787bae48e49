// 排考 end to end through the server: a plan of N candidates with two subjects each (2N
// candidate-subjects) is arranged by the organisation's 开始排考 job (load, engine, write, 准考证号),
// timed from the request to the end of the job. The reference, in the same run: the registrations
// import that wrote the same 2N rows. Peak RSS of the server is printed for each.
//   node bench/arranging/server_bench.mjs [candidates]   (KAOWU_TEST_ENGINE=postgresql with
//   KAOWU_TEST_PG_BASE for PostgreSQL; SQLite otherwise)
import assert from 'node:assert/strict';
import { ENGINE, memory, startServer, waitForJob } from '../../server/tests/api/support/harness.mjs';

const candidates = Number(process.argv[2] ?? 50000);
const SEATS = 30;

function idNumber(i) {
  const birth = new Date(Date.UTC(1980, 0, 1) + Math.floor(i / 900) * 86400e3).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `110102${birth}${String(100 + (i % 900)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, k) => s + Number(d) * weights[k], 0);
  return body + '10X98765432'[sum % 11];
}

async function importCsv(client, path, body) {
  const started = await client.request('POST', `${path}${path.includes('?') ? '&' : '?'}fileName=bench.csv`,
    { raw: Buffer.from(body), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(client, started.json.job.id, 3600e3);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  return job;
}

const server = await startServer({ loginRate: 1e6 });
try {
  const admin = await server.login('admin');
  await admin.put('/api/v1/system/clock', { now: '2021-08-20 09:00:00' });
  const org = await server.login('zhonglian');
  const ustbId = (await admin.get('/api/v1/organizations?type=college')).json.items.find((o) => o.name === '北京科技大学').id;
  const cert = (await org.post('/api/v1/certificates', {
    code: '50000002', name: '网店运营推广职业技能等级证书', majors: ['电子商务'],
    levels: [{ level: '初级', subjects: [
      { code: '50000002202', name: '网店运营推广(实操)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60 },
      { code: '50000002203', name: '网店运营推广(理论)', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 },
    ] }],
  })).json;
  const plan = (await org.post('/api/v1/plans', {
    name: '排考基准考试计划', mode: 'certificate', levelIds: [cert.levels[0].id], collegeIds: [ustbId],
    windows: {
      registrationStart: '2021-09-01 00:00', registrationEnd: '2021-09-10 18:00', arrangingStart: '2021-09-05 00:00',
      arrangingEnd: '2021-09-15 18:00', scoreStart: '2021-09-19 00:00', scoreEnd: '2021-09-25 18:00',
      publicityStart: '2021-09-26 00:00', publicityEnd: '2021-10-05 18:00',
    },
    subjects: [
      { subjectId: cert.levels[0].subjects[0].id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' },
      { subjectId: cert.levels[0].subjects[1].id, start: '2021-09-18 09:30', end: '2021-09-18 10:30' },
    ],
  })).json;
  await org.post(`/api/v1/plans/${plan.id}/publish`, {});
  const ustb = await server.login('ustb');
  const site = (await ustb.post('/api/v1/sites', { certificateId: cert.id, region: '北京市北京市海淀区', address: '学院路30号' })).json;
  await org.post(`/api/v1/sites/${site.id}/approve`, {});
  // Enough rooms for every candidate in each slot, with a few spare.
  const rooms = Math.ceil((candidates * 1.02) / SEATS);
  for (let i = 0; i < rooms; i++) {
    const made = await ustb.post('/api/v1/rooms', {
      planId: plan.id, siteId: site.id, certificateId: cert.id, name: `考场${i + 1}`, types: ['机考+实操'], seats: SEATS,
      region: '北京市北京市海淀区', address: '教学楼',
    });
    assert.equal(made.status, 201, made.text);
  }
  await admin.put('/api/v1/system/clock', { now: '2021-09-02 09:00:00' });
  const registrar = await server.login('ustb');
  const roster = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\n' +
    Array.from({ length: candidates }, (_, i) => `2021${String(i).padStart(8, '0')},考生${i},,${idNumber(i)},院校考生,电子商务,,`).join('\n') + '\n';
  await importCsv(registrar, '/api/v1/students/import', roster);

  // The reference: the registrations import writing the same 2N rows.
  const label = '网店运营推广职业技能等级证书(初级)';
  const csv = '考生编号,身份证号,姓名,证书等级\n' +
    Array.from({ length: candidates }, (_, i) => `2021${String(i).padStart(8, '0')},,考生${i},${label}`).join('\n') + '\n';
  memory.resetPeak(server.child.pid);
  let t0 = performance.now();
  await importCsv(registrar, `/api/v1/registrations/import?mode=certificate&planId=${plan.id}`, csv);
  const importSeconds = (performance.now() - t0) / 1000;
  const importPeak = memory.read(server.child.pid).peak;

  await admin.put('/api/v1/system/clock', { now: '2021-09-06 09:00:00' });
  const arranger = await server.login('zhonglian');
  memory.resetPeak(server.child.pid);
  t0 = performance.now();
  const started = await arranger.post('/api/v1/arrangement-runs', { planId: plan.id });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(arranger, started.json.job.id, 3600e3);
  const arrangeSeconds = (performance.now() - t0) / 1000;
  const arrangePeak = memory.read(server.child.pid).peak;
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.equal(job.result.placed, candidates * 2, JSON.stringify(job.result));
  const written = (await arranger.get(`/api/v1/arrangements?planId=${plan.id}&pageSize=1`)).json.total;
  assert.equal(written, candidates * 2);

  console.log(`engine=${ENGINE} candidates=${candidates} candidate-subjects=${candidates * 2} rooms=${rooms}x${SEATS}`);
  console.log(`registrations import (2N rows written): ${importSeconds.toFixed(2)} s  peak RSS ${importPeak.toFixed(0)} MB`);
  console.log(`开始排考 end to end (2N arrangements):  ${arrangeSeconds.toFixed(2)} s  peak RSS ${arrangePeak.toFixed(0)} MB`);
  console.log(`ratio arrangement / import: ${(arrangeSeconds / importSeconds).toFixed(2)}  (goal at most 1.5)`);
} catch (e) {
  console.error(server.stderr().split('\n').filter((l) => /error|failed|错误/.test(l)).slice(-10).join('\n'));
  throw e;
} finally {
  await server.stop();
}
