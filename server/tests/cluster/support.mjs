// Two (or more) kaowu instances on one PostgreSQL database behind nginx, as deploy/ runs them:
// instances on fixed 127.0.0.1 ports (so that one can be restarted behind nginx), nginx with the
// site of deploy/nginx-kaowu.conf rewritten into a temporary directory (its own pid, logs and
// temporary paths; no root needed), and a client that goes through nginx.
import assert from 'node:assert/strict';
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { BIN, Client, kaowu } from '../api/support/harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const HOST = 'kaowu.example.edu.cn';

// nginx's certificate is self-signed: the clients going through it do not check it.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

export function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A fresh database on the throwaway cluster (KAOWU_TEST_PG_BASE), migrated, with the demo's
// organisations and accounts; answers its URL and the accounts' passwords.
export function freshDatabase() {
  const base = process.env.KAOWU_TEST_PG_BASE;
  if (!base) throw new Error('KAOWU_TEST_PG_BASE is not set (scripts/test.sh cluster starts PostgreSQL)');
  const name = 'kaowu_cluster_' + randomBytes(6).toString('hex');
  psql(`${base}/postgres`, `CREATE DATABASE ${name}`);
  const db = `${base}/${name}`;
  kaowu(['migrate'], { db });
  const passwords = {};
  for (const line of kaowu(['demo', '--minimal'], { db }).split('\n')) {
    const parts = line.trim().split('\t');
    if (parts.length === 3 && !parts[2].startsWith('（')) passwords[parts[1]] = parts[2];
  }
  return { db, passwords };
}

// One query's rows, each a list of its columns as text.
export function psql(db, sql) {
  const out = execFileSync('psql', [db, '-qAtX', '-F', '\t', '-c', sql], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

// An instance named `name` on `port`. stop() sends SIGTERM and answers the exit; kill() is kill -9.
// jobOrgLimit null leaves --job-org-limit at its default.
export async function startInstance(name, port, { db, passwords }, { jobWorkers = 1, jobOrgLimit = 4, clock = 'manual', args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `kaowu-${name}-`));
  const web = join(dir, 'web');
  mkdirSync(web);
  const child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--clock', clock, '--instance', name,
    '--web-dir', web, '--temp-dir', dir, '--no-access-log', '--login-rate', '1000000',
    '--job-workers', String(jobWorkers), ...(jobOrgLimit === null ? [] : ['--job-org-limit', String(jobOrgLimit)]),
    '--trusted-proxies', '127.0.0.1', ...args],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  await new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`${name} did not start: ${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      if (/listening on http/.test(out)) { clearTimeout(timer); res(); }
    });
    child.on('exit', (code) => { clearTimeout(timer); rej(new Error(`${name} exited ${code}: ${stderr}`)); });
  });
  child.removeAllListeners('exit');
  child.stdout.resume();
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  return {
    name, port, url, child, exited, passwords,
    stderr: () => stderr,
    client: () => new Client(url),
    async login(username) {
      const c = new Client(url);
      const res = await c.post('/api/v1/auth/login', { username, password: passwords[username] });
      assert.equal(res.status, 200, `${name}: login ${username}: ${res.text}`);
      return c;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const result = await exited;
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
    async kill() {
      child.kill('SIGKILL');
      const result = await exited;
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
}

// Sets the manual clock of every instance given (each keeps its own) and answers nothing.
export async function setClock(instances, now) {
  for (const i of instances) {
    const admin = await i.login('admin');
    const res = await admin.put('/api/v1/system/clock', { now });
    assert.equal(res.status, 200, res.text);
  }
}

// The most open files a process of this session may have (nginx cannot raise it further).
function hardFileLimit() {
  const limit = execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
  return limit === 'unlimited' ? 1048576 : Number(limit) || 1024;
}

// nginx before the instances on `ports`: the production site, with its ports, certificate and
// log paths moved into a temporary directory. Answers { url, stop() }. `workerConnections` is
// the events block's worker_connections (each proxied request holds two: client and instance).
export async function startNginx(ports, { workerConnections = 1024 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kaowu-nginx-'));
  chmodSync(dir, 0o755);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${HOST}`,
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  let site = readFileSync(join(root, 'deploy/nginx-kaowu.conf'), 'utf8');
  site = site.replace(/server 127\.0\.0\.1:8081/, `server 127.0.0.1:${ports[0]}`)
    .replace(/server 127\.0\.0\.1:8082/, `server 127.0.0.1:${ports[1]}`)
    .replace(/listen 80;/, `listen 127.0.0.1:${httpPort};`)
    .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace(/\/etc\/ssl\/certs\/kaowu\.example\.edu\.cn\.pem/, join(dir, 'cert.pem'))
    .replace(/\/etc\/ssl\/private\/kaowu\.example\.edu\.cn\.key/, join(dir, 'key.pem'))
    .replaceAll('/var/log/nginx/', `${dir}/`);
  const directives = site.split('\n').filter((l) => !l.trim().startsWith('#')).join('\n');
  assert.doesNotMatch(directives, /\/etc\/|\/var\/|:8081|:8082|listen 80;|listen 443/, 'every path and port rewritten');
  writeFileSync(join(dir, 'kaowu.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`).join('\n');
  writeFileSync(join(dir, 'nginx.conf'), `${process.getuid() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
worker_rlimit_nofile ${Math.min(hardFileLimit(), Math.max(1024, 2 * workerConnections + 64))};
events { worker_connections ${workerConnections}; }
http {
${temp}
  access_log ${dir}/access.log;
  include ${dir}/kaowu.conf;
}
`);
  const checked = spawnSync('nginx', ['-t', '-c', join(dir, 'nginx.conf'), '-p', dir], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stderr);
  const nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr.on('data', (d) => { stderr += d; });
  const url = `https://127.0.0.1:${httpsPort}`;
  for (const until = Date.now() + 10000; ; await sleep(100)) {
    const res = await fetch(`${url}/api/v1/health/live`).catch(() => null);
    if (res?.status === 200) break;
    assert.ok(Date.now() < until, `nginx did not answer: ${stderr}`);
  }
  return {
    url,
    errorLog: () => readFileSync(join(dir, 'error.log'), 'utf8'),
    client: () => new Client(url),
    async login(username, password) {
      const c = new Client(url);
      const res = await c.post('/api/v1/auth/login', { username, password });
      assert.equal(res.status, 200, `login ${username} through nginx: ${res.text}`);
      return c;
    },
    async stop() {
      nginx.kill('SIGTERM');
      await new Promise((r) => (nginx.exitCode !== null ? r() : nginx.on('exit', r)));
      if (!process.env.KAOWU_CLUSTER_KEEP) rmSync(dir, { recursive: true, force: true });
    },
  };
}
