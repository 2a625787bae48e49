// Registrations import end to end on SQLite: the real server, an .xlsx of N rows (written by
// openpyxl, as an exam officer's Excel file would be) uploaded by a college into a plan open for
// registration (by certificate, two subjects per row), timed from the upload to the end of the
// job. References measured in the same run: ExcelJS's streaming reader parsing the same file
// (bench/sheets), and the roster import of the same N students.
//   node bench/registrations/import_bench.mjs [rows]
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitForJob } from '../../server/tests/api/support/harness.mjs';

// CSV in, .xlsx out, through openpyxl's write-only mode (Debian's python3-openpyxl).
const TO_XLSX = `
import csv, sys, openpyxl
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("报考信息")
with open(sys.argv[1], encoding="utf-8") as f:
    for row in csv.reader(f):
        ws.append(row)
wb.save(sys.argv[2])
`;

const rows = Number(process.argv[2] ?? 100000);

function idNumber(i) {
  const birth = new Date(Date.UTC(1980, 0, 1) + Math.floor(i / 900) * 86400e3).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `110102${birth}${String(100 + (i % 900)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, k) => s + Number(d) * weights[k], 0);
  return body + '10X98765432'[sum % 11];
}

async function timedImport(client, path, body, fileName = 'bench.csv') {
  const t0 = performance.now();
  const started = await client.request('POST', `${path}${path.includes('?') ? '&' : '?'}fileName=${fileName}`,
    { raw: Buffer.from(body), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(client, started.json.job.id, 3600e3);
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  return { seconds, result: job.result };
}

const work = mkdtempSync(join(tmpdir(), 'kaowu-bench-reg-'));
const server = await startServer({ loginRate: 1e6 });
try {
  const admin = await server.login('admin');
  await admin.put('/api/v1/system/clock', { now: '2021-08-20 09:00:00' });
  const org = await server.login('zhonglian');
  const colleges = (await (await server.login('admin')).get('/api/v1/organizations?type=college')).json.items;
  const ustbId = colleges.find((o) => o.name === '北京科技大学').id;
  const cert = (await org.post('/api/v1/certificates', {
    code: '50000002', name: '网店运营推广职业技能等级证书', majors: ['电子商务'],
    levels: [{ level: '初级', subjects: [
      { code: '50000002202', name: '网店运营推广(实操)', mode: '机考+实操', durationMinutes: 60, fullMark: 100, passMark: 60 },
      { code: '50000002203', name: '网店运营推广(理论)', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 },
    ] }],
  })).json;
  const plan = (await org.post('/api/v1/plans', {
    name: '基准测试考试计划', mode: 'certificate', levelIds: [cert.levels[0].id], collegeIds: [ustbId],
    windows: {
      registrationStart: '2021-09-01 00:00', registrationEnd: '2021-09-10 18:00', arrangingStart: '2021-09-05 00:00',
      arrangingEnd: '2021-09-15 18:00', scoreStart: '2021-09-19 00:00', scoreEnd: '2021-09-25 18:00',
      publicityStart: '2021-09-26 00:00', publicityEnd: '2021-10-05 18:00',
    },
    subjects: [
      { subjectId: cert.levels[0].subjects[0].id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' },
      { subjectId: cert.levels[0].subjects[1].id, start: '2021-09-18 09:30', end: '2021-09-18 10:30' },
    ],
  })).json;
  await org.post(`/api/v1/plans/${plan.id}/publish`, {});
  await admin.put('/api/v1/system/clock', { now: '2021-09-02 09:00:00' });
  const ustb = await server.login('ustb');

  const students = [];
  for (let i = 0; i < rows; i++) students.push({ no: `2021${String(i).padStart(8, '0')}`, name: `考生${i}`, idNumber: idNumber(i) });
  const roster = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码\n' +
    students.map((s) => `${s.no},${s.name},,${s.idNumber},院校考生,电子商务,,`).join('\n') + '\n';
  const reference = await timedImport(ustb, '/api/v1/students/import', roster);
  assert.equal(reference.result.succeeded, rows);

  const label = '网店运营推广职业技能等级证书(初级)';
  const csv = '考生编号,身份证号,姓名,证书等级\n' +
    students.map((s, i) => (i % 2 ? `${s.no},,${s.name},${label}` : `,${s.idNumber},${s.name},${label}`)).join('\n') + '\n';
  writeFileSync(join(work, 'registrations.csv'), csv);
  const xlsx = join(work, 'registrations.xlsx');
  execFileSync('/usr/bin/python3', ['-c', TO_XLSX, join(work, 'registrations.csv'), xlsx]);

  const t0 = performance.now();
  const parsed = execFileSync(process.execPath, ['bench/sheets/exceljs_read.cjs', xlsx]).toString().trim();
  const exceljs = (performance.now() - t0) / 1000;
  assert.equal(parsed.split(' ')[0], String(rows + 1), parsed);

  const measured = await timedImport(ustb, `/api/v1/registrations/import?mode=certificate&planId=${plan.id}`,
    readFileSync(xlsx), 'bench.xlsx');
  assert.equal(measured.result.succeeded, rows, JSON.stringify(measured.result));
  const total = (await ustb.get('/api/v1/registrations?pageSize=1')).json.total;
  assert.equal(total, rows * 2);

  const rate = (seconds) => Math.round(rows / seconds);
  console.log(`rows=${rows} registrations_written=${total}  file ${(readFileSync(xlsx).length / 1e6).toFixed(1)} MB (.xlsx by openpyxl)`);
  console.log(`registrations import, end to end:  ${measured.seconds.toFixed(1)} s  ${rate(measured.seconds)} rows/s`);
  console.log(`ExcelJS parse of the same file:    ${exceljs.toFixed(1)} s  ${rate(exceljs)} rows/s`);
  console.log(`students import (same rows, CSV):  ${reference.seconds.toFixed(1)} s  ${rate(reference.seconds)} rows/s`);
  console.log(`ratio import / ExcelJS parse: ${(measured.seconds / exceljs).toFixed(2)}   ratio registrations / students: ${(measured.seconds / reference.seconds).toFixed(2)}`);
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
