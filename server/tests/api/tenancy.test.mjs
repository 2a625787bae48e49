// Walks every route with accounts of two colleges, two training organisations and a province,
// and proves that none reads or changes another tenant's rows. Every route in the OpenAPI
// document must have a row in ROUTES: a new route fails this test until it joins the table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, waitForJob } from './support/harness.mjs';

let server, admin, ids, actors, adminJob;

// What each route means for tenancy:
//   public    — no session needed
//   self      — acts on the caller's own session or account only
//   admin     — platform administrators only: every other role gets 403 and nothing changes
//   foreign   — takes an {id}; fn(actor) lists ids that belong to others and must give 404
//   list      — fn(actor, json) checks every row belongs to the caller's scope
//   permission — the roles that may call it at all; every other role gets 403
const ROUTES = {
  'GET /api/v1/health': { public: true },
  'GET /api/v1/health/live': { public: true },
  'GET /api/v1/health/ready': { public: true },
  'GET /api/v1/openapi.json': { public: true },
  'POST /api/v1/auth/login': { public: true },
  'POST /api/v1/auth/logout': { self: true },
  'GET /api/v1/auth/me': { self: true },
  'GET /api/v1/dashboard/todo': { self: true },
  // The same list of provinces, cities and districts for every account.
  'GET /api/v1/regions': {},
  'POST /api/v1/auth/password': { self: true },
  'GET /api/v1/organizations': {
    list: (actor, json) => {
      for (const o of json.items) {
        if (actor.role === 'province') assert.ok(o.id === actor.orgId || o.provinceId === actor.orgId, `${actor.name} sees ${o.name}`);
        else assert.equal(o.id, actor.orgId, `${actor.name} sees ${o.name}`);
      }
    },
    permission: ['province'],
  },
  'GET /api/v1/organizations/{id}': {
    foreign: (actor) => Object.values(ids.orgs).filter((id) => id !== actor.orgId && !(actor.role === 'province' && ids.collegesOfProvince.includes(id))),
  },
  'POST /api/v1/organizations': { admin: true, body: { type: 'org', name: '越权新增的机构' } },
  'PUT /api/v1/organizations/{id}': { admin: true, body: { name: '越权修改', version: 1 }, target: () => ids.orgs.collegeB },
  'GET /api/v1/accounts': { admin: true },
  'POST /api/v1/accounts': { admin: true, body: { username: 'intruder', displayName: 'x', role: 'college', orgId: 1 } },
  'GET /api/v1/accounts/{id}': { admin: true, target: () => ids.accounts.collegeB },
  'PUT /api/v1/accounts/{id}': { admin: true, body: { displayName: '越权' }, target: () => ids.accounts.collegeB },
  'POST /api/v1/accounts/{id}/reset-password': { admin: true, body: {}, target: () => ids.accounts.collegeB },
  'POST /api/v1/accounts/{id}/unlock': { admin: true, body: {}, target: () => ids.accounts.collegeB },
  'GET /api/v1/accounts/{id}/sign-in-failures': { admin: true, target: () => ids.accounts.collegeB },
  'GET /api/v1/audit-logs': { admin: true },
  'POST /api/v1/audit-logs/export': { admin: true, body: {} },
  'GET /api/v1/system/clock': { admin: true },
  'PUT /api/v1/system/clock': { admin: true, body: { now: '2000-01-01 00:00:00' } },
  'POST /api/v1/system/fixtures/arrangements': { admin: true, body: { registrationId: 1, roomId: 1, siteId: 1, seatNo: 1 } },
  'GET /api/v1/certificates': {
    list: (actor, json) => {
      for (const c of json.items) {
        if (actor.role === 'org') assert.equal(c.orgId, actor.orgId, `${actor.name} sees ${c.name}`);
        else assert.equal(c.enabled, true, `${actor.name} sees disabled ${c.name}`);
      }
    },
  },
  'GET /api/v1/certificates/export': {},
  'GET /api/v1/certificates/{id}/majors/template': { permission: ['org'], foreign: (actor) => Object.entries(ids.certs).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id) },
  'POST /api/v1/certificates/{id}/majors/import': { permission: ['org'], foreign: (actor) => Object.entries(ids.certs).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id), body: {} },
  'GET /api/v1/import-records': { list: (actor, json) => assert.equal(json.total, 0, `${actor.name} sees others' import records`) },
  'GET /api/v1/certificates/{id}': {
    foreign: (actor) => (actor.role === 'org' ? Object.entries(ids.certs).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id) : [ids.disabledCert]),
  },
  'POST /api/v1/certificates': { permission: ['org'], body: {} },
  'PUT /api/v1/certificates/{id}': { permission: ['org'], foreign: (actor) => Object.entries(ids.certs).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id), body: { version: 1 } },
  'POST /api/v1/certificates/{id}/enable': { permission: ['org'], foreign: (actor) => Object.entries(ids.certs).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id), body: {} },
  'POST /api/v1/certificates/{id}/disable': { permission: ['org'], foreign: (actor) => Object.entries(ids.certs).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id), body: {} },
  'GET /api/v1/plans': {
    list: (actor, json) => {
      for (const p of json.items) {
        if (actor.role === 'org') assert.equal(p.orgId, actor.orgId, `${actor.name} sees ${p.name}`);
        else assert.equal(p.status, 'published', `${actor.name} sees a ${p.status} plan`);
      }
      if (actor.username === 'ncut') assert.equal(json.total, 0, 'a college outside every plan sees none');
    },
  },
  'GET /api/v1/plans/{id}': {
    foreign: (actor) => (actor.role === 'org' ? Object.entries(ids.plans).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id) : [ids.draftPlan, ...(actor.username === 'ncut' ? Object.values(ids.plans) : [])]),
  },
  'POST /api/v1/plans': { permission: ['org'], body: {} },
  'PUT /api/v1/plans/{id}': { permission: ['org'], foreign: (actor) => Object.entries(ids.plans).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id), body: { version: 1 } },
  'POST /api/v1/plans/{id}/publish': { permission: ['org'], foreign: (actor) => Object.entries(ids.plans).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id), body: {} },
  'POST /api/v1/plans/{id}/cancel': { permission: ['org'], foreign: (actor) => Object.entries(ids.plans).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id), body: {} },
  'POST /api/v1/plans/{id}/copy': { permission: ['org'], foreign: (actor) => Object.entries(ids.plans).filter(([org]) => Number(org) !== actor.orgId).map(([, id]) => id), body: {} },
  'GET /api/v1/sites': {
    list: (actor, json) => {
      for (const site of json.items) {
        if (actor.role === 'org') assert.equal(site.orgId, actor.orgId, `${actor.name} sees ${site.name}`);
        else if (actor.role === 'college') assert.ok(site.servedColleges.some((c) => c.id === actor.orgId), `${actor.name} sees ${site.name}`);
      }
      if (actor.username === 'ncut') assert.equal(json.total, 0);
    },
  },
  'GET /api/v1/sites/{id}': { foreign: (actor) => (actor.role === 'org' ? (actor.orgId === ids.orgs.orgA ? [] : [ids.site]) : actor.username === 'ncut' ? [ids.site] : []) },
  'GET /api/v1/sites/suggestion': { permission: ['college'] },
  'POST /api/v1/sites': { permission: ['college'], body: {} },
  'PUT /api/v1/sites/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.site] : []), body: { version: 1 } },
  'POST /api/v1/sites/{id}/approve': { permission: ['org'], foreign: (actor) => (actor.orgId === ids.orgs.orgA ? [] : [ids.site]), body: {} },
  'POST /api/v1/sites/{id}/return': { permission: ['org'], foreign: (actor) => (actor.orgId === ids.orgs.orgA ? [] : [ids.site]), body: { reason: 'x' } },
  'GET /api/v1/colleges': {
    permission: ['org'],
    list: (actor, json) => {
      assert.ok(json.items.length >= 2);
      for (const c of json.items) assert.equal(c.type, 'college', `${actor.name} sees a ${c.type} in the college directory`);
    },
  },
  'GET /api/v1/training-orgs': {
    permission: ['org'],
    list: (actor, json) => {
      assert.ok(json.items.length >= 2);
      for (const o of json.items) assert.equal(o.type, 'org', `${actor.name} sees a ${o.type} among training organisations`);
    },
  },
  'GET /api/v1/students': { permission: ['college'], list: (actor, json) => { for (const st of json.items) assert.equal(st.collegeId, actor.orgId); } },
  'GET /api/v1/students/export': { permission: ['college'] },
  'GET /api/v1/students/template': { permission: ['college'] },
  'POST /api/v1/students/import': { permission: ['college'], body: {} },
  'GET /api/v1/students/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.student] : []) },
  'POST /api/v1/students': { permission: ['college'], body: {} },
  'PUT /api/v1/students/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.student] : []), body: { version: 1 } },
  'DELETE /api/v1/students/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.student] : []) },
  'GET /api/v1/rooms': {
    permission: ['college', 'org'],
    list: (actor, json) => {
      for (const r of json.items) {
        if (actor.role === 'college') assert.equal(r.collegeId, actor.orgId, `${actor.name} sees room ${r.name}`);
        else assert.equal(r.planId, ids.plans[actor.orgId], `${actor.name} sees room ${r.name}`);
      }
      if (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB) assert.equal(json.total, 0);
    },
  },
  'GET /api/v1/rooms/options': {
    permission: ['college'],
    list: (actor, json) => {
      for (const p of json.plans) {
        assert.ok(Object.values(ids.plans).includes(p.id), `${actor.name} is offered plan ${p.name}`);
        for (const c of p.certificates) for (const s of c.sites) assert.equal(s.id, ids.site, `${actor.name} is offered site ${s.name}`);
      }
      if (actor.username === 'ncut') assert.equal(json.plans.length, 0);
    },
  },
  'GET /api/v1/rooms/export': { permission: ['college', 'org'] },
  'GET /api/v1/rooms/template': { permission: ['college'] },
  'POST /api/v1/rooms/import': { permission: ['college'], body: {} },
  // The room is arranged, so even its own college's batch delete changes nothing.
  'POST /api/v1/rooms/batch-delete': { permission: ['college'], body: { items: [{ id: 0, version: 1 }] }, list: (actor, json) => assert.equal(json.done, 0) },
  'GET /api/v1/rooms/{id}': { permission: ['college', 'org'], foreign: (actor) => (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB ? [ids.room] : []) },
  'POST /api/v1/rooms': { permission: ['college'], body: {} },
  'PUT /api/v1/rooms/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.room] : []), body: { version: 1, seats: 99 } },
  'DELETE /api/v1/rooms/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.room] : []) },
  'GET /api/v1/invigilators': {
    permission: ['college', 'org'],
    list: (actor, json) => {
      for (const p of json.items) {
        if (actor.role === 'college') assert.equal(p.collegeId, actor.orgId, `${actor.name} sees ${p.name}`);
        else for (const c of p.certificates) assert.equal(c.orgId, actor.orgId, `${actor.name} sees ${p.name}'s ${c.certificateName}`);
      }
      if (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB) assert.equal(json.total, 0);
      if (actor.username === 'ustb' || actor.orgId === ids.orgs.orgA) assert.equal(json.total, 1);
    },
  },
  'GET /api/v1/invigilators/options': { permission: ['college'] },
  'GET /api/v1/invigilators/export': { permission: ['college', 'org'] },
  'GET /api/v1/invigilators/template': { permission: ['college'] },
  'POST /api/v1/invigilators/import': { permission: ['college'], body: {} },
  // Another college's person: nothing deleted, the row's name withheld.
  'POST /api/v1/invigilators/batch-delete': {
    permission: ['college'], body: { items: [{ id: 0, version: 1 }] },
    list: (actor, json) => { assert.equal(json.done, 0); if (actor.username === 'ncut') assert.equal(json.refused[0].name, ''); },
  },
  // 中联 reviews only its own certificates: a foreign application is refused per row.
  'POST /api/v1/invigilators/review': {
    permission: ['org'], body: { ids: [0], decision: 'return', reason: '越权退回' },
    list: (actor, json) => { if (actor.orgId === ids.orgs.orgB) assert.equal(json.done, 0); },
  },
  // 排考管理: the organisation of the plan arranges; its colleges and it read; nobody else.
  'POST /api/v1/arrangement-runs': { permission: ['org'], body: {} },
  'GET /api/v1/arrangement-runs': { permission: ['org'] },
  'GET /api/v1/arrangement-runs/{id}': { permission: ['org'], foreign: (actor) => (actor.orgId === ids.orgs.orgB ? [ids.run] : []) },
  'POST /api/v1/arrangements/clear': { permission: ['org'], body: {} },
  'POST /api/v1/arrangements/{id}/move': { permission: ['org'], foreign: (actor) => (actor.orgId === ids.orgs.orgB ? [ids.arrangement] : []), body: { roomId: 1, seatNo: 2 } },
  'POST /api/v1/arrangements/{id}/swap': { permission: ['org'], foreign: (actor) => (actor.orgId === ids.orgs.orgB ? [ids.arrangement] : []), body: { otherId: 999999 } },
  'DELETE /api/v1/arrangements/{id}': { permission: ['org'], foreign: (actor) => (actor.orgId === ids.orgs.orgB ? [ids.arrangement] : []) },
  'PUT /api/v1/room-slots/{id}/invigilators': { permission: ['org'], foreign: (actor) => (actor.orgId === ids.orgs.orgB ? [ids.roomSlot] : []), body: { ids: [] } },
  'GET /api/v1/arrangement-subjects': {
    permission: ['college', 'org'],
    list: (actor, json) => {
      const visible = actor.role === 'org' ? [ids.plans[actor.orgId]] : actor.username === 'ustb' ? Object.values(ids.plans) : [];
      for (const row of json.items) assert.ok(visible.includes(row.planId), `${actor.name} sees a subject of plan ${row.planId}`);
      if (actor.username === 'ncut') assert.equal(json.total, 0);
    },
  },
  'GET /api/v1/arrangement-subjects/export': { permission: ['college', 'org'] },
  'GET /api/v1/arrangement-subjects/{id}': { permission: ['college', 'org'], foreign: (actor) => (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB ? [ids.subjectKey] : []) },
  'GET /api/v1/room-slots': {
    permission: ['college', 'org'],
    list: (actor, json) => { if (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB) assert.equal(json.total, 0, `${actor.name} sees others' rooms`); },
  },
  'GET /api/v1/room-slots/export': { permission: ['college', 'org'] },
  'GET /api/v1/room-slots/{id}': { permission: ['college', 'org'], foreign: (actor) => (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB ? [ids.roomSlot] : []) },
  'GET /api/v1/arrangements': {
    permission: ['college', 'org'],
    list: (actor, json) => { if (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB) assert.equal(json.total, 0, `${actor.name} sees others' candidates`); },
  },
  'GET /api/v1/arrangements/export': { permission: ['college', 'org'] },
  'GET /api/v1/my/exams': { permission: ['student'] },
  'GET /api/v1/room-slots/{id}/document': { permission: ['college', 'org'], foreign: (actor) => (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB ? [ids.roomSlot] : []) },
  'POST /api/v1/arrangement-documents': { permission: ['college', 'org'], body: {} },
  'GET /api/v1/my/exams/{id}/ticket': { permission: ['student'] },
  'GET /api/v1/tickets/verify': { public: true },
  // 科目成绩 and 考证结果: the arranged candidate of 北科 in 中联's plan (one registration: its id keys
  // both the score and the level result).
  'GET /api/v1/scores': {
    permission: ['college', 'org'],
    list: (actor, json) => {
      if (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB) assert.equal(json.total, 0, `${actor.name} sees others' scores`);
      for (const r of json.items) if (actor.role === 'college') assert.equal(r.collegeId, actor.orgId);
    },
  },
  'GET /api/v1/scores/entry-options': {
    permission: ['org'],
    list: (actor, json) => { if (actor.orgId === ids.orgs.orgB) assert.equal(json.plans.length, 0, `${actor.name} sees others' plans`); },
  },
  'GET /api/v1/scores/export': { permission: ['college', 'org'] },
  'GET /api/v1/scores/template': { permission: ['org'] },
  'POST /api/v1/scores/import': { permission: ['org'] },
  'GET /api/v1/scores/{id}': { permission: ['college', 'org'], foreign: (actor) => (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB ? [ids.registration] : []) },
  'PUT /api/v1/scores/{id}': { permission: ['org'], foreign: (actor) => (actor.orgId === ids.orgs.orgB ? [ids.registration] : []), body: { score: '99' } },
  'GET /api/v1/my/scores': { permission: ['student'] },
  'GET /api/v1/results': {
    permission: ['college', 'org'],
    list: (actor, json) => { if (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB) assert.equal(json.total, 0, `${actor.name} sees others' results`); },
  },
  'GET /api/v1/results/export': { permission: ['college', 'org'] },
  'POST /api/v1/results/sign': { permission: ['org'], body: { ids: [0] }, list: (actor, json) => assert.equal(json.done, 0) },
  'POST /api/v1/results/confirm': { permission: ['college'], body: { ids: [0] }, list: (actor, json) => assert.equal(json.done, 0) },
  'GET /api/v1/results/{id}': { permission: ['college', 'org'], foreign: (actor) => (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB ? [ids.registration] : []) },
  'POST /api/v1/results/{id}/return': { permission: ['college', 'org'], foreign: (actor) => (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB ? [ids.registration] : []), body: { reason: '越权退回' } },
  'GET /api/v1/results/{id}/certificate': { permission: ['college', 'org'], foreign: (actor) => (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB ? [ids.registration] : []) },
  'GET /api/v1/my/results': { permission: ['student'] },
  'GET /api/v1/my/results/{id}/certificate': { permission: ['student'] },
  'GET /api/v1/certificates/verify': { public: true },
  'GET /api/v1/invigilators/{id}': { permission: ['college', 'org'], foreign: (actor) => (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB ? [ids.invigilator] : []) },
  'GET /api/v1/invigilators/{id}/duties': { permission: ['college', 'org'], foreign: (actor) => (actor.username === 'ncut' || actor.orgId === ids.orgs.orgB ? [ids.invigilator] : []) },
  'POST /api/v1/invigilators': { permission: ['college'], body: {} },
  'PUT /api/v1/invigilators/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.invigilator] : []), body: { version: 1, name: '越权修改' } },
  'POST /api/v1/invigilators/{id}/submit': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.invigilator] : []), body: { version: 1 } },
  'DELETE /api/v1/invigilators/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.invigilator] : []) },
  // 教师管理: a college's own teachers; the teacher's portal is the teacher's own.
  'GET /api/v1/teachers': {
    permission: ['college'],
    list: (actor, json) => {
      for (const t of json.items) assert.equal(t.collegeId, actor.orgId, `${actor.name} sees ${t.name}`);
      assert.equal(json.total, actor.username === 'ustb' ? 1 : 0);
    },
  },
  'GET /api/v1/teachers/export': { permission: ['college'] },
  'GET /api/v1/teachers/template': { permission: ['college'] },
  'POST /api/v1/teachers/import': { permission: ['college'], body: {} },
  'GET /api/v1/teachers/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.teacher] : []) },
  'POST /api/v1/teachers': { permission: ['college'], body: {} },
  'PUT /api/v1/teachers/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.teacher] : []), body: { version: 1, name: '越权修改' } },
  'POST /api/v1/teachers/{id}/disable': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.teacher] : []), body: { version: 1 } },
  'POST /api/v1/teachers/{id}/enable': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.teacher] : []), body: { version: 1 } },
  'POST /api/v1/teachers/{id}/resend': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.teacher] : []), body: {} },
  'GET /api/v1/teacher-portal/profile': { permission: ['teacher'] },
  'PUT /api/v1/teacher-portal/profile': { permission: ['teacher'], body: { version: 1 } },
  'GET /api/v1/teacher-portal/duties': { permission: ['teacher'] },
  // Exam-day check-in: the room-slot's own 监考 (a teacher account) only.
  'GET /api/v1/checkins/room-slots/{id}': { permission: ['teacher'] },
  'POST /api/v1/checkins/room-slots/{id}': { permission: ['teacher'], body: { code: '0' } },
  // 短信记录: a college reads the messages it caused (without their text).
  'GET /api/v1/sms-messages': {
    permission: ['college'],
    list: (actor, json) => {
      for (const m of json.items) {
        assert.equal(m.collegeId, actor.orgId, `${actor.name} sees a message of ${m.collegeName}`);
        assert.equal(m.text, null, 'only the administrator reads the text');
      }
      assert.equal(json.total, actor.username === 'ustb' ? 1 : 0);
    },
  },
  'GET /api/v1/payments': {
    permission: ['college', 'org'],
    list: (actor, json) => {
      for (const a of json.items) {
        if (actor.role === 'college') assert.equal(a.collegeId, actor.orgId, `${actor.name} sees application ${a.number}`);
        else assert.ok(a.orgId === actor.orgId || a.payeeOrgId === actor.orgId, `${actor.name} sees application ${a.number}`);
      }
      if (actor.username === 'ncut' || actor.username === 'hongke') assert.equal(json.total, 0);
    },
  },
  'GET /api/v1/payments/options': {
    permission: ['college'],
    list: (actor, json) => { if (actor.username === 'ncut') assert.equal(json.plans.length, 0); },
  },
  'GET /api/v1/payments/export': { permission: ['college', 'org'] },
  'POST /api/v1/payments': { permission: ['college'], body: {} },
  // Already confirmed in the set-up, so the right organisation changes nothing either.
  'POST /api/v1/payments/confirm': { permission: ['org'], body: { ids: [0] }, list: (actor, json) => assert.equal(json.done, 0) },
  'GET /api/v1/payments/{id}': { permission: ['college', 'org'], foreign: (actor) => (['ncut', 'hongke'].includes(actor.username) ? [ids.payment] : []) },
  'GET /api/v1/payments/{id}/notice': { permission: ['college', 'org'], foreign: (actor) => (['ncut', 'hongke'].includes(actor.username) ? [ids.payment] : []) },
  'DELETE /api/v1/payments/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.payment] : []) },
  'GET /api/v1/registrations': {
    permission: ['college', 'org'],
    list: (actor, json) => {
      for (const r of json.items) {
        if (actor.role === 'college') assert.equal(r.collegeId, actor.orgId, `${actor.name} sees ${r.collegeName}'s registration`);
        else assert.equal(r.planId, ids.plans[actor.orgId], `${actor.name} sees a registration of another organisation's plan`);
      }
      if (actor.username === 'ncut' || actor.username === 'hongke') assert.equal(json.total, 0);
    },
  },
  'GET /api/v1/registrations/options': { permission: ['college'], list: (actor, json) => { if (actor.username === 'ncut') assert.deepEqual(json.plans, []); } },
  'GET /api/v1/registrations/export': { permission: ['college', 'org'] },
  'GET /api/v1/registrations/template': { permission: ['college'] },
  'POST /api/v1/registrations/import': { permission: ['college'], body: {} },
  'POST /api/v1/registrations': { permission: ['college'], body: {} },
  'POST /api/v1/registrations/batch-delete': { permission: ['college'], body: { items: [{ id: 1, version: 1 }] } },
  'DELETE /api/v1/registrations/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.registration] : []) },
  'GET /api/v1/registrations/{id}/deletion-scope': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.registration] : []) },
  'POST /api/v1/students/{id}/initial-password': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.student] : []), body: {} },
  'GET /api/v1/jobs': {
    list: (actor, json) => assert.ok(!json.items.some((j) => j.id === adminJob.id), `${actor.name} sees the platform's job`),
    permission: ['college', 'org', 'province'],
  },
  'GET /api/v1/jobs/{id}': { foreign: () => [adminJob.id] },
  'POST /api/v1/jobs/{id}/cancel': { foreign: () => [adminJob.id], body: {} },
  'GET /api/v1/files/{id}/download': { foreign: () => [adminJob.resultFileId] },
  'GET /api/v1/weekly-reports': {
    permission: ['college', 'province'],
    list: (actor, json) => {
      for (const r of json.items) {
        if (actor.role === 'college') assert.equal(r.collegeId, actor.orgId, `${actor.name} sees ${r.collegeName}'s report`);
        else assert.equal(r.provinceId, actor.orgId, `${actor.name} sees ${r.collegeName}'s report`);
      }
      if (actor.username === 'ncut') assert.equal(json.total, 0);
      if (actor.role === 'province') assert.deepEqual(json.items.map((r) => r.id), [ids.report]);
    },
  },
  'GET /api/v1/weekly-reports/new': { permission: ['college'] },
  'GET /api/v1/weekly-reports/periods': { permission: ['college', 'province'], list: (actor, json) => assert.ok(json.items.length > 0) },
  'GET /api/v1/weekly-reports/cadence': { permission: ['college', 'province'] },
  'PUT /api/v1/weekly-reports/cadence': { permission: ['province'], body: { cadence: 'semimonthly' } },
  'GET /api/v1/weekly-reports/overview': {
    permission: ['province'],
    list: (actor, json) => {
      assert.deepEqual(json.items.map((c) => c.collegeId).sort(), [...ids.collegesOfProvince].sort());
    },
  },
  'GET /api/v1/weekly-reports/overview/export': { permission: ['province'] },
  'GET /api/v1/weekly-reports/rates': { permission: ['province'] },
  'POST /api/v1/weekly-reports/attachments': { permission: ['college'], body: {} },
  'GET /api/v1/weekly-reports/files/{id}': { permission: ['college', 'province'], foreign: (actor) => (actor.username === 'ncut' ? [ids.reportFile, ids.tjuFile] : [ids.tjuFile]) },
  // The other province's report: the province reviews nothing.
  'POST /api/v1/weekly-reports/review': { permission: ['province'], body: { ids: [0], result: 'approved' }, list: (actor, json) => assert.equal(json.done, 0) },
  'GET /api/v1/weekly-reports/{id}': { permission: ['college', 'province'], foreign: (actor) => (actor.username === 'ncut' ? [ids.report, ids.tjuReport] : [ids.tjuReport]) },
  'POST /api/v1/weekly-reports': { permission: ['college'], body: {} },
  'PUT /api/v1/weekly-reports/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.report, ids.tjuReport] : [ids.tjuReport]), body: { version: 1, progress: '越权修改' } },
  'DELETE /api/v1/weekly-reports/{id}': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.report, ids.tjuReport] : [ids.tjuReport]) },
  'POST /api/v1/weekly-reports/{id}/submit': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.report, ids.tjuReport] : [ids.tjuReport]), body: {} },
  'POST /api/v1/weekly-reports/{id}/withdraw': { permission: ['college'], foreign: (actor) => (actor.username === 'ncut' ? [ids.report, ids.tjuReport] : [ids.tjuReport]), body: {} },
  'POST /api/v1/weekly-reports/{id}/approve': { permission: ['province'], foreign: () => [ids.tjuReport], body: {} },
  'POST /api/v1/weekly-reports/{id}/return': { permission: ['province'], foreign: () => [ids.tjuReport], body: { opinion: '越权退回' } },
};

before(async () => {
  server = await startServer();
  admin = await server.login('admin');
  const orgs = (await admin.get('/api/v1/organizations?pageSize=100')).json.items;
  const byName = (n) => orgs.find((o) => o.name === n).id;
  const accounts = (await admin.get('/api/v1/accounts?pageSize=100')).json.items;
  const account = (u) => accounts.find((a) => a.username === u).id;
  ids = {
    orgs: {
      collegeA: byName('北京科技大学'), collegeB: byName('北方工业大学'),
      orgA: byName('中联集团教育科技有限公司'), orgB: byName('北京鸿科信息技术有限公司'),
      province: byName('北京教育委员会'), platform: byName('1+X 考务平台运营中心'),
    },
    accounts: { collegeB: account('ncut') },
  };
  ids.collegesOfProvince = orgs.filter((o) => o.provinceId === ids.orgs.province).map((o) => o.id);
  const started = await admin.post('/api/v1/audit-logs/export', {});
  adminJob = await waitForJob(admin, started.json.job.id);
  assert.equal(adminJob.state, 'succeeded');
  // One certificate per training organisation, and one disabled.
  ids.certs = {};
  for (const [username, code, orgId] of [['zhonglian', '81000001', ids.orgs.orgA], ['hongke', '82000001', ids.orgs.orgB]]) {
    const c = await server.login(username);
    const made = await c.post('/api/v1/certificates', {
      code, name: `证书${code}`, levels: [{ level: '初级', subjects: [{ code: `${code}101`, name: '理论', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 }] }],
      majors: ['电子商务'],
    });
    assert.equal(made.status, 201, made.text);
    ids.certs[orgId] = made.json.id;
  }
  // One published plan per organisation with 北京科技大学 taking part, and a draft.
  await admin.put('/api/v1/system/clock', { now: '2021-08-20 09:00:00' });
  ids.plans = {};
  for (const [username, orgId] of [['zhonglian', ids.orgs.orgA], ['hongke', ids.orgs.orgB]]) {
    const c = await server.login(username);
    const cert = (await c.get(`/api/v1/certificates/${ids.certs[orgId]}`)).json;
    const body = {
      name: `${username} 计划`, mode: 'certificate',
      windows: { registrationStart: '2021-09-01 00:00', registrationEnd: '2021-09-10 18:00', arrangingStart: '2021-09-05 00:00',
        arrangingEnd: '2021-09-15 18:00', scoreStart: '2021-09-19 00:00', scoreEnd: '2021-09-25 18:00',
        publicityStart: '2021-09-26 00:00', publicityEnd: '2021-10-05 18:00' },
      levelIds: [cert.levels[0].id],
      subjects: [{ subjectId: cert.levels[0].subjects[0].id, start: '2021-09-18 08:00', end: '2021-09-18 09:00' }],
      collegeIds: [ids.orgs.collegeA],
    };
    const plan = await c.post('/api/v1/plans', body);
    assert.equal(plan.status, 201, plan.text);
    ids.plans[orgId] = plan.json.id;
    if (username === 'zhonglian') {
      ids.draftPlan = (await c.post('/api/v1/plans', { ...body, name: '草稿计划' })).json.id;
    }
    assert.equal((await c.post(`/api/v1/plans/${plan.json.id}/publish`, {})).status, 200);
  }
  const ustbClient = await server.login('ustb');
  const site = await ustbClient.post('/api/v1/sites', { certificateId: ids.certs[ids.orgs.orgA], region: '北京市北京市海淀区', address: '学院路30号' });
  assert.equal(site.status, 201, site.text);
  ids.site = site.json.id;
  const student = await ustbClient.post('/api/v1/students', { name: '王小二', idNumber: '110101199003070011', type: '院校考生', major: '电子商务' });
  assert.equal(student.status, 201, student.text);
  ids.student = student.json.id;
  // 北京科技大学 registers the student in the 中联 plan once its registration window opens.
  await admin.put('/api/v1/system/clock', { now: '2021-09-02 09:00:00' });
  admin = await server.login('admin');
  const registrar = await server.login('ustb');
  const plan = (await registrar.get(`/api/v1/plans/${ids.plans[ids.orgs.orgA]}`)).json;
  const registered = await registrar.post('/api/v1/registrations', { planId: plan.id, studentId: ids.student, levelId: plan.levels[0].levelId });
  assert.equal(registered.status, 201, registered.text);
  ids.registration = registered.json[0].id;
  // An approved site, a room of 北京科技大学 in 中联's plan, and a candidate arranged in it.
  const zhonglian = await server.login('zhonglian');
  assert.equal((await zhonglian.post(`/api/v1/sites/${ids.site}/approve`, {})).status, 200);
  const zlPlan = (await zhonglian.get(`/api/v1/plans/${ids.plans[ids.orgs.orgA]}`)).json;
  const room = await registrar.post('/api/v1/rooms', {
    planId: zlPlan.id, siteId: ids.site, certificateId: ids.certs[ids.orgs.orgA], name: '一号考场', types: ['机考'], seats: 30,
    region: '北京市北京市海淀区', address: '学院路30号',
  });
  assert.equal(room.status, 201, room.text);
  ids.room = room.json.id;
  ROUTES['POST /api/v1/rooms/batch-delete'].body.items = [{ id: ids.room, version: room.json.version }];
  const placed = await admin.post('/api/v1/system/fixtures/arrangements', {
    registrationId: ids.registration, roomId: ids.room, siteId: ids.site, seatNo: 1,
  });
  assert.equal(placed.status, 201, placed.text);
  ids.arrangement = placed.json.id;
  ids.roomSlot = (await registrar.get(`/api/v1/room-slots?planId=${zlPlan.id}`)).json.items[0].id;
  ids.subjectKey = (await registrar.get(`/api/v1/arrangement-subjects?planId=${zlPlan.id}`)).json.items[0].id;
  // A payment application of 北京科技大学 to 中联, already confirmed.
  const applied = await registrar.post('/api/v1/payments', { planId: zlPlan.id, certificateId: ids.certs[ids.orgs.orgA], mode: zlPlan.mode });
  assert.equal(applied.status, 201, applied.text);
  ids.payment = applied.json.id;
  ROUTES['POST /api/v1/payments/confirm'].body.ids = [ids.payment];
  assert.equal((await zhonglian.post('/api/v1/payments/confirm', { ids: [ids.payment] })).json.done, 1);
  const zl = await server.login('zhonglian');
  const hidden = await zl.post('/api/v1/certificates', {
    code: '81000002', name: '停用证书', levels: [{ level: '初级', subjects: [{ code: '81000002101', name: '理论', mode: '机考', durationMinutes: 60, fullMark: 100, passMark: 60 }] }],
  });
  ids.disabledCert = hidden.json.id;
  await zl.post(`/api/v1/certificates/${ids.disabledCert}/disable`, {});
  // Weekly reports: 北京科技大学 submits one with an attachment; 天津大学 of another province too.
  const tjjw = await admin.post('/api/v1/organizations', { type: 'province', name: '天津市教育委员会', region: '天津市' });
  const tju = await admin.post('/api/v1/organizations', { type: 'college', name: '天津大学', collegeType: '本科院校', provinceId: tjjw.json.id, region: '天津市' });
  assert.equal(tju.status, 201, tju.text);
  assert.equal((await admin.post('/api/v1/accounts', { username: 'tju', displayName: '天津大学考务', role: 'college', orgId: tju.json.id, password: 'Tianjin2021!', mustChangePassword: false })).status, 201);
  for (const [client, key] of [[registrar, 'report'], [await server.login('tju', 'Tianjin2021!'), 'tjuReport']]) {
    const file = await client.request('POST', '/api/v1/weekly-reports/attachments?fileName=scan.pdf', { raw: Buffer.from('%PDF-1.4\n%%EOF\n') });
    assert.equal(file.status, 201, file.text);
    const report = await client.post('/api/v1/weekly-reports', { progress: '本周进展', submit: true, attachments: [{ fileId: file.json.fileId, kind: 'scan' }] });
    assert.equal(report.status, 201, report.text);
    ids[key] = report.json.id;
    ids[key === 'report' ? 'reportFile' : 'tjuFile'] = file.json.fileId;
  }
  ROUTES['POST /api/v1/weekly-reports/review'].body.ids = [ids.tjuReport];
  // A 监考人员 of 北京科技大学 applying for 中联's certificate, submitted and certified.
  const invigilator = await registrar.post('/api/v1/invigilators', {
    kind: '监考老师', name: '李虹', idNumber: '11010119900307002X', phone: '18300000551', region: '北京市北京市丰台区',
    levelIds: [(await registrar.get(`/api/v1/certificates/${ids.certs[ids.orgs.orgA]}`)).json.levels[0].id],
  });
  assert.equal(invigilator.status, 201, invigilator.text);
  ids.invigilator = invigilator.json.id;
  const sent = await registrar.post(`/api/v1/invigilators/${ids.invigilator}/submit`, { version: invigilator.json.version });
  assert.equal(sent.status, 200, sent.text);
  assert.equal((await zhonglian.post('/api/v1/invigilators/review', { ids: [sent.json.certificates[0].id], decision: 'certify' })).json.done, 1);
  const certified = (await registrar.get(`/api/v1/invigilators/${ids.invigilator}`)).json;
  // Certified, so even its own college's batch delete changes nothing.
  ROUTES['POST /api/v1/invigilators/batch-delete'].body.items = [{ id: ids.invigilator, version: certified.version }];
  // Already certified, so even 中联's review changes nothing.
  ROUTES['POST /api/v1/invigilators/review'].body.ids = [sent.json.certificates[0].id];
  // A teacher of 北京科技大学, with its account SMS.
  const teacher = await registrar.post('/api/v1/teachers', { name: '王老师', idNumber: '110101199003070011', department: '机械工程学院', phone: '13700000888' });
  assert.equal(teacher.status, 201, teacher.text);
  ids.teacher = teacher.json.id;
  // A run of 中联's plan, inside its 排考 window.
  await admin.put('/api/v1/system/clock', { now: '2021-09-06 09:00:00' });
  const arranger = await server.login('zhonglian');
  const run = await arranger.post('/api/v1/arrangement-runs', { planId: zlPlan.id });
  assert.equal(run.status, 202, run.text);
  assert.equal((await waitForJob(arranger, run.json.job.id)).state, 'succeeded');
  ids.run = run.json.run.id;
  await admin.put('/api/v1/system/clock', { now: '2021-09-02 09:00:00' });
  admin = await server.login('admin');
  actors = [
    { name: '北京科技大学', username: 'ustb', role: 'college', orgId: ids.orgs.collegeA },
    { name: '北方工业大学', username: 'ncut', role: 'college', orgId: ids.orgs.collegeB },
    { name: '中联', username: 'zhonglian', role: 'org', orgId: ids.orgs.orgA },
    { name: '鸿科', username: 'hongke', role: 'org', orgId: ids.orgs.orgB },
    { name: '北京教委', username: 'bjjw', role: 'province', orgId: ids.orgs.province },
  ];
  for (const a of actors) a.client = await server.login(a.username);
});
after(async () => { await server?.stop(); });

test('every route in the OpenAPI document has a row in the tenancy table', async () => {
  const doc = (await server.client().get('/api/v1/openapi.json')).json;
  const documented = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) documented.push(`${method.toUpperCase()} ${path}`);
  }
  const missing = documented.filter((r) => !(r in ROUTES));
  assert.deepEqual(missing, [], 'add these routes to ROUTES in tenancy.test.mjs');
  const stale = Object.keys(ROUTES).filter((r) => !documented.includes(r));
  assert.deepEqual(stale, [], 'these rows name routes that no longer exist');
});

test('no tenant reads or changes another tenant\'s rows through any route', async () => {
  const auditBefore = (await admin.get('/api/v1/audit-logs?pageSize=1')).json.total;
  let checks = 0;
  for (const [key, rule] of Object.entries(ROUTES)) {
    const [method, pattern] = key.split(' ');
    for (const actor of actors) {
      // A delete names the version it was shown: the one each record was created with.
      const target = (path) => (method === 'DELETE' ? `${path}?version=1` : path);
      const call = (path) => actor.client.request(method, target(path), rule.body !== undefined ? { body: rule.body } : {});
      if (rule.permission && !rule.permission.includes(actor.role)) {
        const res = await call(pattern.replace('{id}', String(ids.orgs.platform)));
        assert.equal(res.status, 403, `${actor.name}: ${key} needs a role it lacks, got ${res.status} ${res.text}`);
        checks++;
        continue;
      }
      if (rule.admin) {
        const path = pattern.replace('{id}', String(rule.target ? rule.target() : ids.orgs.platform));
        const res = await call(path);
        assert.equal(res.status, 403, `${actor.name}: ${key} should be refused, got ${res.status} ${res.text}`);
        checks++;
      }
      if (rule.foreign) {
        for (const id of rule.foreign(actor)) {
          const res = await call(pattern.replace('{id}', String(id)));
          assert.equal(res.status, 404, `${actor.name}: ${key} with a foreign id ${id} gave ${res.status} ${res.text}`);
          assert.ok(!res.text.includes('"name"') || res.json?.error, 'no foreign data in the body');
          checks++;
        }
      }
      if (rule.list) {
        const res = await call(pattern);
        assert.equal(res.status, 200, `${actor.name}: ${key} ${res.text}`);
        rule.list(actor, res.json);
        checks++;
      }
    }
  }
  assert.ok(checks > 60, `walked ${checks} calls`);
  // Nothing changed: the only new audit entries are none (refused calls write nothing).
  const auditAfter = (await admin.get('/api/v1/audit-logs?pageSize=1')).json.total;
  assert.equal(auditAfter, auditBefore, 'refused calls must not change anything');
  const collegeB = (await admin.get(`/api/v1/organizations/${ids.orgs.collegeB}`)).json;
  assert.equal(collegeB.name, '北方工业大学');
  const job = (await admin.get(`/api/v1/jobs/${adminJob.id}`)).json;
  assert.equal(job.state, 'succeeded');
});

test('another organisation cannot arrange, clear or read the runs of a plan that is not its own', async () => {
  const hongke = actors.find((a) => a.username === 'hongke').client;
  const plan = ids.plans[ids.orgs.orgA];
  for (const [path, body] of [['/api/v1/arrangement-runs', { planId: plan }], ['/api/v1/arrangements/clear', { planId: plan, siteId: ids.site }]]) {
    const res = await hongke.post(path, body);
    assert.equal(res.status, 404, `${path}: ${res.text}`);
    assert.equal(res.json.error.message, '考试计划不存在');
  }
  assert.equal((await hongke.get(`/api/v1/arrangement-runs?planId=${plan}`)).status, 404);
  assert.equal((await admin.get(`/api/v1/arrangements?planId=${plan}`)).json.total, 1, 'the arrangement is still there');
});

test('a province sees itself and the colleges of its province, not training organisations', async () => {
  const bjjw = actors.find((a) => a.role === 'province');
  const list = (await bjjw.client.get('/api/v1/organizations?pageSize=100')).json;
  const names = list.items.map((o) => o.name).sort();
  assert.deepEqual(names, ['北京教育委员会', '北京科技大学', '北方工业大学'].sort());
  assert.equal((await bjjw.client.get(`/api/v1/organizations/${ids.orgs.collegeA}`)).status, 200);
  assert.equal((await bjjw.client.get(`/api/v1/organizations/${ids.orgs.orgA}`)).status, 404);
});

test('each college reads its own organisation', async () => {
  for (const actor of actors) {
    const res = await actor.client.get(`/api/v1/organizations/${actor.orgId}`);
    assert.equal(res.status, 200);
    assert.equal(res.json.name.length > 0, true);
  }
});

test('another organisation cannot download the score template of a plan that is not its own, nor import into it', async () => {
  const hongke = actors.find((a) => a.username === 'hongke').client;
  const plan = (await admin.get(`/api/v1/plans/${ids.plans[ids.orgs.orgA]}`)).json;
  const subject = plan.subjects[0].subjectId;
  const template = await hongke.get(`/api/v1/scores/template?planId=${plan.id}&subjectId=${subject}`);
  assert.equal(template.status, 404, template.text);
  assert.equal(template.json.error.message, '考试计划不存在，或不是本机构的考试计划');
  const upload = await hongke.request('POST', `/api/v1/scores/import?planId=${plan.id}&subjectId=${subject}&fileName=x.csv`,
    { raw: Buffer.from('准考证号\r\n'), headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(upload.status, 404, upload.text);
});
