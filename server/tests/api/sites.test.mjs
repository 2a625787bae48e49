import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/harness.mjs';

let server, org, other, ustb, ncut, cert, ncutId;

before(async () => {
  server = await startServer();
  org = await server.login('zhonglian');
  other = await server.login('hongke');
  ustb = await server.login('ustb');
  ncut = await server.login('ncut');
  const admin = await server.login('admin');
  ncutId = (await admin.get('/api/v1/organizations?keyword=' + encodeURIComponent('北方工业'))).json.items[0].id;
  cert = (await org.post('/api/v1/certificates', {
    code: '40000001', name: '智能新能源汽车职业技能等级证书',
    levels: [{ level: '初级', subjects: [{ code: '40000001101', name: '实操科目', mode: '实操', durationMinutes: 60, fullMark: 100, passMark: 60 }] }],
  })).json;
});
after(async () => { await server?.stop(); });

test('a college applies, the organisation returns it with a reason, the college fixes it and it is approved', async () => {
  const applied = await ustb.post('/api/v1/sites', { certificateId: cert.id, region: '北京市北京市海淀区', address: '学院路30号' });
  assert.equal(applied.status, 201, applied.text);
  assert.equal(applied.json.name, '北京科技大学智能新能源汽车职业技能等级证书考核站点');
  assert.equal(applied.json.statusName, '待审核');
  assert.equal(applied.json.orgName, '中联集团教育科技有限公司');
  const site = applied.json;
  assert.equal((await other.get(`/api/v1/sites/${site.id}`)).status, 404, 'another organisation cannot see it');
  const noReason = await org.post(`/api/v1/sites/${site.id}/return`, {});
  assert.equal(noReason.json.error.message, '请填写退回原因');
  const returned = await org.post(`/api/v1/sites/${site.id}/return`, { reason: '详细地址请写到楼栋和考场' });
  assert.equal(returned.json.statusName, '已退回');
  assert.equal((await ustb.get(`/api/v1/sites/${site.id}`)).json.returnReason, '详细地址请写到楼栋和考场');
  const fixed = await ustb.put(`/api/v1/sites/${site.id}`, { region: '北京市北京市海淀区', address: '学院路30号 机电楼101', version: returned.json.version });
  assert.equal(fixed.status, 200, fixed.text);
  assert.equal(fixed.json.statusName, '待审核');
  assert.equal(fixed.json.returnReason, '');
  assert.equal((await ncut.get(`/api/v1/sites/${site.id}`)).status, 404, 'not yet serving 北方工业大学');
  const approved = await org.post(`/api/v1/sites/${site.id}/approve`, { collegeIds: [ncutId] });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.json.statusName, '已通过');
  assert.deepEqual(approved.json.servedColleges.map((c) => c.name), ['北京科技大学', '北方工业大学']);
  assert.equal(approved.json.fullAddress, '北京市北京市海淀区学院路30号 机电楼101');
  assert.equal((await ncut.get(`/api/v1/sites/${site.id}`)).status, 200, 'a served college sees it');
  const locked = await ustb.put(`/api/v1/sites/${site.id}`, { region: 'x', address: 'y', version: approved.json.version });
  assert.equal(locked.json.error.message, '考核站点已通过审核，不能再修改');
  const dup = await ustb.post('/api/v1/sites', { certificateId: cert.id, name: site.name, region: '北京市北京市海淀区', address: 'x' });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.message, '本院校已有考核站点「北京科技大学智能新能源汽车职业技能等级证书考核站点」（智能新能源汽车职业技能等级证书，已通过）；如在另一校区再设站点，请换一个名称，例如「北京科技大学智能新能源汽车职业技能等级证书考核站点（2）」');
  assert.equal((await org.post('/api/v1/sites', { certificateId: cert.id, region: 'x', address: 'y' })).status, 403);
  const bad = await ustb.post('/api/v1/sites', { certificateId: cert.id, name: '另一个站点', region: '北京市北京市海淀区' });
  assert.equal(bad.json.error.message, '请填写详细地址');
});

test('15.4 the form shows the college\'s existing sites for the certificate and proposes a free name; a taken name says which site has it', async () => {
  const suggestion = (await ustb.get(`/api/v1/sites/suggestion?certificateId=${cert.id}`)).json;
  assert.ok(suggestion.existing.length >= 1, JSON.stringify(suggestion));
  const base = `北京科技大学${cert.name}考核站点`;
  assert.ok(suggestion.existing.some((s) => s.name === base));
  assert.equal(suggestion.name, `${base}（2）`);
  const taken = await ustb.post('/api/v1/sites', { certificateId: cert.id, name: base, region: '北京市北京市海淀区', address: '学院路30号' });
  assert.equal(taken.status, 409);
  assert.match(taken.json.error.message, new RegExp(`^本院校已有考核站点「${base}」（${cert.name}，(待审核|已通过|已退回)）；如在另一校区再设站点，请换一个名称，例如「${base}（2）」$`));
  const second = await ustb.post('/api/v1/sites', { certificateId: cert.id, region: '北京市北京市昌平区', address: '沙河校区' });
  assert.equal(second.status, 201, second.text);
  assert.equal(second.json.name, `${base}（2）`, 'a second campus gets the proposed name');
  assert.equal((await ncut.get(`/api/v1/sites/suggestion?certificateId=${cert.id}`)).json.existing.length, 0, 'only the caller\'s own sites');
});

test('15.5 the 考点地区 is a 省/市/区 of the server\'s list (the list the pickers show), stored as the names joined', async () => {
  const list = await ustb.get('/api/v1/regions');
  assert.equal(list.status, 200);
  const beijing = list.json.find((p) => p.value === '北京市');
  assert.deepEqual(beijing.children.map((c) => c.label), ['北京市']);
  assert.ok(beijing.children[0].children.some((d) => d.label === '海淀区'));
  assert.ok(list.json.find((p) => p.value === '湖北省').children.some((c) => c.label === '仙桃市' && !c.children));

  const how = '考点地区须为 省/市/区 格式，如 浙江省/杭州市/西湖区（直辖市如 北京市/北京市/朝阳区）';
  const free = await ustb.post('/api/v1/sites', { certificateId: cert.id, name: '地区站点', region: '海淀', address: '学院路30号' });
  assert.equal(free.status, 400, free.text);
  assert.equal(free.json.error.message, `${how}；「海淀」不在全国省市区列表中`);
  assert.equal(free.json.error.details.field, 'region');
  const province = await ustb.post('/api/v1/sites', { certificateId: cert.id, name: '地区站点', region: '北京市', address: '学院路30号' });
  assert.equal(province.status, 400);
  assert.equal(province.json.error.message, `${how}；「北京市」不在全国省市区列表中`);
  const applied = await ustb.post('/api/v1/sites', { certificateId: cert.id, name: '地区站点', region: '浙江省/杭州市/西湖区', address: '文三路' });
  assert.equal(applied.status, 201, applied.text);
  assert.equal(applied.json.region, '浙江省杭州市西湖区');
  assert.equal(applied.json.fullAddress, '浙江省杭州市西湖区文三路');
  const returned = await org.post(`/api/v1/sites/${applied.json.id}/return`, { reason: '地址不全' });
  assert.equal(returned.status, 200, returned.text);
  const stillBad = await ustb.put(`/api/v1/sites/${applied.json.id}`, { region: '杭州西湖', address: '文三路 1 号', version: returned.json.version });
  assert.equal(stillBad.status, 400);
  assert.equal(stillBad.json.error.message, `${how}；「杭州西湖」不在全国省市区列表中`);
  const kept = await ustb.put(`/api/v1/sites/${applied.json.id}`, { region: '浙江省杭州市西湖区', address: '文三路 1 号', version: returned.json.version });
  assert.equal(kept.status, 200, kept.text);
  assert.equal(kept.json.statusName, '待审核');
});
