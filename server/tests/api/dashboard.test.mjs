// 15.14 首页: what needs doing now, per role, with counts that follow each list and links that
// open the list filtered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/harness.mjs';

let server, org, ustb, province;

before(async () => {
  server = await startServer();
  org = await server.login('zhonglian');
  ustb = await server.login('ustb');
  province = await server.login('bjjw');
});
after(async () => { await server?.stop(); });

const todo = async (client) => Object.fromEntries((await client.get('/api/v1/dashboard/todo')).json.items.map((i) => [i.key, i]));

test('15.14 each role sees its own to-do with counts and links: a returned site shows for the college, a pending one for the organisation', async () => {
  const start = await todo(ustb);
  assert.deepEqual(Object.keys(start), ['open_plans', 'unpaid', 'payments_pending', 'sites_returned', 'results_to_confirm']);
  assert.equal(start.sites_returned.count, 0);
  assert.equal(start.open_plans.detail, '目前没有可报考的考试计划');

  const cert = (await org.post('/api/v1/certificates', {
    code: '40000009', name: '待办测试证书',
    levels: [{ level: '初级', subjects: [{ code: '40000009101', name: '实操科目', mode: '实操', durationMinutes: 60, fullMark: 100, passMark: 60 }] }],
  })).json;
  const site = (await ustb.post('/api/v1/sites', { certificateId: cert.id, region: '北京市北京市海淀区', address: '学院路30号' })).json;
  const forOrg = await todo(org);
  assert.deepEqual(Object.keys(forOrg), ['sites_pending', 'payments_pending', 'plans_arranging', 'scores_missing', 'results_to_sign']);
  assert.equal(forOrg.sites_pending.count, 1);
  assert.equal(forOrg.sites_pending.link, '/sites?status=pending');

  assert.equal((await org.post(`/api/v1/sites/${site.id}/return`, { reason: '详细地址请写到楼栋' })).status, 200);
  const after = await todo(ustb);
  assert.equal(after.sites_returned.count, 1);
  assert.equal(after.sites_returned.link, '/sites?status=returned');
  assert.equal((await todo(org)).sites_pending.count, 0);
  // What the link opens counts the same.
  assert.equal((await ustb.get('/api/v1/sites?status=returned')).json.total, 1);

  const forProvince = await todo(province);
  assert.deepEqual(Object.keys(forProvince), ['weekly_pending']);
  assert.equal(forProvince.weekly_pending.link, '/weekly-reports/review?status=pending');
});
