// Uploads made to hurt: small files that expand to gigabytes, files with more rows than an import
// takes, cells longer than a spreadsheet holds, and an instance killed in the middle of an import.
// Each is refused with a reason or imported, with the server's memory bounded by a budget that
// does not depend on the file, and nothing half-written left behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { startServer, waitForJob, idNumber, memory, sheetRows, ENGINE } from './support/harness.mjs';

const HEADER = '考生编号,姓名,性别,身份证号,考生类型,专业,班级,手机号码';
const HEADER_CELLS = HEADER.split(',');
// What one import may add to the server's memory, whatever the file (the budget).
const BUDGET_MB = 128;

let server, ustb;

before(async () => {
  server = await startServer({ args: ['--job-workers', '1'] });
  ustb = await server.login('ustb');
});
after(async () => { await server?.stop(); });

// An .xlsx from its parts (zipped by Python's standard library, as a user's tool would).
function xlsx(sheetXml, sharedXml) {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const parts = {
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns="${ns}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      '<sheets><sheet name="考生" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet xmlns="${ns}"><sheetData>${sheetXml}</sheetData></worksheet>`,
    'xl/sharedStrings.xml': `<?xml version="1.0"?><sst xmlns="${ns}">${sharedXml}</sst>`,
  };
  const script = 'import sys, json, zipfile, io\n' +
    'parts = json.load(sys.stdin)\nout = io.BytesIO()\n' +
    'with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:\n' +
    '    for name, text in parts.items(): z.writestr(name, text)\n' +
    'sys.stdout.buffer.write(out.getvalue())\n';
  return execFileSync('python3', ['-c', script], { input: JSON.stringify(parts), maxBuffer: 1 << 28 });
}

// The header row of the students template, as inline strings.
function headerRow() {
  return '<row r="1">' + HEADER_CELLS.map((h) => `<c t="inlineStr"><is><t>${h}</t></is></c>`).join('') + '</row>';
}

// Uploads `bytes` as a roster import and waits for the job, measuring the server's peak memory
// over the run against what it held before.
async function importMeasured(bytes, name) {
  const pid = server.child.pid;
  const before = memory.read(pid);
  memory.resetPeak(pid);
  const started = await ustb.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent(name)}`,
    { raw: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(ustb, started.json.job.id, 120000);
  const peak = memory.read(pid).peak;
  console.log(`${name}: ${bytes.length} bytes, idle ${before.rss.toFixed(1)} MB, peak ${peak.toFixed(1)} MB (+${(peak - before.rss).toFixed(1)} MB), ${job.state}`);
  return { job, grew: peak - before.rss, before: before.rss, peak };
}

async function studentCount() {
  return (await ustb.get('/api/v1/students?pageSize=1')).json.total;
}

test('a workbook whose rows each have one cell in column XFD is read without keeping 16,384 cells a row', async () => {
  let rows = headerRow();
  for (let r = 2; r <= 20001; r++) rows += `<row r="${r}"><c r="XFD${r}" t="s"><v>0</v></c></row>`;
  const file = xlsx(rows, '<si><t>王小二</t></si>');
  assert.ok(file.length < 200 * 1024, `a small upload (${file.length} bytes)`);
  const { job, grew } = await importMeasured(file, 'xfd.xlsx');
  assert.equal(job.state, 'failed', JSON.stringify(job));
  assert.equal(job.error, '文件中没有数据行（第 1 行是表头），请在表头下逐行填写后再上传');
  assert.ok(grew < BUDGET_MB, `peak memory grew by ${grew.toFixed(1)} MB`);
});

test('a workbook whose cells all point to one long shared string is refused by its expanded size', async () => {
  const long = '字'.repeat(30000); // 90,000 bytes, under a cell's 32,767 characters
  let rows = headerRow();
  for (let r = 2; r <= 12001; r++) rows += `<row r="${r}"><c r="B${r}" t="s"><v>0</v></c><c r="F${r}" t="s"><v>0</v></c></row>`;
  const file = xlsx(rows, `<si><t>${long}</t></si>`);
  assert.ok(file.length < 200 * 1024, `a small upload (${file.length} bytes)`);
  const { job, grew } = await importMeasured(file, 'sst.xlsx');
  assert.equal(job.state, 'failed', JSON.stringify(job));
  assert.equal(job.error, '文件展开后超过 256 MB，请删除无关内容或拆分后再上传');
  assert.equal(await studentCount(), 0);
  assert.ok(grew < BUDGET_MB, `peak memory grew by ${grew.toFixed(1)} MB`);
});

test('a 16 MB CSV of refused rows is read in batches and its failure file streamed', async () => {
  const lines = [HEADER];
  // Every row has a wrong check digit (…0011 is right): all come back in the failure file.
  const rows = 190000;
  for (let i = 0; i < rows; i++) lines.push(`,考生${i},男,110101199003070012,院校考生,电子商务,营销2101,13800138000`);
  const csv = Buffer.from(lines.join('\n') + '\n');
  assert.ok(csv.length > 16e6, `${csv.length} bytes`);
  const { job, grew } = await importMeasured(csv, '大名单.csv');
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.deepEqual([job.result.total, job.result.succeeded, job.result.failed], [rows, 0, rows]);
  assert.ok(grew < BUDGET_MB, `peak memory grew by ${grew.toFixed(1)} MB`);
  const failures = await ustb.get(`/api/v1/files/${job.resultFileId}/download`);
  assert.equal(failures.status, 200);
  const cells = sheetRows(failures.buffer);
  assert.equal(cells.length, rows + 1);
  assert.deepEqual(cells[0], [...HEADER_CELLS, '失败原因']);
  assert.match(cells[1].at(-1), /^第 2 行：身份证号/);
});

test('a CSV of a million rows is refused at the row limit, named in the message, with nothing written', async () => {
  const chunks = [HEADER + '\n'];
  for (let i = 0; i < 1000000; i++) chunks.push(`,考生${i},男,${idNumber(i % 5000)},院校考生,电子商务,,\n`);
  const csv = Buffer.from(chunks.join(''));
  const { job, grew } = await importMeasured(csv, '百万行.csv');
  assert.equal(job.state, 'failed', JSON.stringify(job));
  assert.equal(job.error, '数据行数超过上限 200000 行（不含表头），请拆分成几个文件分别导入');
  assert.equal(await studentCount(), 0);
  assert.ok(grew < BUDGET_MB, `peak memory grew by ${grew.toFixed(1)} MB`);
});

test('a cell longer than a spreadsheet cell holds refuses the file with its row, and writes nothing', async () => {
  const csv = `${HEADER}\n,李四,女,${idNumber(1)},院校考生,电子商务,,\n,王五,男,${idNumber(2)},院校考生,电子商务,,\n` +
    `,${'长'.repeat(40000)},男,${idNumber(3)},院校考生,电子商务,,\n`;
  const started = await ustb.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent('长.csv')}`,
    { raw: Buffer.from(csv), headers: { 'Content-Type': 'application/octet-stream' } });
  const job = await waitForJob(ustb, started.json.job.id);
  assert.equal(job.state, 'failed', JSON.stringify(job));
  assert.equal(job.error, '第 4 行有单元格内容过长（超过 32767 个字符），请删减后再上传');
  assert.equal(await studentCount(), 0, 'the two good rows were not written either');
  const records = (await ustb.get('/api/v1/import-records?type=students')).json;
  assert.ok(records.items.every((r) => r.fileName !== '长.csv'), 'no import record claims rows were imported');
});

test('kill -9 in the middle of an import leaves nothing written; the next start marks the job failed and removes the upload', async () => {
  const killed = await startServer({ args: ['--job-workers', '1'] });
  const college = await killed.login('ustb');
  const lines = [HEADER];
  for (let i = 0; i < 50000; i++) lines.push(`,考生${i},,${idNumber(i)},院校考生,电子商务,,`);
  const started = await college.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent('五万.csv')}`,
    { raw: Buffer.from(lines.join('\n')), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(started.status, 202, started.text);
  const id = started.json.job.id;
  // Kill it once rows are being written.
  for (const until = Date.now() + 60000; ;) {
    const job = (await college.get(`/api/v1/jobs/${id}`)).json;
    if (job.state !== 'queued' && /已处理/.test(job.message)) break;
    assert.notEqual(job.state, 'succeeded', 'the import finished before it could be killed');
    assert.ok(Date.now() < until, 'the import did not start writing: ' + JSON.stringify(job));
    await new Promise((r) => setTimeout(r, 20));
  }
  await killed.kill();

  const again = await startServer({ args: ['--job-workers', '1'], existing: killed });
  try {
    const college2 = await again.login('ustb');
    const job = (await college2.get(`/api/v1/jobs/${id}`)).json;
    assert.equal(job.state, 'failed', 'marked at start-up, not a minute later: ' + JSON.stringify(job));
    assert.equal(job.error, '任务执行被中断（服务重启或异常退出），请重新提交');
    assert.equal((await college2.get('/api/v1/students?pageSize=1')).json.total, 0, 'no student of the file is visible');
    assert.equal((await college2.get('/api/v1/import-records?type=students')).json.total, 0);
    const uploads = ENGINE === 'postgresql'
      ? execFileSync('psql', [again.db, '-qAtc', "SELECT COUNT(*) FROM files WHERE purpose = 'import_upload'"]).toString().trim()
      : execFileSync('sqlite3', [again.db, "SELECT COUNT(*) FROM files WHERE purpose = 'import_upload'"]).toString().trim();
    assert.equal(uploads, '0', 'the uploaded names and ID numbers are not kept');
    assert.deepEqual(readdirSync(again.dir).filter((f) => f.startsWith('kaowu-')), [], 'no temporary file of the killed instance is left');
  } finally {
    await again.stop();
  }
});

test('one account cannot flood the shared job queue with exports: at most 3 waiting, and a rate per minute', async () => {
  // No job workers: every queued export stays queued.
  const flood = await startServer({ args: ['--job-workers', '0', '--export-direct-rows', '0', '--export-rate', '5'] });
  try {
    const college = await flood.login('ustb');
    const other = await flood.login('ncut');
    for (const [client, id] of [[college, idNumber(11)], [other, idNumber(12)]]) {
      const created = await client.post('/api/v1/students', { name: '王小二', idNumber: id, type: '院校考生', major: '电子商务' });
      assert.equal(created.status, 201, created.text);
    }
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await college.get('/api/v1/students/export'));
    assert.deepEqual(answers.map((r) => r.status), [202, 202, 202, 429, 429, 429]);
    assert.equal(answers[3].json.error.message, '您已有 3 个导出任务在排队或进行中，请等它们完成后再导出');
    assert.equal(answers[5].json.error.message, '导出过于频繁：每个账号每分钟最多导出 5 次，请稍后再试');
    const theirs = await other.get('/api/v1/students/export');
    assert.equal(theirs.status, 202, 'another college is not held back: ' + theirs.text);
  } finally {
    await flood.stop();
  }
});
