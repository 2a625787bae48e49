import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitForJob, sheetRows, BIN } from './support/harness.mjs';

const CERT = '网店运营推广职业技能等级证书';
const PLAN = '2021年9月第一批网店考试';
const USTB_SITE = `北京科技大学${CERT}考核站点`;
const NCUT_SITE = `北方工业大学${CERT}考核站点`;
const EXPORT_HEADER = ['所属考试计划', '所属考场地点', '所属院校', '考场名称', '考场类型', '考位数', '考场地址', '详细地址', '本次组织考试的证书', '状态'];

let server, admin, org, other, ustb, ncut, colleges, cert, plan, site, ncutSite, student;

// Moves the manual clock and signs everyone in again (sessions may lapse across a jump).
async function at(now) {
  const res = await admin.put('/api/v1/system/clock', { now });
  assert.equal(res.status, 200, res.text);
  admin = await server.login('admin');
  org = await server.login('zhonglian');
  other = await server.login('hongke');
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
}

// The rows of one named sheet of a workbook (sheetRows reads the first).
function sheetNamed(buffer, sheet) {
  const dir = mkdtempSync(join(tmpdir(), 'kaowu-rooms-'));
  try {
    writeFileSync(join(dir, 'file.xlsx'), buffer);
    return execFileSync(BIN, ['sheet', 'cat', '--sheet', sheet, join(dir, 'file.xlsx')]).toString().trim().split('\n').map((l) => l.split('\t'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const roomBody = (extra = {}) => ({
  planId: plan.id, siteId: site.id, certificateId: cert.id, name: '模拟考场', types: ['机考', '笔试'], seats: 20,
  region: '北京市北京市朝阳区', address: '浦东园', ...extra,
});

// Puts a candidate in a room for the plan's first subject (08:00–09:00 on 2021-09-18).
async function arrange(roomId, seatNo) {
  const placed = await admin.post('/api/v1/system/fixtures/arrangements', {
    planId: plan.id, studentId: student.id, subjectId: cert.levels[0].subjects[seatNo - 1].id, collegeId: colleges.ustb,
    roomId, siteId: site.id, seatNo,
  });
  assert.equal(placed.status, 201, placed.text);
  return placed.json;
}

before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  await at('2021-08-20 09:00:00');
  const orgs = (await admin.get('/api/v1/organizations?type=college')).json.items;
  colleges = { ustb: orgs.find((o) => o.name === '北京科技大学').id, ncut: orgs.find((o) => o.name === '北方工业大学').id };
  const made = await org.post('/api/v1/certificates', {
    code: '50000002', name: CERT,
    levels: [{ level: '初级', subjects: [
      { code: '50000002202', name: '网店运营推广(实操)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60 },
      { code: '50000002203', name: '网店运营推广(理论)', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 },
    ] }],
    majors: ['电子商务'],
  });
  assert.equal(made.status, 201, made.text);
  cert = made.json;
  const created = await org.post('/api/v1/plans', {
    name: PLAN, mode: 'certificate',
    windows: {
      registrationStart: '2021-09-01 00:00', registrationEnd: '2021-09-10 18:00',
      arrangingStart: '2021-09-05 00:00', arrangingEnd: '2021-09-15 18:00',
      scoreStart: '2021-09-19 00:00', scoreEnd: '2021-09-25 18:00',
      publicityStart: '2021-09-26 00:00', publicityEnd: '2021-10-05 18:00',
    },
    levelIds: [cert.levels[0].id],
    subjects: [
      { subjectId: cert.levels[0].subjects[0].id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' },
      { subjectId: cert.levels[0].subjects[1].id, start: '2021-09-18 09:30', end: '2021-09-18 10:30' },
    ],
    collegeIds: [colleges.ustb, colleges.ncut],
  });
  assert.equal(created.status, 201, created.text);
  assert.equal((await org.post(`/api/v1/plans/${created.json.id}/publish`, {})).status, 200);
  plan = created.json;
  for (const [client, region] of [[ustb, '北京市北京市海淀区'], [ncut, '北京市北京市石景山区']]) {
    const applied = await client.post('/api/v1/sites', { certificateId: cert.id, region, address: '学院路30号' });
    assert.equal(applied.status, 201, applied.text);
    assert.equal((await org.post(`/api/v1/sites/${applied.json.id}/approve`, {})).status, 200);
    if (client === ustb) site = applied.json; else ncutSite = applied.json;
  }
  student = (await ustb.post('/api/v1/students', { name: '王小二', idNumber: '110101199003070011', type: '院校考生', major: '电子商务' })).json;
  await at('2021-09-06 10:00:00');
});
after(async () => { await server?.stop(); });

test('the add form offers the college its running plans, their certificates and its approved sites', async () => {
  const options = (await ustb.get('/api/v1/rooms/options')).json;
  assert.deepEqual(options.types, ['笔试', '机考', '实操', '笔试+实操', '机考+实操']);
  assert.equal(options.plans.length, 1);
  assert.equal(options.plans[0].name, PLAN);
  assert.deepEqual(options.plans[0].certificates.map((c) => [c.name, c.sites.map((s) => s.name)]), [[CERT, [USTB_SITE]]]);
  assert.equal((await org.get('/api/v1/rooms/options')).status, 403, 'only colleges add rooms');
});

test('ROOM-2 a room nobody is arranged in (未排考): every field editable, delete allowed; inputs checked', async () => {
  const added = await ustb.post('/api/v1/rooms', roomBody());
  assert.equal(added.status, 201, added.text);
  const room = added.json;
  assert.equal(room.statusName, '未排考');
  assert.equal(room.typesText, '笔试, 机考', 'types in the fixed order, joined as the seed shows');
  assert.equal(room.siteName, USTB_SITE);
  assert.equal(room.collegeName, '北京科技大学');
  assert.equal(room.certificateName, CERT);
  const cases = [
    [roomBody({ name: '另一个', seats: 0 }), 400, '考位数须为 1 到 999 之间的整数'],
    [roomBody({ name: '另一个', seats: 1000 }), 400, '考位数须为 1 到 999 之间的整数'],
    [roomBody({ name: '另一个', siteId: ncutSite.id }), 400, '考场地点须为本院校的考核站点'],
    [roomBody({ name: '另一个', types: ['面试'] }), 400, '考场类型「面试」不正确，可选：笔试、机考、实操、笔试+实操、机考+实操'],
    [roomBody({ name: '另一个', types: [] }), 400, '请选择考场类型'],
    [roomBody({ name: '另一个', region: '' }), 400, '请选择考场地址（省市区）'],
    [roomBody(), 409, '考场名称「模拟考场」在该考试计划的该考场地点已存在'],
  ];
  for (const [body, status, message] of cases) {
    const res = await ustb.post('/api/v1/rooms', body);
    assert.equal(res.status, status, message + ' ' + res.text);
    assert.equal(res.json.error.message, message);
  }
  const ncutTry = await ncut.post('/api/v1/rooms', roomBody({ name: '北工考场' }));
  assert.equal(ncutTry.status, 400, '北京科技大学\'s site is not 北方工业大学\'s');
  assert.equal(ncutTry.json.error.message, '考场地点须为本院校的考核站点');

  // Visibility: the college and the plan's organisation see it; nobody else.
  assert.equal((await ncut.get(`/api/v1/rooms/${room.id}`)).status, 404);
  assert.equal((await ncut.get('/api/v1/rooms')).json.total, 0);
  assert.equal((await org.get(`/api/v1/rooms/${room.id}`)).json.name, '模拟考场');
  assert.equal((await other.get(`/api/v1/rooms/${room.id}`)).status, 404);
  assert.equal((await org.put(`/api/v1/rooms/${room.id}`, { seats: 30, version: room.version })).status, 403);

  const edited = await ustb.put(`/api/v1/rooms/${room.id}`, {
    name: '第一考场', types: ['机考+实操'], seats: 5, region: '北京市北京市西城区', address: '位秋村', version: room.version,
  });
  assert.equal(edited.status, 200, edited.text);
  assert.deepEqual([edited.json.name, edited.json.typesText, edited.json.seats, edited.json.region, edited.json.address],
    ['第一考场', '机考+实操', 5, '北京市北京市西城区', '位秋村']);
  const stale = await ustb.put(`/api/v1/rooms/${room.id}`, { seats: 6, version: room.version });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.error.message, '该考场信息已被他人修改，请刷新后重试');
  assert.equal((await ncut.del(`/api/v1/rooms/${room.id}?version=${edited.json.version}`)).status, 404);
  // A delete names the version it was shown: without one it is refused, with an old one it is
  // 409 (the room was edited since), and nothing is deleted.
  const blind = await ustb.del(`/api/v1/rooms/${room.id}`);
  assert.equal(blind.status, 400);
  assert.equal(blind.json.error.message, '请带上删除前看到的版本号（version），以免删掉他人刚修改过的内容');
  const outdated = await ustb.del(`/api/v1/rooms/${room.id}?version=${room.version}`);
  assert.equal(outdated.status, 409);
  assert.equal(outdated.json.error.message, '考场「第一考场」已被他人修改，请刷新后再删除');
  assert.equal((await ustb.get(`/api/v1/rooms/${room.id}`)).status, 200, 'still there');
  assert.equal((await ustb.del(`/api/v1/rooms/${room.id}?version=${edited.json.version}`)).status, 204);
  assert.equal((await ustb.get(`/api/v1/rooms/${room.id}`)).status, 404);
  const log = (await admin.get(`/api/v1/audit-logs?entity=room&pageSize=10`)).json.items.map((e) => e.summary);
  assert.deepEqual(log.slice(0, 3), ['删除考场「第一考场」', '修改考场「第一考场」', '新增考场「模拟考场」']);
});

test('a delete racing an edit of the same version: exactly one of them wins', async () => {
  for (let round = 0; round < 8; round++) {
    const room = (await ustb.post('/api/v1/rooms', roomBody({ name: `竞争考场${round}` }))).json;
    const [edit, del] = await Promise.all([
      ustb.put(`/api/v1/rooms/${room.id}`, { seats: 40 + round, version: room.version }),
      ustb.del(`/api/v1/rooms/${room.id}?version=${room.version}`),
    ]);
    const edited = edit.status === 200, deleted = del.status === 204;
    assert.ok(edited !== deleted, `round ${round}: edit ${edit.status} ${edit.text}, delete ${del.status} ${del.text}`);
    const after = await ustb.get(`/api/v1/rooms/${room.id}`);
    assert.equal(after.status, deleted ? 404 : 200);
    if (edited) {
      assert.equal(del.status, 409);
      assert.equal(del.json.error.message, `考场「竞争考场${round}」已被他人修改，请刷新后再删除`);
      assert.equal(after.json.seats, 40 + round, 'the edit the user saw succeed is there');
      assert.equal((await ustb.del(`/api/v1/rooms/${room.id}?version=${after.json.version}`)).status, 204);
    }
  }
});

test('ROOM-3 a room being arranged (排考中): only 考位数, only upwards; delete refused; 已结束 after the last exam', async () => {
  const room = (await ustb.post('/api/v1/rooms', roomBody({ name: '中联考场', seats: 10 }))).json;
  const spare = (await ustb.post('/api/v1/rooms', roomBody({ name: '备用考场', seats: 10 }))).json;
  await arrange(room.id, 1);
  await arrange(room.id, 2);
  const arranged = (await ustb.get(`/api/v1/rooms/${room.id}`)).json;
  assert.equal(arranged.statusName, '排考中');
  assert.equal(arranged.arranged, 2);

  const rename = await ustb.put(`/api/v1/rooms/${room.id}`, { name: '改名考场', address: '别处', seats: 12, version: arranged.version });
  assert.equal(rename.status, 409);
  assert.equal(rename.json.error.message, '考场「中联考场」已有考生排考（排考中），只能修改考位数，不能修改考场名称、详细地址');
  const fewer = await ustb.put(`/api/v1/rooms/${room.id}`, { seats: 9, version: arranged.version });
  assert.equal(fewer.status, 409);
  assert.equal(fewer.json.error.message, '考场「中联考场」已有考生排考（排考中），考位数只能增加，不能少于原来的 10 个');
  // The form sends every field back unchanged with the new seat count.
  const more = await ustb.put(`/api/v1/rooms/${room.id}`, { ...roomBody({ name: '中联考场', seats: 15 }), version: arranged.version });
  assert.equal(more.status, 200, more.text);
  assert.equal(more.json.seats, 15);
  // The web form of a room being arranged sends only 考位数 and version (a stored 考场地址 the
  // picker does not know is then never sent back).
  const onlySeats = await ustb.put(`/api/v1/rooms/${room.id}`, { seats: 15, version: more.json.version });
  assert.equal(onlySeats.status, 200, onlySeats.text);
  assert.deepEqual([onlySeats.json.seats, onlySeats.json.name, onlySeats.json.region, onlySeats.json.address, onlySeats.json.typesText],
    [15, '中联考场', '北京市北京市朝阳区', '浦东园', '笔试, 机考']);

  const del = await ustb.del(`/api/v1/rooms/${room.id}?version=${onlySeats.json.version}`);
  assert.equal(del.status, 409);
  assert.equal(del.json.error.message, '考场「中联考场」已有考生排考（排考中），不能删除');
  const batch = await ustb.post('/api/v1/rooms/batch-delete', {
    items: [{ id: room.id, version: onlySeats.json.version }, { id: spare.id, version: spare.version }, { id: 999999, version: 1 }],
  });
  assert.equal(batch.status, 200, batch.text);
  assert.equal(batch.json.done, 1);
  assert.deepEqual(batch.json.refused, [
    { id: room.id, name: '中联考场', reason: '考场「中联考场」已有考生排考（排考中），不能删除' },
    { id: 999999, name: '', reason: '考场不存在或无权查看' },
  ]);
  assert.equal((await ustb.get(`/api/v1/rooms/${spare.id}`)).status, 404, 'the 未排考 one went');

  const names = async (status) => {
    const res = await ustb.get(`/api/v1/rooms?status=${status}`);
    assert.equal(res.status, 200, res.text);
    return res.json.items.map((r) => r.name);
  };
  assert.deepEqual(await names('arranging'), ['中联考场']);
  assert.deepEqual(await names('unarranged'), []);

  // The last exam in the room (subject 2) ends 2021-09-18 10:30.
  await at('2021-09-18 10:29:59');
  assert.equal((await ustb.get(`/api/v1/rooms/${room.id}`)).json.statusName, '排考中');
  assert.deepEqual(await names('arranging'), ['中联考场']);
  await at('2021-09-18 10:30:01');
  const ended = (await ustb.get(`/api/v1/rooms/${room.id}`)).json;
  assert.equal(ended.statusName, '已结束');
  assert.deepEqual(await names('finished'), ['中联考场']);
  assert.deepEqual(await names('arranging'), []);
  const locked = await ustb.put(`/api/v1/rooms/${room.id}`, { seats: 20, version: ended.version });
  assert.equal(locked.status, 409);
  assert.equal(locked.json.error.message, '考场「中联考场」已结束，不能修改');
  assert.equal((await ustb.del(`/api/v1/rooms/${room.id}?version=${ended.version}`)).json.error.message, '考场「中联考场」已结束，不能删除');
});

const csvLine = (cells) => cells.join(',') + '\r\n';
const good = [
  [PLAN, USTB_SITE, '北京科技大学', '一号考场', '笔试', '30', '北京市北京市海淀区', '学院路30号 机电楼101', CERT],
  [PLAN, USTB_SITE, '', '二号考场', '机考, 机考+实操', '40', '北京市北京市海淀区', '学院路30号 机电楼102', CERT],
  [PLAN, USTB_SITE, '', '三号考场', '实操', '25', '北京市北京市海淀区', '学院路30号 机电楼103', CERT],
  [PLAN, USTB_SITE, '', '四号考场', '笔试+实操', '999', '北京市北京市海淀区', '学院路30号 机电楼104', CERT],
  [PLAN, USTB_SITE, '', '五号考场', '笔试，机考', '1', '北京市北京市海淀区', '学院路30号 机电楼105', CERT],
];
const bad = [
  ['2099年不存在的考试计划', USTB_SITE, '', '六号考场', '笔试', '30', '北京市北京市海淀区', '主楼', CERT],
  [PLAN, NCUT_SITE, '', '七号考场', '笔试', '30', '北京市北京市石景山区', '主楼', CERT],
  [PLAN, USTB_SITE, '', '八号考场', '笔试', '0', '北京市北京市海淀区', '主楼', CERT],
];

async function upload(rows) {
  const header = EXPORT_HEADER.slice(0, 9);
  const csv = csvLine(header) + rows.map((r) => csvLine(r.map((c) => (c.includes(',') ? `"${c}"` : c)))).join('');
  const started = await ustb.request('POST', `/api/v1/rooms/import?fileName=${encodeURIComponent('考场.csv')}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(ustb, started.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  return job;
}

test('ROOM-1 import from the template: good rows kept, bad rows returned with reasons, no duplicates on re-import', async () => {
  // Rooms are added before the plan's first exam (15.3).
  await at('2021-09-17 10:00:00');
  const template = await ustb.get('/api/v1/rooms/template');
  assert.equal(template.status, 200);
  const rows = sheetRows(template.buffer);
  assert.deepEqual(rows[0], ['*所属考试计划', '*所属考场地点', '所属院校', '*考场名称', '*考场类型', '*考位数', '*考场地址', '*详细地址', '*本次组织考试的证书']);
  // ROOM-1 (review #5): the template is the college's own: its plans, sites and certificates as
  // dropdowns, its name as the example.
  assert.deepEqual(rows[1].filter((_, i) => [0, 1, 2, 8].includes(i)), [PLAN, USTB_SITE, '北京科技大学', CERT]);
  const guide = Object.fromEntries(sheetNamed(template.buffer, '填写说明').map((r) => [r[0], r[3] ?? '']));
  assert.equal(guide['所属考试计划'], PLAN);
  assert.equal(guide['所属考场地点'], USTB_SITE);
  assert.equal(guide['本次组织考试的证书'], CERT);
  const ncutTemplate = sheetRows((await ncut.get('/api/v1/rooms/template')).buffer);
  assert.deepEqual(ncutTemplate[1].filter((_, i) => [0, 1, 2].includes(i)), [PLAN, NCUT_SITE, '北方工业大学']);
  const before = (await ustb.get('/api/v1/rooms')).json.total;
  const job = await upload([...good, ...bad]);
  assert.deepEqual([job.result.total, job.result.succeeded, job.result.failed], [8, 5, 3]);
  const failures = sheetRows((await ustb.get(`/api/v1/files/${job.resultFileId}/download`)).buffer);
  assert.deepEqual(failures[0], [...EXPORT_HEADER.slice(0, 9), '失败原因']);
  assert.deepEqual(failures.slice(1).map((r) => r[9]), [
    '第 7 行：考试计划「2099年不存在的考试计划」不存在或本院校未参加',
    '第 8 行：考场地点须为本院校的考核站点',
    '第 9 行：考位数须为 1 到 999 之间的整数',
  ]);
  const list = (await ustb.get('/api/v1/rooms?pageSize=50')).json;
  assert.equal(list.total, before + 5);
  const second = list.items.find((r) => r.name === '二号考场');
  assert.deepEqual([second.typesText, second.seats, second.statusName], ['机考, 机考+实操', 40, '未排考']);
  assert.equal(list.items.find((r) => r.name === '五号考场').typesText, '笔试, 机考');
  const records = (await ustb.get('/api/v1/import-records?type=rooms')).json;
  assert.deepEqual([records.items[0].succeeded, records.items[0].failed], [5, 3]);

  // The same rows again: updated in place, nothing added.
  const changed = good.map((r) => [...r]);
  changed[0][5] = '35';
  const again = await upload(changed);
  assert.deepEqual([again.result.succeeded, again.result.failed], [5, 0]);
  const after = (await ustb.get('/api/v1/rooms?pageSize=50')).json;
  assert.equal(after.total, before + 5);
  assert.equal(after.items.find((r) => r.name === '一号考场').seats, 35);
  // AUD-1 (review #10): each imported room is in the audit trail, an overwrite with before/after.
  const audit = (await admin.get('/api/v1/audit-logs?entity=room&pageSize=100')).json.items;
  const first = after.items.find((r) => r.name === '一号考场');
  const overwrite = audit.filter((e) => e.action === 'update' && e.entityId === String(first.id));
  assert.equal(overwrite.length, 1);
  assert.equal(overwrite[0].summary, '导入修改考场「一号考场」');
  assert.equal(overwrite[0].orgName, '北京科技大学');
  assert.deepEqual([overwrite[0].before.seats, overwrite[0].after.seats], [30, 35]);
  const added = audit.filter((e) => e.action === 'create' && e.summary.startsWith('导入新增考场'));
  assert.deepEqual(added.map((e) => e.summary).sort(), good.map((r) => `导入新增考场「${r[3]}」`).sort());
  // A room already arranged is not changed by an import.
  const arranged = after.items.find((r) => r.name === '中联考场');
  const refused = await upload([[PLAN, USTB_SITE, '', '中联考场', '笔试', '50', '北京市北京市海淀区', '主楼', CERT]]);
  assert.equal(refused.result.failed, 1);
  const reason = sheetRows((await ustb.get(`/api/v1/files/${refused.resultFileId}/download`)).buffer)[1][9];
  assert.equal(reason, '第 2 行：考场「中联考场」排考中，不能通过导入修改');
  assert.equal((await ustb.get(`/api/v1/rooms/${arranged.id}`)).json.seats, 15);
});

test('15.6 a room row with several problems lists them all; a file with only the header says which row is the header', async () => {
  const job = await upload([['', USTB_SITE, '别的学校', '九号考场', '笔试', '0', '北京市北京市海淀区', '主楼', CERT]]);
  assert.equal(job.result.failed, 1);
  const reason = sheetRows((await ustb.get(`/api/v1/files/${job.resultFileId}/download`)).buffer)[1][9];
  assert.equal(reason, '第 2 行：请填写所属考试计划；所属院校须为本院校「北京科技大学」；考位数须为 1 到 999 之间的整数');
  const empty = await ustb.request('POST', `/api/v1/rooms/import?fileName=${encodeURIComponent('空.csv')}`,
    { raw: Buffer.from(csvLine(EXPORT_HEADER.slice(0, 9))), headers: { 'Content-Type': 'application/octet-stream' } });
  const refused = await waitForJob(ustb, empty.json.job.id);
  assert.equal(refused.state, 'failed');
  assert.equal(refused.error, '文件中没有数据行（第 1 行是表头），请在表头下逐行填写后再上传');
});

test('ROOM-1 export: the ticked rows, or all rows matching the filter, with the seed\'s ten columns', async () => {
  const list = (await ustb.get('/api/v1/rooms?pageSize=50')).json.items;
  const cells = (r) => [r.planName, r.siteName, r.collegeName, r.name, r.typesText, String(r.seats), r.region, r.address, r.certificateName, r.statusName];
  const all = sheetRows((await ustb.get('/api/v1/rooms/export')).buffer);
  assert.deepEqual(all[0], EXPORT_HEADER);
  assert.deepEqual(all.slice(1), list.map(cells));
  const picked = [list[1], list[3]];
  const ticked = sheetRows((await ustb.get(`/api/v1/rooms/export?ids=${picked.map((r) => r.id).join(',')}`)).buffer);
  assert.deepEqual(ticked.slice(1), picked.map(cells));
  const filtered = (await ustb.get(`/api/v1/rooms?type=${encodeURIComponent('机考')}`)).json.items;
  assert.deepEqual(filtered.map((r) => r.name).sort(), ['中联考场', '二号考场', '五号考场'].sort(), '机考 does not match 机考+实操 alone');
  const byType = sheetRows((await ustb.get(`/api/v1/rooms/export?type=${encodeURIComponent('机考')}`)).buffer);
  assert.deepEqual(byType.slice(1), filtered.map(cells));
  const orgView = (await org.get('/api/v1/rooms?pageSize=50')).json;
  assert.equal(orgView.total, list.length, 'the organisation sees the rooms of its plan');
  assert.equal((await other.get('/api/v1/rooms')).json.total, 0);
  assert.equal(sheetRows((await other.get('/api/v1/rooms/export')).buffer).length, 1);
});

test('15.5 a room\'s 考场地址 is a 省/市/区 of the server\'s list, stored as the names joined, in the form and in an import', async () => {
  await at('2021-09-17 10:00:00');
  const how = '考场地址须为 省/市/区 格式，如 浙江省/杭州市/西湖区（直辖市如 北京市/北京市/朝阳区）';
  const bad = await ustb.post('/api/v1/rooms', roomBody({ name: '地区考场', region: '北京朝阳' }));
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.message, `${how}；「北京朝阳」不在全国省市区列表中`);
  assert.equal(bad.json.error.details.field, 'region');
  const cityOnly = await ustb.post('/api/v1/rooms', roomBody({ name: '地区考场', region: '浙江省杭州市' }));
  assert.equal(cityOnly.status, 400);
  assert.equal(cityOnly.json.error.message, `${how}；「浙江省杭州市」不在全国省市区列表中`);
  const made = await ustb.post('/api/v1/rooms', roomBody({ name: '地区考场', region: '浙江省/杭州市/西湖区' }));
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.region, '浙江省杭州市西湖区');
  const moved = await ustb.put(`/api/v1/rooms/${made.json.id}`, { region: '北京市海淀区', version: made.json.version });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.region, '北京市北京市海淀区');

  // The template says how to write it; an import row with a region the list lacks names the format.
  const template = await ustb.get('/api/v1/rooms/template');
  const guide = Object.fromEntries(sheetNamed(template.buffer, '填写说明').map((r) => [r[0], r.slice(1).join(' ')]));
  assert.match(guide['考场地址'], /省\/市\/区 格式.*浙江省\/杭州市\/西湖区/);
  const job = await upload([
    [PLAN, USTB_SITE, '', '地区考场二', '笔试', '30', '湖北省/武汉市/洪山区', '主楼', CERT],
    [PLAN, USTB_SITE, '', '地区考场三', '笔试', '30', '海淀区', '主楼', CERT],
  ]);
  assert.deepEqual([job.result.succeeded, job.result.failed], [1, 1]);
  const reason = sheetRows((await ustb.get(`/api/v1/files/${job.resultFileId}/download`)).buffer)[1][9];
  assert.equal(reason, `第 3 行：${how}；「海淀区」不在全国省市区列表中`);
  const imported = (await ustb.get(`/api/v1/rooms?name=${encodeURIComponent('地区考场二')}`)).json.items;
  assert.deepEqual(imported.map((r) => r.region), ['湖北省武汉市洪山区']);
});

test('ROOM filters (review #13/#14): unknown filter values and oversized batch deletes are refused with a reason', async () => {
  const cases = [
    ['status=foo', '考场状态须为 unarranged（未排考）、arranging（排考中）或 finished（已结束）'],
    ['planId=abc', '考试计划参数格式不正确'],
    ['siteId=1x', '考场地点参数格式不正确'],
    [`type=${encodeURIComponent('面试')}`, '考场类型须为 笔试、机考、实操、笔试+实操、机考+实操 之一'],
    [`type=${encodeURIComponent('%')}`, '考场类型须为 笔试、机考、实操、笔试+实操、机考+实操 之一'],
  ];
  for (const [query, message] of cases) {
    for (const path of ['/api/v1/rooms', '/api/v1/rooms/export']) {
      const res = await ustb.get(`${path}?${query}`);
      assert.equal(res.status, 400, `${path}?${query} ${res.text}`);
      assert.equal(res.json.error.message, message);
    }
  }
  // The state by its Chinese name works as well as by its code; LIKE wildcards match themselves.
  const arranging = (await ustb.get('/api/v1/rooms?status=arranging')).json.total;
  assert.equal((await ustb.get(`/api/v1/rooms?status=${encodeURIComponent('排考中')}`)).json.total, arranging);
  assert.equal((await ustb.get(`/api/v1/rooms?name=${encodeURIComponent('%')}`)).json.total, 0);
  assert.equal((await ustb.get(`/api/v1/rooms?name=${encodeURIComponent('_号考场')}`)).json.total, 0);

  const many = await ustb.post('/api/v1/rooms/batch-delete', { items: Array.from({ length: 1001 }, (_, i) => ({ id: i + 1, version: 1 })) });
  assert.equal(many.status, 400, many.text);
  assert.equal(many.json.error.message, '一次最多删除 1000 条，当前选择了 1001 条，请分批删除');
  const unversioned = await ustb.post('/api/v1/rooms/batch-delete', { ids: [1, 2] });
  assert.equal(unversioned.status, 400);
  assert.equal(unversioned.json.error.message, '请勾选要删除的考场');
  const atCap = await ustb.post('/api/v1/rooms/batch-delete', { items: Array.from({ length: 1000 }, (_, i) => ({ id: 900000 + i, version: 1 })) });
  assert.equal(atCap.status, 200, atCap.text);
  assert.equal(atCap.json.refused.length, 1000);
});

test('ROOM-1 import (review #11): a plan name shared by two plans is refused; the template\'s numbered label picks one', async () => {
  const twin = await org.post('/api/v1/plans', {
    name: PLAN, mode: 'certificate',
    windows: {
      registrationStart: '2021-09-19 00:00', registrationEnd: '2021-09-20 18:00',
      arrangingStart: '2021-09-19 00:00', arrangingEnd: '2021-09-21 18:00',
      scoreStart: '2021-09-23 00:00', scoreEnd: '2021-09-24 18:00',
      publicityStart: '2021-09-25 00:00', publicityEnd: '2021-10-05 18:00',
    },
    levelIds: [cert.levels[0].id],
    subjects: [
      { subjectId: cert.levels[0].subjects[0].id, start: '2021-09-22 08:00', end: '2021-09-22 09:00' },
      { subjectId: cert.levels[0].subjects[1].id, start: '2021-09-22 09:30', end: '2021-09-22 10:30' },
    ],
    collegeIds: [colleges.ustb],
  });
  assert.equal(twin.status, 201, twin.text);
  assert.equal((await org.post(`/api/v1/plans/${twin.json.id}/publish`, {})).status, 200);
  const labels = [`${PLAN}（编号 ${plan.id}）`, `${PLAN}（编号 ${twin.json.id}）`];
  const template = (await ustb.get('/api/v1/rooms/template')).buffer;
  const guide = Object.fromEntries(sheetNamed(template, '填写说明').map((r) => [r[0], r[3] ?? '']));
  assert.deepEqual(guide['所属考试计划'].split('、').sort(), [...labels].sort());

  const refused = await upload([[PLAN, USTB_SITE, '', '双胞胎考场', '笔试', '30', '北京市北京市海淀区', '主楼', CERT]]);
  assert.equal(refused.result.failed, 1);
  const reason = sheetRows((await ustb.get(`/api/v1/files/${refused.resultFileId}/download`)).buffer)[1][9];
  assert.equal(reason, `第 2 行：考试计划名称「${PLAN}」对应 2 个考试计划，请从模板的下拉列表中选择带编号的计划`);
  const picked = await upload([[labels[1], USTB_SITE, '', '双胞胎考场', '笔试', '30', '湖北省武汉市洪山区', '主楼', CERT]]);
  assert.deepEqual([picked.result.succeeded, picked.result.failed], [1, 0]);
  const rooms = (await ustb.get(`/api/v1/rooms?planId=${twin.json.id}`)).json.items;
  assert.deepEqual(rooms.map((r) => [r.name, r.planId, r.region]), [['双胞胎考场', twin.json.id, '湖北省武汉市洪山区']]);
});

test('15.3 rooms are added only before the plan\'s first exam; after its last exam every room is 已结束, arranged or not', async () => {
  const spare = await ustb.post('/api/v1/rooms', roomBody({ name: '备用考场' }));
  assert.equal(spare.status, 201, spare.text);
  await at('2021-09-18 08:00:00');
  const late = await ustb.post('/api/v1/rooms', roomBody({ name: '考试开始后' }));
  assert.equal(late.status, 409);
  assert.equal(late.json.error.message, `考试计划「${PLAN}」的考试已于 2021-09-18 08:00:00 开始，不能再新增考场`);
  assert.equal((await ustb.get(`/api/v1/rooms/${spare.json.id}`)).json.statusName, '未排考', 'still 未排考 during the exams');
  await at('2021-09-18 10:30:00');
  const over = (await ustb.get(`/api/v1/rooms/${spare.json.id}`)).json;
  assert.equal(over.statusName, '已结束', 'nobody sat in it, and it is over');
  assert.ok((await ustb.get('/api/v1/rooms?status=finished&pageSize=50')).json.items.some((r) => r.id === spare.json.id));
  const edit = await ustb.put(`/api/v1/rooms/${spare.json.id}`, { seats: 40, version: over.version });
  assert.equal(edit.json.error.message, '考场「备用考场」已结束，不能修改');
  assert.equal((await ustb.del(`/api/v1/rooms/${spare.json.id}?version=${over.version}`)).json.error.message, '考场「备用考场」已结束，不能删除');
});

test('rooms of a plan that has ended are 已结束 and can no longer be changed or deleted', async () => {
  await at('2021-10-06 09:00:00');
  const items = (await ustb.get('/api/v1/rooms?pageSize=50')).json.items;
  assert.ok(items.length > 0);
  assert.ok(items.every((r) => r.statusName === '已结束'));
  assert.equal((await ustb.get('/api/v1/rooms?status=unarranged')).json.total, 0);
  assert.equal((await ustb.get('/api/v1/rooms?status=finished')).json.total, items.length);
  const one = items.find((r) => r.name === '一号考场');
  assert.equal((await ustb.del(`/api/v1/rooms/${one.id}?version=${one.version}`)).status, 409);
  assert.deepEqual((await ustb.get('/api/v1/rooms/options')).json.plans, []);
  const late = await ustb.post('/api/v1/rooms', roomBody({ name: '太晚了' }));
  assert.equal(late.status, 409);
  assert.equal(late.json.error.message, `考试计划「${PLAN}」的考试已结束，不能再设置考场`);
});
