// Compares every answer the API tests received (recorded by the harness when KAOWU_API_RECORD names
// a directory) with the OpenAPI document the server publishes: each answer's status must be
// documented for its route and its JSON body must match that status's schema; every documented
// route must have been answered with its success status by some test.
//
//   KAOWU_API_RECORD=build/api-responses node --test server/tests/api/   # records
//   KAOWU_API_RECORD=build/api-responses node --test server/tests/api/support/check_openapi.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './harness.mjs';

// Routes no API test can reach with a success, each with the reason.
const UNREACHABLE = {
};

// The subset of JSON schema (OpenAPI 3.0) the document uses. Returns the first mismatch as
// "<path>: <what>", or null.
export function mismatch(schema, value, doc, path = '$') {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) return `${path}: unknown $ref ${schema.$ref}`;
    return mismatch(target, value, doc, path);
  }
  if (value === null) return schema.nullable ? null : `${path}: null, but not nullable`;
  if (schema.allOf) {
    for (const s of schema.allOf) {
      const m = mismatch(s, value, doc, path);
      if (m) return m;
    }
  }
  if (schema.oneOf) {
    const results = schema.oneOf.map((s) => mismatch(s, value, doc, path));
    const ok = results.filter((r) => r === null).length;
    if (ok !== 1) {
      return ok === 0 ? `${path}: matches none of oneOf (${results.join(' | ')})`
        : `${path}: matches ${ok} of oneOf`;
    }
  }
  const type = Array.isArray(value) ? 'array' : typeof value;
  switch (schema.type) {
    case undefined: break;
    case 'integer':
      if (!Number.isInteger(value)) return `${path}: ${JSON.stringify(value)} is not an integer`;
      break;
    case 'number':
      if (type !== 'number') return `${path}: ${JSON.stringify(value)} is not a number`;
      break;
    case 'string': case 'boolean': case 'array': case 'object':
      if (type !== schema.type) return `${path}: ${JSON.stringify(value)?.slice(0, 80)} is not ${schema.type === 'array' || schema.type === 'object' ? 'an' : 'a'} ${schema.type}`;
      break;
    default: return `${path}: unknown type ${schema.type}`;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    return `${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`;
  }
  if (schema.pattern && type === 'string' && !new RegExp(schema.pattern).test(value)) {
    return `${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`;
  }
  if (type === 'array' && schema.items) {
    for (let i = 0; i < value.length; i++) {
      const m = mismatch(schema.items, value[i], doc, `${path}[${i}]`);
      if (m) return m;
    }
  }
  if (type === 'object') {
    for (const key of schema.required || []) {
      if (!(key in value)) return `${path}: missing required key "${key}"`;
    }
    const props = schema.properties || {};
    for (const [key, v] of Object.entries(value)) {
      const sub = `${path}.${key}`;
      if (key in props) {
        const m = mismatch(props[key], v, doc, sub);
        if (m) return m;
      } else if (schema.additionalProperties === false) {
        return `${sub}: not documented (additionalProperties is false)`;
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        const m = mismatch(schema.additionalProperties, v, doc, sub);
        if (m) return m;
      }
    }
  }
  return null;
}

// The documented route a request path answers to: literal segments before parameters, as the
// router matches.
function matcher(doc) {
  const routes = [];
  for (const [pattern, ops] of Object.entries(doc.paths)) {
    const segments = pattern.split('/').filter(Boolean);
    for (const method of Object.keys(ops)) routes.push({ method: method.toUpperCase(), pattern, segments, op: ops[method] });
  }
  return (method, path) => {
    const parts = path.split('/').filter(Boolean);
    let best = null, bestLiterals = -1;
    for (const r of routes) {
      if (r.method !== method || r.segments.length !== parts.length) continue;
      let literals = 0, ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        if (r.segments[i].startsWith('{')) continue;
        if (r.segments[i] === decodeURIComponent(parts[i])) literals++; else ok = false;
      }
      if (ok && literals > bestLiterals) { best = r; bestLiterals = literals; }
    }
    return best;
  };
}

function loadRecords(dir) {
  const out = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) if (line) out.push(JSON.parse(line));
  }
  return out;
}

const dir = process.env.KAOWU_API_RECORD;

test('the schema check names the path of the first mismatch', () => {
  const doc = { components: { schemas: { Room: { type: 'object', required: ['id', 'name'], additionalProperties: false,
    properties: { id: { type: 'integer' }, name: { type: 'string' }, closedAt: { type: 'string', nullable: true },
      status: { type: 'string', enum: ['open', 'closed'] } } } } } };
  const page = { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Room' } } } };
  assert.equal(mismatch(page, { items: [{ id: 1, name: 'A', closedAt: null, status: 'open' }] }, doc), null);
  assert.equal(mismatch(page, { items: [{ id: 1, name: 'A' }, { id: 2.5, name: 'B' }] }, doc), '$.items[1].id: 2.5 is not an integer');
  assert.equal(mismatch(page, { items: [{ id: 1 }] }, doc), '$.items[0]: missing required key "name"');
  assert.equal(mismatch(page, { items: [{ id: 1, name: 'A', seats: 3 }] }, doc), '$.items[0].seats: not documented (additionalProperties is false)');
  assert.equal(mismatch(page, { items: [{ id: 1, name: null }] }, doc), '$.items[0].name: null, but not nullable');
  assert.equal(mismatch(page, { items: [{ id: 1, name: 'A', status: 'gone' }] }, doc), '$.items[0].status: "gone" is not one of ["open","closed"]');
  const either = { nullable: true, oneOf: [{ type: 'object', required: ['rows'], additionalProperties: false, properties: { rows: { type: 'integer' } } },
    { type: 'object', required: ['total'], properties: { total: { type: 'integer' } } }] };
  assert.equal(mismatch(either, null, doc), null);
  assert.equal(mismatch(either, { rows: 3 }, doc), null);
  assert.match(mismatch(either, { count: 3 }, doc), /^\$: matches none of oneOf/);
});

test('every recorded answer is documented, with a body that matches its schema; every route answered', { skip: !dir && 'KAOWU_API_RECORD is not set' }, async () => {
  const server = await startServer({ demo: false });
  let doc;
  try {
    doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();  // not recorded itself
  } finally {
    await server.stop();
  }
  const records = loadRecords(dir);
  assert.ok(records.length > 0, `no answers recorded in ${dir}: run the API tests with KAOWU_API_RECORD=${dir} first`);
  const find = matcher(doc);
  const problems = new Map();
  const succeeded = new Set();
  let checked = 0;
  for (const rec of records) {
    const route = find(rec.method, rec.path);
    if (!route) continue;  // an unknown path or method: the tests of 404/405 send those
    const key = `${rec.method} ${route.pattern}`;
    const answer = route.op.responses[String(rec.status)];
    if (!answer) {
      problems.set(`${key} ${rec.status}`, `${key} answered ${rec.status} (${rec.path}), which is not documented: ${JSON.stringify(rec.body)?.slice(0, 200)}`);
      continue;
    }
    if (rec.status >= 200 && rec.status < 300) succeeded.add(key);
    const content = answer.content || {};
    const types = Object.keys(content);
    const received = rec.contentType.split(';')[0].trim();
    if (types.length === 0) {
      if (rec.body !== null) problems.set(`${key} ${rec.status}`, `${key} ${rec.status}: documented without a body, answered ${received}`);
      continue;
    }
    const documentedType = types.includes(received) ? received
      : types.find((t) => t === 'application/octet-stream' && received !== 'application/json');
    if (!documentedType) {
      problems.set(`${key} ${rec.status}`, `${key} ${rec.status}: answered ${received}, documented ${types.join(', ')}`);
      continue;
    }
    if (rec.body === null || !/json/.test(documentedType)) continue;
    checked++;
    const m = mismatch(content[documentedType].schema, rec.body, doc);
    if (m && !problems.has(`${key} ${rec.status}`)) problems.set(`${key} ${rec.status}`, `${key} ${rec.status} (${rec.path}): ${m}`);
  }
  const untested = [];
  for (const [pattern, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      const key = `${method.toUpperCase()} ${pattern}`;
      if (!succeeded.has(key) && !(key in UNREACHABLE)) untested.push(key);
    }
  }
  const routes = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
  console.log(`${records.length} answers recorded, ${checked} JSON bodies checked, ${succeeded.size} of ${routes} routes answered with success`);
  assert.deepEqual([...problems.values()], [], 'answers that differ from the OpenAPI document');
  assert.deepEqual(untested, [], 'routes no API test answered with success');
});
