// The security headers every answer carries: JSON, errors (the router's and the server's own),
// the web UI's files and downloads; Strict-Transport-Security only behind https (--secure-cookies).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { startServer } from './support/harness.mjs';

let server, web;
before(async () => {
  web = mkdtempSync(join(tmpdir(), 'kaowu-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>考务</title><div id="app"></div>');
  writeFileSync(join(web, 'assets', 'index-3f9a1c.js'), 'console.log("考务");\n');
  server = await startServer({ webDir: web });
});
after(async () => {
  await server?.stop();
  rmSync(web, { recursive: true, force: true });
});

function assertSecurityHeaders(res, what) {
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy`);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['frame-ancestors'], ["'none'"], `${what}: frame-ancestors`);
  assert.deepEqual(directives['script-src'], ["'self'"], `${what}: scripts only from this origin`);
  assert.deepEqual(directives['object-src'], ["'none'"], what);
  assert.deepEqual(directives['default-src'], ["'self'"], what);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(res.headers.get('x-frame-options'), 'DENY', what);
  assert.equal(res.headers.get('referrer-policy'), 'same-origin', what);
}

test('a JSON answer, API errors, web UI files and a download all carry the security headers', async () => {
  const c = server.client();
  const health = await c.get('/api/v1/health');
  assert.equal(health.status, 200);
  assertSecurityHeaders(health, 'health');
  assert.equal(health.headers.get('strict-transport-security'), null, 'no HSTS over plain http');

  const unknown = await c.get('/api/v1/no-such-thing');
  assert.equal(unknown.status, 404);
  assertSecurityHeaders(unknown, 'unknown route');
  const anonymous = await c.get('/api/v1/jobs');
  assert.equal(anonymous.status, 401);
  assert.match(anonymous.json.error.message, /登录/);
  assertSecurityHeaders(anonymous, '401');

  const index = await c.get('/');
  assert.equal(index.status, 200);
  assert.match(index.text, /考务/);
  assertSecurityHeaders(index, 'index.html');
  const asset = await c.get('/assets/index-3f9a1c.js');
  assert.equal(asset.status, 200);
  assertSecurityHeaders(asset, 'asset');
  const etag = asset.headers.get('etag');
  const cached = await c.get('/assets/index-3f9a1c.js', { headers: { 'If-None-Match': etag } });
  assert.equal(cached.status, 304);
  assertSecurityHeaders(cached, '304');
  const missing = await c.get('/assets/nope.js');
  assert.equal(missing.status, 404);
  assertSecurityHeaders(missing, 'missing asset');

  const ustb = await server.login('ustb');
  const template = await ustb.get('/api/v1/students/template');
  assert.equal(template.status, 200);
  assert.match(template.headers.get('content-disposition'), /attachment/);
  assert.equal(template.buffer.subarray(0, 2).toString(), 'PK');
  assertSecurityHeaders(template, 'download');
});

test('a request the server refuses before routing (malformed HTTP) carries them too', async () => {
  const { port, hostname } = new URL(server.url);
  const answer = await new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.end('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n');
    });
    let data = '';
    socket.on('data', (d) => { data += d; });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  assert.match(answer, /^HTTP\/1\.1 400/);
  assert.match(answer, /Content-Length 无效或重复/);
  assert.match(answer, /\r\ncontent-security-policy: [^\r]*frame-ancestors 'none'/i);
  assert.match(answer, /\r\nx-content-type-options: nosniff\r\n/i);
});

test('with --secure-cookies every answer also asks for https (Strict-Transport-Security)', async () => {
  const secure = await startServer({ webDir: web, args: ['--secure-cookies'], demo: false });
  try {
    const c = secure.client();
    for (const path of ['/api/v1/health', '/', '/api/v1/jobs']) {
      const res = await c.get(path);
      assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000', path);
      assertSecurityHeaders(res, path);
    }
  } finally {
    await secure.stop();
  }
});
