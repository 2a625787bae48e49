// Production as the README describes it: two instances (A and B) on one PostgreSQL database behind
// nginx with the site of deploy/. What is shared is the database: sessions, the job queue, the
// arrangement runs. Each test names the instance that ran a job by the worker stored with it.
//   scripts/test.sh cluster   (starts PostgreSQL, sets KAOWU_TEST_PG_BASE)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { idNumber, waitForJob } from '../api/support/harness.mjs';
import { freePort, freshDatabase, psql, sleep, setClock, startInstance, startNginx } from './support.mjs';

// How long a job of a killed instance stays 进行中 at most, on the same machine: the other
// instance's next heartbeat (10 s, README "Production"); the margin is for a busy test machine.
const FAILED_WITHIN_MS = 10_000;
const MARGIN_MS = 10_000;
// Rows of the imports that must still be running while the test acts on them.
const LONG_IMPORT = Number(process.env.KAOWU_CLUSTER_IMPORT_ROWS || 40000);
const CANDIDATES = Number(process.env.KAOWU_CLUSTER_CANDIDATES || 6000);

const CERT = '网店运营推广职业技能等级证书';
let database, ports, inst = {}, nginx, now, nextStudent = 0;

async function restart(name, options = {}) {
  inst[name] = await startInstance(name, ports[name], database, { jobWorkers: 1, ...options });
  if (now && (options.clock ?? 'manual') === 'manual') await setClock([inst[name]], now);
  return inst[name];
}

async function at(when) {
  now = when;
  await setClock(Object.values(inst), when);
}

const via = (username) => nginx.login(username, database.passwords[username]);
const other = (name) => (name === 'A' ? 'B' : 'A');
// The instance whose worker ran (or runs) job `id`: "A (host:pid:start)" → A.
const workerOf = (id) => psql(database.db, `SELECT worker FROM jobs WHERE id = ${id}`)[0]?.[0]?.split(' ')[0] ?? '';
const stateOf = (id) => psql(database.db, `SELECT state FROM jobs WHERE id = ${id}`)[0][0];

async function untilRunning(id, timeoutMs = 30000) {
  for (const until = Date.now() + timeoutMs; ; await sleep(20)) {
    const state = stateOf(id);
    if (state === 'running') return workerOf(id);
    assert.ok(state === 'queued' && Date.now() < until, `job ${id} never ran: ${state}`);
  }
}

// A roster of `n` new students (考生编号 and 身份证号 never used before in this file) as CSV.
function roster(n) {
  const from = nextStudent;
  nextStudent += n;
  return '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\n' + Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return `2021${String(i).padStart(8, '0')},考生${i},,${idNumber(i)},院校考生,电子商务,,`;
  }).join('\n') + '\n';
}

async function startImport(client, path, csv) {
  const res = await client.request('POST', `${path}${path.includes('?') ? '&' : '?'}fileName=${encodeURIComponent('名单.csv')}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(res.status, 202, res.text);
  return res.json.job.id;
}

async function total(client, path) {
  const res = await client.get(`${path}${path.includes('?') ? '&' : '?'}pageSize=1`);
  assert.equal(res.status, 200, res.text);
  return res.json.total;
}

before(async () => {
  database = freshDatabase();
  ports = { A: await freePort(), B: await freePort() };
  await restart('A');
  await restart('B');
  nginx = await startNginx([ports.A, ports.B]);
  await at('2021-08-20 09:00:00');
});

after(async () => {
  for (const i of Object.values(inst)) await i.stop();
  await nginx?.stop();
});

test('a session made through A works on B; signing out on B ends it on A at once', async () => {
  const onA = await inst.A.login('ustb');
  // A has just checked the session (and keeps it for its next requests).
  assert.equal((await onA.get('/api/v1/auth/me')).status, 200);
  assert.equal((await onA.get('/api/v1/students?pageSize=1')).status, 200);
  const onB = inst.B.client();
  onB.cookies = new Map(onA.cookies);
  const me = await onB.get('/api/v1/auth/me');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.account.username, 'ustb');

  const out = await onB.post('/api/v1/auth/logout', {});
  assert.equal(out.status, 204, out.text);
  const after = await onA.get('/api/v1/auth/me');
  assert.equal(after.status, 401, after.text);
  assert.match(after.json.error.message, /登录/);
});

test('a job queued through an instance whose worker is busy is run by the other', async () => {
  const ustb = await via('ustb');
  const before = await total(ustb, '/api/v1/students');
  const long = await startImport(ustb, '/api/v1/students/import', roster(LONG_IMPORT));
  const busy = await untilRunning(long);
  assert.match(busy, /^[AB]$/);

  // Queued through the busy instance itself (its one worker runs the long import).
  const ncut = await inst[busy].login('ncut');
  const short = await startImport(ncut, '/api/v1/students/import', roster(20));
  const done = await waitForJob(ncut, short, 30000);
  assert.equal(done.state, 'succeeded', JSON.stringify(done));
  assert.equal(workerOf(short), other(busy), 'the idle instance took it');
  assert.equal(stateOf(long), 'running', 'while the long import still ran');

  const first = await waitForJob(ustb, long, 120000);
  assert.equal(first.state, 'succeeded', JSON.stringify(first));
  assert.equal(first.result.succeeded, LONG_IMPORT);
  assert.equal(await total(ustb, '/api/v1/students'), before + LONG_IMPORT);
});

test('SIGTERM during a job: the instance takes no new job, finishes the running one and exits 0; nothing runs twice', async () => {
  const ustb = await via('ustb');
  const before = await total(ustb, '/api/v1/students');
  const records = await total(ustb, '/api/v1/import-records');
  const long = await startImport(ustb, '/api/v1/students/import', roster(LONG_IMPORT));
  const stopping = await untilRunning(long);

  const stopped = inst[stopping].stop();
  // Queued while that instance stops: the other runs it.
  const ncut = await via('ncut');
  const queued = await startImport(ncut, '/api/v1/students/import', roster(20));
  const { code, signal } = await stopped;
  assert.equal(signal, null);
  assert.equal(code, 0, 'a graceful stop');
  assert.equal(stateOf(long), 'succeeded', 'the running import finished before the process ended');
  assert.equal(workerOf(long), stopping);
  await restart(stopping);

  const handed = await waitForJob(ncut, queued, 30000);
  assert.equal(handed.state, 'succeeded', JSON.stringify(handed));
  assert.equal(workerOf(queued), other(stopping));
  const finished = await waitForJob(ustb, long);
  assert.equal(finished.result.succeeded, LONG_IMPORT);
  assert.equal(await total(ustb, '/api/v1/students'), before + LONG_IMPORT, 'every row once');
  assert.equal(await total(ustb, '/api/v1/import-records'), records + 1, 'one import record');
});

test('kill -9 of the instance running an import: the other fails the job within one heartbeat, nothing is written, the import runs again', async () => {
  const ustb = await via('ustb');
  const before = await total(ustb, '/api/v1/students');
  const records = await total(ustb, '/api/v1/import-records');
  const file = roster(LONG_IMPORT);
  const job = await startImport(ustb, '/api/v1/students/import', file);
  const victim = await untilRunning(job);
  await sleep(300);  // inside its transaction
  assert.equal(stateOf(job), 'running');
  await inst[victim].kill();
  const killedAt = Date.now();

  const survivor = await inst[other(victim)].login('ustb');
  let failed;
  for (;;) {
    failed = (await survivor.get(`/api/v1/jobs/${job}`)).json;
    if (failed.state !== 'running') break;
    assert.ok(Date.now() - killedAt < FAILED_WITHIN_MS + MARGIN_MS, `still 进行中 after ${Date.now() - killedAt} ms`);
    await sleep(200);
  }
  console.log(`# import of the killed instance marked failed after ${Date.now() - killedAt} ms`);
  assert.equal(failed.state, 'failed');
  assert.equal(failed.stateName, '失败');
  assert.match(failed.error, /任务执行被中断（服务重启或异常退出），请重新提交/);
  assert.equal(await total(survivor, '/api/v1/students'), before, 'no row of the file');
  assert.equal(await total(survivor, '/api/v1/import-records'), records, 'no import record');

  await restart(victim);
  const again = await startImport(ustb, '/api/v1/students/import', file);
  const done = await waitForJob(ustb, again, 120000);
  assert.equal(done.state, 'succeeded', JSON.stringify(done));
  assert.equal(done.result.succeeded, LONG_IMPORT);
  assert.equal(await total(ustb, '/api/v1/students'), before + LONG_IMPORT);
});

test('排考: kill -9 mid-run fails it with nothing written; two starts through A and B at once: one runs, the other is refused; no seat twice', async () => {
  let org = await via('zhonglian');
  const admin = await via('admin');
  const ustbId = (await admin.get('/api/v1/organizations?type=college')).json.items.find((o) => o.name === '北京科技大学').id;
  const cert = (await org.post('/api/v1/certificates', {
    code: '50000002', name: CERT, majors: ['电子商务'],
    levels: [{ level: '初级', subjects: [
      { code: '50000002202', name: '网店运营推广(实操)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60 },
      { code: '50000002203', name: '网店运营推广(理论)', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 },
    ] }],
  })).json;
  const made = await org.post('/api/v1/plans', {
    name: '集群排考考试计划', mode: 'certificate', levelIds: [cert.levels[0].id], collegeIds: [ustbId],
    windows: {
      registrationStart: '2021-09-01 00:00', registrationEnd: '2021-09-10 18:00', arrangingStart: '2021-09-05 00:00',
      arrangingEnd: '2021-09-15 18:00', scoreStart: '2021-09-19 00:00', scoreEnd: '2021-09-25 18:00',
      publicityStart: '2021-09-26 00:00', publicityEnd: '2021-10-05 18:00',
    },
    subjects: [
      { subjectId: cert.levels[0].subjects[0].id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' },
      { subjectId: cert.levels[0].subjects[1].id, start: '2021-09-18 09:30', end: '2021-09-18 10:30' },
    ],
  });
  assert.equal(made.status, 201, made.text);
  const plan = made.json;
  assert.equal((await org.post(`/api/v1/plans/${plan.id}/publish`, {})).status, 200);
  let ustb = await via('ustb');
  const site = (await ustb.post('/api/v1/sites', { certificateId: cert.id, region: '北京市北京市海淀区', address: '学院路30号' })).json;
  assert.equal((await org.post(`/api/v1/sites/${site.id}/approve`, {})).status, 200);
  const seats = 60;
  for (let i = 0; i < Math.ceil(CANDIDATES / seats) + 2; i++) {
    const room = await ustb.post('/api/v1/rooms', {
      planId: plan.id, siteId: site.id, certificateId: cert.id, name: `考场${i + 1}`, types: ['机考+实操'], seats,
      region: '北京市北京市海淀区', address: '教学楼',
    });
    assert.equal(room.status, 201, room.text);
  }
  await at('2021-09-02 09:00:00');
  ustb = await via('ustb');
  const from = nextStudent;
  const students = await waitForJob(ustb, await startImport(ustb, '/api/v1/students/import', roster(CANDIDATES)), 120000);
  assert.equal(students.state, 'succeeded', JSON.stringify(students));
  const label = `${CERT}(初级)`;
  const registrations = '考生编号,身份证号,姓名,证书等级\n' + Array.from({ length: CANDIDATES }, (_, k) =>
    `2021${String(from + k).padStart(8, '0')},,考生${from + k},${label}`).join('\n') + '\n';
  const registered = await waitForJob(ustb, await startImport(ustb, `/api/v1/registrations/import?mode=certificate&planId=${plan.id}`, registrations), 120000);
  assert.equal(registered.state, 'succeeded', JSON.stringify(registered));
  assert.equal(registered.result.succeeded, CANDIDATES);

  await at('2021-09-06 09:00:00');
  org = await via('zhonglian');
  const seatsTaken = () => Number(psql(database.db, `SELECT COUNT(*) FROM arrangements WHERE plan_id = ${plan.id}`)[0][0]);

  // kill -9 of the instance running it.
  const first = await org.post('/api/v1/arrangement-runs', { planId: plan.id });
  assert.equal(first.status, 202, first.text);
  const victim = await untilRunning(first.json.job.id);
  await inst[victim].kill();
  const killedAt = Date.now();
  const survivor = await inst[other(victim)].login('zhonglian');
  let job;
  for (;;) {
    job = (await survivor.get(`/api/v1/jobs/${first.json.job.id}`)).json;
    if (job.state !== 'running') break;
    assert.ok(Date.now() - killedAt < FAILED_WITHIN_MS + MARGIN_MS, `still 进行中 after ${Date.now() - killedAt} ms`);
    await sleep(200);
  }
  console.log(`# arrangement of the killed instance marked failed after ${Date.now() - killedAt} ms`);
  if (job.state === 'failed') {
    assert.match(job.error, /任务执行被中断/);
    assert.equal(seatsTaken(), 0, 'nothing of the run is visible');
    const details = await survivor.get(`/api/v1/arrangements?planId=${plan.id}&pageSize=1`);
    assert.equal(details.json.total, 0);
  } else {
    // The run had written its result in one transaction before the kill reached it.
    assert.equal(job.state, 'succeeded', JSON.stringify(job));
  }
  await restart(victim);

  // Two starts at the same moment, one through each instance.
  const onA = await inst.A.login('zhonglian');
  const onB = await inst.B.login('zhonglian');
  const starts = await Promise.all([onA, onB].map((c) => c.post('/api/v1/arrangement-runs', { planId: plan.id })));
  const statuses = starts.map((s) => s.status).sort();
  assert.deepEqual(statuses, [202, 409], starts.map((s) => s.text).join('\n'));
  const refused = starts.find((s) => s.status === 409);
  assert.equal(refused.json.error.message, '该考试计划正在排考，请等本次排考完成后再试');
  const accepted = starts.find((s) => s.status === 202);
  const ran = await waitForJob(onA, accepted.json.job.id, 120000);
  assert.equal(ran.state, 'succeeded', JSON.stringify(ran));
  assert.equal(seatsTaken(), CANDIDATES * 2, 'every candidate-subject seated');
  assert.deepEqual(psql(database.db, `SELECT room_id, slot_start, seat_no FROM arrangements GROUP BY room_id, slot_start, seat_no HAVING COUNT(*) > 1`), [], 'no seat twice');
  assert.deepEqual(psql(database.db, `SELECT registration_id FROM arrangements GROUP BY registration_id HAVING COUNT(*) > 1`), [], 'no candidate-subject twice');
  const runs = (await onB.get(`/api/v1/arrangement-runs?planId=${plan.id}&pageSize=10`)).json.items;
  assert.equal(runs.filter((r) => r.state === 'succeeded').length, 1);
  assert.equal(runs.filter((r) => r.state === 'running').length, 0);
});

test('a rolling restart (A, then B) under a steady stream of requests through nginx loses none', async () => {
  // Sessions outlive restarts only on a clock that does not jump back: the real one from here on.
  for (const name of ['A', 'B']) { await inst[name].stop(); await restart(name, { clock: 'system' }); }
  now = undefined;
  const ustb = await via('ustb');
  const some = (await ustb.get('/api/v1/students?pageSize=50')).json.items;
  assert.ok(some.length > 0);
  const paths = [
    '/api/v1/students?page=1&pageSize=20',
    '/api/v1/students?page=2&pageSize=20&name=' + encodeURIComponent('考生1'),
    '/api/v1/import-records?pageSize=20',
    '/api/v1/auth/me',
  ];
  let stop = false, sent = 0;
  const failures = [];
  const served = { A: 0, B: 0 };
  // Reads (lists, filters, details) on six streams; writes on two: a student added, a sign-in.
  const before = await total(ustb, '/api/v1/students');
  let added = 0;
  async function stream(k) {
    for (let n = 0; !stop; n++) {
      let path = n % 5 === 4 ? `/api/v1/students/${some[(k + n) % some.length].id}` : paths[(k + n) % paths.length];
      sent++;
      try {
        let res;
        if (k === 6) {
          path = 'POST /api/v1/students';
          const i = nextStudent++;
          res = await ustb.post('/api/v1/students', { name: `新生${i}`, idNumber: idNumber(i), type: '院校考生', major: '电子商务' });
          if (res.status === 201) added++;
          else failures.push(`${path}: ${res.status} ${res.text.slice(0, 200)}`);
          continue;
        }
        if (k === 7) {
          path = 'POST /api/v1/auth/login';
          res = await nginx.client().post('/api/v1/auth/login', { username: 'ncut', password: database.passwords.ncut });
        } else {
          res = await ustb.get(path);
        }
        if (res.status !== 200) failures.push(`${path}: ${res.status} ${res.text.slice(0, 200)}`);
      } catch (e) {
        failures.push(`${path}: ${e.message}`);
      }
    }
  }
  const metric = async (name) => {
    const res = await fetch(`${inst[name].url}/metrics`);
    // What the stream sent there (its routes only, not this scrape).
    return [...(await res.text()).matchAll(/^kaowu_http_requests_total\{[^}]*route="\/api\/v1\/(?:students|import-records|auth\/me)[^}]*\} (\d+)$/gm)]
      .reduce((s, m) => s + Number(m[1]), 0);
  };
  const streams = Array.from({ length: 8 }, (_, k) => stream(k));
  try {
    await sleep(1000);
    for (const name of ['A', 'B']) {
      const { code } = await inst[name].stop();
      assert.equal(code, 0);
      await restart(name, { clock: 'system' });
      // nginx sends to the restarted instance again once its fail_timeout passed.
      const base = await metric(name);
      for (const until = Date.now() + 30000; (await metric(name)) - base < 20; await sleep(200)) {
        assert.ok(Date.now() < until, `nginx did not send requests to ${name} again`);
      }
      served[name] = (await metric(name)) - base;
    }
    await sleep(500);
  } finally {
    stop = true;
    await Promise.all(streams);
  }
  console.log(`# rolling restart: ${sent} requests through nginx, ${failures.length} failed`);
  assert.deepEqual(failures, [], `${failures.length} of ${sent} failed; nginx: ${nginx.errorLog().slice(-2000)}`);
  assert.ok(sent > 200, `a steady stream: ${sent}`);
  assert.ok(served.A > 0 && served.B > 0);
  assert.ok(added > 0);
  assert.equal(await total(ustb, '/api/v1/students'), before + added, 'every student added once');
});
