import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer, waitForJob, ENGINE } from './support/harness.mjs';

let server, web;
before(async () => {
  web = mkdtempSync(join(tmpdir(), 'kaowu-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>考务</title><div id="app"></div>');
  writeFileSync(join(web, 'assets', 'index-3f9a1c.js'), 'console.log("考务");\n'.repeat(200));
  server = await startServer({ webDir: web });
});
after(async () => {
  await server?.stop();
  rmSync(web, { recursive: true, force: true });
});

test('health reports the database and version', async () => {
  const res = await server.client().get('/api/v1/health');
  assert.equal(res.status, 200);
  assert.equal(res.json.status, 'ok');
  assert.equal(res.json.db, 'ok');
  assert.equal(res.json.engine, ENGINE);
  assert.match(res.json.version, /^\d+\.\d+\.\d+$/);
});

test('the OpenAPI document lists the routes with summaries, and /api/docs leads to Swagger UI', async () => {
  const c = server.client();
  const doc = (await c.get('/api/v1/openapi.json')).json;
  assert.equal(doc.openapi, '3.0.3');
  assert.ok(doc.paths['/api/v1/auth/login'].post.summary);
  assert.ok(doc.paths['/api/v1/organizations/{id}'].put.requestBody);
  assert.equal(doc.paths['/api/v1/organizations'].post['x-permission'], 'org:edit');
  const docs = await c.get('/api/docs');
  assert.equal(docs.status, 302);
  assert.equal(docs.headers.get('location'), '/swagger/index.html');
});

test('the web UI: hashed assets cached for a year, index.html never, client routes fall back, gzip when asked', async () => {
  const c = server.client();
  const index = await c.get('/');
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.match(index.text, /考务/);
  const route = await c.get('/system/accounts');
  assert.equal(route.status, 200);
  assert.equal(route.text, index.text);
  const asset = await fetch(server.url + '/assets/index-3f9a1c.js', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.match(asset.headers.get('content-type'), /javascript/);
  // fetch decodes gzip itself; check the encoding header and ask again raw through the client.
  assert.equal(asset.headers.get('content-encoding'), 'gzip');
  const raw = await c.get('/assets/index-3f9a1c.js', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.ok(raw.text.startsWith('console.log') || gunzipSync(raw.buffer).toString().startsWith('console.log'));
  const etag = asset.headers.get('etag');
  const again = await fetch(server.url + '/assets/index-3f9a1c.js', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  const missing = await c.get('/assets/nope.js');
  assert.equal(missing.status, 404);
});

test('the clock route exists only with --clock manual and only for admins', async () => {
  const admin = await server.login('admin');
  const set = await admin.put('/api/v1/system/clock', { now: '2021-09-18 08:00:00' });
  assert.equal(set.status, 200);
  assert.equal(set.json.now, '2021-09-18 08:00:00');
  assert.equal((await admin.get('/api/v1/health')).json.time, '2021-09-18 08:00:00');
  const bad = await admin.put('/api/v1/system/clock', { now: '2021-13-01' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.message, '时间格式应为 2021-09-18 08:00:00');
  const college = await server.login('ustb');
  assert.equal((await college.put('/api/v1/system/clock', { now: '2030-01-01 00:00:00' })).status, 403);
  const plain = await startServer({ clock: 'system' });
  try {
    const a = await plain.login('admin');
    const res = await a.put('/api/v1/system/clock', { now: '2021-09-18 08:00:00' });
    assert.equal(res.status, 404);
    assert.equal(res.json.error.code, 'route_not_found');
  } finally {
    await plain.stop();
  }
});

test('an export runs as a job with progress and gives a CSV with a UTF-8 file name', async () => {
  const admin = await server.login('admin');
  await admin.put('/api/v1/system/clock', { now: '2021-09-15 14:35:00' });
  const started = await admin.post('/api/v1/audit-logs/export', { action: 'login' });
  assert.equal(started.status, 202);
  assert.ok(['queued', 'running', 'succeeded'].includes(started.json.job.state));
  assert.equal(started.json.job.typeName, '导出审计日志');
  const job = await waitForJob(admin, started.json.job.id);
  assert.equal(job.state, 'succeeded');
  assert.equal(job.progress, 100);
  assert.equal(job.resultFileName, '审计日志_20210915143500.csv');
  const file = await admin.get(`/api/v1/files/${job.resultFileId}/download`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-disposition'),
    `attachment; filename="_____20210915143500.csv"; filename*=UTF-8''${encodeURIComponent('审计日志_20210915143500.csv')}`);
  const lines = file.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], '时间,操作人,姓名,角色,所属机构,操作,对象类型,对象,对象编号,摘要,IP,请求编号,修改前,修改后');
  // 15.12: the object in Chinese, as the log page shows it.
  assert.ok(lines.slice(1).every((l) => l.includes(',账号,账号 ')), lines[1]);
  assert.ok(lines.length >= 3);
  assert.ok(lines.slice(1).every((l) => l.includes(',登录,')), 'only sign-ins, as filtered');
  const mine = (await admin.get('/api/v1/jobs')).json;
  assert.ok(mine.items.some((j) => j.id === job.id));
  const cancel = await admin.post(`/api/v1/jobs/${job.id}/cancel`, {});
  assert.equal(cancel.status, 409);
  assert.equal(cancel.json.error.message, '该任务已完成，无法取消');
});

test('a queued job can be cancelled: it ends as 已取消 and a second cancel is refused', async () => {
  // No job workers: the export stays queued until it is cancelled.
  const s = await startServer({ args: ['--job-workers', '0'] });
  try {
    const admin = await s.login('admin');
    const started = await admin.post('/api/v1/audit-logs/export', {});
    assert.equal(started.status, 202);
    assert.equal(started.json.job.state, 'queued');
    const cancel = await admin.post(`/api/v1/jobs/${started.json.job.id}/cancel`, {});
    assert.equal(cancel.status, 200);
    assert.equal(cancel.json.state, 'cancelled');
    assert.equal(cancel.json.stateName, '已取消');
    assert.equal(cancel.json.resultFileId, null);
    const again = await admin.post(`/api/v1/jobs/${started.json.job.id}/cancel`, {});
    assert.equal(again.status, 409);
    assert.equal(again.json.error.message, '该任务已取消，无法取消');
  } finally {
    await s.stop();
  }
});

test('SIGTERM stops the server gracefully with exit code 0', async () => {
  const s = await startServer();
  const c = await s.login('admin');
  const pending = c.get('/api/v1/organizations');
  const res = await pending;
  assert.equal(res.status, 200);
  const result = await s.stop();
  assert.equal(result.code, 0);
  assert.match(s.stderr(), /shutting down gracefully/);
});
