import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/harness.mjs';

let server, admin, provinceId;
before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  provinceId = (await admin.get('/api/v1/organizations?type=province')).json.items[0].id;
});
after(async () => { await server?.stop(); });

test('an admin creates a college with its province and sees it in the filtered list', async () => {
  const res = await admin.post('/api/v1/organizations', {
    type: 'college', name: '北京信息职业技术学院', collegeType: '高职院校', provinceId,
    region: '北京市海淀区', contactName: '教务处', contactPhone: '010-82470000',
  });
  assert.equal(res.status, 201);
  assert.equal(res.json.typeName, '试点院校');
  assert.equal(res.json.provinceName, '北京教育委员会');
  assert.equal(res.json.version, 1);
  const list = await admin.get('/api/v1/organizations?type=college&keyword=' + encodeURIComponent('信息职业'));
  assert.equal(list.json.total, 1);
  assert.equal(list.json.items[0].collegeType, '高职院校');
  assert.equal(list.json.page, 1);
  assert.equal(list.json.pageSize, 20);
});

test('bad input names the field and what to fix, and nothing is written', async () => {
  const cases = [
    [{ type: 'college', name: '某学院', provinceId }, '请填写院校类型'],
    [{ type: 'college', name: '某学院', collegeType: '大学', provinceId }, '院校类型须为 本科院校、高职院校 或 中职学校'],
    [{ type: 'college', name: '某学院', collegeType: '本科院校' }, '请选择所属省级教育行政部门'],
    [{ type: 'college', name: '某学院', collegeType: '本科院校', provinceId: 999999 }, '所属省级教育行政部门不存在，请重新选择'],
    [{ type: 'school', name: '某学院' }, '机构类型须为 省级教育行政部门、培训评价组织 或 试点院校'],
    [{ type: 'org', name: '' }, '请填写机构名称'],
    [{ type: 'org', name: '某机构', contactPhone: 'abc' }, '联系电话只能包含数字和 -'],
  ];
  for (const [body, message] of cases) {
    const res = await admin.post('/api/v1/organizations', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.json.error.message, message);
  }
  const list = await admin.get('/api/v1/organizations?keyword=' + encodeURIComponent('某'));
  assert.equal(list.json.total, 0);
});

test('a duplicate name is a conflict that names it', async () => {
  const res = await admin.post('/api/v1/organizations', { type: 'org', name: '达内教育' });
  assert.equal(res.status, 409);
  assert.equal(res.json.error.message, '培训评价组织「达内教育」已存在');
});

test('an edit with a stale version is refused instead of overwriting someone else\'s change', async () => {
  const org = (await admin.get('/api/v1/organizations?keyword=' + encodeURIComponent('达内'))).json.items[0];
  const first = await admin.put(`/api/v1/organizations/${org.id}`, { ...org, contactName: '张老师' });
  assert.equal(first.status, 200);
  assert.equal(first.json.version, org.version + 1);
  const stale = await admin.put(`/api/v1/organizations/${org.id}`, { ...org, contactName: '李老师' });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.error.message, '该机构已被他人修改，请刷新后重试');
  const now = (await admin.get(`/api/v1/organizations/${org.id}`)).json;
  assert.equal(now.contactName, '张老师');
});

test('every change is in the audit trail with who, before and after', async () => {
  const org = (await admin.get('/api/v1/organizations?keyword=' + encodeURIComponent('达内'))).json.items[0];
  await admin.put(`/api/v1/organizations/${org.id}`, { ...org, region: '北京市朝阳区' });
  const log = (await admin.get(`/api/v1/audit-logs?entity=organization&action=update&pageSize=5`)).json;
  const entry = log.items.find((e) => e.entityId === String(org.id) && e.after.region === '北京市北京市朝阳区');
  assert.ok(entry, 'update recorded');
  assert.equal(entry.username, 'admin');
  assert.equal(entry.roleName, '平台管理员');
  assert.equal(entry.orgName, '1+X 考务平台运营中心');
  assert.equal(entry.before.region, '北京市北京市海淀区');
  assert.equal(entry.summary, '修改培训评价组织「达内教育」');
  assert.match(entry.at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  assert.equal(entry.ip, '127.0.0.1');
  const created = (await admin.get(`/api/v1/audit-logs?entity=organization&action=create&keyword=${encodeURIComponent('信息职业')}`)).json;
  assert.equal(created.total, 1);
  assert.equal(created.items[0].before, null);
  assert.equal(created.items[0].after.name, '北京信息职业技术学院');
});

test('disabling an organisation stops its accounts at once, enabling it lets them back', async () => {
  const user = await server.login('zhonglian');
  const org = (await admin.get('/api/v1/organizations?keyword=' + encodeURIComponent('中联'))).json.items[0];
  const off = await admin.put(`/api/v1/organizations/${org.id}`, { ...org, enabled: false });
  assert.equal(off.status, 200);
  assert.equal(off.json.enabled, false);
  const me = await user.get('/api/v1/auth/me');
  assert.equal(me.status, 401);
  assert.equal(me.json.error.message, '账号已停用，请联系管理员');
  await admin.put(`/api/v1/organizations/${org.id}`, { ...off.json, enabled: true });
  assert.equal((await user.get('/api/v1/auth/me')).status, 200);
});

test('15.5 an organisation\'s 所在地区 is a province, city or district of the region list, stored as the names joined', async () => {
  const bad = await admin.post('/api/v1/organizations', { type: 'college', name: '地区学院', collegeType: '高职院校', provinceId, region: '京城' });
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.json.error.message, '所在地区须为 省/市/区 格式（可只写到省或市），如 浙江省/杭州市/西湖区；「京城」不在全国省市区列表中');
  const made = await admin.post('/api/v1/organizations', { type: 'college', name: '地区学院', collegeType: '高职院校', provinceId, region: '浙江省/杭州市' });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.region, '浙江省杭州市');
  const none = await admin.post('/api/v1/organizations', { type: 'college', name: '地区学院二', collegeType: '高职院校', provinceId });
  assert.equal(none.status, 201, none.text);
  assert.equal(none.json.region ?? '', '');
});
