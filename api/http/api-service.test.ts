/**
 * The conventions every REST service of parley keeps (seed API-01), through a real uWebSockets.js
 * server: 401/403/404/405/406/413/415/400 in that order of checks, the tenant header, HEAD, and
 * route specificity.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { us_listen_socket } from 'uWebSockets.js';
import { loadNativeUws } from '../../transport/index.ts';
import { apiError, type ApiRoute } from './api-route.ts';
import { ServiceUnavailableError } from './service-unavailable.ts';
import { mountApiService } from './api-service.ts';
import type { VerifiedToken } from '../auth/verified-token.ts';

const ROOT_TENANT = '11111111-1111-4111-8111-111111111111';
const CHILD_TENANT = '22222222-2222-4222-8222-222222222222';
const OTHER_TENANT = '33333333-3333-4333-8333-333333333333';
const USER = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

const token = (id: string, acl: string[], tenantUuid = ROOT_TENANT): VerifiedToken => ({
  token: id, tenantUuid, authId: USER, userUuid: USER, acl, issuedAtMs: 0, expiresAtMs: Number.MAX_SAFE_INTEGER,
});
const TOKENS = new Map([
  ['admin', token('admin', ['#'])],
  ['reader', token('reader', ['test.things.read'])],
  ['me', token('me', ['test.users.me.#'])],
  ['child', token('child', ['#'], CHILD_TENANT)],
]);

const routes: ApiRoute[] = [
  { method: 'GET', path: '/things', acl: 'test.things.read', handle: (request) => ({ status: 200, body: { tenant: request.tenantUuid, query: request.query.get('q') } }) },
  { method: 'POST', path: '/things', handle: (request) => ({ status: 201, body: { got: request.body } }) },
  { method: 'GET', path: '/things/:id', handle: (request) => (request.params['id'] === '404' ? apiError(404, 'no such thing') : { status: 200, body: { id: request.params['id'] } }) },
  { method: 'DELETE', path: '/things/:id', handle: () => ({ status: 204, body: undefined }) },
  { method: 'GET', path: '/users/:uuid/calls', handle: (request) => ({ status: 200, body: { route: 'by-uuid', uuid: request.params['uuid'] } }) },
  { method: 'GET', path: '/users/me/calls', handle: () => ({ status: 200, body: { route: 'me' } }) },
  { method: 'POST', path: '/login', auth: 'none', handle: (request) => ({ status: 200, body: { from: typeof request.remoteAddress } }) },
  { method: 'GET', path: '/boom', handle: () => { throw new Error('kaput'); } },
  { method: 'GET', path: '/away', handle: () => { throw new ServiceUnavailableError('the owner did not answer'); } },
];

let listen: us_listen_socket | undefined;
let base = '';

before(async () => {
  const uws = loadNativeUws();
  const app = uws.App();
  mountApiService(app, {
    service: 'test',
    prefix: '/api/test/1.0',
    routes,
    tokens: { resolve: (id) => Promise.resolve(TOKENS.get(id)) },
    tenants: { visibleFrom: (tenant) => Promise.resolve(tenant === ROOT_TENANT ? [ROOT_TENANT, CHILD_TENANT] : [tenant]) },
    openapi: { openapi: '3.0.0', info: { title: 'test' } },
    maxBodyBytes: 1000,
    onError: () => undefined,
  });
  listen = await new Promise<us_listen_socket>((resolve, reject) => app.listen('127.0.0.1', 0, (socket) => (socket ? resolve(socket) : reject(new Error('listen')))));
  base = `http://127.0.0.1:${uws.us_socket_local_port(listen)}/api/test/1.0`;
});
after(() => {
  if (listen) loadNativeUws().us_listen_socket_close(listen);
});

const JSON_HEADERS = { accept: 'application/json' };
async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers({ ...JSON_HEADERS, ...(init.headers as Record<string, string> | undefined) });
  if (init.token !== undefined) headers.set('x-auth-token', init.token);
  const response = await fetch(`${base}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, text, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
}

describe('a REST service of parley', () => {
  it('MUST refuse a request without X-Auth-Token with 401 and a JSON list', async () => {
    const answer = await call('/things');
    assert.equal(answer.status, 401);
    assert.ok(Array.isArray(answer.body));
  });

  it('MUST refuse an unknown token with 401, and a token without the ACL with 403', async () => {
    assert.equal((await call('/things', { token: 'nope' })).status, 401);
    assert.equal((await call('/things/1', { token: 'reader' })).status, 403);
    assert.equal((await call('/things', { token: 'reader' })).status, 200);
  });

  it('MUST derive the ACL from the path and method when the route names none', async () => {
    assert.equal((await call('/things/7', { token: 'admin' })).status, 200);
    const forbidden = await call('/things/7', { token: 'reader', method: 'DELETE' });
    assert.equal(forbidden.status, 403);
    assert.deepEqual(forbidden.body, ['the token lacks the ACL test.things.7.delete']);
  });

  it('MUST let `me` of a token ACL stand for its user, in the literal me path and in the uuid path', async () => {
    assert.deepEqual((await call('/users/me/calls', { token: 'me' })).body, { route: 'me' });
    assert.deepEqual((await call(`/users/${USER}/calls`, { token: 'me' })).body, { route: 'by-uuid', uuid: USER });
    assert.equal((await call('/users/bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb/calls', { token: 'me' })).status, 403);
  });

  it('MUST answer 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const missing = await call('/nothing', { token: 'admin' });
    assert.equal(missing.status, 404);
    assert.ok(Array.isArray(missing.body));
    const wrong = await call('/things', { token: 'admin', method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET, POST');
  });

  it('MUST answer 406 with an empty body when the client does not accept JSON', async () => {
    for (const accept of ['text/html', 'application/json;q=0']) {
      const answer = await call('/things', { token: 'admin', headers: { accept } });
      assert.equal(answer.status, 406, accept);
      assert.equal(answer.text, '');
    }
    assert.equal((await call('/things', { token: 'admin', headers: { accept: '*/*' } })).status, 200);
  });

  it('MUST answer 415 with an empty body for a body that is not JSON, and 400 for JSON that does not parse', async () => {
    const form = await call('/things', { token: 'admin', method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
    assert.equal(form.text, '');
    const broken = await call('/things', { token: 'admin', method: 'POST', body: '{"a":', headers: { 'content-type': 'application/json' } });
    assert.equal(broken.status, 400);
    assert.deepEqual(broken.body, ['the body is not valid JSON']);
    const created = await call('/things', { token: 'admin', method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json; charset=utf-8' } });
    assert.deepEqual([created.status, created.body], [201, { got: { a: 1 } }]);
  });

  it('MUST refuse a body larger than the limit with 413', async () => {
    const answer = await call('/things', { token: 'admin', method: 'POST', body: JSON.stringify({ a: 'x'.repeat(2000) }), headers: { 'content-type': 'application/json' } });
    assert.equal(answer.status, 413);
  });

  it('MUST act in the Wazo-Tenant tenant when the token may, and refuse another tenant with 401', async () => {
    assert.deepEqual((await call('/things', { token: 'admin' })).body, { tenant: ROOT_TENANT, query: null });
    assert.deepEqual((await call('/things?q=x', { token: 'admin', headers: { 'wazo-tenant': CHILD_TENANT } })).body, { tenant: CHILD_TENANT, query: 'x' });
    assert.equal((await call('/things', { token: 'admin', headers: { 'wazo-tenant': OTHER_TENANT } })).status, 401);
    assert.equal((await call('/things', { token: 'child', headers: { 'wazo-tenant': ROOT_TENANT } })).status, 401);
    assert.equal((await call('/things', { token: 'admin', headers: { 'wazo-tenant': 'not-a-uuid' } })).status, 401);
  });

  it('MUST answer HEAD like GET without a body, and DELETE with an empty 204', async () => {
    const head = await call('/things/1', { token: 'admin', method: 'HEAD' });
    assert.deepEqual([head.status, head.text], [200, '']);
    const deleted = await call('/things/1', { token: 'admin', method: 'DELETE' });
    assert.deepEqual([deleted.status, deleted.text], [204, '']);
  });

  it('MUST serve routes without a token when they authenticate themselves, and the OpenAPI document to anyone', async () => {
    assert.equal((await call('/login', { method: 'POST' })).status, 200);
    assert.deepEqual((await call('/api/api.yml')).body, { openapi: '3.0.0', info: { title: 'test' } });
  });

  it('MUST answer a throwing handler with 500 and go on serving', async () => {
    const answer = await call('/boom', { token: 'admin' });
    assert.equal(answer.status, 500);
    assert.ok(Array.isArray(answer.body));
    assert.equal((await call('/things/2', { token: 'admin' })).status, 200);
  });

  it('MUST answer 503 when the port behind a handler cannot answer now', async () => {
    const answer = await call('/away', { token: 'admin' });
    assert.equal(answer.status, 503);
    assert.deepEqual(answer.body, ['the owner did not answer']);
  });

  it('MUST refuse a path that is not valid percent-encoding with 400', async () => {
    assert.equal((await call('/things/%E0%A4%A', { token: 'admin' })).status, 400);
  });
});
