import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from './support/harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('login sets an HttpOnly SameSite session cookie and me tells who and what they may do', async () => {
  const c = server.client();
  const res = await c.post('/api/v1/auth/login', { username: 'admin', password: server.passwords.admin });
  assert.equal(res.status, 200);
  const cookie = res.headers.getSetCookie()[0];
  assert.match(cookie, /^kaowu_session=[0-9a-f]{64};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Path=\//);
  assert.doesNotMatch(cookie, /Secure/);
  assert.equal(res.json.account.username, 'admin');
  assert.equal(res.json.account.roleName, '平台管理员');
  assert.ok(res.json.permissions.includes('org:edit'));
  assert.equal(res.json.account.password_hash, undefined);
  const me = await c.get('/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.account.orgName, '1+X 考务平台运营中心');
});

test('15.14 最近登录 is the sign-in before this one, not this one', async () => {
  // Two sign-ins a minute apart on the manual clock: the second shows the first.
  const admin = await server.login('admin');
  const clock = await admin.get('/api/v1/system/clock');
  const t0 = Date.parse(clock.json.now.replace(' ', 'T') + '+08:00');
  const first = await server.login('ncut');
  const firstMe = (await first.get('/api/v1/auth/me')).json.account;
  await admin.put('/api/v1/system/clock', { now: new Date(t0 + 60 * 1000).toISOString() });
  const second = await server.login('ncut');
  const me = (await second.get('/api/v1/auth/me')).json.account;
  assert.equal(me.previousLoginAt, firstMe.lastLoginAt, 'the previous sign-in is shown');
  assert.notEqual(me.previousLoginAt, me.lastLoginAt, 'not the current one');
});

test('logout revokes the session on the server, not just the cookie', async () => {
  const c = await server.login('ustb');
  const token = c.cookies.get('kaowu_session');
  const out = await c.post('/api/v1/auth/logout');
  assert.equal(out.status, 204);
  const replay = new Client(server.url);
  replay.cookies.set('kaowu_session', token);
  const me = await replay.get('/api/v1/auth/me');
  assert.equal(me.status, 401);
  assert.equal(me.json.error.code, 'session_expired');
  assert.equal(me.json.error.message, '登录已过期，请重新登录');
});

test('a wrong password says so in Chinese; after five in a row this address waits, for a time that grows', async () => {
  const admin = await server.login('admin');
  const created = await admin.post('/api/v1/accounts', {
    username: 'locktest', displayName: '锁定测试', role: 'college', orgId: (await admin.get('/api/v1/organizations?type=college')).json.items[0].id,
    password: 'Right12345', mustChangePassword: false,
  });
  assert.equal(created.status, 201);
  const c = server.client();
  for (let i = 1; i <= 5; i++) {
    const r = await c.post('/api/v1/auth/login', { username: 'locktest', password: 'Wrong12345' });
    assert.equal(r.status, 401);
    assert.equal(r.json.error.message, '用户名或密码错误');
    assert.deepEqual(r.json.error.details, {}, 'nothing tells whether the account exists');
  }
  const right = await c.post('/api/v1/auth/login', { username: 'locktest', password: 'Right12345' });
  assert.equal(right.status, 429, 'the right password waits too');
  assert.equal(right.json.error.code, 'sign_in_delayed');
  assert.equal(right.json.error.message, '该账号在当前网络连续登录失败，请于 30 秒后再试；忘记密码请联系管理员重置');
  assert.equal(right.headers.get('retry-after'), '30');
  // 31 seconds later (manual clock) the wait is over; the next failure doubles it.
  const clock = await admin.get('/api/v1/system/clock');
  const t0 = Date.parse(clock.json.now.replace(' ', 'T') + '+08:00');
  await admin.put('/api/v1/system/clock', { now: new Date(t0 + 31 * 1000).toISOString() });
  assert.equal((await c.post('/api/v1/auth/login', { username: 'locktest', password: 'Wrong12345' })).status, 401);
  const again = await c.post('/api/v1/auth/login', { username: 'locktest', password: 'Right12345' });
  assert.equal(again.status, 429);
  assert.equal(again.headers.get('retry-after'), '60');
  await admin.put('/api/v1/system/clock', { now: new Date(t0 + 92 * 1000).toISOString() });
  const after = await c.post('/api/v1/auth/login', { username: 'locktest', password: 'Right12345' });
  assert.equal(after.status, 200);
});

test('an admin sees where failed sign-ins came from and lifts the wait at once', async () => {
  const admin = await server.login('admin');
  const created = await admin.post('/api/v1/accounts', {
    username: 'unlocktest', displayName: '解锁测试', role: 'college', orgId: (await admin.get('/api/v1/organizations?type=college')).json.items[0].id,
    password: 'Right12345', mustChangePassword: false,
  });
  const id = created.json.account.id;
  const c = server.client();
  for (let i = 0; i < 5; i++) await c.post('/api/v1/auth/login', { username: 'unlocktest', password: 'Wrong12345' });
  const waiting = await c.post('/api/v1/auth/login', { username: 'unlocktest', password: 'Right12345' });
  assert.equal(waiting.json.error.code, 'sign_in_delayed');
  const list = await admin.get('/api/v1/accounts?keyword=unlocktest');
  assert.ok(list.json.items[0].lockedUntil);
  const failures = await admin.get(`/api/v1/accounts/${id}/sign-in-failures`);
  assert.equal(failures.json.items.length, 1);
  assert.equal(failures.json.items[0].ip, '127.0.0.1');
  assert.equal(failures.json.items[0].failures, 5);
  assert.equal(failures.json.items[0].knownAddress, false);
  assert.ok(failures.json.items[0].delayedUntil);
  const unlocked = await admin.post(`/api/v1/accounts/${id}/unlock`, {});
  assert.equal(unlocked.status, 200);
  assert.equal(unlocked.json.lockedUntil, null);
  const ok = await c.post('/api/v1/auth/login', { username: 'unlocktest', password: 'Right12345' });
  assert.equal(ok.status, 200);
  const audit = await admin.get('/api/v1/audit-logs?action=unlock');
  assert.equal(audit.json.items[0].summary, '解除账号「unlocktest」的登录限制（1 个地址）');
});

test('an unknown user gets the same message as a wrong password', async () => {
  const r = await server.client().post('/api/v1/auth/login', { username: 'nobody', password: 'Whatever123' });
  assert.equal(r.status, 401);
  assert.equal(r.json.error.message, '用户名或密码错误');
});

test('state-changing requests without X-Requested-With are refused with 403', async () => {
  const c = await server.login('admin');
  const r = await c.post('/api/v1/organizations', { type: 'org', name: '无头请求机构' }, { csrf: false });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'csrf_header_missing');
  const list = await c.get('/api/v1/organizations?keyword=' + encodeURIComponent('无头请求机构'));
  assert.equal(list.json.total, 0, 'nothing was created');
  const login = await server.client().request('POST', '/api/v1/auth/login', {
    body: { username: 'admin', password: server.passwords.admin }, csrf: false,
  });
  assert.equal(login.status, 403);
});

test('malformed JSON is a 400 with the error shape', async () => {
  const c = await server.login('admin');
  const r = await c.request('POST', '/api/v1/organizations', { raw: '{"type": "org", "name": ', headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 400);
  assert.deepEqual(Object.keys(r.json.error).sort(), ['code', 'details', 'message']);
  assert.equal(r.json.error.code, 'invalid_json');
  assert.match(r.json.error.message, /JSON/);
});

test('a body over the route limit is refused with 413 before it is read', async () => {
  const c = await server.login('admin');
  const big = JSON.stringify({ type: 'org', name: 'x'.repeat(1024 * 1024 + 10) });
  const r = await c.request('POST', '/api/v1/organizations', { raw: big, headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, 'body_too_large');
  assert.match(r.json.error.message, /请求体过大/);
});

test('an unknown API route is a JSON 404 and a wrong method a JSON 405', async () => {
  const c = server.client();
  const r = await c.get('/api/v1/no-such-thing');
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 'route_not_found');
  assert.equal(r.json.error.message, '接口不存在');
  const m = await c.request('DELETE', '/api/v1/health');
  assert.equal(m.status, 405);
  assert.equal(m.headers.get('allow'), 'GET');
});

test('requests without a session get 401 with a message', async () => {
  const r = await server.client().get('/api/v1/organizations');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.message, '请先登录');
});

test('a forced password change blocks everything else until done, then signs in afresh', async () => {
  const admin = await server.login('admin');
  const college = (await admin.get('/api/v1/organizations?type=college')).json.items[0];
  const created = await admin.post('/api/v1/accounts', {
    username: 'newteacher', displayName: '新老师', role: 'teacher', orgId: college.id, phone: '13700000001',
  });
  assert.equal(created.status, 201);
  assert.equal(created.json.account.mustChangePassword, true);
  const initial = created.json.initialPassword;
  assert.match(initial, /^(?=.*[A-Za-z])(?=.*\d).{8,}$/);
  const c = await server.login('newteacher', initial);
  const me = await c.get('/api/v1/auth/me');
  assert.equal(me.json.account.mustChangePassword, true);
  const blocked = await c.get(`/api/v1/organizations/${college.id}`);
  assert.equal(blocked.status, 403);
  assert.equal(blocked.json.error.code, 'password_change_required');
  assert.equal(blocked.json.error.message, '首次登录或密码已重置，请先修改密码');
  const weak = await c.post('/api/v1/auth/password', { oldPassword: initial, newPassword: 'abcdefgh' });
  assert.equal(weak.status, 400);
  assert.equal(weak.json.error.message, '密码至少 8 位，且须同时包含字母和数字');
  const wrongOld = await c.post('/api/v1/auth/password', { oldPassword: 'Nope12345', newPassword: 'Better2021' });
  assert.equal(wrongOld.json.error.message, '原密码不正确');
  const oldToken = c.cookies.get('kaowu_session');
  const changed = await c.post('/api/v1/auth/password', { oldPassword: initial, newPassword: 'Better2021' });
  assert.equal(changed.status, 200);
  assert.equal(changed.json.account.mustChangePassword, false);
  assert.notEqual(c.cookies.get('kaowu_session'), oldToken, 'a new session id after a password change');
  const open = await c.get(`/api/v1/organizations/${college.id}`);
  assert.equal(open.status, 200);
  const replay = new Client(server.url);
  replay.cookies.set('kaowu_session', oldToken);
  assert.equal((await replay.get('/api/v1/auth/me')).status, 401, 'the old session is revoked');
});

test('a session ends after 30 idle minutes and after 12 hours in any case', async () => {
  const admin = await server.login('admin');
  const user = await server.login('zhonglian');
  const now = Date.parse((await admin.get('/api/v1/system/clock')).json.now.replace(' ', 'T') + '+08:00');
  await admin.put('/api/v1/system/clock', { now: new Date(now + 29 * 60 * 1000).toISOString() });
  assert.equal((await user.get('/api/v1/auth/me')).status, 200, 'still alive at 29 minutes');
  // Activity keeps it going; 12 hours after sign-in it ends whatever.
  for (let m = 58; m < 12 * 60; m += 29) {
    await admin.put('/api/v1/system/clock', { now: new Date(now + m * 60 * 1000).toISOString() });
    const r = await user.get('/api/v1/auth/me');
    assert.equal(r.status, 200, `alive at ${m} minutes with activity`);
  }
  await admin.put('/api/v1/system/clock', { now: new Date(now + 12 * 3600 * 1000 + 1000).toISOString() });
  assert.equal((await user.get('/api/v1/auth/me')).status, 401);
  assert.equal((await admin.get('/api/v1/auth/me')).status, 401, 'the admin signed in at the same time is out too');
  const admin2 = await server.login('admin');
  const idle = await server.login('hongke');
  const t2 = Date.parse((await admin2.get('/api/v1/system/clock')).json.now.replace(' ', 'T') + '+08:00');
  await admin2.put('/api/v1/system/clock', { now: new Date(t2 + 31 * 60 * 1000).toISOString() });
  const r = await idle.get('/api/v1/auth/me');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.message, '登录已过期，请重新登录');
});

test('failed sign-ins from one address are throttled; successful ones do not count', async () => {
  const limited = await startServer({ loginRate: 3, demo: true });
  try {
    const c = limited.client();
    for (let i = 0; i < 5; i++) {
      const ok = await c.post('/api/v1/auth/login', { username: 'ustb', password: limited.passwords.ustb });
      assert.equal(ok.status, 200, 'many users behind one address sign in');
    }
    for (let i = 0; i < 3; i++) {
      const r = await c.post('/api/v1/auth/login', { username: 'admin', password: 'Wrong12345' });
      assert.equal(r.status, 401);
    }
    const r = await c.post('/api/v1/auth/login', { username: 'admin', password: limited.passwords.admin });
    assert.equal(r.status, 429);
    assert.equal(r.json.error.message, '登录失败次数过多，请一分钟后再试');
    assert.equal(r.headers.get('retry-after'), '60');
  } finally {
    await limited.stop();
  }
});

test('a disabled account is signed out at once and cannot sign in', async () => {
  const admin = await server.login('admin');
  const user = await server.login('hongke');
  const account = (await admin.get('/api/v1/accounts?keyword=hongke')).json.items.find((a) => a.username === 'hongke');
  const off = await admin.put(`/api/v1/accounts/${account.id}`, { enabled: false });
  assert.equal(off.status, 200);
  assert.equal((await user.get('/api/v1/auth/me')).status, 401);
  const again = await server.client().post('/api/v1/auth/login', { username: 'hongke', password: server.passwords.hongke });
  assert.equal(again.json.error.message, '账号已停用，请联系管理员');
  await admin.put(`/api/v1/accounts/${account.id}`, { enabled: true });
});

test('an administrator opens an account and resets its password: the old sessions end, the new one must be changed', async () => {
  const admin = await server.login('admin');
  const created = await admin.post('/api/v1/accounts', {
    username: 'resettest', displayName: '重置测试', role: 'college', orgId: (await admin.get('/api/v1/organizations?type=college')).json.items[0].id,
    password: 'Right12345', mustChangePassword: false,
  });
  assert.equal(created.status, 201, created.text);
  const id = created.json.account.id;
  const shown = await admin.get(`/api/v1/accounts/${id}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.json.username, 'resettest');
  assert.equal(shown.json.roleName, '试点院校');
  const user = await server.login('resettest', 'Right12345');
  const reset = await admin.post(`/api/v1/accounts/${id}/reset-password`, {});
  assert.equal(reset.status, 200);
  assert.match(reset.json.password, /^\S{8,}$/);
  assert.equal((await user.get('/api/v1/auth/me')).status, 401);
  const again = await server.login('resettest', reset.json.password);
  assert.equal((await again.get('/api/v1/auth/me')).json.account.mustChangePassword, true);
  assert.equal((await server.client().post('/api/v1/auth/login', { username: 'resettest', password: 'Right12345' })).status, 401);
});
