import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, waitForJob, sheetRows, idNumber } from './support/harness.mjs';

let server, ustb, ncut;

// Valid 身份证号 (GB 11643 check digits): a man born 1990-03-07 and a woman born 2000-01-01.
const MAN = '110101199003070011';
const WOMAN = '110101200001010029';

before(async () => {
  server = await startServer();
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
});
after(async () => { await server?.stop(); });

test('a college adds a student; gender and birth date come from the 身份证号, 考生编号 is generated', async () => {
  const res = await ustb.post('/api/v1/students', { name: '王小二', idNumber: MAN, type: '院校考生', major: '电子商务', className: '电商2101', phone: '18312340551' });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.gender, '男');
  assert.equal(res.json.birthDate, '1990-03-07');
  // 15.16: 25 digits as the seed's: the 身份证号's region, the year, the college, a sequence.
  assert.match(res.json.studentNo, /^\d{25}$/);
  assert.equal(res.json.studentNo.slice(0, 6), MAN.slice(0, 6));
  assert.equal(res.json.collegeName, '北京科技大学');
  const cases = [
    [{ name: '甲', idNumber: '110101199003070012', type: '院校考生', major: 'x' }, '身份证号校验位不正确，请核对是否抄错'],
    [{ name: '甲', idNumber: '11010119900307001', type: '院校考生', major: 'x' }, '身份证号须为 18 位，当前为 17 位'],
    [{ name: '甲', idNumber: WOMAN, gender: '男', type: '院校考生', major: 'x' }, '性别「男」与身份证号不一致（身份证号显示为女）'],
    [{ name: '甲', idNumber: WOMAN, type: '学生', major: 'x' }, '考生类型须为 院校考生 或 社会考生'],
    [{ name: '甲', idNumber: WOMAN, type: '院校考生', major: 'x', phone: '123' }, '手机号码须为 11 位数字'],
  ];
  for (const [body, message] of cases) {
    const bad = await ustb.post('/api/v1/students', body);
    assert.equal(bad.status, 400, message);
    assert.equal(bad.json.error.message, message);
  }
  const elsewhere = await ncut.post('/api/v1/students', { name: '王小二', idNumber: MAN, type: '社会考生', major: '电子商务' });
  assert.equal(elsewhere.status, 409);
  assert.equal(elsewhere.json.error.message, '该身份证号不能使用，请核对');
  assert.equal((await ncut.get(`/api/v1/students/${res.json.id}`)).status, 404);
  assert.equal((await ncut.get('/api/v1/students')).json.total, 0);
});

test('a GB18030 CSV from Excel on Chinese Windows imports; bad rows come back with reasons; re-import updates', async () => {
  const csv = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\r\n' +
    `,李四,女,${WOMAN},院校考生,市场营销,营销2102,13900001111\r\n` +
    `,王小二,男,${MAN},院校考生,移动商务,电商2101,18312340551\r\n` +
    ',张三,男,370682199409063545,院校考生,电子商务,,\r\n' +
    ',赵六,,110101199003070011X,社会考生,电子商务,,\r\n';
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: csv });
  assert.notDeepEqual(gb, Buffer.from(csv), 'really GB18030 bytes');
  const started = await ustb.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent('考生.csv')}`,
    { raw: gb, headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(ustb, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.deepEqual([job.result.total, job.result.succeeded, job.result.failed], [4, 2, 2]);
  const list = (await ustb.get('/api/v1/students?pageSize=50')).json;
  assert.equal(list.total, 2);
  assert.equal(list.items.find((s) => s.idNumber === MAN).major, '移动商务', 'the same 身份证号 updates the student');
  assert.equal(list.items.find((s) => s.idNumber === WOMAN).gender, '女');
  const records = (await ustb.get('/api/v1/import-records?type=students')).json;
  assert.equal(records.items[0].failed, 2);
  const audit = await server.login('admin');
  const entry = (await audit.get('/api/v1/audit-logs?action=import')).json.items[0];
  assert.equal(entry.summary, '北科大考务老师导入考生信息：成功 2 条（新增 1 条，更新 1 条），失败 2 条');
  // 15.12: the entry is the 考生 record type's and names who started the job, in which role and
  // organisation, from where.
  assert.deepEqual([entry.entity, entry.roleName, entry.orgName], ['student', '试点院校', '北京科技大学']);
  assert.match(entry.ip, /^127\.0\.0\.1$/);
  assert.ok((await audit.get('/api/v1/audit-logs?entity=student&action=import')).json.items.some((e) => e.id === entry.id));
  assert.deepEqual([job.result.created, job.result.updated], [1, 1]);
});

test('15.1 a roster import never renames a student silently: 姓名不一致 is refused unless 按身份证号更新已有考生信息 is ticked, and every change is audited', async () => {
  const upload = (csv, query = '') => ustb.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent('更名.csv')}${query}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  const csv = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\n' + `,吴五,男,${MAN},院校考生,移动商务,电商2101,18312340551\n`;
  const refused = await waitForJob(ustb, (await upload(csv)).json.job.id);
  assert.equal(refused.state, 'succeeded', JSON.stringify(refused));
  assert.deepEqual([refused.result.succeeded, refused.result.failed, refused.result.created, refused.result.updated], [0, 1, 0, 0]);
  const reasons = sheetRows((await ustb.get(`/api/v1/files/${refused.resultFileId}/download`)).buffer);
  assert.equal(reasons[1].at(-1), '第 2 行：身份证号已存在，姓名不一致（系统中为王小二）；如确需更正姓名，请勾选「按身份证号更新已有考生信息」后重新导入');
  const kept = (await ustb.get(`/api/v1/students?idNumber=${MAN}`)).json.items[0];
  assert.equal(kept.name, '王小二', 'the name is untouched');

  const renamed = await waitForJob(ustb, (await upload(csv, '&updateExisting=1')).json.job.id);
  assert.deepEqual([renamed.result.succeeded, renamed.result.created, renamed.result.updated], [1, 0, 1]);
  assert.equal((await ustb.get(`/api/v1/students?idNumber=${MAN}`)).json.items[0].name, '吴五');
  const audit = await server.login('admin');
  const entry = (await audit.get('/api/v1/audit-logs?entity=student&action=update&pageSize=100')).json.items
    .find((e) => e.entityId === String(kept.id) && e.summary.startsWith('导入更新考生'));
  assert.ok(entry, 'the rename has its own audit entry');
  assert.equal(entry.summary, '导入更新考生「王小二」，姓名改为「吴五」');
  assert.equal(entry.before.name, '王小二');
  assert.equal(entry.after.name, '吴五');
  // And back, the same way.
  const back = await waitForJob(ustb, (await upload(csv.replace('吴五', '王小二'), '&updateExisting=1')).json.job.id);
  assert.equal(back.result.updated, 1);
});

test('15.11 the platform sees every college\'s students with 所属院校, and filters by college', async () => {
  const a = await server.login('admin');
  const all = (await a.get('/api/v1/students?pageSize=100')).json;
  assert.ok(all.items.every((s) => s.collegeName), 'every row names its college');
  const ustbId = all.items.find((s) => s.collegeName === '北京科技大学').collegeId;
  const one = (await a.get(`/api/v1/students?collegeId=${ustbId}&pageSize=100`)).json;
  assert.ok(one.total > 0 && one.items.every((s) => s.collegeName === '北京科技大学'));
  // A college's list stays its own whatever it asks for.
  const ncutId = (await a.get('/api/v1/organizations?type=college&keyword=北方工业')).json.items[0].id;
  assert.equal((await ustb.get(`/api/v1/students?collegeId=${ncutId}`)).json.total, 0);
});

test('export masks 身份证号 and phone as the product shows, for ticked rows or all', async () => {
  const all = await ustb.get('/api/v1/students/export');
  assert.equal(all.status, 200);
  const rows = sheetRows(all.buffer);
  assert.deepEqual(rows[0], ['考生编号', '姓名', '性别', '身份证号', '考生类型', '专业', '班级', '手机号码']);
  const man = rows.find((r) => r[1] === '王小二');
  assert.equal(man[3], '110101*****070011');
  assert.equal(man[7], '183****0551');
  const student = (await ustb.get(`/api/v1/students?idNumber=${WOMAN}`)).json.items[0];
  const id = student.id;
  const one = sheetRows((await ustb.get(`/api/v1/students/export?ids=${id}`)).buffer);
  assert.equal(one.length, 2);
  assert.equal(one[1][1], '李四');
  const stale = await ustb.del(`/api/v1/students/${id}?version=${student.version + 1}`);
  assert.equal(stale.status, 409);
  assert.equal(stale.json.error.message, '考生「李四」的信息已被他人修改，请刷新后再删除');
  const deleted = await ustb.del(`/api/v1/students/${id}?version=${student.version}`);
  assert.equal(deleted.status, 204);
  assert.equal((await ustb.get('/api/v1/students')).json.total, 1);
});

test('an import with keys repeated inside the file: the later row updates or is refused, as row by row', async () => {
  const csv = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\r\n' +
    ',甲,,110101198805120047,院校考生,电子商务,,\r\n' +
    '55550001,乙,,110101198805120055,院校考生,电子商务,,\r\n' +
    '55550001,丙,,110101198805120063,院校考生,电子商务,,\r\n' +
    ',甲,,110101198805120047,院校考生,市场营销,,\r\n';
  const started = await ustb.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent('重复.csv')}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(ustb, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.deepEqual([job.result.total, job.result.succeeded, job.result.failed], [4, 3, 1]);
  const list = (await ustb.get('/api/v1/students?pageSize=100')).json.items;
  const a = list.filter((s) => s.idNumber === '110101198805120047');
  assert.equal(a.length, 1, 'one student for the repeated 身份证号');
  assert.deepEqual([a[0].name, a[0].major], ['甲', '市场营销']);
  assert.equal(list.find((s) => s.studentNo === '55550001').name, '乙');
  assert.ok(!list.some((s) => s.idNumber === '110101198805120063'));
  const failure = await ustb.get(`/api/v1/files/${job.resultFileId}/download`);
  assert.equal(failure.status, 200);
  const rows = sheetRows(failure.buffer);
  assert.equal(rows[1].at(-1), '第 4 行：考生编号 55550001 已被使用');

  // An explicit 考生编号 that a blank row after it would be given: the batch meets the unique
  // index and is redone row by row, so the blank row gets the next free number.
  const taken = a[0].studentNo;
  const next = taken.slice(0, -9) + String(Number(taken.slice(-9)) + 1).padStart(9, '0');
  const csv2 = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\r\n' +
    `${next},丁,,110101198805120063,院校考生,电子商务,,\r\n` +
    ',戊,,110101199003070038,院校考生,电子商务,,\r\n';
  const again = await ustb.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent('编号.csv')}`,
    { raw: Buffer.from(csv2), headers: { 'Content-Type': 'application/octet-stream' } });
  const job2 = await waitForJob(ustb, again.json.job.id);
  assert.deepEqual([job2.result.total, job2.result.succeeded, job2.result.failed], [2, 2, 0], JSON.stringify(job2));
  const after = (await ustb.get('/api/v1/students?pageSize=100')).json.items;
  assert.equal(after.find((s) => s.name === '丁').studentNo, next);
  assert.notEqual(after.find((s) => s.name === '戊').studentNo, next);
});

test('15.12 an audit entry names the 考生 in Chinese, is found by it, and lists the changed fields with Chinese labels', async () => {
  const audit = await server.login('admin');
  const student = (await ustb.get(`/api/v1/students?idNumber=${MAN}`)).json.items[0];
  const items = (await audit.get('/api/v1/audit-logs?entity=student&pageSize=100')).json.items;
  const rename = items.find((e) => e.summary === '导入更新考生「王小二」，姓名改为「吴五」');
  assert.ok(rename, 'the rename is logged');
  assert.equal(rename.entityName, '考生');
  assert.equal(rename.object, `考生 吴五 (${student.studentNo})`);
  assert.deepEqual(rename.changes.find((c) => c.field === 'name'), { field: 'name', label: '姓名', before: '王小二', after: '吴五' });
  assert.ok(rename.changes.every((c) => c.before !== c.after && c.label !== c.field), JSON.stringify(rename.changes));
  const added = items.find((e) => e.action === 'create');
  assert.ok(added.changes.some((c) => c.label === '身份证号' && c.before === '' && c.after !== ''), JSON.stringify(added.changes));
  const imported = items.find((e) => e.action === 'import');
  assert.match(imported.object, /^考生导入 .+\.csv$/);
  assert.deepEqual(imported.changes.find((c) => c.field === 'succeeded')?.label, '成功');
  // The 考生编号 is in no summary: the keyword finds the entries by their object.
  const found = (await audit.get(`/api/v1/audit-logs?keyword=${student.studentNo}`)).json.items;
  assert.ok(found.some((e) => e.id === rename.id), 'found by 考生编号');
});

test('the roster template lists the columns of an import, required ones marked, with an example row', async () => {
  const res = await ustb.get('/api/v1/students/template');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const rows = sheetRows(res.buffer);
  assert.deepEqual(rows[0], ['考生编号', '*姓名', '性别', '*身份证号', '*考生类型', '*专业', '班级', '手机号码']);
  assert.equal(rows[1][1], '示例考生（导入时忽略此行）');
});

test('a roster imported again unchanged writes nothing: no audit entry, the version kept; a changed row among them is updated and audited once', async () => {
  const upload = (csv) => ncut.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent('再次导入.csv')}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  const rows = Array.from({ length: 12 }, (_, i) => `2021770${String(i).padStart(3, '0')},复导${i},,${idNumber(70000 + i)},院校考生,电子商务,电商2102,`);
  const header = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\n';
  const first = await waitForJob(ncut, (await upload(header + rows.join('\n') + '\n')).json.job.id);
  assert.deepEqual([first.result.succeeded, first.result.created, first.result.failed], [12, 12, 0],
    first.resultFileId && JSON.stringify(sheetRows((await ncut.get(`/api/v1/files/${first.resultFileId}/download`)).buffer)[1]));
  const before = new Map((await ncut.get('/api/v1/students?className=电商2102&pageSize=100')).json.items.map((s) => [s.studentNo, s]));
  assert.equal(before.size, 12);
  const admin = await server.login('admin');
  const updates = async () => (await admin.get('/api/v1/audit-logs?entity=student&action=update&pageSize=100')).json.items
    .filter((e) => e.summary.startsWith('导入更新考生「复导'));

  const again = await waitForJob(ncut, (await upload(header + rows.join('\n') + '\n')).json.job.id);
  assert.deepEqual([again.result.succeeded, again.result.created, again.result.updated, again.result.failed], [12, 0, 12, 0]);
  assert.equal((await updates()).length, 0, 'nothing changed, nothing audited');
  for (const s of (await ncut.get('/api/v1/students?className=电商2102&pageSize=100')).json.items) {
    assert.equal(s.version, before.get(s.studentNo).version, `${s.studentNo} keeps its version`);
  }

  rows[5] = rows[5].replace('电子商务', '移动商务');
  const changed = await waitForJob(ncut, (await upload(header + rows.join('\n') + '\n')).json.job.id);
  assert.deepEqual([changed.result.succeeded, changed.result.updated], [12, 12]);
  const entries = await updates();
  assert.equal(entries.length, 1, 'only the changed row is audited');
  assert.equal(entries[0].before.major, '电子商务');
  assert.equal(entries[0].after.major, '移动商务');
  const moved = (await ncut.get('/api/v1/students?className=电商2102&pageSize=100')).json.items.find((s) => s.studentNo === '2021770005');
  assert.equal(moved.major, '移动商务');
  assert.equal(moved.version, before.get('2021770005').version + 1);
});
