// The application log (stderr) says what each line is about: a request's lines carry its request id
// (the client's X-Request-Id, or one made up and answered in that header), a job's lines its id,
// organisation and type.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startServer, waitForJob, ENGINE } from './support/harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

function sql(db, text) {
  if (ENGINE !== 'postgresql') return execFileSync('sqlite3', [db, text], { encoding: 'utf8' }).trim();
  const u = new URL(db);
  return execFileSync('psql', ['-h', u.hostname, '-p', u.port, '-U', u.username || 'postgres',
    '-d', u.pathname.slice(1), '-qAtc', text], { encoding: 'utf8' }).trim();
}

// The log's lines that contain `text`, once they are there (stderr is read as it comes).
async function logLines(text, count = 1) {
  let lines = [];
  for (const until = Date.now() + 5000; Date.now() < until;) {
    lines = server.stderr().split('\n').filter((l) => l.includes(text));
    if (lines.length >= count) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return lines;
}

test('a line logged while answering a request carries its request id', async () => {
  const id = 'ops-' + randomBytes(6).toString('hex');
  const [version, name] = sql(server.db, 'SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1').split('|');
  sql(server.db, `DELETE FROM schema_migrations WHERE version = ${version}`);
  try {
    const res = await server.client().get('/api/v1/health/ready', { headers: { 'X-Request-Id': id } });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('x-request-id'), id);
  } finally {
    sql(server.db, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (${version}, '${name}', 0)`);
  }
  const lines = await logLines(`[request=${id}]`);
  assert.equal(lines.length, 1, server.stderr());
  assert.match(lines[0], new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*warning.* \\[request=${id}\\] readiness check: 1 migration\\(s\\) missing, the first ${name}$`));

  // Without an X-Request-Id the server makes one up, answers it, and logs with it.
  sql(server.db, `DELETE FROM schema_migrations WHERE version = ${version}`);
  let made;
  try {
    const res = await server.client().get('/api/v1/health/ready');
    made = res.headers.get('x-request-id');
    assert.match(made, /^[0-9a-f]{16}$/);
  } finally {
    sql(server.db, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (${version}, '${name}', 0)`);
  }
  assert.equal((await logLines(`[request=${made}] readiness check`)).length, 1, server.stderr());
});

test("a job's lines carry the job id, its organisation and its type", async () => {
  const admin = await server.login('admin');
  const me = (await admin.get('/api/v1/auth/me')).json;
  const started = await admin.post('/api/v1/audit-logs/export', { action: 'login' });
  assert.equal(started.status, 202, started.text);
  const job = await waitForJob(admin, started.json.job.id);
  assert.equal(job.state, 'succeeded');
  const context = `[job=${job.id} org=${me.account.orgId} type=`;
  const lines = await logLines(context, 2);
  assert.equal(lines.length, 2, server.stderr());
  assert.match(lines[0], /\] job started after \d+ s in the queue$/);
  assert.match(lines[1], /\] job ended succeeded after \d+\.\d s$/);
  assert.ok(lines.every((l) => /type=[a-z_:.-]+\] /.test(l)), lines.join('\n'));
});
