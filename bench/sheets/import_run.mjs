// The 100k-row roster import end to end: a fresh kaowu server (SQLite, manual clock, demo
// accounts), the college ustb uploads FILE to POST /api/v1/students/import, the job is polled
// until it ends. Prints "wall-seconds server-CPU-seconds succeeded failed server-peak-RSS-MB".
//   node bench/sheets/import_run.mjs FILE.xlsx        (KAOWU_BIN names the binary)
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { startServer, waitForJob } from '../../server/tests/api/support/harness.mjs';

const file = process.argv[2];
const bytes = readFileSync(file);
const server = await startServer();
try {
  const ustb = await server.login('ustb');
  // utime + stime of the server, in clock ticks (100 a second on Linux).
  const cpu = () => readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
    .slice(11, 13).reduce((a, b) => a + Number(b), 0) / 100;
  const cpuBefore = cpu();
  const started = Date.now();
  const res = await ustb.request('POST', `/api/v1/students/import?fileName=${encodeURIComponent(basename(file))}`,
    { raw: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
  if (res.status !== 202) throw new Error(`upload refused: ${res.status} ${res.text}`);
  const job = await waitForJob(ustb, res.json.job.id, 30 * 60 * 1000);
  const seconds = (Date.now() - started) / 1000;
  const cpuSeconds = cpu() - cpuBefore;
  if (job.state !== 'succeeded') throw new Error('import failed: ' + JSON.stringify(job));
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
  console.log(`${seconds.toFixed(3)} ${cpuSeconds.toFixed(2)} ${job.result.succeeded} ${job.result.failed} ${Math.round(hwm)}`);
} finally {
  await server.stop();
}
