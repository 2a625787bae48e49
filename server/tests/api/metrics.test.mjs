// GET /metrics in the Prometheus text format: requests by route pattern and status with their
// latency, sign-in failures, jobs by state and their wait, the database pool; answered only to the
// addresses of --metrics-allow (127.0.0.1 by default), 404 to any other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, waitForJob } from './support/harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

// A GET from a chosen local address (127.0.0.2 is on this machine's loopback too), with headers.
function get(url, { from = '127.0.0.1', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress: from, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

// The samples of the text format: "name{labels}" -> value, and the families' TYPE lines.
function parse(text) {
  const samples = new Map();
  const types = new Map();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) { types.set(type[1], type[2]); continue; }
    if (line.startsWith('#')) continue;
    const m = /^([a-z_]+)(\{.*\})? (\S+)$/.exec(line);
    assert.ok(m, `a line that is not a sample: ${line}`);
    samples.set(m[1] + (m[2] ?? ''), Number(m[3]));
  }
  return { samples, types, value: (key) => samples.get(key) ?? 0 };
}

async function scrape(url = server.url, options) {
  const res = await get(`${url}/metrics`, options);
  assert.equal(res.status, 200, res.body);
  assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  return parse(res.body);
}

test('counts move with the requests answered: by route pattern and status, with latency and sign-in failures', async () => {
  const before = await scrape();
  const health = 'kaowu_http_requests_total{method="GET",route="/api/v1/health",status="200"}';
  const c = server.client();
  for (let i = 0; i < 3; i++) assert.equal((await c.get('/api/v1/health')).status, 200);
  assert.equal((await c.get('/api/v1/no-such-route')).status, 404);
  assert.equal((await c.get('/api/v1/jobs')).status, 401);
  for (let i = 0; i < 2; i++) {
    const bad = await c.post('/api/v1/auth/login', { username: 'ustb', password: 'wrong-password' });
    assert.equal(bad.status, 401);
  }
  const admin = await server.login('admin');
  const jobs = await admin.get('/api/v1/organizations/1');
  assert.equal(jobs.status, 200);

  const after = await scrape();
  assert.equal(after.value(health) - before.value(health), 3);
  assert.equal(after.value('kaowu_http_requests_total{method="GET",route="unmatched",status="404"}') -
    before.value('kaowu_http_requests_total{method="GET",route="unmatched",status="404"}'), 1);
  assert.equal(after.value('kaowu_http_requests_total{method="GET",route="/api/v1/jobs",status="401"}') -
    before.value('kaowu_http_requests_total{method="GET",route="/api/v1/jobs",status="401"}'), 1);
  // The pattern, not the path: one series for every organisation's id.
  assert.ok(after.value('kaowu_http_requests_total{method="GET",route="/api/v1/organizations/{id}",status="200"}') >= 1);
  assert.ok(![...after.samples.keys()].some((k) => k.includes('/api/v1/organizations/1"')));
  assert.equal(after.value('kaowu_sign_in_failures_total{reason="invalid_credentials"}') -
    before.value('kaowu_sign_in_failures_total{reason="invalid_credentials"}'), 2);

  // The latency histogram of the health route: three more observations, buckets cumulative.
  const h = 'kaowu_http_request_duration_seconds';
  const labels = 'method="GET",route="/api/v1/health"';
  assert.equal(after.types.get(h), 'histogram');
  assert.equal(after.value(`${h}_count{${labels}}`) - before.value(`${h}_count{${labels}}`), 3);
  assert.equal(after.value(`${h}_bucket{${labels},le="+Inf"}`), after.value(`${h}_count{${labels}}`));
  assert.ok(after.value(`${h}_sum{${labels}}`) > 0);
  const buckets = [...after.samples].filter(([k]) => k.startsWith(`${h}_bucket{${labels},`)).map(([, v]) => v);
  assert.ok(buckets.length > 5);
  assert.deepEqual(buckets, [...buckets].sort((a, b) => a - b), 'buckets are cumulative');

  // The database pool of this instance.
  assert.ok(after.value('kaowu_db_pool_connections') >= 4);
  assert.ok(after.value('kaowu_db_pool_in_use') >= 1, 'the scrape holds a connection itself');
  assert.ok(after.value('kaowu_db_pool_in_use') <= after.value('kaowu_db_pool_connections'));
  assert.equal(after.value('kaowu_database_up'), 1);
});

test('jobs by type and state and the time they waited in the queue', async () => {
  const admin = await server.login('admin');
  const before = await scrape();
  const started = await admin.post('/api/v1/audit-logs/export', { action: 'login' });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(admin, started.json.job.id);
  assert.equal(job.state, 'succeeded');
  const after = await scrape();
  const type = [...after.samples.keys()].map((k) => /^kaowu_jobs\{type="([^"]+)",state="succeeded"\}$/.exec(k)?.[1]).find(Boolean);
  assert.ok(type, 'a succeeded job is counted by its type');
  const key = `kaowu_jobs{type="${type}",state="succeeded"}`;
  assert.equal(after.value(key) - before.value(key), 1);
  assert.equal(after.types.get('kaowu_job_queue_wait_seconds'), 'histogram');
  const waited = `kaowu_job_queue_wait_seconds_count{type="${type}"}`;
  assert.equal(after.value(waited) - before.value(waited), 1);
  assert.equal(after.value('kaowu_job_queue_oldest_seconds'), 0, 'nothing is queued now');
});

test('another client address gets 404, including one forwarded by a trusted proxy; --metrics-allow opens it', async () => {
  const refused = await get(`${server.url}/metrics`, { from: '127.0.0.2' });
  assert.equal(refused.status, 404);
  assert.equal(refused.body, 'Not Found');
  assert.doesNotMatch(refused.body, /kaowu_/);

  const other = await startServer({ demo: false, args: ['--metrics-allow', '127.0.0.2', '--trusted-proxies', '127.0.0.1'] });
  try {
    const allowed = await get(`${other.url}/metrics`, { from: '127.0.0.2' });
    assert.equal(allowed.status, 200);
    assert.match(allowed.body, /^kaowu_db_pool_connections \d+$/m);
    assert.equal((await get(`${other.url}/metrics`)).status, 404, '127.0.0.1 is no longer allowed');
    // Through the proxy (127.0.0.1) for an outside client: the client's address decides.
    const proxied = await get(`${other.url}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
    assert.equal(proxied.status, 404);
    const forwarded = await get(`${other.url}/metrics`, { headers: { 'X-Forwarded-For': '127.0.0.2' } });
    assert.equal(forwarded.status, 200);
  } finally {
    await other.stop();
  }
});

test('an address list that is not one stops the server with the option named', async () => {
  await assert.rejects(startServer({ demo: false, args: ['--metrics-allow', '127.0.0.1, intranet'] }),
    /--metrics-allow 中的「intranet」不是 IP 地址或网段/);
});
