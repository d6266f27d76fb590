/**
 * Property: every request to confd 1.1 and call-logd 1.0 of a real node gets a 2xx or a 4xx of the
 * seed's shape (a JSON list of messages), never a 5xx, a hang or a crash, and the node keeps
 * serving. Random routes of both services with random ids (numbers, uuids, garbage), list and
 * CDR filter parameters, and bodies near the resources' (wrong types, out-of-range numbers, bad
 * characters, the fields of every resource mixed).
 */
import '../support/property-seed.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startTestNode, type TestNode } from '../support/test-node.ts';

let testNode: TestNode;
let adminToken = '';

before(async () => {
  testNode = await startTestNode();
  const login = await fetch(`http://127.0.0.1:${testNode.httpPort}/api/auth/0.1/token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`admin:${testNode.adminPassword}`).toString('base64')}` },
    body: '{"expiration": 3600}',
  });
  adminToken = ((await login.json()) as { data: { token: string } }).data.token;
});
after(() => testNode.close());

const IDS = ['1', '2', '3', '0', '-1', '99999999999', '1.5', 'me', 'abc', '%00', '%27--', '00000000-0000-4000-8000-000000000000'];
const TEMPLATES = [
  '/api/confd/1.1/users', '/api/confd/1.1/users/{}', '/api/confd/1.1/users/{}/lines/{}', '/api/confd/1.1/users/{}/services',
  '/api/confd/1.1/users/{}/services/dnd', '/api/confd/1.1/users/{}/services/incallfilter', '/api/confd/1.1/users/{}/forwards',
  '/api/confd/1.1/users/{}/forwards/busy', '/api/confd/1.1/users/{}/forwards/unconditional', '/api/confd/1.1/lines', '/api/confd/1.1/lines/{}',
  '/api/confd/1.1/lines/{}/extensions/{}', '/api/confd/1.1/lines/{}/endpoints/sip/{}', '/api/confd/1.1/endpoints/sip', '/api/confd/1.1/endpoints/sip/{}',
  '/api/confd/1.1/extensions', '/api/confd/1.1/extensions/{}', '/api/confd/1.1/contexts', '/api/confd/1.1/contexts/{}',
  '/api/confd/1.1/queues', '/api/confd/1.1/queues/{}', '/api/confd/1.1/queues/{}/fallbacks', '/api/confd/1.1/queues/{}/members/agents/{}',
  '/api/confd/1.1/queues/{}/members/users/{}', '/api/confd/1.1/queues/skillrules', '/api/confd/1.1/queues/skillrules/{}', '/api/confd/1.1/agents',
  '/api/confd/1.1/agents/{}', '/api/confd/1.1/agents/{}/skills/{}', '/api/confd/1.1/agents/skills', '/api/confd/1.1/agents/skills/{}',
  '/api/call-logd/1.0/cdr', '/api/call-logd/1.0/cdr/{}', '/api/call-logd/1.0/users/me/cdr', '/api/call-logd/1.0/users/{}/cdr',
];
const path = fc.tuple(fc.constantFrom(...TEMPLATES), fc.constantFrom(...IDS), fc.constantFrom(...IDS))
  .map(([template, first, second]) => template.replace('{}', first).replace('{}', second));
const PARAMETERS = ['limit', 'offset', 'order', 'direction', 'search', 'recurse', 'type', 'from', 'until', 'call_direction', 'number', 'tags', 'user_uuid', 'from_id'];
const query = fc.option(
  fc.array(fc.tuple(fc.constantFrom(...PARAMETERS), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('-1', '99999999999', 'firstname', 'start', 'desc', 'true', '%', '_', '2026-01-01T00:00:00Z', '9999-99-99', 'internal', '1_0', 'a,,b', IDS[11] ?? ''))), { maxLength: 4 })
    .map((pairs) => `?${pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`),
  { nil: '', freq: 2 },
);
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', 'a\u0000b', 'x'.repeat(300), '1001', '*98', 'default', 'office'));
const nearValidBody = fc.record(
  {
    firstname: fc.oneof(text, fc.constant(null), fc.integer()),
    lastname: fc.oneof(text, fc.constant(null)),
    email: fc.oneof(text, fc.constant('a@b.c'), fc.constant(null)),
    ring_seconds: fc.oneof(fc.integer({ min: -10, max: 20_000 }), fc.double(), fc.constant('30')),
    simultaneous_calls: fc.oneof(fc.integer({ min: -1, max: 40 }), fc.constant(null)),
    music_on_hold: fc.oneof(text, fc.constant(null)),
    enabled: fc.oneof(fc.boolean(), fc.constant('yes')),
    destination: fc.oneof(text, fc.constant(null), fc.integer()),
    busy: fc.oneof(fc.record({ enabled: fc.boolean(), destination: text }), fc.constant(null)),
    context: fc.oneof(text, fc.constant('default')),
    exten: fc.oneof(text, fc.constant('_1XX'), fc.constant('1999')),
    position: fc.oneof(fc.integer({ min: -1, max: 100 }), fc.constant('1')),
    provisioning_code: fc.oneof(text, fc.constant('123456')),
    name: text,
    label: text,
    type: fc.constantFrom('internal', 'incall', 'nonsense', 5),
    options: fc.oneof(fc.constant([['strategy', 'linear'], ['joinempty', 'paused,bogus']]), fc.array(fc.array(text, { maxLength: 3 }), { maxLength: 3 }), text),
    number: fc.oneof(text, fc.constant('3001'), fc.integer()),
    rules: fc.oneof(fc.array(fc.record({ definition: fc.oneof(text, fc.constant('WT < 60, english > 50'), fc.constant('10 < english')) }), { maxLength: 3 }), text),
    skill_weight: fc.oneof(fc.integer(), fc.double(), fc.constant('55')),
    penalty: fc.oneof(fc.integer({ min: -1, max: 10 }), fc.constant(null)),
    wait_ratio_threshold: fc.oneof(fc.double(), fc.constant(0.5), fc.constant('1')),
    auth_section_options: fc.oneof(fc.constant([['username', 'prop-user'], ['password', 'pw']]), fc.array(fc.array(text, { maxLength: 3 }), { maxLength: 3 }), text),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 32 }).map((bytes) => Buffer.from(bytes)),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  nearValidBody.map((value) => JSON.stringify(value)),
  nearValidBody.map((value) => JSON.stringify(value)),
);
const randomRequest = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'PUT', 'DELETE', 'HEAD'),
  path,
  query,
  tenant: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, fc.constantFrom('00000000-0000-4000-8000-000000000000', 'garbage')),
  body,
});
/** Valid writes now and then, so that later random requests meet rows to read, change, associate and delete. */
const creation = fc.constantFrom(
  { method: 'POST', path: '/api/confd/1.1/users', body: '{"firstname": "Prop"}' },
  { method: 'POST', path: '/api/confd/1.1/lines', body: '{"context": "default"}' },
  { method: 'POST', path: '/api/confd/1.1/extensions', body: '{"exten": "1998", "context": "default"}' },
  { method: 'PUT', path: '/api/confd/1.1/users/1/services/dnd', body: '{"enabled": false}' },
).map((write) => ({ query: '', tenant: undefined, ...write }));
const request = fc.oneof({ weight: 9, arbitrary: randomRequest }, { weight: 1, arbitrary: creation });

describe('confd and call-logd input', () => {
  it('MUST answer every request with a 2xx or a 4xx of the seed shape, and keep serving', { timeout: 300_000 }, async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const headers: Record<string, string> = { accept: 'application/json', 'x-auth-token': adminToken };
        if (input.body !== undefined) headers['content-type'] = 'application/json';
        if (input.tenant !== undefined) headers['wazo-tenant'] = input.tenant;
        const canHaveBody = input.method !== 'GET' && input.method !== 'HEAD';
        const response = await fetch(`http://127.0.0.1:${testNode.httpPort}${input.path}${input.query}`, {
          method: input.method, headers, ...(canHaveBody && input.body !== undefined ? { body: input.body } : {}), signal: AbortSignal.timeout(10_000),
        });
        const answer = await response.text();
        seen.add(response.status);
        assert.ok(response.status >= 200 && response.status < 500, `${input.method} ${input.path}${input.query} ${String(input.body)}: ${response.status} ${answer}`);
        if (response.status >= 400 && input.method !== 'HEAD') assert.ok(Array.isArray(JSON.parse(answer)), answer);
      }),
      { numRuns: 400 },
    );
    // The generator reaches the handlers' answers, not only the checks in front of them.
    for (const status of [200, 201, 204, 400, 404]) assert.ok(seen.has(status), `no ${status} among ${[...seen].sort().join(', ')}`);
    const list = await fetch(`http://127.0.0.1:${testNode.httpPort}/api/confd/1.1/users`, { headers: { accept: 'application/json', 'x-auth-token': adminToken } });
    assert.equal(list.status, 200);
  });
});
