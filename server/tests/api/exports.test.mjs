// Exports: up to --export-direct-rows records answer the .xlsx at once; more run as an "export"
// job owned by the caller whose result file is the workbook (seed: 若未选择…则默认导出全部数据).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitForJob, BIN } from './support/harness.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// The rows of an exported workbook, read by `kaowu sheet cat` as an import would read them.
function sheetRows(buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'kaowu-sheet-'));
  try {
    writeFileSync(join(dir, 'export.xlsx'), buffer);
    return execFileSync(BIN, ['sheet', 'cat', join(dir, 'export.xlsx')]).toString().trim().split('\n').map((l) => l.split('\t'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A valid 身份证号 (GB 11643 check digit) for a man born 1990-03-07, numbered `n`.
function idNumber(n) {
  const body = '11010119900307' + String(n * 2 + 1).padStart(3, '0');
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

function fileName(res) {
  const header = res.headers.get('content-disposition') || '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(header);
  return m ? decodeURIComponent(m[1]) : '';
}

let server, ustb, ncut;
const ids = [];

async function addStudents(count, major) {
  for (let i = 0; i < count; i++) {
    const n = ids.length;
    const res = await ustb.post('/api/v1/students', { name: `考生${String(n + 1).padStart(2, '0')}`, idNumber: idNumber(n), type: '院校考生', major });
    assert.equal(res.status, 201, res.text);
    ids.push(res.json.id);
  }
}

before(async () => {
  server = await startServer({ args: ['--export-direct-rows', '5'] });
  const admin = await server.login('admin');
  assert.equal((await admin.put('/api/v1/system/clock', { now: '2026-03-09 10:20:30' })).status, 200);
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
});
after(async () => { await server?.stop(); });

test('export: up to the threshold the export answers the workbook directly', async () => {
  await addStudents(5, '电子商务');
  const res = await ustb.get('/api/v1/students/export');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('content-type'), XLSX);
  assert.equal(fileName(res), '考生信息_20260309102030.xlsx');
  const rows = sheetRows(res.buffer);
  assert.equal(rows.length, 6);
  assert.deepEqual(rows.slice(1).map((r) => r[1]), ['考生01', '考生02', '考生03', '考生04', '考生05']);
});

test('EXP-1 export: above the threshold the export runs as a job with progress; its file holds every row, masked', async () => {
  await addStudents(7, '市场营销');
  const res = await ustb.get('/api/v1/students/export');
  assert.equal(res.status, 202, res.text);
  assert.equal(res.json.job.type, 'export');
  assert.equal(res.json.job.typeName, '导出');
  assert.ok(['queued', 'running', 'succeeded'].includes(res.json.job.state), res.text);
  const job = await waitForJob(ustb, res.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.equal(job.progress, 100);
  assert.equal(job.message, '已完成');
  assert.deepEqual(job.result, { rows: 12 });
  assert.equal(job.resultFileName, '考生信息_20260309102030.xlsx');
  const file = await ustb.get(`/api/v1/files/${job.resultFileId}/download`);
  assert.equal(file.status, 200);
  assert.equal(fileName(file), '考生信息_20260309102030.xlsx');
  const rows = sheetRows(file.buffer);
  assert.equal(rows.length, 13);
  assert.deepEqual(rows[0], ['考生编号', '姓名', '性别', '身份证号', '考生类型', '专业', '班级', '手机号码']);
  assert.equal(rows[12][1], '考生12');
  assert.equal(rows[12][3], idNumber(11).slice(0, 6) + '*****' + idNumber(11).slice(12), '身份证号 masked as in a direct export');

  // The job and its file belong to the college that asked for them.
  assert.equal((await ncut.get(`/api/v1/jobs/${job.id}`)).status, 404);
  assert.equal((await ncut.get(`/api/v1/files/${job.resultFileId}/download`)).status, 404);
  assert.equal((await ncut.get('/api/v1/jobs')).json.items.some((j) => j.id === job.id), false);
});

test('export: the filter decides the count: a filtered export at or under the threshold is direct', async () => {
  const direct = await ustb.get(`/api/v1/students/export?major=${encodeURIComponent('电子商务')}`);
  assert.equal(direct.status, 200, direct.text);
  assert.equal(sheetRows(direct.buffer).length, 6);
  const queued = await ustb.get(`/api/v1/students/export?major=${encodeURIComponent('市场营销')}&name=${encodeURIComponent('考生')}`);
  assert.equal(queued.status, 202, queued.text);
  const job = await waitForJob(ustb, queued.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.deepEqual(job.result, { rows: 7 });
  const rows = sheetRows((await ustb.get(`/api/v1/files/${job.resultFileId}/download`)).buffer);
  assert.deepEqual(rows.slice(1).map((r) => r[5]), Array(7).fill('市场营销'), 'the job applies the filter of the request');
  // Another college's export of the same filter counts only its own students.
  const theirs = await ncut.get(`/api/v1/students/export?major=${encodeURIComponent('市场营销')}`);
  assert.equal(theirs.status, 200);
  assert.equal(sheetRows(theirs.buffer).length, 1);
});

test('export: checked ids above the threshold also go through the job, only those rows', async () => {
  const chosen = [ids[1], ids[3], ids[6], ids[8], ids[10], ids[11]];
  const res = await ustb.get(`/api/v1/students/export?ids=${chosen.join(',')}`);
  assert.equal(res.status, 202, res.text);
  const job = await waitForJob(ustb, res.json.job.id);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  const rows = sheetRows((await ustb.get(`/api/v1/files/${job.resultFileId}/download`)).buffer);
  assert.deepEqual(rows.slice(1).map((r) => r[1]), ['考生02', '考生04', '考生07', '考生09', '考生11', '考生12']);
  const few = await ustb.get(`/api/v1/students/export?ids=${chosen.slice(0, 5).join(',')}`);
  assert.equal(few.status, 200, 'five ticked rows answer directly');
  assert.equal(sheetRows(few.buffer).length, 6);
  // Ticking another college's students finds nothing of theirs: 6 ids of ustb count 0 for ncut.
  const foreign = await ncut.get(`/api/v1/students/export?ids=${chosen.join(',')}`);
  assert.equal(foreign.status, 200);
  assert.equal(sheetRows(foreign.buffer).length, 1);
});

test('export: a bad filter or bad ids is refused before any job is queued', async () => {
  const before = (await ustb.get('/api/v1/jobs')).json.total;
  const badIds = await ustb.get('/api/v1/students/export?ids=1,x');
  assert.equal(badIds.status, 400);
  assert.equal(badIds.json.error.message, '勾选的记录编号不正确');
  const badFilter = await ustb.get('/api/v1/registrations/export?status=bogus');
  assert.equal(badFilter.status, 400, badFilter.text);
  assert.equal((await ustb.get('/api/v1/jobs')).json.total, before);
});

test('export: every export is in the audit trail with who, how many rows and ticked or filtered', async () => {
  const admin = await server.login('admin');
  const before = (await admin.get('/api/v1/audit-logs?action=export&entity=student&pageSize=100')).json.total;
  const direct = await ustb.get(`/api/v1/students/export?major=${encodeURIComponent('电子商务')}`);
  assert.equal(direct.status, 200);
  const queued = await ustb.get(`/api/v1/students/export?ids=${ids.slice(0, 6).join(',')}`);
  assert.equal(queued.status, 202);
  const log = (await admin.get('/api/v1/audit-logs?action=export&entity=student&pageSize=100')).json;
  assert.equal(log.total, before + 2);
  const [job, filtered] = log.items;  // newest first
  assert.equal(filtered.summary, '导出考生信息 5 条（符合查询条件的全部）');
  assert.equal(filtered.username, 'ustb');
  assert.equal(filtered.actionName, '导出');
  assert.equal(filtered.after.query.major, '电子商务');
  assert.equal(job.summary, '导出考生信息 6 条（勾选的记录）');
  assert.equal(job.entityId, String(queued.json.job.id));
  assert.equal(job.after.ticked, 6);
  // A refused export leaves no entry.
  assert.equal((await ustb.get('/api/v1/students/export?ids=1,x')).status, 400);
  assert.equal((await admin.get('/api/v1/audit-logs?action=export&entity=student&pageSize=100')).json.total, before + 2);
});
