// 教师管理 (seed 7.1): a college adds or imports teachers; each gets an account whose user name is
// the phone number and a random initial password, both sent by SMS (TCH-1); the first sign-in
// forces a password change, which makes the teacher 已激活.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, idNumber, waitForJob, sheetRows } from './support/harness.mjs';

let server, admin, ustb, ncut;

const teacher = (extra = {}) => ({
  name: '王老师', idNumber: idNumber(501), department: '计算机与通信工程学院', phone: '13700000501',
  education: '硕士研究生', title: '副教授', research: '物联网应用技术', ...extra,
});

// Moves the manual clock on by `seconds`.
async function later(seconds) {
  const now = (await admin.get('/api/v1/system/clock')).json.now;
  const t = Date.parse(now.replace(' ', 'T') + '+08:00') + seconds * 1000;
  const res = await admin.put('/api/v1/system/clock', { now: new Date(t).toISOString() });
  assert.equal(res.status, 200, res.text);
}

// The newest SMS to `phone` once the sender has delivered it, as the administrator reads it.
async function delivered(phone, count = 1) {
  const until = Date.now() + 15000;
  for (;;) {
    const list = (await admin.get(`/api/v1/sms-messages?phone=${phone}`)).json;
    if (list.items.length >= count && list.items.every((m) => m.state !== 'queued' && m.state !== 'sending')) return list.items[0];
    if (Date.now() > until) throw new Error(`no SMS delivered to ${phone}: ${JSON.stringify(list)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The user name and password an account SMS carries.
function credentials(text) {
  const m = /账号为(\d{11})，初始密码为([^，]+)，/.exec(text);
  assert.ok(m, `an account SMS: ${text}`);
  return { username: m[1], password: m[2] };
}

async function signIn(username, password) {
  const c = server.client();
  const res = await c.post('/api/v1/auth/login', { username, password });
  return { c, res };
}

before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
});
after(async () => { await server?.stop(); });

test('TCH-1 add → SMS with the user name and password → the first sign-in forces the change → 已激活; 重发 gives a new password and the old one stops working', async () => {
  const made = await ustb.post('/api/v1/teachers', teacher());
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.username, '13700000501');
  assert.equal(made.json.gender, '男', 'filled from the 身份证号');
  assert.deepEqual([made.json.accountState, made.json.accountStateName, made.json.activatedAt], ['inactive', '未激活', null]);

  const sms = await delivered('13700000501');
  assert.equal(sms.state, 'sent');
  assert.equal(sms.provider, 'outbox');
  assert.equal(sms.phone, '137****0501');
  assert.equal(sms.templateName, '教师账号通知');
  const { username, password } = credentials(sms.text);
  assert.equal(username, '13700000501');
  // The college sees its message without the text; another college sees nothing of it.
  const own = (await ustb.get('/api/v1/sms-messages')).json.items.find((m) => m.id === sms.id);
  assert.equal(own.text, null, 'only the administrator reads the text');
  assert.equal(own.stateName, '已发送');
  assert.equal((await ncut.get('/api/v1/sms-messages')).json.items.some((m) => m.id === sms.id), false);

  const { c, res } = await signIn(username, password);
  assert.equal(res.status, 200, res.text);
  const me = (await c.get('/api/v1/auth/me')).json;
  assert.equal(me.account.role, 'teacher');
  assert.equal(me.account.mustChangePassword, true);
  const blocked = await c.get('/api/v1/teacher-portal/profile');
  assert.equal(blocked.json.error.code, 'password_change_required');
  assert.equal((await ustb.get('/api/v1/teachers?state=inactive')).json.items[0].name, '王老师');

  const changed = await c.post('/api/v1/auth/password', { oldPassword: password, newPassword: 'Teacher2021' });
  assert.equal(changed.status, 200, changed.text);
  const row = (await ustb.get('/api/v1/teachers?state=active')).json.items.find((t) => t.id === made.json.id);
  assert.equal(row.accountStateName, '已激活');
  assert.match(row.activatedAt, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal((await ustb.get('/api/v1/teachers?state=inactive')).json.items.some((t) => t.id === made.json.id), false);

  // The portal: the own profile, its optional fields editable, not the name.
  const profile = await c.get('/api/v1/teacher-portal/profile');
  assert.equal(profile.status, 200, profile.text);
  assert.equal(profile.json.department, '计算机与通信工程学院');
  const edited = await c.put('/api/v1/teacher-portal/profile', { version: profile.json.version, research: '工业互联网', name: '改名', email: 'wang@ustb.edu.cn' });
  assert.equal(edited.status, 200, edited.text);
  assert.deepEqual([edited.json.name, edited.json.research, edited.json.email], ['王老师', '工业互联网', 'wang@ustb.edu.cn']);
  const tooLong = await c.put('/api/v1/teacher-portal/profile', { version: edited.json.version, achievements: '成'.repeat(101) });
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.json.error.message, '主要成果不能超过 100 个字（当前 101 个字）');
  const duties = await c.get('/api/v1/teacher-portal/duties');
  assert.equal(duties.status, 200);
  assert.deepEqual(duties.json, { items: [], certified: false });
  assert.equal((await c.get('/api/v1/teachers')).status, 403, 'a teacher lists nobody');

  // 重发: right after the first SMS it waits; a minute later a new password goes out.
  const early = await ustb.post(`/api/v1/teachers/${made.json.id}/resend`, {});
  assert.equal(early.status, 429);
  assert.match(early.json.error.message, /^刚刚已向教师「王老师」发送账号短信，请 \d+ 秒后再重发$/);
  await later(61);
  const resent = await ustb.post(`/api/v1/teachers/${made.json.id}/resend`, {});
  assert.equal(resent.status, 200, resent.text);
  assert.equal(resent.json.accountState, 'inactive', 'the new initial password must be changed again');
  const second = credentials((await delivered('13700000501', 2)).text);
  assert.notEqual(second.password, 'Teacher2021');
  assert.equal((await signIn(username, 'Teacher2021')).res.status, 401, 'the old password stops working');
  assert.equal((await c.get('/api/v1/auth/me')).status, 401, 'the old session ended');
  const again = await signIn(username, second.password);
  assert.equal(again.res.status, 200);
  assert.equal((await again.c.get('/api/v1/auth/me')).json.account.mustChangePassword, true);
});

test('TCH-1 import: 5 good rows → 5 accounts and 5 SMS; 4 bad rows back with reasons (身份证号, phone already an account, 研究方向 over 100, missing 学院)', async () => {
  const HEADER = ['姓名', '身份证号', '性别', '学历', '学院', '职称', '职务', '手机号', '邮箱', '研究方向', '主要成果', '居住地址'];
  const template = await ncut.get('/api/v1/teachers/template');
  assert.equal(template.status, 200);
  assert.deepEqual(sheetRows(template.buffer)[0], HEADER.map((h) => (['姓名', '身份证号', '学院', '手机号'].includes(h) ? `*${h}` : h)));
  const row = (i, extra = {}) => {
    const r = [`导入教师${i}`, idNumber(600 + i), '', '本科', '机械工程学院', '讲师', '', `1370000060${i}`, '', '数控技术', '', ''];
    for (const [k, v] of Object.entries(extra)) r[HEADER.indexOf(k)] = v;
    return r;
  };
  const good = [1, 2, 3, 4, 5].map((i) => row(i));
  const bad = [
    row(6, { 身份证号: '110101199003070012' }),
    row(7, { 手机号: '13800138000' }),  // the demo teacher's account
    row(8, { 研究方向: '研'.repeat(101) }),
    row(9, { 学院: '' }),
  ];
  const csv = [HEADER, ...good, ...bad].map((r) => `${r.join(',')}\n`).join('');
  const started = await ncut.request('POST', `/api/v1/teachers/import?fileName=${encodeURIComponent('教师.csv')}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(ncut, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.deepEqual([job.result.total, job.result.succeeded, job.result.failed], [9, 5, 4]);
  const failures = sheetRows((await ncut.get(`/api/v1/files/${job.resultFileId}/download`)).buffer);
  assert.deepEqual(failures[0], [...HEADER, '失败原因']);
  const reasons = failures.slice(1).map((r) => r[HEADER.length]);
  assert.equal(reasons[0], '第 7 行：身份证号校验位不正确，请核对是否抄错');
  assert.equal(reasons[1], '第 8 行：手机号 13800138000 已是平台账号，不能再作为教师账号，请核对');
  assert.equal(reasons[2], '第 9 行：研究方向不能超过 100 个字（当前 101 个字）');
  assert.equal(reasons[3], '第 10 行：请填写学院');

  const list = (await ncut.get('/api/v1/teachers?name=导入教师')).json;
  assert.equal(list.total, 5);
  assert.ok(list.items.every((t) => t.accountState === 'inactive' && t.collegeName === '北方工业大学'));
  for (const i of [1, 2, 3, 4, 5]) {
    const sms = await delivered(`1370000060${i}`);
    const { username, password } = credentials(sms.text);
    assert.equal(username, `1370000060${i}`);
    assert.equal((await signIn(username, password)).res.status, 200, `teacher ${i} signs in`);
  }
  assert.equal((await admin.get('/api/v1/sms-messages?phone=1370000060')).json.total, 5, 'five SMS, none for the bad rows');
  const records = (await ncut.get('/api/v1/import-records?type=teachers')).json;
  assert.deepEqual([records.items[0].succeeded, records.items[0].failed], [5, 4]);
});

test('a new phone becomes the user name and the new number is told by SMS; 停用 stops the sign-in; the export masks 身份证号 and phone', async () => {
  const made = (await ustb.post('/api/v1/teachers', teacher({ name: '李换号', idNumber: idNumber(520), phone: '13700000520' }))).json;
  const { password } = credentials((await delivered('13700000520')).text);
  const moved = await ustb.put(`/api/v1/teachers/${made.id}`, { version: made.version, phone: '13700000521' });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.username, '13700000521');
  const notice = await delivered('13700000521');
  assert.equal(notice.templateName, '教师账号变更通知');
  assert.match(notice.text, /账号已改为本手机号13700000521，密码不变/);
  assert.equal((await signIn('13700000520', password)).res.status, 401);
  assert.equal((await signIn('13700000521', password)).res.status, 200);

  // Taken phones and 身份证号, stale versions: a 409 or 400 that says what to fix.
  const dupPhone = await ustb.post('/api/v1/teachers', teacher({ name: '重号', idNumber: idNumber(522), phone: '13700000521' }));
  assert.equal(dupPhone.status, 409);
  assert.equal(dupPhone.json.error.message, '手机号 13700000521 已是本院校教师「李换号」的');
  const dupId = await ustb.post('/api/v1/teachers', teacher({ name: '重证', idNumber: idNumber(520), phone: '13700000523' }));
  assert.equal(dupId.status, 409);
  assert.match(dupId.json.error.message, /已登记为本院校教师「李换号」/);
  const missing = await ustb.post('/api/v1/teachers', { name: '缺学院', idNumber: idNumber(524), phone: '13700000524' });
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.message, '请填写学院');
  const stale = await ustb.put(`/api/v1/teachers/${made.id}`, { version: made.version, title: '教授' });
  assert.equal(stale.status, 409);

  const stopped = await ustb.post(`/api/v1/teachers/${made.id}/disable`, { version: moved.json.version });
  assert.equal(stopped.status, 200, stopped.text);
  assert.equal(stopped.json.accountStateName, '已停用');
  assert.equal((await signIn('13700000521', password)).res.status, 401, 'a stopped teacher cannot sign in');
  assert.equal((await ustb.get('/api/v1/teachers?state=disabled')).json.items.map((t) => t.name).join(), '李换号');
  const refused = await ustb.post(`/api/v1/teachers/${made.id}/resend`, {});
  assert.equal(refused.status, 409);
  const restarted = await ustb.post(`/api/v1/teachers/${made.id}/enable`, { version: stopped.json.version });
  assert.equal(restarted.status, 200);
  assert.equal((await signIn('13700000521', password)).res.status, 200);

  const exported = await ustb.get(`/api/v1/teachers/export?ids=${made.id}`);
  assert.equal(exported.status, 200, exported.text);
  const rows = sheetRows(exported.buffer);
  assert.deepEqual(rows[0], ['姓名', '身份证号', '性别', '学历', '学院', '职称', '职务', '手机号', '邮箱', '研究方向', '主要成果', '居住地址', '所属院校', '账号状态', '激活时间']);
  assert.equal(rows.length, 2);
  assert.equal(rows[1][0], '李换号');
  assert.match(rows[1][1], /^110102\*{5}\d{5}[\dX]$/);
  assert.equal(rows[1][7], '137****0521');
  assert.equal(rows[1][13], '未激活');

  // Another college neither sees nor changes the teacher.
  assert.equal((await ncut.get(`/api/v1/teachers/${made.id}`)).status, 404);
  assert.equal((await ncut.post(`/api/v1/teachers/${made.id}/resend`, {})).status, 404);
  const read = await ustb.get(`/api/v1/teachers/${made.id}`);
  assert.equal(read.status, 200);
  assert.equal(read.json.phone, '13700000521');
});
