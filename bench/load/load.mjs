// Load on the production set-up: two kaowu instances on one PostgreSQL database behind nginx with
// the site of deploy/ (server/tests/cluster/support.mjs starts them, 127.0.0.1 only). Every figure
// is measured in this run; nothing is compared with a number written down elsewhere.
//   node bench/load/load.mjs week    [--users 200] [--seconds 600] [--think-ms 1000]
//   node bench/load/load.mjs spike   [--students 5000] [--seconds 60]
//   node bench/load/load.mjs tickets [--colleges 500] [--seconds 600] [--students 10]
// week:    simulated users of colleges, mixed as a registration week is (lists and filters 70 %,
//          detail 10 %, imports of 1,000 rows 5 %, exports 10 %, sign-ins 5 %), each waiting
//          --think-ms on average between two actions; p50/p95/p99 per kind, server errors, RSS of
//          both instances and the database's connections sampled over the run.
// spike:   the minute scores are published: --students students (accounts made through the
//          college's 生成初始密码 and the first sign-in's password change) sign in and read their
//          own pages (/my/exams, /auth/me), arriving evenly over --seconds.
// tickets: the night before the exam: --colleges colleges of one arranged plan each start their
//          准考证 job within --seconds (one in ten also 签到表 and 桌贴), wait for it and download
//          the file; every job done, each college's wait in the queue, time to the last ticket.
// KAOWU_TEST_PG_BASE names the PostgreSQL server (bench/load/run.sh starts a throwaway one).
import assert from 'node:assert/strict';
import { idNumber, memory } from '../../server/tests/api/support/harness.mjs';
import { freePort, freshDatabase, psql, sleep, setClock, startInstance, startNginx } from '../../server/tests/cluster/support.mjs';

const scenario = process.argv[2];
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PASSWORD = 'Bench2021pass';

// ----------------------------------------------------------------------------------------------
// Figures

class Timings {
  constructor() { this.kinds = new Map(); }
  add(kind, ms, ok, status) {
    if (!this.kinds.has(kind)) this.kinds.set(kind, { ms: [], errors: 0, refused: 0, statuses: {} });
    const k = this.kinds.get(kind);
    k.ms.push(ms);
    if (!ok) {
      if (status === undefined || status >= 500) k.errors++; else k.refused++;
      k.statuses[status ?? 'network'] = (k.statuses[status ?? 'network'] || 0) + 1;
    }
  }
  print(title) {
    console.log(title);
    console.log('  kind                 requests   p50 ms   p95 ms   p99 ms   max ms  server errors  other refusals');
    for (const [kind, k] of this.kinds) {
      const s = [...k.ms].sort((a, b) => a - b);
      const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1);
      const other = Object.entries(k.statuses).map(([st, n]) => `${st}x${n}`).join(' ');
      console.log(`  ${kind.padEnd(20)} ${String(s.length).padStart(8)} ${q(0.5).padStart(8)} ${q(0.95).padStart(8)} ${q(0.99).padStart(8)} ${s[s.length - 1].toFixed(1).padStart(8)} ${String(k.errors).padStart(14)}  ${k.refused}${other ? ` (${other})` : ''}`);
    }
  }
  errors() { return [...this.kinds.values()].reduce((n, k) => n + k.errors, 0); }
}

async function timed(timings, kind, fn, expect = [200]) {
  const t0 = performance.now();
  let res;
  try {
    res = await fn();
  } catch (e) {
    timings.add(kind, performance.now() - t0, false, undefined);
    return null;
  }
  timings.add(kind, performance.now() - t0, expect.includes(res.status), res.status);
  return res;
}

// RSS of both instances and the database's connections, every `every` ms until stopped.
function sampler(cluster, every = 10000) {
  const rows = [];
  let stop = false;
  const take = () => {
    const conns = Number(psql(cluster.database.db, 'SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()')[0][0]);
    rows.push({ t: (performance.now() - started) / 1000, a: memory.read(cluster.A.child.pid).rss, b: memory.read(cluster.B.child.pid).rss, conns });
  };
  const started = performance.now();
  const loop = (async () => { while (!stop) { take(); await sleep(every); } })();
  return {
    async end() {
      stop = true;
      await loop;
      take();
      console.log('  samples (s: RSS of A MB, RSS of B MB, database connections)');
      const step = Math.max(1, Math.floor(rows.length / 12));
      for (let i = 0; i < rows.length; i += step) {
        const r = rows[i];
        console.log(`    ${r.t.toFixed(0).padStart(5)} s: ${r.a.toFixed(0).padStart(5)} ${r.b.toFixed(0).padStart(5)} ${String(r.conns).padStart(5)}`);
      }
      const half = rows.slice(Math.floor(rows.length / 2));
      const first = rows.slice(1, Math.max(2, Math.floor(rows.length / 2)));
      const max = (xs, f) => Math.max(...xs.map(f));
      console.log(`  RSS max first half / second half: A ${max(first, (r) => r.a).toFixed(0)} / ${max(half, (r) => r.a).toFixed(0)} MB, B ${max(first, (r) => r.b).toFixed(0)} / ${max(half, (r) => r.b).toFixed(0)} MB; connections max ${max(first, (r) => r.conns)} / ${max(half, (r) => r.conns)}`);
    },
  };
}

// ----------------------------------------------------------------------------------------------
// Set-up: two instances and nginx on a fresh database

async function cluster({ clock = 'system', jobOrgLimit = null } = {}) {
  const database = freshDatabase();
  const ports = [await freePort(), await freePort()];
  const opts = { jobWorkers: 2, jobOrgLimit, clock };
  const A = await startInstance('A', ports[0], database, opts);
  const B = await startInstance('B', ports[1], database, opts);
  // Sized for the spike as production's nginx.conf should be (README, 生产部署): thousands of
  // clients waiting at once, each holding a connection to nginx and one from nginx to kaowu.
  const nginx = await startNginx(ports, { workerConnections: 16384 });
  return {
    database, A, B, nginx,
    login: (username, password = database.passwords[username]) => nginx.login(username, password),
    async stop() { await A.stop(); await B.stop(); await nginx.stop(); },
  };
}

async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) { const i = next++; await fn(items[i], i); }
  }));
}

async function waitJob(client, id, timeoutMs = 3600e3) {
  for (const until = Date.now() + timeoutMs; ; await sleep(250)) {
    const res = await client.get(`/api/v1/jobs/${id}`);
    if (['succeeded', 'failed', 'cancelled'].includes(res.json?.state)) return res.json;
    assert.ok(Date.now() < until, `job ${id} did not end: ${res.text}`);
  }
}

async function importCsv(client, path, csv) {
  const res = await client.request('POST', `${path}${path.includes('?') ? '&' : '?'}fileName=bench.csv`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  return res;
}

const rosterHeader = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\n';
const rosterRow = (i) => `2021${String(i).padStart(8, '0')},考生${i},,${idNumber(i)},院校考生,电子商务,,`;

// `n` colleges, each with `accounts` accounts (user names c<k>u<j>, password PASSWORD).
async function makeColleges(c, n, accounts, prefix = '基准') {
  const admin = await c.login('admin');
  const provinceId = (await admin.get('/api/v1/organizations?type=province')).json.items[0].id;
  const colleges = [];
  await pool(Array.from({ length: n }, (_, k) => k), 8, async (k) => {
    const org = await admin.post('/api/v1/organizations', {
      type: 'college', name: `${prefix}职业技术学院${k + 1}`, collegeType: '高职院校', provinceId,
      region: '北京市海淀区', contactName: '教务处', contactPhone: '010-82470000',
    });
    assert.equal(org.status, 201, org.text);
    const users = [];
    for (let j = 0; j < accounts; j++) {
      const username = `c${k}u${j}`;
      const made = await admin.post('/api/v1/accounts', { username, displayName: `教务${k}-${j}`, role: 'college', orgId: org.json.id, password: PASSWORD, mustChangePassword: false });
      assert.equal(made.status, 201, made.text);
      users.push(username);
    }
    colleges[k] = { id: org.json.id, users };
  });
  return colleges;
}

// ----------------------------------------------------------------------------------------------
// week

async function week() {
  const users = arg('users', 200), seconds = arg('seconds', 600), think = arg('think-ms', 1000);
  const perCollege = 10, roster = 1000;
  const c = await cluster();
  try {
    const t0 = performance.now();
    const colleges = await makeColleges(c, Math.ceil(users / perCollege), perCollege);
    // Each college's roster through the import (1,000 students), then its student ids.
    await pool(colleges, 4, async (college, k) => {
      const client = await c.login(college.users[0], PASSWORD);
      const csv = rosterHeader + Array.from({ length: roster }, (_, i) => rosterRow(k * 100000 + i)).join('\n') + '\n';
      const res = await importCsv(client, '/api/v1/students/import', csv);
      assert.equal(res.status, 202, res.text);
      const job = await waitJob(client, res.json.job.id);
      assert.equal(job.state, 'succeeded', JSON.stringify(job));
      college.csv = csv;
      college.ids = (await client.get('/api/v1/students?pageSize=100')).json.items.map((s) => s.id);
    });
    console.log(`set-up: ${colleges.length} colleges x ${perCollege} accounts, ${colleges.length * roster} students imported, ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    const timings = new Timings();
    const jobTimes = new Timings();
    const polls = new Timings();
    const pending = [];
    let stopPolls = false;
    const sample = sampler(c);
    const until = performance.now() + seconds * 1000;
    const lists = [
      (p) => `/api/v1/students?page=${p}&pageSize=20`,
      (p) => `/api/v1/students?page=${p % 5 + 1}&pageSize=20&name=${encodeURIComponent('考生1')}`,
      () => `/api/v1/students?pageSize=20&major=${encodeURIComponent('电子商务')}&type=${encodeURIComponent('院校考生')}`,
      () => '/api/v1/import-records?pageSize=20',
      () => '/api/v1/jobs?pageSize=20',
      () => '/api/v1/plans?pageSize=20',
    ];
    await Promise.all(Array.from({ length: users }, async (_, u) => {
      const college = colleges[Math.floor(u / perCollege)];
      const username = college.users[u % perCollege];
      const client = await c.login(username, PASSWORD);
      await sleep(Math.random() * think);
      for (let n = 0; performance.now() < until; n++) {
        const r = Math.random() * 100;
        if (r < 70) {
          await timed(timings, 'list/filter', () => client.get(lists[n % lists.length](1 + (n % 50))));
        } else if (r < 80) {
          const id = college.ids[Math.floor(Math.random() * college.ids.length)];
          await timed(timings, 'detail', () => client.get(`/api/v1/students/${id}`));
        } else if (r < 85) {
          // The upload is the request; the user goes on while the job runs, and its page asks
          // for the job's progress every 2 s (those requests are counted apart from the mix).
          const t1 = performance.now();
          const res = await timed(timings, 'import 1k (upload)', () => importCsv(client, '/api/v1/students/import', college.csv), [202]);
          if (res?.status === 202) {
            pending.push((async () => {
              while (!stopPolls) {
                await sleep(2000);
                const job = await timed(polls, 'job progress', () => client.get(`/api/v1/jobs/${res.json.job.id}`));
                const state = job?.json?.state;
                if (['succeeded', 'failed', 'cancelled'].includes(state)) {
                  jobTimes.add('import 1k (to done)', performance.now() - t1, state === 'succeeded', state === 'succeeded' ? 200 : 500);
                  return;
                }
              }
            })());
          }
        } else if (r < 95) {
          await timed(timings, 'export', () => client.get(`/api/v1/students/export?name=${encodeURIComponent('考生1')}`));
        } else {
          await timed(timings, 'sign-in', () => c.nginx.client().post('/api/v1/auth/login', { username, password: PASSWORD }));
        }
        await sleep(think * (0.5 + Math.random()));
      }
    }));
    const elapsed = seconds;
    const total = [...timings.kinds.values()].reduce((n, k) => n + k.ms.length, 0);
    const queued = Number(psql(c.database.db, "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')")[0][0]);
    timings.print(`week: ${users} users for ${elapsed} s, think time ${think} ms on average: ${total} requests (${(total / elapsed).toFixed(1)}/s)`);
    polls.print('  progress requests of the import jobs (not part of the mix):');
    const drainStart = performance.now();
    const drainLimit = arg('drain-seconds', 120);
    const drained = await Promise.race([Promise.all(pending).then(() => true), sleep(drainLimit * 1000).then(() => false)]);
    stopPolls = true;
    const left = Number(psql(c.database.db, "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')")[0][0]);
    console.log(`  at the end ${queued} import jobs were queued or running; ${drained ? `the last ended ${((performance.now() - drainStart) / 1000).toFixed(0)} s later` : `${left} still were ${drainLimit} s later (not waited for)`}`);
    jobTimes.print('  imports from upload to the job\'s end:');
    await sample.end();
    console.log(`  server errors: ${timings.errors() + jobTimes.errors()}`);
  } finally {
    await c.stop();
  }
}

// ----------------------------------------------------------------------------------------------
// spike

async function spike() {
  const students = arg('students', 5000), seconds = arg('seconds', 60);
  const c = await cluster();
  try {
    const t0 = performance.now();
    const [college] = await makeColleges(c, 1, 1);
    const registrar = await c.login(college.users[0], PASSWORD);
    const csv = rosterHeader + Array.from({ length: students }, (_, i) => rosterRow(i)).join('\n') + '\n';
    const res = await importCsv(registrar, '/api/v1/students/import', csv);
    const job = await waitJob(registrar, res.json.job.id);
    assert.equal(job.state, 'succeeded', JSON.stringify(job));
    const ids = [];
    for (let page = 1; ids.length < students; page++) {
      const items = (await registrar.get(`/api/v1/students?page=${page}&pageSize=100`)).json.items;
      if (!items.length) break;
      ids.push(...items.map((s) => ({ id: s.id, no: s.studentNo })));
    }
    // 生成初始密码, then the first sign-in and password change (weeks before scores) through the
    // server for the first students; the others get the same password hash written directly, as
    // three Argon2id hashes per student would make the set-up take many minutes.
    const through = Math.min(ids.length, 40);
    await pool(ids.slice(0, through), 8, async (s) => {
      const issued = await registrar.post(`/api/v1/students/${s.id}/initial-password`, {});
      assert.equal(issued.status, 200, issued.text);
      const first = await c.login(s.no, issued.json.password);
      const changed = await first.post('/api/v1/auth/password', { oldPassword: issued.json.password, newPassword: PASSWORD });
      assert.equal(changed.status, 200, changed.text);
    });
    if (ids.length > through) {
      const rest = ids.slice(through).map((s) => `'${s.no}'`).join(',');
      psql(c.database.db, `UPDATE accounts SET password_hash = (SELECT password_hash FROM accounts WHERE username = '${ids[0].no}'),
        must_change_password = 0, password_changed_at = (SELECT password_changed_at FROM accounts WHERE username = '${ids[0].no}')
        WHERE username IN (${rest})`);
    }
    console.log(`set-up: ${ids.length} student accounts (imported; ${through} given an initial password, signed in and changed it through the server, the others the same hash), ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    const timings = new Timings();
    const sample = sampler(c, 5000);
    const started = performance.now();
    let last = 0;
    await Promise.all(ids.map(async (s, i) => {
      await sleep((i / ids.length) * seconds * 1000);
      const t1 = performance.now();
      const client = c.nginx.client();
      const signed = await timed(timings, 'sign-in', () => client.post('/api/v1/auth/login', { username: s.no, password: PASSWORD }));
      if (signed?.status === 200) {
        await timed(timings, '/my/exams', () => client.get('/api/v1/my/exams'));
        await timed(timings, '/auth/me', () => client.get('/api/v1/auth/me'));
      }
      timings.add('whole visit', performance.now() - t1, true);
      last = Math.max(last, performance.now() - started);
    }));
    timings.print(`spike: ${ids.length} students arriving evenly over ${seconds} s; the last done after ${(last / 1000).toFixed(1)} s`);
    await sample.end();
    console.log(`  server errors: ${timings.errors()}`);
    explainErrors(c);
  } finally {
    await c.stop();
  }
}

// What nginx and the instances logged as errors, grouped, so that a failed request is explained.
function explainErrors(c) {
  const groups = new Map();
  const add = (who, line) => {
    const key = `${who}: ${line.replace(/^\S+ \S+ /, '').replace(/\d+/g, 'N').slice(0, 160)}`;
    groups.set(key, (groups.get(key) || 0) + 1);
  };
  for (const line of c.nginx.errorLog().split('\n')) if (/\[(error|crit|alert|emerg)\]/.test(line)) add('nginx', line);
  for (const i of [c.A, c.B]) for (const line of i.stderr().split('\n')) if (/\b(error|critical)\b/.test(line)) add(i.name, line);
  if (!groups.size) { console.log('  nothing logged as an error by nginx or the instances'); return; }
  console.log('  logged as errors (count, source: message with numbers as N):');
  for (const [k, n] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${String(n).padStart(6)}  ${k}`);
}

// ----------------------------------------------------------------------------------------------
// tickets

async function tickets() {
  const n = arg('colleges', 500), seconds = arg('seconds', 600), each = arg('students', 10);
  const c = await cluster({ clock: 'manual' });
  const at = (now) => setClock([c.A, c.B], now);
  try {
    const t0 = performance.now();
    await at('2021-08-20 09:00:00');
    const colleges = await makeColleges(c, n, 1, '准考证');
    const org = await c.login('zhonglian');
    const cert = (await org.post('/api/v1/certificates', {
      code: '50000002', name: '网店运营推广职业技能等级证书', majors: ['电子商务'],
      levels: [{ level: '初级', subjects: [
        { code: '50000002202', name: '网店运营推广(实操)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60 },
        { code: '50000002203', name: '网店运营推广(理论)', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 },
      ] }],
    })).json;
    const plan = (await org.post('/api/v1/plans', {
      name: '准考证之夜考试计划', mode: 'certificate', levelIds: [cert.levels[0].id], collegeIds: colleges.map((k) => k.id),
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
    assert.ok(plan.id, JSON.stringify(plan));
    assert.equal((await org.post(`/api/v1/plans/${plan.id}/publish`, {})).status, 200);
    // Each college: its exam site (approved), one room, its roster.
    await pool(colleges, 8, async (college, k) => {
      const client = await c.login(college.users[0], PASSWORD);
      const site = await client.post('/api/v1/sites', { certificateId: cert.id, region: '北京市北京市海淀区', address: `学院路${k + 1}号` });
      assert.equal(site.status, 201, site.text);
      assert.equal((await org.post(`/api/v1/sites/${site.json.id}/approve`, {})).status, 200);
      const room = await client.post('/api/v1/rooms', { planId: plan.id, siteId: site.json.id, certificateId: cert.id, name: '考场1', types: ['机考+实操'], seats: each + 5, region: '北京市北京市海淀区', address: '教学楼' });
      assert.equal(room.status, 201, room.text);
      const csv = rosterHeader + Array.from({ length: each }, (_, i) => rosterRow(k * 1000 + i)).join('\n') + '\n';
      const job = await waitJob(client, (await importCsv(client, '/api/v1/students/import', csv)).json.job.id);
      assert.equal(job.state, 'succeeded', JSON.stringify(job));
    });
    await at('2021-09-02 09:00:00');
    await pool(colleges, 8, async (college, k) => {
      const client = await c.login(college.users[0], PASSWORD);
      const csv = '考生编号,身份证号,姓名,证书等级\n' + Array.from({ length: each }, (_, i) =>
        `2021${String(k * 1000 + i).padStart(8, '0')},,考生${k * 1000 + i},网店运营推广职业技能等级证书(初级)`).join('\n') + '\n';
      const job = await waitJob(client, (await importCsv(client, `/api/v1/registrations/import?mode=certificate&planId=${plan.id}`, csv)).json.job.id);
      assert.equal(job.state, 'succeeded', JSON.stringify(job));
      assert.equal(job.result.succeeded, each, JSON.stringify(job));
    });
    await at('2021-09-06 09:00:00');
    const arranger = await c.login('zhonglian');
    const run = await arranger.post('/api/v1/arrangement-runs', { planId: plan.id });
    assert.equal(run.status, 202, run.text);
    const arranged = await waitJob(arranger, run.json.job.id);
    assert.equal(arranged.state, 'succeeded', JSON.stringify(arranged));
    assert.equal(arranged.result.placed, n * each * 2, JSON.stringify(arranged.result));
    // The night before: the business clock runs on from the eve of the exam.
    for (const i of [c.A, c.B]) {
      const admin = await i.login('admin');
      assert.equal((await admin.put('/api/v1/system/clock', { now: '2021-09-17 20:00:00', running: true })).status, 200);
    }
    console.log(`set-up: ${n} colleges x ${each} candidates (2 subjects each) arranged, ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    const timings = new Timings();
    const waits = { one: [], three: [] };
    const sample = sampler(c, 5000);
    const started = performance.now();
    let lastTicket = 0, done = 0, jobs = 0;
    await Promise.all(colleges.map(async (college, k) => {
      await sleep((k / n) * seconds * 1000);
      const client = await c.login(college.users[0], PASSWORD);
      const kinds = k % 10 === 0 ? ['tickets', 'sign', 'desk'] : ['tickets'];
      const posted = [];
      for (const kind of kinds) {
        const res = await timed(timings, 'start job', () => client.post('/api/v1/arrangement-documents', { planId: plan.id, kind }), [202]);
        if (res?.status === 202) posted.push({ kind, id: res.json.job.id, at: performance.now() });
      }
      jobs += posted.length;
      await Promise.all(posted.map(async (p) => {
        let startedAt = null;
        for (;;) {
          const job = (await client.get(`/api/v1/jobs/${p.id}`)).json;
          if (job.state !== 'queued' && startedAt === null) startedAt = performance.now();
          if (['succeeded', 'failed', 'cancelled'].includes(job.state)) {
            if (p.kind === 'tickets') (kinds.length > 1 ? waits.three : waits.one).push(startedAt - p.at);
            timings.add(`job ${p.kind} (to done)`, performance.now() - p.at, job.state === 'succeeded', job.state === 'succeeded' ? 200 : 500);
            if (job.state === 'succeeded') {
              const file = await timed(timings, 'download', () => client.get(`/api/v1/files/${job.resultFileId}/download`));
              if (file?.status === 200 && file.buffer.length > 0) done++;
              if (p.kind === 'tickets') lastTicket = Math.max(lastTicket, performance.now() - started);
            }
            return;
          }
          await sleep(250);
        }
      }));
    }));
    timings.print(`tickets: ${n} colleges starting within ${seconds} s, ${jobs} jobs, ${done} files downloaded`);
    const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[Math.min(s.length - 1, Math.floor(p * s.length))] / 1000).toFixed(1) : '-'; };
    console.log(`  queue wait of each college's 准考证 job (s), p50 / p95 / max: colleges asking for one document ${q(waits.one, 0.5)} / ${q(waits.one, 0.95)} / ${q(waits.one, 1)}; colleges asking for three at once ${q(waits.three, 0.5)} / ${q(waits.three, 0.95)} / ${q(waits.three, 1)}`);
    console.log(`  time to the last ticket: ${(lastTicket / 1000).toFixed(1)} s after the first college asked (last one asked at ${seconds * (n - 1) / n} s)`);
    await sample.end();
    console.log(`  jobs done: ${done} of ${jobs}; server errors: ${timings.errors()}`);
  } finally {
    await c.stop();
  }
}

const scenarios = { week, spike, tickets };
if (!scenarios[scenario]) {
  console.error('usage: node bench/load/load.mjs week|spike|tickets [options]');
  process.exit(2);
}
await scenarios[scenario]();
