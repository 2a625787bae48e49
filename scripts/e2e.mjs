// Starts kaowu with the built web UI and demo data, then runs the browser tests in web/e2e
// (headless Debian Chromium through playwright-core) against it.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/tests/api/support/harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const server = await startServer({ webDir: join(root, 'web/dist'), clock: 'system' });
let status = 1;
try {
  // `node scripts/e2e.mjs web/e2e/payments.test.mjs` runs only the files named.
  const named = process.argv.slice(2);
  const files = named.length ? named : readdirSync(join(root, 'web/e2e')).filter((f) => f.endsWith('.test.mjs')).map((f) => join('web/e2e', f));
  const run = spawnSync(process.execPath, ['--test', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      KAOWU_URL: server.url,
      KAOWU_ADMIN_USER: 'admin',
      KAOWU_ADMIN_PASSWORD: server.passwords.admin,
      KAOWU_ORG_USER: 'zhonglian',
      KAOWU_ORG_PASSWORD: server.passwords.zhonglian,
      KAOWU_COLLEGE_USER: 'ustb',
      KAOWU_COLLEGE_PASSWORD: server.passwords.ustb,
      KAOWU_OTHER_COLLEGE_USER: 'ncut',
      KAOWU_OTHER_COLLEGE_PASSWORD: server.passwords.ncut,
      KAOWU_PROVINCE_USER: 'bjjw',
      KAOWU_PROVINCE_PASSWORD: server.passwords.bjjw,
      NODE_PATH: join(root, 'web/node_modules'),
    },
  });
  status = run.status ?? 1;
} finally {
  await server.stop();
}
process.exit(status);
