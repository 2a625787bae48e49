// Backup while the server serves and writes, then restore: every write acknowledged before the
// backup began is in the copy, the copy is one instant of the database (the writes it holds are a
// prefix of the stream), and an instance started on the restored database migrates and serves it.
// SQLite: `kaowu backup` / `kaowu restore`; PostgreSQL: the pg_dump / pg_restore commands the
// README gives (kaowu prints them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startServer, BIN, ENGINE } from './support/harness.mjs';

let server, dir;
before(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'kaowu-backup-'));
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function run(cmd, args) {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8' }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

function psqlArgs(url, database) {
  const u = new URL(url);
  return ['-h', u.hostname, '-p', u.port, '-U', u.username || 'postgres', '-d', database ?? u.pathname.slice(1)];
}

// Organisations 备份测试-0, -1, ... created one after another (each sent once the last was
// answered) until stop() is called; `acked` counts the answered ones.
function writeStream(admin) {
  const state = { acked: 0, stopped: false };
  state.done = (async () => {
    for (let i = 0; !state.stopped; i++) {
      const res = await admin.post('/api/v1/organizations', { type: 'org', name: `备份测试-${i}` });
      assert.equal(res.status, 201, res.text);
      state.acked = i + 1;
    }
  })();
  state.stop = async () => { state.stopped = true; await state.done; };
  return state;
}

async function waitUntil(fn) {
  for (const until = Date.now() + 20000; !fn();) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

// The numbers of the stream's organisations a database holds, in order.
function streamRows(names) {
  return names.filter((n) => n.startsWith('备份测试-')).map((n) => Number(n.slice(5))).sort((a, b) => a - b);
}

async function checkRestoredServes(db, expected) {
  const restoredDir = mkdtempSync(join(tmpdir(), 'kaowu-restored-'));
  const restored = await startServer({ existing: { db, dir: restoredDir, passwords: server.passwords } });
  try {
    const ready = await restored.client().get('/api/v1/health/ready');
    assert.equal(ready.status, 200, ready.text);
    assert.equal(ready.json.migrations, 'current');
    const admin = await restored.login('admin');
    const list = await admin.get(`/api/v1/organizations?keyword=${encodeURIComponent('备份测试-')}&pageSize=1`);
    assert.equal(list.status, 200);
    assert.equal(list.json.total, expected);
    const created = await admin.post('/api/v1/organizations', { type: 'org', name: '恢复后新建' });
    assert.equal(created.status, 201, created.text);
  } finally {
    await restored.stop();
  }
}

test('SQLite: a backup taken during a stream of writes holds every acknowledged write, restores and serves',
  { skip: ENGINE !== 'sqlite' && 'SQLite only (PostgreSQL: the next test)' }, async () => {
    const admin = await server.login('admin');
    const stream = writeStream(admin);
    await waitUntil(() => stream.acked >= 20);
    const backupFile = join(dir, 'kaowu-backup.db');
    const ackedBefore = stream.acked;
    const backup = await run(BIN, ['backup', '--db', server.db, '--output', backupFile]);
    const ackedAfter = stream.acked;
    await waitUntil(() => stream.acked >= ackedAfter + 5);  // the server kept writing
    await stream.stop();
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /^已备份 .* 到 .*kaowu-backup\.db：\d+\.\d MB，迁移版本 \d+，用时 \d+\.\d 秒$/m);
    assert.deepEqual(readdirSync(dir), ['kaowu-backup.db'], 'no part file left beside it');

    // A second backup to the same file is refused: nothing overwritten by mistake.
    const again = await run(BIN, ['backup', '--db', server.db, '--output', backupFile]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /备份文件 .*kaowu-backup\.db 已存在；换一个文件名，或加 --force 覆盖/);

    const target = join(dir, 'restored.db');
    const restore = await run(BIN, ['restore', '--input', backupFile, '--db', target]);
    assert.equal(restore.code, 0, restore.stderr);
    assert.match(restore.stdout, /已从 .* 恢复到 .*restored\.db/);
    const rows = streamRows(execFileSync('sqlite3', [target, 'SELECT name FROM organizations'], { encoding: 'utf8' }).trim().split('\n'));
    assert.ok(rows.length >= ackedBefore, `${rows.length} rows, ${ackedBefore} acknowledged before the backup`);
    assert.ok(rows.length <= ackedAfter + 1, `${rows.length} rows, at most ${ackedAfter + 1} could be committed`);
    assert.deepEqual(rows, [...Array(rows.length).keys()], 'one instant of the stream: no gap');

    // The live database (and the restored one, now) hold data: refused without --force.
    const refused = await run(BIN, ['restore', '--input', backupFile, '--db', server.db]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /目标数据库 .* 已有数据（\d+ 张表）；确要用备份覆盖它，请先停止使用它的服务，再加 --force/);
    const forced = await run(BIN, ['restore', '--input', backupFile, '--db', target, '--force']);
    assert.equal(forced.code, 0, forced.stderr);

    const notDb = await run(BIN, ['restore', '--input', join(dir, 'missing.db'), '--db', join(dir, 'x.db')]);
    assert.equal(notDb.code, 1);
    assert.match(notDb.stderr, /找不到备份文件 .*missing\.db/);
    assert.ok(!existsSync(join(dir, 'x.db')));

    await checkRestoredServes(target, rows.length);
  });

test('PostgreSQL: kaowu names pg_dump and pg_restore; the README commands copy the database during writes',
  { skip: ENGINE !== 'postgresql' && 'PostgreSQL only' }, async () => {
    const printed = await run(BIN, ['backup', '--db', server.db, '--output', join(dir, 'x')]);
    assert.equal(printed.code, 2);
    assert.match(printed.stderr, /pg_dump --format=custom --file=kaowu\.dump/);
    const restorePrinted = await run(BIN, ['restore', '--db', server.db, '--input', join(dir, 'x')]);
    assert.equal(restorePrinted.code, 2);
    assert.match(restorePrinted.stderr, /pg_restore --no-owner --dbname=/);

    const admin = await server.login('admin');
    const stream = writeStream(admin);
    await waitUntil(() => stream.acked >= 20);
    const dump = join(dir, 'kaowu.dump');
    const ackedBefore = stream.acked;
    const dumped = await run('pg_dump', ['--format=custom', `--file=${dump}`, server.db]);
    const ackedAfter = stream.acked;
    await waitUntil(() => stream.acked >= ackedAfter + 5);
    await stream.stop();
    assert.equal(dumped.code, 0, dumped.stderr);

    const name = 'kaowu_restored_' + randomBytes(4).toString('hex');
    execFileSync('createdb', [...psqlArgs(server.db, 'postgres').slice(0, 6), name]);
    const u = new URL(server.db);
    u.pathname = '/' + name;
    const restoredUrl = u.toString();
    const restored = await run('pg_restore', ['--no-owner', `--dbname=${restoredUrl}`, dump]);
    assert.equal(restored.code, 0, restored.stderr);
    const names = execFileSync('psql', [...psqlArgs(restoredUrl), '-qAtc', 'SELECT name FROM organizations'], { encoding: 'utf8' }).trim().split('\n');
    const rows = streamRows(names);
    assert.ok(rows.length >= ackedBefore, `${rows.length} rows, ${ackedBefore} acknowledged before the dump`);
    assert.ok(rows.length <= ackedAfter + 1);
    assert.deepEqual(rows, [...Array(rows.length).keys()], 'one instant of the stream: no gap');
    await checkRestoredServes(restoredUrl, rows.length);
  });
