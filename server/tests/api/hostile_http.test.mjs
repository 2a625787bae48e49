// Requests a hostile client sends: malformed HTTP, bytes that are not UTF-8, control characters
// in names, sign-in floods from one address or through a proxy, uploads nobody may send. Each
// answer is what a user (or the operator) would notice: a status, a Chinese message, a sign-in
// that still works, a temp folder that stays empty.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitForJob, sheetRows } from './support/harness.mjs';

let server, admin, ustb;

before(async () => {
  server = await startServer({ loginRate: 30 });
  admin = await server.login('admin');
  ustb = await server.login('ustb');
});
after(async () => { await server?.stop(); });

// Sends bytes on a fresh connection (from `localAddress` when given) and reads one response:
// {status, headers, text, json}, or {status: undefined} when none came within `waitMs`.
function raw(url, bytes, { localAddress, waitMs = 5000, keepOpen = false } = {}) {
  const u = new URL(url);
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    let done = false;
    const socket = net.connect({ host: u.hostname, port: Number(u.port), localAddress });
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!keepOpen) socket.destroy();
      resolve({ ...parse(buffer), socket });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (d) => {
      buffer = Buffer.concat([buffer, d]);
      if (parse(buffer).complete) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(bytes);
  });
}

function parse(buffer) {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return { status: undefined, complete: false };
  const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  const body = buffer.subarray(end + 4, end + 4 + length);
  const text = body.toString('utf8');
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status, headers, text, json, complete: body.length >= length };
}

// A sign-in from a given client address (127.0.0.x) with optional extra headers.
async function signIn(url, username, password, { from = '127.0.0.1', headers = {} } = {}) {
  const body = Buffer.from(JSON.stringify({ username, password }));
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const res = await raw(url, Buffer.concat([Buffer.from(
    `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Requested-With: kaowu\r\n` +
    `${extra}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`, 'latin1'), body]), { localAddress: from });
  return res;
}

async function createAccount(username, password) {
  const orgId = (await admin.get('/api/v1/organizations?type=college')).json.items[0].id;
  const res = await admin.post('/api/v1/accounts', { username, displayName: '测试', role: 'college', orgId, password, mustChangePassword: false });
  assert.equal(res.status, 201, res.text);
  return res.json.account.id;
}

// --- malformed HTTP: an answer, then the connection closes ---

test('conflicting Content-Length headers get 400 with a message, not a silent close', async () => {
  const res = await raw(server.url, 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcdefg');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.code, 'malformed_request');
  assert.match(res.json.error.message, /^HTTP 请求格式不正确：Content-Length/);
  assert.equal(res.headers.connection, 'close');
});

test('Content-Length together with Transfer-Encoding gets 400 and the connection closes', async () => {
  const res = await raw(server.url, 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
  assert.equal(res.status, 400);
  assert.match(res.json.error.message, /Transfer-Encoding/);
  assert.equal(res.headers.connection, 'close');
});

test('bare LF line endings get 400 saying lines must end in CRLF', async () => {
  const res = await raw(server.url, 'GET /api/v1/health HTTP/1.1\nHost: x\n\n');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.message, 'HTTP 请求格式不正确：行尾须为 CRLF');
});

// --- text that is not UTF-8, or holds control characters ---

test('a query value that is not UTF-8 gets 400 on every list and export route, never 500', async () => {
  const spec = (await admin.get('/api/v1/openapi.json')).json;
  const lists = Object.entries(spec.paths).filter(([path, ops]) => ops.get && !path.includes('{') &&
    !['/api/v1/health', '/api/v1/openapi.json', '/api/v1/auth/me', '/api/v1/system/clock'].includes(path));
  assert.ok(lists.length >= 13, `list routes: ${lists.map(([p]) => p)}`);
  for (const [path] of lists) {
    for (const client of [admin, ustb]) {
      const res = await client.get(`${path}?name=%FF&keyword=%FF%FE&fileName=%C0%AF`);
      assert.equal(res.status, 400, `${path}: ${res.status} ${res.text}`);
      assert.equal(res.json.error.message, '查询参数 fileName 含有无效的字符编码（须为 UTF-8），请修改后重试');
    }
  }
  // An upload and an export that are not GET routes: refused before the body is read.
  const upload = await ustb.request('POST', '/api/v1/students/import?fileName=%FF%FE.csv', {
    raw: Buffer.from('考生编号,姓名\r\n'), headers: { 'Content-Type': 'application/octet-stream' },
  });
  assert.equal(upload.status, 400);
  assert.equal(upload.json.error.message, '查询参数 fileName 含有无效的字符编码（须为 UTF-8），请修改后重试');
  const exported = await admin.post('/api/v1/audit-logs/export?keyword=%FF', {});
  assert.equal(exported.status, 400);
  const path = await admin.get('/api/v1/organizations/%FF');
  assert.equal(path.status, 400);
  assert.equal(path.json.error.message, '请求地址含有无效的字符编码（须为 UTF-8），请检查链接');
});

test('a query value with a control character gets 400 naming the parameter', async () => {
  const res = await admin.get('/api/v1/organizations?keyword=%1B%5B31m');
  assert.equal(res.status, 400);
  assert.equal(res.json.error.message, '查询参数 keyword 含有不允许的控制字符 U+001B，请修改后重试');
});

test('a User-Agent with bytes that are not UTF-8 does not stop a sign-in', async () => {
  const res = await signIn(server.url, 'admin', server.passwords.admin, { headers: { 'User-Agent': 'Mozilla/5.0 \xff\xfe\xc0' } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.account.username, 'admin');
});

test('a JSON body that is not UTF-8 gets 400 saying so', async () => {
  const body = Buffer.concat([Buffer.from('{"type":"org","name":"'), Buffer.from([0xe5, 0xff, 0x41]), Buffer.from('"}')]);
  const res = await admin.request('POST', '/api/v1/organizations', { raw: body, headers: { 'Content-Type': 'application/json' } });
  assert.equal(res.status, 400);
  assert.equal(res.json.error.code, 'invalid_utf8');
  assert.equal(res.json.error.message, '请求体含有无效的字符编码，请以 UTF-8 提交');
});

test('names with NUL, ESC, a bidi override or a line break are refused with a clear message; nothing is written', async () => {
  const cases = [
    ['北京\u0000测试机构', '名称含有不允许的控制字符 U+0000，请删除后重试'],
    ['北京\u001b[2J测试机构', '名称含有不允许的控制字符 U+001B，请删除后重试'],
    ['北京\u202Egpj.exe', '名称含有不允许的文字方向控制符 U+202E，请删除后重试'],
    ['北京\n测试机构', '名称不能换行，请写成一行'],
  ];
  for (const [name, message] of cases) {
    const res = await admin.post('/api/v1/organizations', { type: 'org', name });
    assert.equal(res.status, 400, JSON.stringify(name));
    assert.equal(res.json.error.message, message);
    assert.equal(res.json.error.details.field, 'name');
  }
  const student = await ustb.post('/api/v1/students', { name: '王\u0007小二', idNumber: '110101199003070011', type: '院校考生', major: '电子商务' });
  assert.equal(student.status, 400);
  assert.equal(student.json.error.message, '名称含有不允许的控制字符 U+0007，请删除后重试');
  const account = await admin.post('/api/v1/accounts', { username: 'bidi', displayName: '\u2066张三\u2069', role: 'admin', orgId: 1 });
  assert.equal(account.json.error.message, '姓名含有不允许的文字方向控制符 U+2066，请删除后重试');
  const list = await admin.get('/api/v1/organizations?keyword=' + encodeURIComponent('测试机构'));
  assert.equal(list.json.total, 0, 'nothing was created');
});

test('an imported roster row with a control character or a bidi override in a name is refused with the reason', async () => {
  const csv = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\r\n' +
    ',李\u001b四,女,110101200001010029,院校考生,市场营销,,\r\n' +
    ',王小二,男,110101199003070011,院校考生,电子\u202e商务,,\r\n';
  const started = await ustb.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent('控制字符.csv')}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(ustb, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.deepEqual([job.result.succeeded, job.result.failed], [0, 2]);
  const rows = sheetRows((await ustb.get(`/api/v1/files/${job.resultFileId}/download`)).buffer);
  assert.deepEqual(rows.slice(1).map((r) => r.at(-1)), [
    '第 2 行：姓名含有不允许的控制字符 U+001B，请删除后重试',
    '第 3 行：专业含有不允许的文字方向控制符 U+202E，请删除后重试',
  ]);
});

// --- sign-in: no enumeration, no lockout of the owner ---

test('a wrong password and an unknown user name get the very same answer', async () => {
  await createAccount('enumtest', 'Right12345');
  const wrong = await server.client().post('/api/v1/auth/login', { username: 'enumtest', password: 'Wrong12345' });
  const unknown = await server.client().post('/api/v1/auth/login', { username: 'enumtest-nobody', password: 'Wrong12345' });
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, wrong.status);
  assert.deepEqual(unknown.json, wrong.json);
  assert.deepEqual(wrong.json.error, { code: 'invalid_credentials', message: '用户名或密码错误', details: {} });
});

test("an attacker's 200 failures from one address do not stop the owner signing in from another", async () => {
  const id = await createAccount('victim', 'Owner12345');
  const answers = new Map();
  for (let i = 0; i < 200; i++) {
    const res = await signIn(server.url, 'victim', `Guess${i}xyz1`, { from: '127.0.0.1' });
    answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
  }
  assert.ok((answers.get(429) ?? 0) >= 190, `the attacker is slowed down: ${[...answers]}`);
  const blocked = await signIn(server.url, 'victim', 'Owner12345', { from: '127.0.0.1' });
  assert.equal(blocked.status, 429, 'the right password from the attacking address waits too');
  assert.ok(Number(blocked.headers['retry-after']) > 0);
  const owner = await signIn(server.url, 'victim', 'Owner12345', { from: '127.0.0.2' });
  assert.equal(owner.status, 200, owner.text);
  // The admin sees where the failures came from, and clears them.
  const seen = await admin.get(`/api/v1/accounts/${id}/sign-in-failures`);
  assert.equal(seen.status, 200);
  const entry = seen.json.items.find((e) => e.ip === '127.0.0.1');
  assert.ok(entry.failures >= 5, JSON.stringify(seen.json));
  assert.ok(entry.delayedUntil);
  const accounts = await admin.get('/api/v1/accounts?keyword=victim');
  assert.ok(accounts.json.items[0].lockedUntil, 'the list shows the account is held back somewhere');
  assert.equal((await admin.post(`/api/v1/accounts/${id}/unlock`, {})).status, 200);
  assert.equal((await admin.get(`/api/v1/accounts/${id}/sign-in-failures`)).json.items.length, 0);
});

test('failures from one address delay it, not the address the owner signed in from', async () => {
  await createAccount('owner2', 'Owner12345');
  assert.equal((await signIn(server.url, 'owner2', 'Owner12345', { from: '127.0.0.3' })).status, 200);
  for (let i = 0; i < 6; i++) await signIn(server.url, 'owner2', 'Wrong12345', { from: '127.0.0.4' });
  const attacker = await signIn(server.url, 'owner2', 'Wrong12345', { from: '127.0.0.4' });
  assert.equal(attacker.status, 429);
  assert.equal(attacker.json.error.code, 'sign_in_delayed');
  assert.match(attacker.json.error.message, /^该账号在当前网络连续登录失败，请于 \d+ (秒|分钟)后再试/);
  const owner = await signIn(server.url, 'owner2', 'Owner12345', { from: '127.0.0.3' });
  assert.equal(owner.status, 200);
});

test("an untrusted peer's X-Forwarded-For is ignored: new header values do not buy new attempts", async () => {
  await createAccount('xfftest', 'Owner12345');
  let last;
  for (let i = 0; i < 6; i++) {
    last = await signIn(server.url, 'xfftest', 'Wrong12345', { from: '127.0.0.5', headers: { 'X-Forwarded-For': `198.51.100.${i}`, 'X-Real-IP': `198.51.100.${i}` } });
  }
  assert.equal(last.status, 429);
  assert.equal(last.json.error.code, 'sign_in_delayed');
  const audit = await admin.get('/api/v1/audit-logs?action=login_failed&pageSize=50');
  const ips = new Set(audit.json.items.filter((e) => e.username === 'xfftest').map((e) => e.ip));
  assert.deepEqual([...ips], ['127.0.0.5'], 'the audit trail names the real peer');
});

test('behind a trusted proxy client addresses are told apart by X-Forwarded-For', async () => {
  const proxied = await startServer({ loginRate: 30, args: ['--trusted-proxies', '127.0.0.1, 10.0.0.0/8'] });
  try {
    const a = await proxied.login('admin');
    const orgId = (await a.get('/api/v1/organizations?type=college')).json.items[0].id;
    assert.equal((await a.post('/api/v1/accounts', { username: 'behind', displayName: '代理后', role: 'college', orgId, password: 'Owner12345', mustChangePassword: false })).status, 201);
    // One client behind the proxy (reached through a second, trusted hop) tries 35 user names.
    let attacker;
    for (let i = 0; i < 35; i++) {
      attacker = await signIn(proxied.url, `spray${i}`, 'Guess12345', { headers: { 'X-Forwarded-For': '203.0.113.7, 10.1.2.3' } });
    }
    assert.equal(attacker.status, 429);
    assert.equal(attacker.json.error.message, '登录失败次数过多，请一分钟后再试');
    assert.equal(attacker.headers['retry-after'], '60');
    const same = await signIn(proxied.url, 'behind', 'Owner12345', { headers: { 'X-Forwarded-For': '203.0.113.7' } });
    assert.equal(same.status, 429, 'the limit binds the address, whatever the account');
    // Another client through the same proxy signs in.
    const owner = await signIn(proxied.url, 'behind', 'Owner12345', { headers: { 'X-Forwarded-For': '203.0.113.8' } });
    assert.equal(owner.status, 200, owner.text);
    const audit = await a.get('/api/v1/audit-logs?action=login&pageSize=50');
    assert.ok(audit.json.items.some((e) => e.username === 'behind' && e.ip === '203.0.113.8'), 'the audit trail names the client');
  } finally {
    await proxied.stop();
  }
});

// --- uploads: refused before the body is read, spool files always removed ---

function uploadHead(path, { cookie, csrf = true, length = 50 * 1024 * 1024 } = {}) {
  return `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n` +
    (csrf ? 'X-Requested-With: kaowu\r\n' : '') + (cookie ? `Cookie: kaowu_session=${cookie}\r\n` : '') +
    `Content-Length: ${length}\r\n\r\n`;
}

const spooled = (dir) => readdirSync(dir).filter((f) => f.startsWith('kaowu-upload-'));

test('an upload is refused before its body when the session, the CSRF header or the permission is missing', async () => {
  const path = '/api/v1/students/import?fileName=a.csv';
  const anonymous = await raw(server.url, uploadHead(path));
  assert.equal(anonymous.status, 401, 'answered without waiting for 50 MB');
  assert.equal(anonymous.json.error.message, '请先登录');
  const noCsrf = await raw(server.url, uploadHead(path, { cookie: ustb.cookies.get('kaowu_session'), csrf: false }));
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.json.error.code, 'csrf_header_missing');
  const noPermission = await raw(server.url, uploadHead(path, { cookie: admin.cookies.get('kaowu_session') }));
  assert.equal(noPermission.status, 403);
  assert.equal(noPermission.json.error.message, '您的角色无权执行此操作');
  assert.deepEqual(spooled(server.dir), []);
});

test('a third upload at once from one account is refused, and every spool file goes when its connection drops', async () => {
  const cookie = ustb.cookies.get('kaowu_session');
  const path = '/api/v1/students/import?fileName=a.csv';
  const open = [];
  for (let i = 0; i < 2; i++) {
    const res = await raw(server.url, uploadHead(path, { cookie, length: 10 * 1024 * 1024 }) + 'x'.repeat(1024), { waitMs: 500, keepOpen: true });
    assert.equal(res.status, undefined, 'still receiving');
    open.push(res.socket);
  }
  assert.equal(spooled(server.dir).length, 2);
  const third = await raw(server.url, uploadHead(path, { cookie, length: 10 * 1024 * 1024 }));
  assert.equal(third.status, 429);
  assert.equal(third.json.error.message, '正在上传的文件过多，请等当前的上传完成后再试');
  for (const s of open) s.destroy();
  for (let i = 0; i < 50 && spooled(server.dir).length; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(spooled(server.dir), []);
  // The slots are free again.
  const ok = await ustb.request('POST', '/api/v1/students/import?fileName=a.csv', {
    raw: Buffer.from('考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\r\n'), headers: { 'Content-Type': 'application/octet-stream' },
  });
  assert.equal(ok.status, 202, ok.text);
});

test('at start the server removes the spool files a dead instance left, and keeps a live one\'s', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaowu-spool-'));
  writeFileSync(join(dir, 'kaowu-upload-4194000-deadbeefdeadbeef'), 'names and ID numbers');
  writeFileSync(join(dir, `kaowu-upload-${process.pid}-0123456789abcdef`), 'still arriving');
  writeFileSync(join(dir, 'other.txt'), 'not ours');
  const second = await startServer({ tempDir: dir, demo: false });
  try {
    assert.deepEqual(readdirSync(dir).sort(), [`kaowu-upload-${process.pid}-0123456789abcdef`, 'other.txt']);
  } finally {
    await second.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
