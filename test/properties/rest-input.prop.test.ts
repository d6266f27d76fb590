/**
 * Property: every request a client can send to the REST APIs of a real node gets a clear answer,
 * a 2xx or a 4xx, with the seed's error shape (a JSON list, or an empty body for 406 and 415),
 * never a 5xx, a hang or a crash; and the node keeps serving afterwards. Random methods, paths
 * (with percent-garbage and odd segments), headers (tokens, tenants, media types, credentials)
 * and bodies (random bytes, random JSON, near-valid objects), with and without a valid token;
 * then raw bytes straight on the socket.
 */
import '../support/property-seed.ts';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { restClient } from '../support/rest-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

let testNode: TestNode;
let adminToken = '';

before(async () => {
  testNode = await startTestNode();
  adminToken = await restClient(testNode.httpPort).login('admin', testNode.adminPassword);
});
after(() => testNode.close());

const word = fc.oneof(
  fc.constantFrom('users', 'policies', 'tenants', 'token', 'password', 'tokens', 'me', 'api', 'api.yml', '00000000-0000-4000-8000-000000000000', '1', '-1', '%00', '%ZZ', '..', '%2F'),
  fc.string({ maxLength: 12 }).map((text) => encodeURIComponent(text)),
);
const UUIDS = ['00000000-0000-4000-8000-000000000000', 'me', 'not-a-uuid', '%00'];
const routePath = fc.tuple(
  fc.constantFrom('/users', '/users/{}', '/users/{}/password', '/users/{}/policies', '/users/{}/policies/{}', '/users/{}/tokens', '/users/{}/tokens/{}',
    '/policies', '/policies/{}', '/tenants', '/tenants/{}', '/token', '/token/{}', '/api/api.yml'),
  fc.constantFrom(...UUIDS), fc.constantFrom(...UUIDS),
).map(([template, first, second]) => template.replace('{}', first).replace('{}', second));
const path = fc.oneof(routePath, fc.array(word, { maxLength: 5 }).map((words) => `/${words.join('/')}`)).map((tail) => `/api/auth/0.1${tail}`);
const query = fc.option(
  fc.array(fc.tuple(fc.constantFrom('limit', 'offset', 'order', 'direction', 'search', 'recurse', 'scope', 'tenant'), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('-1', '99999999999', 'username', 'desc', '\u0000', 'a\u0000b', 'true', '%', '_'))), { maxLength: 4 })
    .map((pairs) => `?${pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`),
  { nil: '', freq: 2 },
);
const headerValue = fc.string({ maxLength: 40 }).map((text) => text.replace(/[^\x20-\x7e]/g, ''));
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const nearValidBody = fc.record(
  {
    username: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('admin'), fc.integer(), fc.constant('a\u0000')),
    firstname: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null), fc.constant('x'.repeat(200))),
    email_address: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('a@b.c'), fc.constant(null)),
    old_password: fc.string({ maxLength: 10 }),
    new_password: fc.string({ maxLength: 10 }),
    uuid: fc.constantFrom(...UUIDS),
    parent_uuid: fc.constantFrom(...UUIDS),
    enabled: fc.oneof(fc.boolean(), fc.constant('yes')),
    password: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)),
    name: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('')),
    acl: fc.oneof(fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), fc.constant(['{% for x in %}']), fc.constant('#')),
    expiration: fc.oneof(fc.integer(), fc.double(), fc.constant('3600')),
    refresh_token: fc.string({ maxLength: 40 }),
    client_id: fc.string({ maxLength: 20 }),
    access_type: fc.constantFrom('online', 'offline', 'x'),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  jsonValue.map((value) => JSON.stringify(value)),
  nearValidBody.map((value) => JSON.stringify(value)),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path,
  query,
  token: fc.constantFrom('valid', 'valid', 'valid', 'none', 'garbage'),
  accept: fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, fc.constantFrom('*/*', 'text/html', ''), headerValue),
  contentType: fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, fc.constantFrom('application/json; charset=latin1', 'text/plain', ''), headerValue),
  tenant: fc.oneof(fc.constant(undefined), fc.constant('00000000-0000-4000-8000-000000000000'), headerValue),
  authorization: fc.oneof(fc.constant(undefined), headerValue, fc.string({ maxLength: 20 }).map((text) => `Basic ${Buffer.from(text).toString('base64')}`)),
  body,
});

/** Well-formed list reads with random queries: they keep the handlers (and their 200s) in every run's reach. */
const listRead = fc.record({
  method: fc.constant('GET'),
  path: fc.constantFrom('/users', '/policies', '/tenants').map((tail) => `/api/auth/0.1${tail}`),
  query,
  token: fc.constant('valid'),
  accept: fc.constant('application/json'),
  contentType: fc.constant('application/json'),
  tenant: fc.constant(undefined),
  authorization: fc.constant(undefined),
  body: fc.constant(undefined),
});
const anyRequest = fc.oneof({ weight: 1, arbitrary: listRead }, { weight: 6, arbitrary: request });

describe('REST input', () => {
  it('MUST answer every request with a 2xx or a 4xx of the seed shape, and keep serving', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(anyRequest, async (input) => {
        const headers: Record<string, string> = {};
        if (input.accept !== '') headers['accept'] = input.accept;
        if (input.body !== undefined && input.contentType !== '') headers['content-type'] = input.contentType;
        if (input.token === 'valid') headers['x-auth-token'] = adminToken;
        if (input.token === 'garbage') headers['x-auth-token'] = 'garbage';
        if (input.tenant !== undefined) headers['wazo-tenant'] = input.tenant;
        if (input.authorization !== undefined) headers['authorization'] = input.authorization;
        const canHaveBody = input.method !== 'GET' && input.method !== 'HEAD';
        const response = await fetch(`http://127.0.0.1:${testNode.httpPort}${input.path}${input.query}`, {
          method: input.method, headers, ...(canHaveBody && input.body !== undefined ? { body: input.body } : {}), signal: AbortSignal.timeout(10_000),
        });
        const text = await response.text();
        seen.add(response.status);
        assert.ok(response.status >= 200 && response.status < 500, `${response.status} ${text}`);
        if (response.status >= 400 && input.method !== 'HEAD') {
          if (response.status === 406 || response.status === 415) assert.equal(text, '');
          else assert.ok(Array.isArray(JSON.parse(text)), text);
        }
      }),
      { numRuns: 300 },
    );
    // The generator reaches the handlers, not only the checks in front of them.
    for (const status of [200, 400, 401, 404, 406]) assert.ok(seen.has(status), `no ${status} among ${[...seen].sort().join(', ')}`);
    const health = await fetch(`http://127.0.0.1:${testNode.httpPort}/health`);
    assert.equal(health.status, 200);
  });

  it('MUST survive raw bytes on the HTTP port, and keep serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
          fc.tuple(fc.constantFrom('GET', 'POST', 'PUT'), fc.string({ maxLength: 30 }), fc.uint8Array({ maxLength: 60 })).map(([method, target, tail]) =>
            Buffer.concat([Buffer.from(`${method} /api/auth/0.1/${target} HTTP/1.1\r\nHost: x\r\nContent-Length: ${tail.length + 5}\r\n`), Buffer.from(tail), Buffer.from('\r\n\r\n')])),
        ),
        async (bytes) => {
          await new Promise<void>((resolve) => {
            const socket = connect(testNode.httpPort, '127.0.0.1', () => socket.end(bytes));
            socket.setTimeout(2000, () => socket.destroy());
            socket.on('data', () => undefined);
            socket.on('error', () => resolve());
            socket.on('close', () => resolve());
          });
        },
      ),
      { numRuns: 100 },
    );
    const login = await fetch(`http://127.0.0.1:${testNode.httpPort}/api/auth/0.1/token/${adminToken}`, { method: 'HEAD' });
    assert.equal(login.status, 204);
  });
});
