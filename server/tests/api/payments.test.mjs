// 缴费管理 (seed 5.2.7): PAY-1 generate by certificate or by subject, PAY-2 batch confirm by the
// organisation, PAY-3 delete only 待确认; export, the payment notice PDF, the confirm/delete race.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sheetRows } from './support/harness.mjs';

function withFile(buffer, name, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'kaowu-pay-'));
  try {
    writeFileSync(join(dir, name), buffer);
    return fn(join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const pdfText = (buffer) => withFile(buffer, 'notice.pdf', (p) => execFileSync('pdftotext', ['-layout', p, '-']).toString());

let server, admin, org, hongke, ustb, ncut, cert, colleges, plans, students;

// Valid 身份证号 (GB 11643 check digits).
const ID_NUMBERS = ['110101199003071030', '110101199003071057', '110101199003071073', '11010119900307109X',
  '110101199003071110', '110101199003071137', '110101199003071153'];

const setClock = async (now) => {
  const res = await admin.put('/api/v1/system/clock', { now });
  assert.equal(res.status, 200, res.text);
  // Sessions age with the clock: sign in again after each jump.
  admin = await server.login('admin');
  org = await server.login('zhonglian');
  hongke = await server.login('hongke');
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
};

const windows = {
  registrationStart: '2021-09-01 00:00', registrationEnd: '2021-09-10 18:00',
  arrangingStart: '2021-09-11 00:00', arrangingEnd: '2021-09-15 18:00',
  scoreStart: '2021-09-19 00:00', scoreEnd: '2021-09-25 18:00',
  publicityStart: '2021-09-26 00:00', publicityEnd: '2021-10-05 18:00',
};

const planBody = (name, mode) => {
  const level = cert.levels[0];
  return {
    name, mode, windows, levelIds: [level.id],
    subjects: [
      { subjectId: level.subjects[0].id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' },
      { subjectId: level.subjects[1].id, start: '2021-09-18 09:30', end: '2021-09-18 10:30' },
    ],
    collegeIds: [colleges.ustb, colleges.ncut],
  };
};

async function makePlan(name, mode) {
  const res = await org.post('/api/v1/plans', planBody(name, mode));
  assert.equal(res.status, 201, res.text);
  const published = await org.post(`/api/v1/plans/${res.json.id}/publish`, {});
  assert.equal(published.status, 200, published.text);
  return res.json;
}

async function addStudent(client, name, idNumber) {
  const res = await client.post('/api/v1/students', { name, idNumber, type: '院校考生', major: '电子商务' });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

// Registers through the registrations API: the whole level (按证书) or the given subjects (按科目).
async function register(client, plan, student, subjectIds) {
  const body = subjectIds
    ? { planId: plan.id, studentId: student.id, subjectIds }
    : { planId: plan.id, studentId: student.id, levelId: cert.levels[0].id };
  const res = await client.post('/api/v1/registrations', body);
  assert.equal(res.status, 201, res.text);
}

async function registrationsOf(client, plan) {
  const res = await client.get(`/api/v1/registrations?planId=${plan.id}&pageSize=100`);
  assert.equal(res.status, 200, res.text);
  return res.json.items;
}

const generate = (client, plan, mode = plan.mode) =>
  client.post('/api/v1/payments', { planId: plan.id, certificateId: cert.id, mode });

before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  await setClock('2021-08-20 09:00:00');
  const orgs = (await admin.get('/api/v1/organizations?type=college')).json.items;
  colleges = { ustb: orgs.find((o) => o.name === '北京科技大学').id, ncut: orgs.find((o) => o.name === '北方工业大学').id };
  const made = await org.post('/api/v1/certificates', {
    code: '50000002', name: '网店运营推广职业技能等级证书',
    levels: [{ level: '初级', fee: '240', subjects: [
      { code: '50000002202', name: '网店运营推广(实操)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60, fee: '120' },
      { code: '50000002203', name: '网店运营推广(理论)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60, fee: '100' },
    ] }],
    majors: ['电子商务'],
  });
  assert.equal(made.status, 201, made.text);
  cert = made.json;
  plans = {
    byCert: await makePlan('2021年9月第一批网店考试', 'certificate'),
    bySubject: await makePlan('2021年9月第二批网店考试', 'subject'),
  };
  await setClock('2021-09-02 09:00:00');
  students = [];
  for (let i = 0; i < 5; i++) students.push(await addStudent(ustb, `学生${i + 1}`, ID_NUMBERS[i]));
  students.push(await addStudent(ncut, '北方学生', ID_NUMBERS[5]));
  for (const s of students.slice(0, 3)) await register(ustb, plans.byCert, s);
  await register(ncut, plans.byCert, students[5]);
  const [sub1, sub2] = cert.levels[0].subjects.map((s) => s.id);
  await register(ustb, plans.bySubject, students[0], [sub1]);
  await register(ustb, plans.bySubject, students[1], [sub1, sub2]);
});
after(async () => { await server?.stop(); });

test('PAY-1 the generate dialogs offer only plans in their registration phase, with their mode', async () => {
  const { plans: offered } = (await ustb.get('/api/v1/payments/options')).json;
  assert.deepEqual(offered.map((p) => [p.name, p.mode]).sort(),
    [['2021年9月第一批网店考试', 'certificate'], ['2021年9月第二批网店考试', 'subject']]);
  assert.deepEqual(offered[0].certificates.map((c) => c.name), ['网店运营推广职业技能等级证书']);
  assert.equal((await org.get('/api/v1/payments/options')).status, 403, 'organisations do not generate');
});

test('PAY-1 by certificate: every unpaid registration of the college, once; students x level fee', async () => {
  const res = await generate(ustb, plans.byCert);
  assert.equal(res.status, 201, res.text);
  const a = res.json;
  assert.match(a.number, /^210902\d{4}$/);
  assert.equal(a.headCount, 3);
  assert.equal(a.amount, '720.00');
  assert.equal(a.amountInWords, '柒佰贰拾元整');
  assert.equal(a.modeName, '按证书缴费');
  assert.equal(a.statusName, '待确认');
  assert.equal(a.payeeName, '中联集团教育科技有限公司');
  assert.equal(a.collegeName, '北京科技大学');
  assert.equal(a.lines.length, 3, 'one line per student and level, not per subject');
  assert.deepEqual(a.lines.map((l) => l.fee), ['240.00', '240.00', '240.00']);

  const again = await generate(ustb, plans.byCert);
  assert.equal(again.status, 409, 'double generation takes nobody twice');
  assert.equal(again.json.error.message,
    '「网店运营推广职业技能等级证书」没有可生成缴费申请单的报考记录：本院校在该计划下的报考都已缴费或已在其他缴费申请单中');

  const wrongMode = await generate(ustb, plans.byCert, 'subject');
  assert.equal(wrongMode.status, 409);
  assert.equal(wrongMode.json.error.message, '考试计划「2021年9月第一批网店考试」为按证书报考，请使用“按证书报考生生成缴费申请单”');

  // A student registered later goes into a new application of their own.
  await register(ustb, plans.byCert, students[3]);
  const later = await generate(ustb, plans.byCert);
  assert.equal(later.status, 201, later.text);
  assert.equal(later.json.headCount, 1);
  assert.notEqual(later.json.number, a.number);

  // The other college's registrations are its own business.
  const theirs = await generate(ncut, plans.byCert);
  assert.equal(theirs.status, 201, theirs.text);
  assert.equal(theirs.json.headCount, 1);
  assert.equal((await ncut.get(`/api/v1/payments/${a.id}`)).status, 404);
  assert.equal((await ncut.get('/api/v1/payments')).json.total, 1);
});

test('PAY-1 by subject: the sum of the subjects\' fees; head count is distinct students', async () => {
  const res = await generate(ustb, plans.bySubject);
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.headCount, 2);
  assert.equal(res.json.amount, '340.00', '120 + 120 + 100');
  assert.equal(res.json.modeName, '按科目缴费');
  assert.deepEqual(res.json.lines.map((l) => l.subjectName).sort(),
    ['网店运营推广(实操)', '网店运营推广(实操)', '网店运营推广(理论)']);
});

test('PAY-1 only inside the registration window: the second before its end and at its end', async () => {
  await register(ustb, plans.byCert, students[4]);
  await setClock('2021-09-10 17:59:59');
  const inside = await generate(ustb, plans.byCert);
  assert.equal(inside.status, 201, inside.text);
  assert.equal((await ustb.del(`/api/v1/payments/${inside.json.id}?version=${inside.json.version}`)).status, 204);
  await setClock('2021-09-10 18:00:00');
  const after = await generate(ustb, plans.byCert);
  assert.equal(after.status, 409);
  assert.equal(after.json.error.message, '考试计划「2021年9月第一批网店考试」不在报考阶段，不能生成缴费申请单');
  assert.deepEqual((await ustb.get('/api/v1/payments/options')).json.plans, []);
  await setClock('2021-09-02 10:00:00');
});

test('PAY-3 only 待确认 applications can be deleted; deleting releases their registrations', async () => {
  const mine = (await ustb.get('/api/v1/payments?mode=certificate')).json.items;
  const pending = mine.find((a) => a.headCount === 1 && a.status === 'pending');
  const at = `/api/v1/payments/${pending.id}?version=${pending.version}`;
  assert.equal((await org.del(at)).status, 403, 'the organisation cannot delete');
  assert.equal((await ncut.del(at)).status, 404, 'another college cannot see it');
  const outdated = await ustb.del(`/api/v1/payments/${pending.id}?version=${pending.version - 1}`);
  assert.equal(outdated.status, 409);
  assert.equal(outdated.json.error.message, `缴费申请单 ${pending.number} 已被他人修改，请刷新后再删除`);
  assert.equal((await ustb.del(at)).status, 204);
  assert.equal((await ustb.get(`/api/v1/payments/${pending.id}`)).status, 404);
  // Released: the next generation takes them again (student 4 and the late student 5).
  const again = await generate(ustb, plans.byCert);
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.headCount, 2);

  const audit = (await admin.get('/api/v1/audit-logs?entity=payment')).json.items;
  assert.ok(audit.some((e) => e.summary === `删除缴费申请单 ${pending.number}`), 'deletion audited');
});

test('PAY-2 the organisation confirms in batch; registrations become 已缴费 and cannot be deleted', async () => {
  const mine = (await ustb.get('/api/v1/payments?mode=certificate&pageSize=50')).json.items;
  const ids = mine.map((a) => a.id);
  assert.equal((await ustb.post('/api/v1/payments/confirm', { ids })).status, 403, 'a college cannot confirm');
  const other = await hongke.post('/api/v1/payments/confirm', { ids: [ids[0]] });
  assert.equal(other.status, 200);
  assert.equal(other.json.done, 0, 'an application addressed to another organisation is not found');
  assert.equal((await hongke.get('/api/v1/payments')).json.total, 0);

  const seen = (await org.get('/api/v1/payments?pageSize=50')).json;
  assert.equal(seen.total, 4, 'the organisation sees every college\'s applications to it');
  const res = await org.post('/api/v1/payments/confirm', { ids });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.done, ids.length);
  // 15.12: logged as 确认缴费, which the audit page's 操作类型 filter offers.
  const confirmed = (await admin.get('/api/v1/audit-logs?action=confirm&entity=payment')).json.items;
  assert.equal(confirmed.length, ids.length);
  assert.ok(confirmed.every((e) => e.actionName === '确认缴费'));
  const twice = await org.post('/api/v1/payments/confirm', { ids: [ids[0]] });
  assert.equal(twice.json.done, 0);
  assert.equal(twice.json.refused[0].name, mine.find((a) => a.id === ids[0]).number);
  assert.match(twice.json.refused[0].reason, /已确认，无需重复确认$/);

  for (const a of mine) {
    const detail = (await ustb.get(`/api/v1/payments/${a.id}`)).json;
    assert.equal(detail.statusName, '已确认');
    assert.ok(detail.confirmedAt);
    const gone = await ustb.del(`/api/v1/payments/${a.id}?version=${detail.version}`);
    assert.equal(gone.status, 409);
    assert.equal(gone.json.error.message, `缴费申请单 ${a.number} 已确认缴费，不能删除`);
  }
  const regs = await registrationsOf(ustb, plans.byCert);
  assert.equal(regs.length, 10, 'five students x two subjects');
  for (const r of regs) {
    assert.equal(r.paidName ?? (r.paid ? '已缴费' : '未缴费'), '已缴费');
    const del = await ustb.del(`/api/v1/registrations/${r.id}?version=${r.version}`);
    assert.equal(del.status, 409, 'REG-4: a paid registration stays');
  }
});

test('PAY-2 a confirm racing a delete: exactly one wins and nothing is half done', async () => {
  const [sub1] = cert.levels[0].subjects.map((s) => s.id);
  let raced = 0;
  for (let round = 0; round < 4; round++) {
    await register(ustb, plans.bySubject, students[2 + (round % 3)], [sub1]).catch(() => {});
    const made = await generate(ustb, plans.bySubject);
    if (made.status !== 201) continue;
    const id = made.json.id;
    raced++;
    const [del, conf] = await Promise.all([
      ustb.del(`/api/v1/payments/${id}?version=${made.json.version}`),
      org.post('/api/v1/payments/confirm', { ids: [id] }),
    ]);
    const deleted = del.status === 204, confirmed = conf.json?.done === 1;
    assert.ok(deleted !== confirmed, `round ${round}: delete ${del.status}, confirm ${conf.text}`);
    const after = await ustb.get(`/api/v1/payments/${id}`);
    if (deleted) {
      assert.equal(after.status, 404);
      assert.match(conf.json.refused[0].reason, /不存在，可能已被院校删除$/);
    } else {
      assert.equal(del.status, 409);
      assert.equal(after.json.status, 'confirmed');
    }
  }
  assert.ok(raced >= 3, `raced ${raced} times`);
});

test('批量导出缴费申请单: checked rows or all, the seed\'s columns, cells equal the list', async () => {
  const list = (await ustb.get('/api/v1/payments?pageSize=100')).json.items;
  const all = await ustb.get('/api/v1/payments/export');
  assert.equal(all.status, 200, all.text);
  const rows = sheetRows(all.buffer);
  assert.deepEqual(rows[0], ['缴费单号', '缴费院校', '缴费人数', '申请时间', '收费对象', '缴费方式', '缴费状态']);
  assert.deepEqual(rows.slice(1), list.map((a) => [a.number, a.collegeName, String(a.headCount), a.appliedAt, a.payeeName, a.modeName, a.statusName]));
  const picked = await ustb.get(`/api/v1/payments/export?ids=${list[1].id}`);
  assert.deepEqual(sheetRows(picked.buffer).slice(1).map((r) => r[0]), [list[1].number]);
  const foreign = (await ncut.get(`/api/v1/payments/export?ids=${list[1].id}`));
  assert.equal(sheetRows(foreign.buffer).length, 1, 'another college exports nothing of ours');
});

test('the payment notice PDF shows number, college, payee, lines and the total in figures and capitals', async () => {
  const a = (await ustb.get('/api/v1/payments?mode=subject&status=pending')).json.items.at(-1)
    ?? (await ustb.get('/api/v1/payments?mode=subject')).json.items.at(-1);
  const res = await ustb.get(`/api/v1/payments/${a.id}/notice`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), /filename\*=UTF-8''/);
  const text = pdfText(res.buffer);
  for (const want of ['缴费通知单', a.number, '北京科技大学', '中联集团教育科技有限公司', a.amount, a.amountInWords, '网店运营推广(实操)']) {
    assert.ok(text.includes(want), `notice shows ${want}:\n${text}`);
  }
  assert.equal((await ncut.get(`/api/v1/payments/${a.id}/notice`)).status, 404);
});

test('15.15 the notice names the payee\'s account (户名, 开户行, 账号, kept with the organisation) and has a stamp area', async () => {
  const payee = (await admin.get('/api/v1/organizations?type=org&pageSize=50')).json.items.find((o) => o.name === '中联集团教育科技有限公司');
  const saved = await admin.put(`/api/v1/organizations/${payee.id}`, {
    name: payee.name, region: payee.region, contactName: payee.contactName, contactPhone: payee.contactPhone,
    bankAccountName: '中联集团教育科技有限公司', bankName: '中国建设银行北京朝阳支行', bankAccount: '1100 1234 5678 0000 0001',
    enabled: true, version: payee.version,
  });
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json.bankName, '中国建设银行北京朝阳支行');
  const bad = await admin.put(`/api/v1/organizations/${payee.id}`, { ...saved.json, bankAccount: '账号123', version: saved.json.version });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.message, '收款账号只能包含数字、空格和 -');
  const a = (await ustb.get('/api/v1/payments?mode=subject')).json.items.at(-1);
  const text = pdfText((await ustb.get(`/api/v1/payments/${a.id}/notice`)).buffer);
  for (const want of ['收款账户', '户名', '中国建设银行北京朝阳支行', '1100 1234 5678 0000 0001', '缴费院校（盖章）', '经办人签字']) {
    assert.ok(text.includes(want), `notice shows ${want}:\n${text}`);
  }
});

test('registrations hold their student and plan: no deleting the student, removing the college or cancelling the plan', async () => {
  const gone = await ustb.del(`/api/v1/students/${students[0].id}?version=${students[0].version}`);
  assert.equal(gone.status, 409);
  assert.match(gone.json.error.message, /^考生「学生1」已有 \d+ 条报考记录，不能删除；请先在报考管理中删除其报考记录$/);

  const plan = (await org.get(`/api/v1/plans/${plans.byCert.id}`)).json;
  const body = { ...planBody(plan.name, plan.mode), collegeIds: [colleges.ustb], version: plan.version };
  const removed = await org.put(`/api/v1/plans/${plan.id}`, body);
  assert.equal(removed.status, 409, removed.text);
  assert.equal(removed.json.error.message, '参考院校「北方工业大学」已有 2 条报考记录，不能移出考试计划');

  const cancelled = await org.post(`/api/v1/plans/${plan.id}/cancel`, {});
  assert.equal(cancelled.status, 409);
  assert.match(cancelled.json.error.message, /^考试计划已有 \d+ 条报考记录，不能取消；请先由院校删除报考记录$/);
  assert.equal((await org.get(`/api/v1/plans/${plan.id}`)).json.status, 'published');
});

test('PAY-2 applications are addressed to the payee 收费对象: it sees and confirms them; the plan\'s organisation only looks', async () => {
  const hongkeOrg = (await admin.get('/api/v1/organizations?type=org&pageSize=50')).json.items.find((o) => o.name.includes('鸿科'));
  await setClock('2021-08-21 09:00:00');
  const res = await org.post('/api/v1/plans', { ...planBody('2021年9月代收费考试', 'certificate'), payeeOrgId: hongkeOrg.id });
  assert.equal(res.status, 201, res.text);
  assert.equal((await org.post(`/api/v1/plans/${res.json.id}/publish`, {})).status, 200);
  const plan = res.json;
  await setClock('2021-09-03 09:00:00');
  await register(ustb, plan, students[0]);
  const made = await generate(ustb, plan);
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.payeeName, hongkeOrg.name);
  const id = made.json.id;

  assert.equal((await hongke.get(`/api/v1/payments/${id}`)).status, 200, 'the payee sees it');
  assert.equal((await org.get(`/api/v1/payments/${id}`)).status, 200, 'the plan\'s organisation sees it');
  const byPlanOrg = await org.post('/api/v1/payments/confirm', { ids: [id] });
  assert.equal(byPlanOrg.json.done, 0);
  assert.equal(byPlanOrg.json.refused[0].name, made.json.number);
  assert.equal(byPlanOrg.json.refused[0].reason, `缴费申请单 ${made.json.number} 的收费对象是「${hongkeOrg.name}」，请由收费对象确认缴费`);
  const byPayee = await hongke.post('/api/v1/payments/confirm', { ids: [id] });
  assert.equal(byPayee.json.done, 1, byPayee.text);
  assert.equal((await ustb.get(`/api/v1/payments/${id}`)).json.statusName, '已确认');
});
