// 监考人员 (seed 5.2.11): colleges propose teachers for certificate levels, the organisation that
// issues each certificate certifies or returns it (INV-1); certified certificates stay (INV-2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, idNumber, waitForJob, sheetRows } from './support/harness.mjs';

let server, org, other, ustb, ncut, cert, otherCert;

const person = (extra = {}) => ({
  kind: '监考老师', name: '李虹', idNumber: idNumber(1), phone: '18300000551', region: '北京市北京市丰台区',
  levelIds: [cert.levels[0].id, cert.levels[1].id], ...extra,
});

// The person's certificate application of a level.
const application = (p, levelId) => p.certificates.find((c) => c.levelId === levelId);

async function makeCertificate(client, code, name) {
  const subject = (n, level) => ({ code: `${code}${n}`, name: `${name}${level}理论`, mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 });
  const made = await client.post('/api/v1/certificates', {
    code, name, levels: [{ level: '初级', subjects: [subject(101, '初级')] }, { level: '中级', subjects: [subject(201, '中级')] }],
    majors: ['电子商务'],
  });
  assert.equal(made.status, 201, made.text);
  return made.json;
}

// A person created by 北京科技大学 and submitted.
async function submitted(extra = {}) {
  const made = await ustb.post('/api/v1/invigilators', person(extra));
  assert.equal(made.status, 201, made.text);
  const sent = await ustb.post(`/api/v1/invigilators/${made.json.id}/submit`, { version: made.json.version });
  assert.equal(sent.status, 200, sent.text);
  return sent.json;
}

before(async () => {
  server = await startServer();
  org = await server.login('zhonglian');
  other = await server.login('hongke');
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
  cert = await makeCertificate(org, '50000001', '智能新能源汽车职业技能等级证书');
  otherCert = await makeCertificate(other, '50000009', '鸿科测试证书');
});
after(async () => { await server?.stop(); });

test('INV-1 a new person gets a JK or KK 教师编号, a gender from the 身份证号 and unsubmitted certificates', async () => {
  const made = await ustb.post('/api/v1/invigilators', person({ name: '张监考', idNumber: idNumber(2), phone: '18300000002' }));
  assert.equal(made.status, 201, made.text);
  assert.match(made.json.teacherNo, /^JK\d{6}$/);
  assert.equal(made.json.collegeName, '北京科技大学');
  assert.deepEqual(made.json.certificates.map((c) => [c.certificateName, c.level, c.statusName]),
    [['智能新能源汽车职业技能等级证书', '初级', '未提交'], ['智能新能源汽车职业技能等级证书', '中级', '未提交']]);
  const patrol = await ustb.post('/api/v1/invigilators', person({ kind: '巡考老师', name: '王巡考', idNumber: idNumber(3), phone: '18300000003' }));
  assert.equal(patrol.status, 201, patrol.text);
  assert.match(patrol.json.teacherNo, /^KK\d{6}$/);
  assert.notEqual(patrol.json.teacherNo.slice(2), made.json.teacherNo.slice(2));
  // Bad input: each a 400 naming what to fix.
  for (const [body, message] of [
    [person({ kind: '主考老师', idNumber: idNumber(4), phone: '18300000004' }), /人员类型「主考老师」不正确/],
    [person({ idNumber: '110101199003070012', phone: '18300000004' }), /身份证号/],
    [person({ idNumber: idNumber(4), phone: '1830000' }), /手机号码「1830000」不正确/],
    [person({ idNumber: idNumber(4), phone: '18300000004', region: '火星' }), /所在区域/],
    [person({ idNumber: idNumber(4), phone: '18300000004', levelIds: [] }), /请选择至少一个申请监考的证书等级/],
    [person({ idNumber: idNumber(4), phone: '18300000004', levelIds: [999999] }), /证书等级不存在/],
  ]) {
    const res = await ustb.post('/api/v1/invigilators', body);
    assert.equal(res.status, 400, res.text);
    assert.match(res.json.error.message, message);
  }
  // The phone is unique within the college, not across colleges.
  const twin = await ustb.post('/api/v1/invigilators', person({ name: '重号', idNumber: idNumber(5), phone: '18300000002' }));
  assert.equal(twin.status, 409, twin.text);
  assert.match(twin.json.error.message, /已有手机号码为 18300000002 的监考人员「张监考」/);
  const elsewhere = await ncut.post('/api/v1/invigilators', person({ name: '北方老师', idNumber: idNumber(6), phone: '18300000002' }));
  assert.equal(elsewhere.status, 201, elsewhere.text);
  // Nobody but the college sees an unsubmitted person.
  assert.equal((await org.get(`/api/v1/invigilators/${made.json.id}`)).status, 404);
  assert.equal((await ncut.get(`/api/v1/invigilators/${made.json.id}`)).status, 404);
});

test('INV-1 submit, the organisation returns one level with a reason, the college edits and resubmits, the organisation certifies', async () => {
  const p = await submitted({ name: '流程老师', idNumber: idNumber(10), phone: '18300000010' });
  assert.deepEqual(p.certificates.map((c) => c.statusName), ['待认证', '待认证']);
  const [junior, middle] = [cert.levels[0].id, cert.levels[1].id];
  // The organisation lists the person with its certificates.
  const listed = await org.get(`/api/v1/invigilators?status=pending&name=${encodeURIComponent('流程老师')}`);
  assert.equal(listed.status, 200, listed.text);
  assert.equal(listed.json.total, 1);
  // Return needs a reason.
  const bare = await org.post('/api/v1/invigilators/review', { ids: [application(p, junior).id], decision: 'return' });
  assert.equal(bare.status, 400);
  assert.match(bare.json.error.message, /请填写退回原因/);
  const returned = await org.post('/api/v1/invigilators/review', { ids: [application(p, junior).id], decision: 'return', reason: '未参加考评员培训' });
  assert.equal(returned.status, 200, returned.text);
  assert.deepEqual(returned.json, { done: 1, refused: [] });
  const certified = await org.post('/api/v1/invigilators/review', { ids: [application(p, middle).id], decision: 'certify' });
  assert.deepEqual(certified.json, { done: 1, refused: [] });
  // The college sees both states and the reason.
  let seen = (await ustb.get(`/api/v1/invigilators/${p.id}`)).json;
  assert.equal(application(seen, junior).statusName, '已退回');
  assert.equal(application(seen, junior).reason, '未参加考评员培训');
  assert.equal(application(seen, middle).statusName, '已认证');
  assert.match(application(seen, middle).reviewedBy, /zhonglian/);
  // A college cannot certify; another organisation neither sees nor certifies.
  const byCollege = await ustb.post('/api/v1/invigilators/review', { ids: [application(p, junior).id], decision: 'certify' });
  assert.equal(byCollege.status, 403);
  const edited = await ustb.put(`/api/v1/invigilators/${p.id}`, { version: seen.version, region: '北京市北京市海淀区' });
  assert.equal(edited.status, 200, edited.text);
  const again = await ustb.post(`/api/v1/invigilators/${p.id}/submit`, { version: edited.json.version });
  assert.equal(again.status, 200, again.text);
  assert.equal(application(again.json, junior).statusName, '待认证');
  assert.equal((await other.get(`/api/v1/invigilators/${p.id}`)).status, 404);
  const foreign = await other.post('/api/v1/invigilators/review', { ids: [application(p, junior).id], decision: 'certify' });
  assert.equal(foreign.status, 200);
  assert.equal(foreign.json.done, 0);
  assert.match(foreign.json.refused[0].reason, /认证申请不存在或无权操作/);
  assert.equal(foreign.json.refused[0].name, '');
  assert.equal((await other.get('/api/v1/invigilators')).json.total, 0);
  // A certified one cannot be certified twice; the resubmitted one is certified.
  const batch = await org.post('/api/v1/invigilators/review', { ids: [application(p, junior).id, application(p, middle).id], decision: 'certify' });
  assert.equal(batch.json.done, 1);
  assert.match(batch.json.refused[0].reason, /已认证，不是待认证/);
  seen = (await ustb.get(`/api/v1/invigilators/${p.id}`)).json;
  assert.deepEqual(seen.certificates.map((c) => c.statusName), ['已认证', '已认证']);
  // Nothing left to submit.
  const nothing = await ustb.post(`/api/v1/invigilators/${p.id}/submit`, { version: seen.version });
  assert.equal(nothing.status, 409);
  assert.match(nothing.json.error.message, /没有可提交的证书/);
  // The list filters by state: 已认证 and 未认证.
  const uncertified = (await ustb.get('/api/v1/invigilators?status=uncertified&pageSize=100')).json;
  assert.ok(!uncertified.items.some((x) => x.id === p.id));
  const done = (await ustb.get(`/api/v1/invigilators?status=certified&certificateId=${cert.id}`)).json;
  assert.ok(done.items.some((x) => x.id === p.id));
});

test('INV-2 a certified certificate cannot be removed, one may be added, identity stays', async () => {
  const p = await submitted({ name: '认证老师', idNumber: idNumber(20), phone: '18300000020', levelIds: [cert.levels[0].id] });
  assert.equal((await org.post('/api/v1/invigilators/review', { ids: [p.certificates[0].id], decision: 'certify' })).json.done, 1);
  const current = (await ustb.get(`/api/v1/invigilators/${p.id}`)).json;
  const removing = await ustb.put(`/api/v1/invigilators/${p.id}`, { version: current.version, levelIds: [cert.levels[1].id] });
  assert.equal(removing.status, 409, removing.text);
  assert.match(removing.json.error.message, /证书「智能新能源汽车职业技能等级证书（初级）」已认证，不能删除/);
  const renaming = await ustb.put(`/api/v1/invigilators/${p.id}`, { version: current.version, name: '改名' });
  assert.equal(renaming.status, 409);
  assert.match(renaming.json.error.message, /已有已认证的证书，不能修改姓名/);
  const adding = await ustb.put(`/api/v1/invigilators/${p.id}`, { version: current.version, levelIds: [cert.levels[0].id, otherCert.levels[0].id], phone: '18300000021' });
  assert.equal(adding.status, 200, adding.text);
  assert.deepEqual(adding.json.certificates.map((c) => [c.certificateName, c.statusName]),
    [['智能新能源汽车职业技能等级证书', '已认证'], ['鸿科测试证书', '未提交']]);
  assert.equal(adding.json.phone, '18300000021');
  // The uncertified one can be removed again.
  const dropped = await ustb.put(`/api/v1/invigilators/${p.id}`, { version: adding.json.version, levelIds: [cert.levels[0].id] });
  assert.equal(dropped.status, 200, dropped.text);
  assert.equal(dropped.json.certificates.length, 1);
});

test('INV-2 delete is refused while a certificate is certified; batch delete gives per-row reasons', async () => {
  const held = await submitted({ name: '不可删', idNumber: idNumber(30), phone: '18300000030', levelIds: [cert.levels[0].id] });
  await org.post('/api/v1/invigilators/review', { ids: [held.certificates[0].id], decision: 'certify' });
  const heldNow = (await ustb.get(`/api/v1/invigilators/${held.id}`)).json;
  const refused = await ustb.del(`/api/v1/invigilators/${held.id}?version=${heldNow.version}`);
  assert.equal(refused.status, 409, refused.text);
  assert.match(refused.json.error.message, /监考人员「不可删」有已认证的证书，不能删除/);
  const free = (await ustb.post('/api/v1/invigilators', person({ name: '可删', idNumber: idNumber(31), phone: '18300000031' }))).json;
  const single = (await ustb.post('/api/v1/invigilators', person({ name: '单删', idNumber: idNumber(32), phone: '18300000032' }))).json;
  assert.equal((await ustb.del(`/api/v1/invigilators/${single.id}?version=${single.version}`)).status, 204);
  assert.equal((await ustb.get(`/api/v1/invigilators/${single.id}`)).status, 404);
  const batch = await ustb.post('/api/v1/invigilators/batch-delete', { items: [{ id: free.id, version: free.version }, { id: held.id, version: heldNow.version }] });
  assert.equal(batch.status, 200, batch.text);
  assert.equal(batch.json.done, 1);
  assert.deepEqual(batch.json.refused, [{ id: held.id, name: '不可删', reason: '监考人员「不可删」有已认证的证书，不能删除' }]);
  assert.equal((await ustb.get(`/api/v1/invigilators/${free.id}`)).status, 404);
  // Another college deletes nothing of it.
  const foreign = await ncut.post('/api/v1/invigilators/batch-delete', { items: [{ id: held.id, version: heldNow.version }] });
  assert.equal(foreign.json.done, 0);
  assert.equal(foreign.json.refused[0].name, '');
  // The audit trail names who certified what.
  const admin = await server.login('admin');
  const log = (await admin.get('/api/v1/audit-logs?pageSize=100')).json.items;
  assert.ok(log.some((e) => e.summary === '认证通过监考人员「不可删」的证书「智能新能源汽车职业技能等级证书（初级）」'), 'certification audited');
});

test('the form offers both person types and the levels of enabled certificates', async () => {
  const res = await ustb.get('/api/v1/invigilators/options');
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.kinds, ['监考老师', '巡考老师']);
  assert.ok(res.json.levels.some((l) => l.id === cert.levels[1].id && l.level === '中级'));
  const list = await ustb.get('/api/v1/invigilators?status=bogus');
  assert.equal(list.status, 400);
  assert.match(list.json.error.message, /认证状态须为/);
});

const IMPORT_HEADER = ['人员类型', '教师姓名', '身份证号', '手机号码', '所在区域', '申请报考的证书', '证书等级'];
const EXPORT_HEADER = ['教师编号', '教师姓名', '手机号码', '所属院校', '所在区域', '证书编号', '申请报考的证书', '证书等级', '颁证机构', '认证状态'];

async function upload(client, rows) {
  const csv = [IMPORT_HEADER, ...rows].map((r) => `${r.join(',')}\n`).join('');
  const started = await client.request('POST', `/api/v1/invigilators/import?fileName=${encodeURIComponent('监考人员.csv')}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(client, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  return job;
}

test('INV-1 import: 5 good rows in, 4 bad rows back with reasons, the same file again adds nothing', async () => {
  const template = await ncut.get('/api/v1/invigilators/template');
  assert.equal(template.status, 200);
  assert.deepEqual(sheetRows(template.buffer)[0], IMPORT_HEADER.map((h) => `*${h}`));
  const CERT = '智能新能源汽车职业技能等级证书';
  const good = [
    ['监考老师', '导入一', idNumber(101), '13900000101', '北京市北京市海淀区', CERT, '初级'],
    ['巡考老师', '导入二', idNumber(102), '13900000102', '北京市/北京市/朝阳区', CERT, '中级'],
    ['监考老师', '导入三', idNumber(103), '13900000103', '湖北省武汉市洪山区', '鸿科测试证书', '初级'],
    ['监考老师', '导入四', idNumber(104), '13900000104', '北京市北京市丰台区', CERT, '初级'],
    ['监考老师', '导入四', idNumber(104), '13900000104', '北京市北京市丰台区', CERT, '中级'],
  ];
  const bad = [
    ['监考老师', '坏身份证', '110101199003070012', '13900000105', '北京市北京市海淀区', CERT, '初级'],
    ['监考老师', '坏等级', idNumber(106), '13900000106', '北京市北京市海淀区', CERT, '高级'],
    ['监考老师', '重手机', idNumber(107), '18300000002', '北京市北京市海淀区', CERT, '初级'],
    ['主考老师', '坏类型', idNumber(108), '13900000108', '北京市北京市海淀区', CERT, '初级'],
  ];
  const before = (await ncut.get('/api/v1/invigilators')).json.total;
  const job = await upload(ncut, [...good, ...bad]);
  assert.deepEqual([job.result.total, job.result.succeeded, job.result.failed], [9, 5, 4]);
  const failures = sheetRows((await ncut.get(`/api/v1/files/${job.resultFileId}/download`)).buffer);
  assert.deepEqual(failures[0], [...IMPORT_HEADER, '失败原因']);
  const reasons = failures.slice(1).map((r) => r[7]);
  assert.match(reasons[0], /^第 7 行：.*身份证号/);
  assert.equal(reasons[1], `第 8 行：证书「${CERT}」没有「高级」等级，或证书不存在、已停用`);
  assert.equal(reasons[2], '第 9 行：手机号码 18300000002 已是本院校监考人员「北方老师」的，请核对');
  assert.equal(reasons[3], '第 10 行：人员类型「主考老师」不正确，须为 监考老师 或 巡考老师');
  const list = (await ncut.get('/api/v1/invigilators?pageSize=50')).json;
  assert.equal(list.total, before + 4);
  const four = list.items.find((p) => p.name === '导入四');
  assert.deepEqual(four.certificates.map((c) => c.level), ['初级', '中级']);
  assert.equal(list.items.find((p) => p.name === '导入二').teacherNo.slice(0, 2), 'KK');
  assert.equal(list.items.find((p) => p.name === '导入二').region, '北京市北京市朝阳区');
  const records = (await ncut.get('/api/v1/import-records?type=invigilators')).json;
  assert.deepEqual([records.items[0].succeeded, records.items[0].failed], [5, 4]);
  const again = await upload(ncut, good);
  assert.equal(again.result.succeeded, 5);
  const after = (await ncut.get('/api/v1/invigilators?pageSize=50')).json;
  assert.equal(after.total, list.total);
  assert.equal(after.items.find((p) => p.name === '导入四').certificates.length, 2);
});

test('import updates a person of the college with the same 身份证号: 姓名, 手机号码 and 所在区域 change, new levels are added; 姓名 stays while a certificate is 已认证; twice is the same', async () => {
  const CERT = '智能新能源汽车职业技能等级证书';
  const first = [
    ['监考老师', '更新甲', idNumber(120), '13900000120', '北京市北京市海淀区', CERT, '初级'],
    ['监考老师', '更新乙', idNumber(121), '13900000121', '北京市北京市海淀区', CERT, '初级'],
  ];
  assert.deepEqual((await upload(ncut, first)).result.succeeded, 2);
  const find = async (idNo) => (await ncut.get('/api/v1/invigilators?pageSize=100')).json.items.find((p) => p.idNumber === idNo);
  // 更新乙's 初级 is certified: 姓名 is then locked, 手机号码 and 所在区域 are not.
  const yi = await find(idNumber(121));
  const sent = await ncut.post(`/api/v1/invigilators/${yi.id}/submit`, { version: yi.version });
  assert.equal((await org.post('/api/v1/invigilators/review', { ids: [sent.json.certificates[0].id], decision: 'certify' })).json.done, 1);
  const second = [
    ['监考老师', '更新甲改', idNumber(120), '13900000130', '湖北省武汉市洪山区', CERT, '中级'],
    ['监考老师', '更新乙', idNumber(121), '13900000131', '北京市北京市朝阳区', CERT, '中级'],
    ['监考老师', '更新乙改', idNumber(121), '13900000131', '北京市北京市朝阳区', CERT, '初级'],
    ['监考老师', '更新甲改', idNumber(120), '13900000131', '湖北省武汉市洪山区', CERT, '初级'],
  ];
  const count = (await ncut.get('/api/v1/invigilators')).json.total;
  for (const round of [1, 2]) {
    const job = await upload(ncut, second);
    assert.deepEqual([job.result.succeeded, job.result.failed], [2, 2], `round ${round}`);
    const reasons = sheetRows((await ncut.get(`/api/v1/files/${job.resultFileId}/download`)).buffer).slice(1).map((r) => r[7]);
    assert.deepEqual(reasons, [
      '第 4 行：监考人员「更新乙」已有已认证的证书，不能修改姓名（表中为「更新乙改」）',
      '第 5 行：手机号码 13900000131 已被本院校的其他监考人员使用',
    ]);
    assert.equal((await ncut.get('/api/v1/invigilators')).json.total, count, 'nobody added');
    const jia = await find(idNumber(120));
    assert.deepEqual([jia.name, jia.phone, jia.region], ['更新甲改', '13900000130', '湖北省武汉市洪山区']);
    assert.deepEqual(jia.certificates.map((c) => [c.level, c.statusName]), [['初级', '未提交'], ['中级', '未提交']]);
    const after = await find(idNumber(121));
    assert.deepEqual([after.name, after.phone, after.region], ['更新乙', '13900000131', '北京市北京市朝阳区']);
    assert.deepEqual(after.certificates.map((c) => [c.level, c.statusName]), [['初级', '已认证'], ['中级', '未提交']]);
    assert.equal(after.teacherNo, yi.teacherNo);
  }
  const admin = await server.login('admin');
  const log = (await admin.get('/api/v1/audit-logs?pageSize=100')).json.items.map((e) => e.summary);
  assert.equal(log.filter((e) => e === '导入修改监考人员「更新甲改」的信息并增加证书').length, 1, 'the second import changed nothing');
  assert.ok(log.includes('导入修改监考人员「更新乙」的信息并增加证书'));
});

test('INV-1 export: one row per person and certificate in the seed\'s columns, the level\'s 证书编号, the phone masked; ticked or filtered', async () => {
  const list = (await ncut.get('/api/v1/invigilators?pageSize=50')).json.items;
  const cells = (p) => p.certificates.map((c) => [p.teacherNo, p.name, `${p.phone.slice(0, 3)}****${p.phone.slice(7)}`, p.collegeName, p.region,
    c.levelCode, c.certificateName, c.level, c.orgName, c.status === 'certified' ? '已认证' : '未认证']);
  const all = sheetRows((await ncut.get('/api/v1/invigilators/export')).buffer);
  assert.deepEqual(all[0], EXPORT_HEADER);
  assert.deepEqual(all.slice(1), list.flatMap(cells));
  assert.equal(all[1][2].length, 11);
  assert.match(all[1][2], /^\d{3}\*{4}\d{4}$/);
  const picked = list.filter((p) => p.name === '导入四');
  const ticked = sheetRows((await ncut.get(`/api/v1/invigilators/export?ids=${picked[0].id}`)).buffer);
  assert.deepEqual(ticked.slice(1), picked.flatMap(cells));
  assert.equal(ticked.length, 3);
  // The certified persons of 北京科技大学 as 中联 sees them: only 中联's certificates, 已认证.
  const certified = (await org.get('/api/v1/invigilators?status=certified&pageSize=50')).json.items;
  const orgRows = sheetRows((await org.get('/api/v1/invigilators/export?status=certified')).buffer).slice(1);
  assert.ok(orgRows.length >= 1);
  for (const row of orgRows) {
    assert.equal(row[8], '中联集团教育科技有限公司');
    assert.equal(row[9], '已认证');
    // 证书编号 is the level's code, one per certificate level.
    assert.equal(row[5], cert.levels.find((l) => l.level === row[7]).code);
    assert.match(row[5], /^\d{8}$/);
  }
  assert.deepEqual([...new Set(orgRows.map((r) => r[0]))], certified.map((p) => p.teacherNo));
});

test('INV-1 the organisation withdraws a certification with a reason: the level goes back to the college as 已退回, then the person may be deleted', async () => {
  const p = await submitted({ name: '撤销老师', idNumber: idNumber(40), phone: '18300000040', levelIds: [cert.levels[0].id] });
  const appId = p.certificates[0].id;
  assert.equal((await org.post('/api/v1/invigilators/review', { ids: [appId], decision: 'certify' })).json.done, 1);
  const bare = await org.post('/api/v1/invigilators/review', { ids: [appId], decision: 'revoke' });
  assert.equal(bare.status, 400);
  assert.match(bare.json.error.message, /请填写撤销认证的原因/);
  assert.equal((await ustb.post('/api/v1/invigilators/review', { ids: [appId], decision: 'revoke', reason: '越权' })).status, 403);
  const foreign = await other.post('/api/v1/invigilators/review', { ids: [appId], decision: 'revoke', reason: '越权' });
  assert.equal(foreign.json.done, 0);
  const revoked = await org.post('/api/v1/invigilators/review', { ids: [appId], decision: 'revoke', reason: '考评员资格已到期' });
  assert.deepEqual(revoked.json, { done: 1, refused: [] });
  const again = await org.post('/api/v1/invigilators/review', { ids: [appId], decision: 'revoke', reason: '再次撤销' });
  assert.match(again.json.refused[0].reason, /已退回，不是已认证/);
  const seen = (await ustb.get(`/api/v1/invigilators/${p.id}`)).json;
  assert.deepEqual([seen.certificates[0].statusName, seen.certificates[0].reason], ['已退回', '考评员资格已到期']);
  assert.equal((await ustb.del(`/api/v1/invigilators/${p.id}?version=${seen.version}`)).status, 204);
  const admin = await server.login('admin');
  const log = (await admin.get('/api/v1/audit-logs?pageSize=100')).json.items;
  assert.ok(log.some((e) => e.summary === '撤销认证监考人员「撤销老师」的证书「智能新能源汽车职业技能等级证书（初级）」：考评员资格已到期'));
});

test('不可监考时间: kept in order with the person, replaced on edit, a bad period refused with what to fix', async () => {
  const made = await ustb.post('/api/v1/invigilators', person({
    name: '时间老师', idNumber: idNumber(50), phone: '18300000050',
    unavailable: [{ start: '2021-09-19 08:00', end: '2021-09-19 18:00' }, { start: '2021-09-18 13:00', end: '2021-09-18 17:30' }],
  }));
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.json.unavailable, [{ start: '2021-09-18 13:00:00', end: '2021-09-18 17:30:00' }, { start: '2021-09-19 08:00:00', end: '2021-09-19 18:00:00' }]);
  const kept = await ustb.put(`/api/v1/invigilators/${made.json.id}`, { version: made.json.version, phone: '18300000051' });
  assert.equal(kept.json.unavailable.length, 2, 'absent from the edit: kept');
  for (const [periods, message] of [
    [[{ start: '2021-09-18 13:00', end: '2021-09-18 12:00' }], '不可监考时间第 1 段的结束时间须晚于开始时间'],
    [[{ start: '2021-09-18 13:00', end: '2021-09-18 14:00' }, { start: '明天', end: '2021-09-18 14:00' }], '不可监考时间第 2 段的开始或结束时间格式不正确，应为 YYYY-MM-DD HH:mm'],
  ]) {
    const res = await ustb.put(`/api/v1/invigilators/${made.json.id}`, { version: kept.json.version, unavailable: periods });
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.error.message, message);
  }
  const cleared = await ustb.put(`/api/v1/invigilators/${made.json.id}`, { version: kept.json.version, unavailable: [] });
  assert.deepEqual(cleared.json.unavailable, []);
});
