// Liveness and readiness for a load balancer or an orchestrator: /api/v1/health/live answers as long
// as the process does; /api/v1/health/ready only while the database is reachable and its structure
// is the one this binary expects (503 with the reason otherwise). /api/v1/health stays as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { startServer, ENGINE } from './support/harness.mjs';

let server;
before(async () => { server = await startServer({ demo: false }); });
after(async () => { await server?.stop(); });

// Runs SQL on the instance's database, beside the server (psql or the sqlite3 shell).
function sql(db, text, database) {
  if (ENGINE !== 'postgresql') return execFileSync('sqlite3', [db, text], { encoding: 'utf8' }).trim();
  const u = new URL(db);
  return execFileSync('psql', ['-h', u.hostname, '-p', u.port, '-U', u.username || 'postgres',
    '-d', database ?? u.pathname.slice(1), '-qAtc', text], { encoding: 'utf8' }).trim();
}

async function waitFor(c, path, status) {
  let res;
  for (const until = Date.now() + 15000; Date.now() < until;) {
    res = await c.get(path);
    if (res.status === status) return res;
    await new Promise((r) => setTimeout(r, 100));
  }
  return res;
}

test('live and ready answer 200 on a migrated database; the old health route is unchanged', async () => {
  const c = server.client();
  const live = await c.get('/api/v1/health/live');
  assert.equal(live.status, 200);
  assert.equal(live.json.status, 'ok');
  assert.equal(live.headers.get('cache-control'), 'no-store');
  const ready = await c.get('/api/v1/health/ready');
  assert.equal(ready.status, 200, ready.text);
  assert.equal(ready.json.status, 'ready');
  assert.equal(ready.json.db, 'ok');
  assert.equal(ready.json.migrations, 'current');
  assert.deepEqual(ready.json.pending, []);
  assert.equal(ready.json.engine, ENGINE);
  assert.equal(ready.json.reason, undefined);
  const health = await c.get('/api/v1/health');
  assert.equal(health.status, 200);
  assert.equal(health.json.status, 'ok');
  assert.equal(health.json.db, 'ok');
});

test('a migration the database lacks makes the instance not ready (503, with what to run), still live', async () => {
  const c = server.client();
  const last = sql(server.db, 'SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1').split('|');
  const [version, name] = [Number(last[0]), last[1]];
  sql(server.db, `DELETE FROM schema_migrations WHERE version = ${version}`);
  try {
    const ready = await c.get('/api/v1/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.json.status, 'not_ready');
    assert.equal(ready.json.db, 'ok');
    assert.equal(ready.json.migrations, 'pending');
    assert.deepEqual(ready.json.pending, [name]);
    assert.equal(ready.json.reason, `数据库结构不是最新：尚有 1 项迁移未执行（${name}），请运行 kaowu migrate`);
    assert.equal((await c.get('/api/v1/health/live')).status, 200);
    assert.equal((await c.get('/api/v1/health')).status, 200);
  } finally {
    sql(server.db, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (${version}, '${name}', 0)`);
  }
  const again = await c.get('/api/v1/health/ready');
  assert.equal(again.status, 200);
  assert.equal(again.json.status, 'ready');
});

test('a database that refuses connections makes the instance not ready, and ready again once it is back',
  { skip: ENGINE !== 'postgresql' && 'PostgreSQL only: SQLite has no server to lose' }, async () => {
    const c = server.client();
    const name = new URL(server.db).pathname.slice(1);
    sql(server.db, `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`, 'postgres');
    try {
      sql(server.db, `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${name}'`, 'postgres');
      const ready = await waitFor(c, '/api/v1/health/ready', 503);
      assert.equal(ready.status, 503, ready.text);
      assert.equal(ready.json.status, 'not_ready');
      assert.equal(ready.json.db, 'unreachable');
      assert.equal(ready.json.migrations, 'unknown');
      assert.equal(ready.json.reason, '数据库无法连接：请检查数据库服务是否运行，以及连接串（--db）是否正确');
      const live = await c.get('/api/v1/health/live');
      assert.equal(live.status, 200);
      assert.equal(live.json.status, 'ok');
    } finally {
      sql(server.db, `ALTER DATABASE ${name} ALLOW_CONNECTIONS true`, 'postgres');
    }
    const back = await waitFor(c, '/api/v1/health/ready', 200);
    assert.equal(back.status, 200, back.text);
    assert.equal(back.json.status, 'ready');
  });

test('liveness answers while every handler thread waits on the database; the other health routes queue behind',
  { skip: ENGINE !== 'postgresql' && 'PostgreSQL only: a lock held by another session stalls the handler' }, async () => {
    const busy = await startServer({ args: ['--workers', '1'] });
    let holder;
    try {
      const u = new URL(busy.db);
      const name = u.pathname.slice(1);
      // Another session holds the accounts table for a few seconds: a sign-in waits for it.
      holder = spawn('psql', ['-h', u.hostname, '-p', u.port, '-U', u.username || 'postgres', '-d', name, '-qAtc',
        'BEGIN; LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT;'], { stdio: 'ignore' });
      for (const until = Date.now() + 5000; ;) {
        const held = sql(busy.db, "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'accounts' AND l.mode = 'AccessExclusiveLock' AND l.granted");
        if (held === '1') break;
        assert.ok(Date.now() < until, 'the lock was taken');
        await new Promise((r) => setTimeout(r, 20));
      }
      const order = [];
      const c = busy.client();
      const signIn = c.post('/api/v1/auth/login', { username: 'admin', password: busy.passwords.admin })
        .then((res) => { order.push('login'); return res; });
      await new Promise((r) => setTimeout(r, 300));  // the one handler thread now waits on the lock
      const health = c.get('/api/v1/health').then((res) => { order.push('health'); return res; });
      const live = await c.get('/api/v1/health/live');
      order.push('live');
      assert.equal(live.status, 200);
      assert.equal(live.json.status, 'ok');
      assert.deepEqual(order, ['live'], 'liveness answered while the handler thread was still waiting');
      assert.equal((await signIn).status, 200);
      assert.equal((await health).status, 200);
      assert.deepEqual(order, ['live', 'login', 'health']);
    } finally {
      holder?.kill();
      await busy.stop();
    }
  });
