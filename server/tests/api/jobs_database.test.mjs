// Jobs survive the database: PostgreSQL ends every connection of the instance (what a restart of
// the database server does to them); the instance keeps running and answering, and the next
// export job runs to its end. SQLite has no server to lose: the C++ job queue tests cover it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, waitForJob, ENGINE } from './support/harness.mjs';

const skip = ENGINE !== 'postgresql' && 'PostgreSQL only: SQLite has no server connection to lose';
let server;

before(async () => {
  if (skip) return;
  server = await startServer();
});
after(async () => { await server?.stop(); });

// Terminates every server-side connection to the instance's database; answers how many.
function endConnections(db) {
  const u = new URL(db);
  const name = u.pathname.slice(1);
  return Number(execFileSync('psql', ['-h', u.hostname, '-p', u.port, '-U', u.username || 'postgres', '-d', 'postgres',
    '-qAtc', `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${name}'`],
  { encoding: 'utf8' }).trim());
}

async function exportAuditLog(admin) {
  const started = await admin.post('/api/v1/audit-logs/export', { action: 'login' });
  assert.equal(started.status, 202, started.text);
  return waitForJob(admin, started.json.job.id);
}

test('after the database ended every connection the instance keeps answering and the next job runs', { skip }, async () => {
  const admin = await server.login('admin');
  assert.equal((await exportAuditLog(admin)).state, 'succeeded');

  assert.ok(endConnections(server.db) > 0, 'the instance had connections to end');

  // The job workers meet the dead connections first and open them again.
  let health;
  for (const until = Date.now() + 20000; Date.now() < until;) {
    health = await server.client().get('/api/v1/health');
    if (health.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(health.status, 200, health.text);
  assert.equal(health.json.db, 'ok');
  assert.equal(server.child.exitCode, null, 'the instance is still running');

  const again = await server.login('admin');
  const job = await exportAuditLog(again);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.equal(job.stateName, '已完成');
  assert.equal(job.progress, 100);
});
