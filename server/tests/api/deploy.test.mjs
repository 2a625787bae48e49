// deploy/: the nginx site and the systemd unit the README's production section points at.
// nginx -t accepts the site (paths and ports rewritten into a temporary directory); run for real
// before two instances on one database, it redirects http to https, passes kaowu's answers and
// headers on, spreads requests over both instances, keeps /metrics to the instances, takes uploads
// beyond nginx's default 1 MB, and goes on answering when one instance stops.
// systemd-analyze verify accepts the unit without a warning; the instances run with deploy/kaowu.ini.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:https';
import { request as httpRequest, get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { startServer, BIN } from './support/harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const HOST = 'kaowu.example.edu.cn';
let a, b, dir, nginx, httpPort, httpsPort;

function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

// The site with its ports, certificate and log paths moved into `dir`, inside a main configuration.
function writeConfig(upstreams) {
  let site = readFileSync(join(root, 'deploy/nginx-kaowu.conf'), 'utf8');
  const original = site;
  site = site.replace(/server 127\.0\.0\.1:8081/, `server 127.0.0.1:${upstreams[0]}`)
    .replace(/server 127\.0\.0\.1:8082/, `server 127.0.0.1:${upstreams[1]}`)
    .replace(/listen 80;/, `listen 127.0.0.1:${httpPort};`)
    .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace(/\/etc\/ssl\/certs\/kaowu\.example\.edu\.cn\.pem/, join(dir, 'cert.pem'))
    .replace(/\/etc\/ssl\/private\/kaowu\.example\.edu\.cn\.key/, join(dir, 'key.pem'))
    .replaceAll('/var/log/nginx/', `${dir}/`);
  assert.notEqual(site, original);
  const directives = site.split('\n').filter((l) => !l.trim().startsWith('#')).join('\n');
  assert.doesNotMatch(directives, /\/etc\/|\/var\/|:8081|:8082|listen 80;|listen 443/, 'every path and port rewritten');
  writeFileSync(join(dir, 'kaowu.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `  ${t}_temp_path ${dir}/${t};`).join('\n');
  writeFileSync(join(dir, 'nginx.conf'), `${process.getuid() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 256; }
http {
${temp}
  access_log ${dir}/access.log;
  include ${dir}/kaowu.conf;
}
`);
}

// A request through nginx's https port (its certificate is self-signed), with the site's name.
function viaNginx(method, path, { headers = {}, body } = {}) {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port: httpsPort, method, path, servername: HOST, rejectUnauthorized: false,
      headers: { Host: HOST, ...headers } }, (r) => {
      const chunks = [];
      r.on('data', (d) => chunks.push(d));
      r.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        res({ status: r.statusCode, headers: r.headers, text, json });
      });
    });
    req.on('error', rej);
    req.end(body);
  });
}

function direct(url) {
  return new Promise((res, rej) => {
    httpGet(url, (r) => { let t = ''; r.on('data', (d) => { t += d; }); r.on('end', () => res({ status: r.statusCode, text: t })); }).on('error', rej);
  });
}

async function healthCount(server) {
  const res = await direct(`${server.url}/metrics`);
  assert.equal(res.status, 200);
  const m = /^kaowu_http_requests_total\{method="GET",route="\/api\/v1\/health\/ready",status="200"\} (\d+)$/m.exec(res.text);
  return m ? Number(m[1]) : 0;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kaowu-nginx-'));
  chmodSync(dir, 0o755);
  [httpPort, httpsPort] = [await freePort(), await freePort()];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${HOST}`,
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  // The instances read deploy/kaowu.ini (the harness's own options, the web UI's folder among
  // them, come after it and win).
  const args = ['--config', join(root, 'deploy/kaowu.ini')];
  a = await startServer({ args });
  b = await startServer({ args, existing: { db: a.db, dir: mkdtempSync(join(tmpdir(), 'kaowu-api-')), passwords: a.passwords } });
  writeConfig([new URL(a.url).port, new URL(b.url).port]);
});
after(async () => {
  if (nginx) { nginx.kill('SIGTERM'); await new Promise((r) => nginx.on('exit', r)); }
  await b?.stop();
  await a?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('nginx -t accepts the site in deploy/', () => {
  const checked = spawnSync('nginx', ['-t', '-c', join(dir, 'nginx.conf'), '-p', dir], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stderr);
  assert.match(checked.stderr, /syntax is ok/);
  assert.match(checked.stderr, /test is successful/);
});

test('through nginx: https only, kaowu\'s headers, both instances, /metrics kept inside, large uploads, one instance down', async () => {
  mkdirSync(join(dir, 'run'), { recursive: true });
  nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr.on('data', (d) => { stderr += d; });
  let ready;
  for (const until = Date.now() + 10000; Date.now() < until;) {
    ready = await viaNginx('GET', '/api/v1/health/ready').catch(() => null);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(ready, `nginx did not answer: ${stderr}`);
  assert.equal(ready.status, 200, ready.text);
  assert.equal(ready.json.status, 'ready');
  assert.match(ready.headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.equal(ready.headers['strict-transport-security'], 'max-age=31536000');
  assert.match(ready.headers['x-request-id'], /^[0-9a-f]{32}$/, "nginx's $request_id is kaowu's request id");

  const plain = await new Promise((res, rej) => {
    httpRequest({ host: '127.0.0.1', port: httpPort, path: '/students?page=2', headers: { Host: HOST } }, (r) => { r.resume(); res(r); }).on('error', rej).end();
  });
  assert.equal(plain.statusCode, 301);
  assert.equal(plain.headers.location, `https://${HOST}/students?page=2`);

  // Requests are spread over both instances (each counts what it answered).
  const before = [await healthCount(a), await healthCount(b)];
  for (let i = 0; i < 10; i++) assert.equal((await viaNginx('GET', '/api/v1/health/ready')).status, 200);
  const after = [await healthCount(a), await healthCount(b)];
  const served = [after[0] - before[0], after[1] - before[1]];
  assert.equal(served[0] + served[1], 10);
  assert.ok(served[0] > 0 && served[1] > 0, `both instances answer: ${served}`);

  const metrics = await viaNginx('GET', '/metrics');
  assert.equal(metrics.status, 404);
  assert.doesNotMatch(metrics.text, /kaowu_/);

  // A session made on one instance works through nginx on either; a 2 MB upload reaches kaowu.
  const ustb = await a.login('ustb');
  const cookie = [...ustb.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  for (let i = 0; i < 2; i++) {
    const me = await viaNginx('GET', '/api/v1/auth/me', { headers: { Cookie: cookie } });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.account.username, 'ustb');
  }
  const upload = await viaNginx('POST', `/api/v1/students/import?fileName=${encodeURIComponent('考生.xlsx')}`, {
    headers: { Cookie: cookie, 'X-Requested-With': 'kaowu', 'Content-Type': 'application/octet-stream' },
    body: Buffer.alloc(2 * 1024 * 1024, 'x'),
  });
  assert.equal(upload.status, 202, `nginx let the upload through to kaowu: ${upload.status} ${upload.text.slice(0, 200)}`);
  assert.equal(upload.json.job.type, 'import');

  // One instance stops: every request still gets an answer from the other.
  await b.stop();
  b = null;
  for (let i = 0; i < 6; i++) {
    const res = await viaNginx('GET', '/api/v1/health/ready');
    assert.equal(res.status, 200, res.text);
  }
});

test('systemd-analyze verify accepts the unit in deploy/ without a warning', () => {
  const unitDir = mkdtempSync(join(tmpdir(), 'kaowu-unit-'));
  try {
    const unit = readFileSync(join(root, 'deploy/kaowu@.service'), 'utf8').replaceAll('/usr/local/bin/kaowu', BIN);
    writeFileSync(join(unitDir, 'kaowu@8081.service'), unit);
    const verified = spawnSync('systemd-analyze', ['verify', join(unitDir, 'kaowu@8081.service')], { encoding: 'utf8' });
    assert.equal(verified.status, 0, verified.stderr);
    assert.equal(verified.stderr.trim(), '', 'no warning');
    assert.match(unit, /^ProtectSystem=strict$/m);
    assert.match(unit, /^NoNewPrivileges=yes$/m);
    assert.match(unit, /^ExecStart=\S+ serve --config \/etc\/kaowu\/kaowu\.ini --listen 127\.0\.0\.1:%i /m);
  } finally {
    rmSync(unitDir, { recursive: true, force: true });
  }
});
