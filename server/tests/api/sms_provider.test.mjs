// The Tencent Cloud SMS provider (API 3.0 SendSms, TC3-HMAC-SHA256 signing) against a stub on
// 127.0.0.1 that checks every request's signature as the cloud does, answers 5xx to some numbers
// and a permanent error to others; and the per-number and per-college limits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import { startServer, idNumber } from './support/harness.mjs';

const SECRET_ID = 'AKIDkaowuTest0001', SECRET_KEY = 'kaowu-test-secret-key-do-not-log';
const APP_ID = '1400000001', SIGN = '考务平台';
let server, stub, admin, ustb;
const received = [];  // {phone, templateId, params, signatureOk}
const tries = new Map();

// What the stub answers each number: ok, 5xx twice then ok, 5xx always, or a permanent error.
const BEHAVIOUR = { 13600000001: 'ok', 13600000002: 'flaky', 13600000003: 'down', 13600000004: 'invalid' };

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const hmac = (key, s) => createHmac('sha256', key).update(s).digest();

// The signature the cloud expects for a request (signature v3, as documented).
function expectedAuthorization(req, body) {
  const timestamp = Number(req.headers['x-tc-timestamp']);
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const canonical = ['POST', '/', '', `content-type:${req.headers['content-type']}\nhost:${req.headers.host}\n`, 'content-type;host', sha256(body)].join('\n');
  const scope = `${date}/sms/tc3_request`;
  const toSign = ['TC3-HMAC-SHA256', String(timestamp), scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(`TC3${SECRET_KEY}`, date), 'sms'), 'tc3_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${SECRET_ID}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

function answer(res, status, payload) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(payload));
}

before(async () => {
  stub = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const signatureOk = req.headers.authorization === expectedAuthorization(req, body);
      const json = JSON.parse(body);
      const phone = json.PhoneNumberSet[0].replace('+86', '');
      received.push({ phone, templateId: json.TemplateId, params: json.TemplateParamSet, signatureOk, action: req.headers['x-tc-action'], version: req.headers['x-tc-version'], app: json.SmsSdkAppId, sign: json.SignName });
      if (!signatureOk) return answer(res, 200, { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' }, RequestId: 'r0' } });
      const n = (tries.get(phone) || 0) + 1;
      tries.set(phone, n);
      const mode = BEHAVIOUR[phone] || 'ok';
      if (mode === 'down' || (mode === 'flaky' && n <= 2)) return answer(res, 502, { message: 'bad gateway' });
      if (mode === 'invalid') {
        return answer(res, 200, { Response: { SendStatusSet: [{ SerialNo: '', PhoneNumber: `+86${phone}`, Fee: 0, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'invalid number', IsoCode: 'CN' }], RequestId: 'r1' } });
      }
      return answer(res, 200, { Response: { SendStatusSet: [{ SerialNo: `2640:${phone}:${n}`, PhoneNumber: `+86${phone}`, Fee: 1, Code: 'Ok', Message: 'send success', IsoCode: 'CN' }], RequestId: 'r2' } });
    });
  });
  await new Promise((r) => stub.listen(0, '127.0.0.1', r));
  server = await startServer({
    args: ['--sms-provider', 'tencent', '--sms-endpoint', `http://127.0.0.1:${stub.address().port}`,
      '--sms-secret-id', SECRET_ID, '--sms-secret-key', SECRET_KEY, '--sms-app-id', APP_ID, '--sms-sign-name', SIGN,
      '--sms-templates', 'teacher_account=2001001,teacher_phone_changed=2001002',
      '--sms-retry-ms', '100', '--sms-attempts', '3', '--sms-number-limit', '2', '--sms-college-limit', '7', '--log-level', 'debug'],
  });
  admin = await server.login('admin');
  ustb = await server.login('ustb');
});
after(async () => {
  await server?.stop();
  await new Promise((r) => stub?.close(r));
});

async function settled(phone) {
  const until = Date.now() + 15000;
  for (;;) {
    const items = (await admin.get(`/api/v1/sms-messages?phone=${phone}`)).json.items;
    if (items.length && ['sent', 'failed'].includes(items[0].state)) return items[0];
    if (Date.now() > until) throw new Error(`SMS to ${phone} did not settle: ${JSON.stringify(items)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function addTeacher(i, phone) {
  const res = await ustb.post('/api/v1/teachers', { name: `短信教师${i}`, idNumber: idNumber(700 + i), department: '经济管理学院', phone });
  return res;
}

async function later(seconds) {
  const now = (await admin.get('/api/v1/system/clock')).json.now;
  const t = Date.parse(now.replace(' ', 'T') + '+08:00') + seconds * 1000;
  assert.equal((await admin.put('/api/v1/system/clock', { now: new Date(t).toISOString() })).status, 200);
}

test('a message goes out signed (TC3-HMAC-SHA256) with the template id and parameters; a 5xx is tried again; a permanent error and too many 5xx end as 发送失败 on the teacher row', async () => {
  const ok = await addTeacher(1, '13600000001');
  assert.equal(ok.status, 201, ok.text);
  const sent = await settled('13600000001');
  assert.deepEqual([sent.state, sent.provider, sent.attempts], ['sent', 'tencent', 1]);
  assert.equal(sent.answer, 'Ok 2640:13600000001:1');
  const request = received.find((r) => r.phone === '13600000001');
  assert.equal(request.signatureOk, true, 'the stub verified the signature');
  assert.deepEqual([request.action, request.version, request.app, request.sign, request.templateId], ['SendSms', '2021-01-11', APP_ID, SIGN, '2001001']);
  assert.equal(request.params[0], '短信教师1');
  assert.equal(request.params[1], '13600000001');
  assert.match(request.params[2], /^\S{8,}$/, 'the initial password is a parameter');
  // Delivered: what the platform keeps of the message no longer holds the password.
  assert.match(sent.text, /初始密码为\*{6}，/);
  assert.equal(sent.text.includes(request.params[2]), false);

  await addTeacher(2, '13600000002');
  const flaky = await settled('13600000002');
  assert.deepEqual([flaky.state, flaky.attempts], ['sent', 3], 'two 502 answers, then sent');

  const down = await addTeacher(3, '13600000003');
  const failed = await settled('13600000003');
  assert.deepEqual([failed.state, failed.stateName, failed.attempts], ['failed', '发送失败', 3]);
  assert.equal(failed.answer, '重试 3 次仍未成功：HTTP 502');

  const invalid = await addTeacher(4, '13600000004');
  const refused = await settled('13600000004');
  assert.deepEqual([refused.state, refused.attempts], ['failed', 1], 'a permanent error is not tried again');
  assert.equal(refused.answer, 'InvalidParameterValue.IncorrectPhoneNumber invalid number');

  // The failures show on the teachers' rows.
  const rows = (await ustb.get('/api/v1/teachers?name=短信教师')).json.items;
  const row = (id) => rows.find((t) => t.id === id);
  assert.equal(row(down.json.id).smsState, 'failed');
  assert.equal(row(invalid.json.id).smsAnswer, 'InvalidParameterValue.IncorrectPhoneNumber invalid number');
  assert.equal(row(ok.json.id).smsState, 'sent');
  assert.equal(received.every((r) => r.signatureOk), true);
  // The secret never reaches the log.
  assert.equal(server.stderr().includes(SECRET_KEY), false);
  assert.equal(server.stderr().includes(request.params[2]), false, 'nor the password');
});

test('a wrong secret is refused by the provider and the message is 发送失败 with its answer', async () => {
  const wrong = await startServer({
    args: ['--sms-provider', 'tencent', '--sms-endpoint', `http://127.0.0.1:${stub.address().port}`,
      '--sms-secret-id', SECRET_ID, '--sms-secret-key', 'not-the-secret', '--sms-app-id', APP_ID, '--sms-sign-name', SIGN,
      '--sms-templates', 'teacher_account=2001001,teacher_phone_changed=2001002', '--sms-retry-ms', '100'],
  });
  try {
    const college = await wrong.login('ustb');
    const boss = await wrong.login('admin');
    assert.equal((await college.post('/api/v1/teachers', { name: '签错', idNumber: idNumber(790), department: '理学院', phone: '13600000090' })).status, 201);
    const until = Date.now() + 15000;
    let m;
    do {
      m = (await boss.get('/api/v1/sms-messages?phone=13600000090')).json.items[0];
      if (m?.state === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < until);
    assert.equal(m.state, 'failed');
    assert.equal(m.answer, 'AuthFailure.SignatureFailure The provided credentials could not be validated.');
    assert.equal(received.find((r) => r.phone === '13600000090').signatureOk, false);
  } finally {
    await wrong.stop();
  }
});

test('limits: two messages an hour to one number, seven an hour from one college', async () => {
  const t = (await ustb.get('/api/v1/teachers?phone=13600000001')).json.items[0];
  await later(61);
  const second = await ustb.post(`/api/v1/teachers/${t.id}/resend`, {});
  assert.equal(second.status, 200, second.text);
  await later(61);
  const third = await ustb.post(`/api/v1/teachers/${t.id}/resend`, {});
  assert.equal(third.status, 429);
  assert.equal(third.json.error.message, '手机号 13600000001 一小时内已发送 2 条短信，已达上限，请一小时后再试');
  // The college has sent 5 (four teachers and one 重发); two more, then the limit.
  assert.equal((await addTeacher(5, '13600000005')).status, 201);
  assert.equal((await addTeacher(6, '13600000006')).status, 201);
  const over = await addTeacher(7, '13600000007');
  assert.equal(over.status, 429);
  assert.equal(over.json.error.message, '本院校一小时内已发送 7 条短信，已达上限，请一小时后再试');
  assert.equal((await ustb.get('/api/v1/teachers?phone=13600000007')).json.total, 0, 'the teacher was not added without the SMS');
  await later(3600);
  ustb = await server.login('ustb');  // the session did not outlive the hour
  assert.equal((await addTeacher(7, '13600000007')).status, 201, 'an hour later it goes');
});
