// Starts the real kaowu binary on a free port against a fresh database (SQLite or PostgreSQL,
// chosen by KAOWU_TEST_ENGINE) and gives tests a cookie-keeping HTTP client.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../..');
export const BIN = process.env.KAOWU_BIN || join(root, 'build/kaowu');
export const ENGINE = process.env.KAOWU_TEST_ENGINE || 'sqlite';

function freshDatabase(dir) {
  if (ENGINE !== 'postgresql') return join(dir, 'kaowu.db');
  const base = process.env.KAOWU_TEST_PG_BASE;
  if (!base) throw new Error('KAOWU_TEST_PG_BASE is not set');
  const name = 'kaowu_api_' + randomBytes(6).toString('hex');
  const u = new URL(base);
  execFileSync('psql', ['-h', u.hostname, '-p', u.port, '-U', u.username || 'postgres', '-d', 'postgres',
    '-qAtc', `CREATE DATABASE ${name}`]);
  return `${base}/${name}`;
}

export function kaowu(args, { db } = {}) {
  return execFileSync(BIN, db ? [...args, '--db', db] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Parses the demo command's account table: role, user name, password.
function parseDemoAccounts(text) {
  const accounts = {};
  for (const line of text.split('\n')) {
    const parts = line.trim().split('\t');
    if (parts.length === 3 && !parts[2].startsWith('（')) accounts[parts[1]] = parts[2];
  }
  return accounts;
}

export async function startServer({ clock = 'manual', loginRate = 10000, webDir, tempDir, args = [], demo = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kaowu-api-'));
  const db = freshDatabase(dir);
  kaowu(['migrate'], { db });
  // Organisations and accounts only, unless a test asks for the whole demo (demo: 'full').
  const passwords = demo ? parseDemoAccounts(kaowu(demo === 'full' ? ['demo'] : ['demo', '--minimal'], { db })) : {};
  const web = webDir || join(dir, 'web');
  mkdirSync(web, { recursive: true });
  const child = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--clock', clock,
    '--web-dir', web, '--login-rate', String(loginRate), '--temp-dir', tempDir || dir, '--no-access-log', ...args],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.]+:\d+)/);
      if (m) { clearTimeout(timer); resolvePromise(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  child.removeAllListeners('exit');
  let stopping = false;
  const exited = new Promise((r) => child.on('exit', (code, signal) => {
    if (!stopping) console.error(`kaowu exited unexpectedly (code ${code}, signal ${signal}):\n${stderr}`);
    r({ code, signal });
  }));
  return {
    url, db, dir, passwords, child,
    stderr: () => stderr,
    client: () => new Client(url),
    async login(username, password = passwords[username]) {
      const c = new Client(url);
      const res = await c.post('/api/v1/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
      return c;
    },
    async stop() {
      stopping = true;
      if (child.exitCode === null) child.kill('SIGTERM');
      const result = await exited;
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
    exited,
  };
}

export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); }

  async request(method, path, { body, headers = {}, raw, csrf = true } = {}) {
    const h = { ...headers };
    if (csrf && method !== 'GET' && method !== 'HEAD') h['X-Requested-With'] = 'kaowu';
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload = raw;
    if (body !== undefined && raw === undefined) { payload = JSON.stringify(body); h['Content-Type'] = 'application/json'; }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie?.() || []) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq), value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(c) || value === '') this.cookies.delete(name); else this.cookies.set(name, value);
    }
    const buffer = Buffer.from(await res.arrayBuffer());
    const text = buffer.toString('utf8');
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, headers: res.headers, text, json, buffer };
  }
  get(path, opts) { return this.request('GET', path, opts); }
  post(path, body, opts = {}) { return this.request('POST', path, { ...opts, body }); }
  put(path, body, opts = {}) { return this.request('PUT', path, { ...opts, body }); }
  del(path, opts) { return this.request('DELETE', path, opts); }
}

// Polls a job until it ends.
export async function waitForJob(client, id, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/v1/jobs/${id}`);
    if (['succeeded', 'failed', 'cancelled'].includes(res.json?.state)) return res.json;
    if (Date.now() > until) throw new Error('job did not finish: ' + res.text);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The rows of a workbook (or CSV) as an import reads them, through `kaowu sheet cat`: what a user
// sees in the cells of a downloaded export or failure file.
export function sheetRows(buffer, name = 'file.xlsx') {
  const dir = mkdtempSync(join(tmpdir(), 'kaowu-sheet-'));
  try {
    writeFileSync(join(dir, name), buffer);
    return execFileSync(BIN, ['sheet', 'cat', join(dir, name)]).toString().trim().split('\n').map((l) => l.split('\t'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
