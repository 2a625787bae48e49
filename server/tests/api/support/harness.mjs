// Starts the real kaowu binary on a free port against a fresh database (SQLite or PostgreSQL,
// chosen by KAOWU_TEST_ENGINE) and gives tests a cookie-keeping HTTP client.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, readFileSync, appendFileSync } from 'node:fs';
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

// `existing` ({ db, dir, passwords } of a server that was stopped or killed) starts another
// instance on the same database and temporary directory.
export async function startServer({ clock = 'manual', loginRate = 10000, webDir, tempDir, args = [], demo = true, existing } = {}) {
  const dir = existing ? existing.dir : mkdtempSync(join(tmpdir(), 'kaowu-api-'));
  const db = existing ? existing.db : freshDatabase(dir);
  if (!existing) kaowu(['migrate'], { db });
  // Organisations and accounts only, unless a test asks for the whole demo (demo: 'full').
  const passwords = existing ? existing.passwords
    : demo ? parseDemoAccounts(kaowu(demo === 'full' ? ['demo'] : ['demo', '--minimal'], { db })) : {};
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
    // Kills the instance as a crash would (kill -9 by default), and waits for it to be gone.
    async kill(signal = 'SIGKILL') {
      stopping = true;
      child.kill(signal);
      return exited;
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

// With KAOWU_API_RECORD set to a directory, every answer a test receives through Client is appended
// to <dir>/<pid>.jsonl (method, path, status, content type, JSON body); check_openapi.mjs then
// compares each one with the OpenAPI document.
const RECORD_DIR = process.env.KAOWU_API_RECORD;
if (RECORD_DIR) mkdirSync(RECORD_DIR, { recursive: true });

function record(method, path, res, json) {
  if (!RECORD_DIR) return;
  const line = JSON.stringify({
    method,
    path: path.split('?')[0],
    status: res.status,
    contentType: res.headers.get('content-type') || '',
    body: json === undefined ? null : json,
  });
  appendFileSync(join(RECORD_DIR, `${process.pid}.jsonl`), line + '\n');
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
    record(method, path, res, /json/.test(res.headers.get('content-type') || '') ? json : undefined);
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
    return execFileSync(BIN, ['sheet', 'cat', join(dir, name)], { maxBuffer: 1 << 30 }).toString().trim().split('\n').map((l) => l.split('\t'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A valid 18-character 身份证号 (GB 11643 check digit) for a number: area 110102, a birth date
// and a sequence derived from it; distinct for every i below 900 x 10,000.
export function idNumber(i) {
  const birth = new Date(Date.UTC(1996, 0, 1) + Math.floor(i / 900) * 86400e3).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `110102${birth}${String(100 + (i % 900)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, k) => s + Number(d) * weights[k], 0);
  return body + '10X98765432'[sum % 11];
}

// Resident and peak memory of a process in MB (Linux); resetPeak() starts the peak afresh.
export const memory = {
  read(pid) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  },
  resetPeak(pid) { writeFileSync(`/proc/${pid}/clear_refs`, '5'); },
};
