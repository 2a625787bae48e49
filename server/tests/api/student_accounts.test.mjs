// Student accounts: login = 考生编号, no password until the college issues an initial password,
// which must be changed at first sign-in; the account follows the roster (rename, delete).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, waitForJob, Client } from './support/harness.mjs';

let server, ustb, ncut;

// Valid 身份证号 (GB 11643 check digits).
const MAN = '110101199003070011';
const WOMAN = '110101200001010029';
const OTHER = '370682199409063544';

before(async () => {
  server = await startServer();
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
  // A teacher of the same college whose user name looks like a 考生编号.
  const admin = await server.login('admin');
  const college = (await admin.get('/api/v1/organizations?type=college&keyword=北京科技大学')).json.items[0];
  const teacher = await admin.post('/api/v1/accounts', { username: '66660001', displayName: '数字老师', role: 'teacher', orgId: college.id });
  assert.equal(teacher.status, 201, teacher.text);
});
after(async () => { await server?.stop(); });

async function signIn(username, password) {
  const c = new Client(server.url);
  const res = await c.post('/api/v1/auth/login', { username, password });
  return { c, res };
}

test('STU-ACCOUNT-1 adding a student creates an account (login = 考生编号) nobody can sign in to before a password is issued', async () => {
  const added = await ustb.post('/api/v1/students', { name: '王小二', idNumber: MAN, type: '院校考生', major: '电子商务', phone: '18312340551' });
  assert.equal(added.status, 201, added.text);
  const no = added.json.studentNo;
  const list = (await ustb.get(`/api/v1/students?studentNo=${no}`)).json;
  assert.equal(list.items[0].accountState, 'no_password');
  for (const password of ['', 'Anything123', no]) {
    const { res } = await signIn(no, password);
    assert.ok([400, 401].includes(res.status), `no sign-in with "${password}": ${res.status}`);
  }
  const { res } = await signIn(no, 'Anything123');
  assert.equal(res.json.error.message, '用户名或密码错误', 'the same answer as for a wrong password');
});

test('STU-ACCOUNT-2 the college issues an initial password; the student must change it at first sign-in and sees only the dashboard', async () => {
  const s = (await ustb.post('/api/v1/students', { name: '李四', idNumber: WOMAN, type: '社会考生', major: '市场营销' })).json;
  const issued = await ustb.post(`/api/v1/students/${s.id}/initial-password`, {});
  assert.equal(issued.status, 200, issued.text);
  assert.equal(issued.json.username, s.studentNo);
  assert.match(issued.json.password, /^(?=.*[A-Za-z])(?=.*\d).{8,}$/);
  assert.equal(issued.headers.get('cache-control'), 'no-store');
  assert.equal((await ustb.get(`/api/v1/students?studentNo=${s.studentNo}`)).json.items[0].accountState, 'must_change');

  const { c, res } = await signIn(s.studentNo, issued.json.password);
  assert.equal(res.status, 200, res.text);
  const me = (await c.get('/api/v1/auth/me')).json;
  assert.equal(me.account.displayName, '李四');
  assert.equal(me.account.role, 'student');
  assert.equal(me.account.orgName, '北京科技大学');
  assert.equal(me.account.mustChangePassword, true);
  assert.deepEqual(me.permissions, ['dashboard:view', 'exam:self']);
  const blocked = await c.get('/api/v1/students');
  assert.equal(blocked.json.error.code, 'password_change_required');
  const changed = await c.post('/api/v1/auth/password', { oldPassword: issued.json.password, newPassword: 'Student2021' });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.account.mustChangePassword, false);
  assert.equal((await c.get('/api/v1/students')).status, 403, 'students see nobody else');
  assert.equal((await c.get(`/api/v1/students/${s.id}`)).status, 403);
  assert.equal((await ustb.get(`/api/v1/students?studentNo=${s.studentNo}`)).json.items[0].accountState, 'active');

  // Issuing again is a reset: the old password and the student's sessions end.
  const again = await ustb.post(`/api/v1/students/${s.id}/initial-password`, {});
  assert.equal((await c.get('/api/v1/auth/me')).status, 401, 'sessions end when a new password is issued');
  assert.equal((await signIn(s.studentNo, 'Student2021')).res.status, 401);
  assert.equal((await signIn(s.studentNo, again.json.password)).res.status, 200);

  const audit = (await (await server.login('admin')).get('/api/v1/audit-logs?pageSize=50')).json.items;
  assert.ok(audit.some((e) => e.summary === `发放考生「李四」（考生编号 ${s.studentNo}）的初始密码`), 'issuing is audited');
});

test('STU-ACCOUNT-3 another college cannot issue a password for our student (404)', async () => {
  const s = (await ustb.get(`/api/v1/students?idNumber=${MAN}`)).json.items[0];
  const res = await ncut.post(`/api/v1/students/${s.id}/initial-password`, {});
  assert.equal(res.status, 404);
  assert.equal((await ustb.get(`/api/v1/students?idNumber=${MAN}`)).json.items[0].accountState, 'no_password');
});

test('STU-ACCOUNT-4 changing the 考生编号 renames the account; deleting the student removes or disables it', async () => {
  const s = (await ustb.post('/api/v1/students', { name: '张三', idNumber: OTHER, type: '院校考生', major: '电子商务' })).json;
  const issued = (await ustb.post(`/api/v1/students/${s.id}/initial-password`, {})).json;
  const renamed = await ustb.put(`/api/v1/students/${s.id}`, { ...s, studentNo: '88880001', name: '张三丰' });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal((await signIn(s.studentNo, issued.password)).res.status, 401, 'the old 考生编号 no longer signs in');
  const { c, res } = await signIn('88880001', issued.password);
  assert.equal(res.status, 200, res.text);
  assert.equal((await c.get('/api/v1/auth/me')).json.account.displayName, '张三丰');

  // A 考生编号 that is a staff account's user name is refused.
  const clash = await ustb.put(`/api/v1/students/${s.id}`, { ...renamed.json, studentNo: '66660001' });
  assert.equal(clash.status, 409);
  assert.equal(clash.json.error.message, '考生编号 66660001 不能使用，请换一个考生编号');

  // Signed in once: the account is disabled, its session ended, its user name freed.
  const current = (await ustb.get(`/api/v1/students/${s.id}`)).json;
  assert.equal((await ustb.del(`/api/v1/students/${s.id}?version=${current.version}`)).status, 204);
  assert.equal((await c.get('/api/v1/auth/me')).status, 401);
  assert.equal((await signIn('88880001', issued.password)).res.status, 401);
  const back = await ustb.post('/api/v1/students', { name: '张三', idNumber: OTHER, type: '院校考生', major: '电子商务', studentNo: '88880001' });
  assert.equal(back.status, 201, back.text);
  assert.equal((await ustb.get('/api/v1/students?studentNo=88880001')).json.items[0].accountState, 'no_password', 'a fresh account');
  // Never signed in: the account goes with the student.
  assert.equal((await ustb.del(`/api/v1/students/${back.json.id}?version=${back.json.version}`)).status, 204);
  const admin = await server.login('admin');
  assert.equal((await admin.get('/api/v1/accounts?keyword=88880001')).json.items.filter((a) => a.username === '88880001').length, 0);
});

test('STU-ACCOUNT-5 an import creates an account per new student and renames on a changed 考生编号, without passwords', async () => {
  const csv = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\r\n' +
    `77770001,导入甲,女,${OTHER},院校考生,电子商务,,\r\n` +
    `77770002,李四,女,${WOMAN},社会考生,市场营销,,\r\n` +
    '66660001,撞名,,110101199003070038,院校考生,电子商务,,\r\n';
  const started = await ustb.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent('考生.csv')}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(ustb, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.deepEqual([job.result.total, job.result.succeeded, job.result.failed], [3, 2, 1]);
  const list = (await ustb.get('/api/v1/students?pageSize=50')).json.items;
  const a = list.find((s) => s.studentNo === '77770001');
  assert.equal(a.accountState, 'no_password');
  const li = list.find((s) => s.idNumber === WOMAN);
  assert.equal(li.studentNo, '77770002');
  assert.equal(li.accountState, 'must_change', 'the existing account follows the new 考生编号');
  const admin = await server.login('admin');
  const accounts = (await admin.get('/api/v1/accounts?role=student&pageSize=100')).json.items;
  assert.ok(accounts.some((x) => x.username === '77770001' && x.displayName === '导入甲' && x.orgName === '北京科技大学'));
  assert.ok(accounts.some((x) => x.username === '77770002' && x.displayName === '李四'));
  assert.ok(!list.some((s) => s.name === '撞名'), 'a row whose 考生编号 is another account is refused');
  const issued = await ustb.post(`/api/v1/students/${a.id}/initial-password`, {});
  assert.equal((await signIn('77770001', issued.json.password)).res.status, 200);
});
