/**
 * The auth service of a real node (seed API-02 to API-04), over HTTP and HTTPS: the administrator
 * of the first start, tokens (create, check, scope, expire, revoke, refresh), failed logins slowed
 * then locked out, users, policies and tenants, and tenant isolation.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { restClient, type RestAnswer, type RestClient, type RestRequest } from '../support/rest-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

let testNode: TestNode;
let rest: RestClient;

before(async () => {
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
});
after(() => testNode.close());

type Answer = RestAnswer;
const call = (path: string, init?: RestRequest): Promise<Answer> => rest.request(`/api/auth/0.1${path}`, init);

const data = (answer: Answer) => (answer.body as { data: Record<string, unknown> }).data;

async function login(username: string, password: string, body: unknown = { expiration: 600 }): Promise<string> {
  const answer = await call('/token', { method: 'POST', basic: [username, password], body });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return data(answer)['token'] as string;
}

describe('the auth service', () => {
  it('MUST let the administrator of the first start log in with PARLEY_ADMIN_PASSWORD, and answer the token as the reference service does', async () => {
    const answer = await call('/token', { method: 'POST', basic: ['admin', testNode.adminPassword], body: { backend: 'wazo_user', expiration: 3600 } });
    assert.equal(answer.status, 200);
    const token = data(answer);
    for (const field of ['token', 'auth_id', 'xivo_user_uuid', 'issued_at', 'expires_at', 'utc_issued_at', 'utc_expires_at', 'acl', 'metadata']) assert.ok(field in token, field);
    assert.deepEqual(token['acl'], ['#']);
    assert.equal(Date.parse(token['utc_expires_at'] as string) - Date.parse(token['utc_issued_at'] as string), 3_600_000);
    assert.equal((await call(`/token/${token['token'] as string}`, { method: 'HEAD' })).status, 204);
    assert.equal((await call(`/token/${token['token'] as string}`)).status, 200);
  });

  it('MUST answer 404 for an unknown token and 403 for a scope the token lacks', async () => {
    const token = await login('admin', testNode.adminPassword);
    assert.equal((await call('/token/00000000-0000-4000-8000-000000000000', { method: 'HEAD' })).status, 404);
    assert.equal((await call('/token/not-a-token')).status, 404);
    assert.equal((await call(`/token/${token}?scope=confd.users.read`, { method: 'HEAD' })).status, 204);
    const admin = await call('/users?search=admin', { token });
    const adminUuid = ((admin.body as { items: { uuid: string }[] }).items[0] ?? { uuid: '' }).uuid;
    const policy = await call('/policies', { method: 'POST', token, body: { name: 'narrow', acl: ['confd.users.read'] } });
    const user = await call('/users', { method: 'POST', token, body: { username: 'narrow-user', password: 'narrow-pw' } });
    const userUuid = (user.body as { uuid: string }).uuid;
    assert.equal((await call(`/users/${userUuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token })).status, 204);
    const narrow = await login('narrow-user', 'narrow-pw');
    assert.equal((await call(`/token/${narrow}?scope=confd.users.read`, { method: 'HEAD' })).status, 204);
    assert.equal((await call(`/token/${narrow}?scope=confd.users.create`, { method: 'HEAD' })).status, 403);
    assert.equal((await call(`/users/${adminUuid}`, { token: narrow })).status, 403);
  });

  it('MUST refuse a token once it expired, and once it was deleted', async () => {
    const short = await login('admin', testNode.adminPassword, { expiration: 1 });
    assert.equal((await call('/users', { token: short })).status, 200);
    await waitUntil(async () => (await call('/users', { token: short })).status === 401, { timeoutMs: 5000 });
    assert.equal((await call(`/token/${short}`, { method: 'HEAD' })).status, 404);
    const revoked = await login('admin', testNode.adminPassword);
    assert.equal((await call(`/token/${revoked}`, { method: 'DELETE' })).status, 204);
    assert.equal((await call('/users', { token: revoked })).status, 401);
    assert.equal((await call(`/token/${revoked}`, { method: 'DELETE' })).status, 404);
  });

  it('MUST refuse wrong credentials with 401, then slow and lock out the source with 429 and Retry-After', async () => {
    const wrong = await call('/token', { method: 'POST', basic: ['lockme', 'wrong'], body: {} });
    assert.equal(wrong.status, 401);
    const statuses: number[] = [wrong.status];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const answer = await call('/token', { method: 'POST', basic: ['lockme', 'wrong'], body: {} });
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    assert.ok(statuses.includes(429), statuses.join(','));
    assert.match(retryAfter ?? '', /^\d+$/);
    assert.equal((await call('/token', { method: 'POST', body: {} })).status, 401);
    assert.equal((await call('/token', { method: 'POST', basic: ['admin', testNode.adminPassword], body: { expiration: 0 } })).status, 400);
    assert.equal((await call('/token', { method: 'POST', basic: ['admin', testNode.adminPassword], body: { expiration: 60, backend: 'ldap_user' } })).status, 400);
  });

  it('MUST trade a refresh token of an offline login for new tokens, for its client only', async () => {
    const first = await call('/token', { method: 'POST', basic: ['admin', testNode.adminPassword], body: { access_type: 'offline', client_id: 'softphone', expiration: 60 } });
    const refreshToken = data(first)['refresh_token'] as string;
    assert.ok(typeof refreshToken === 'string');
    const renewed = await call('/token', { method: 'POST', body: { refresh_token: refreshToken, client_id: 'softphone', expiration: 60 } });
    assert.equal(renewed.status, 200);
    assert.notEqual(data(renewed)['token'], data(first)['token']);
    assert.equal((await call('/token', { method: 'POST', body: { refresh_token: refreshToken, client_id: 'other', expiration: 60 } })).status, 401);
    assert.equal((await call('/token', { method: 'POST', basic: ['admin', testNode.adminPassword], body: { access_type: 'offline' } })).status, 400);
  });

  it('MUST keep each tenant to itself: a tenant admin sees its users only, and cannot act in the tenant above', async () => {
    const root = await login('admin', testNode.adminPassword);
    const tenant = await call('/tenants', { method: 'POST', token: root, body: { name: 'acme' } });
    assert.equal(tenant.status, 201);
    const acme = (tenant.body as { uuid: string }).uuid;
    const policies = await call('/policies?search=default-admin', { token: root });
    const adminPolicy = (policies.body as { items: { uuid: string }[] }).items[0]?.uuid ?? '';
    const created = await call('/users', { method: 'POST', token: root, headers: { 'wazo-tenant': acme }, body: { username: 'acme-admin', password: 'acme-pw' } });
    assert.equal(created.status, 201);
    assert.equal((created.body as { tenant_uuid: string }).tenant_uuid, acme);
    assert.equal((await call(`/users/${(created.body as { uuid: string }).uuid}/policies/${adminPolicy}`, { method: 'PUT', token: root })).status, 204);
    const acmeToken = await login('acme-admin', 'acme-pw');
    const users = await call('/users', { token: acmeToken });
    assert.deepEqual((users.body as { items: { username: string }[] }).items.map((user) => user.username), ['acme-admin']);
    const rootUsers = await call('/users?recurse=true', { token: root });
    assert.ok((rootUsers.body as { items: { username: string }[] }).items.some((user) => user.username === 'acme-admin'));
    const adminUuid = data(await call(`/token/${root}`))['auth_id'] as string;
    assert.equal((await call(`/users/${adminUuid}`, { token: acmeToken })).status, 404);
    const rootTenant = data(await call(`/token/${root}`))['metadata'] as { tenant_uuid: string };
    assert.equal((await call('/users', { token: acmeToken, headers: { 'wazo-tenant': rootTenant.tenant_uuid } })).status, 401);
    assert.equal((await call(`/tenants/${rootTenant.tenant_uuid}`, { token: acmeToken })).status, 404);
    assert.equal((await call(`/tenants/${acme}`, { method: 'DELETE', token: root })).status, 204);
    assert.equal((await call('/users', { token: acmeToken })).status, 401);
  });

  it('MUST refuse a policy whose ACL template does not parse, and render templates into the ACLs of new tokens', async () => {
    const root = await login('admin', testNode.adminPassword);
    const broken = await call('/policies', { method: 'POST', token: root, body: { name: 'broken', acl: ['{% for x in %}'] } });
    assert.equal(broken.status, 400);
    assert.ok(Array.isArray(broken.body));
    const templated = await call('/policies', { method: 'POST', token: root, body: { name: 'templated', acl: ['confd.users.{{ uuid }}.read', '{% if username %}auth.users.me.read{% endif %}'] } });
    assert.equal(templated.status, 201);
    const user = await call('/users', { method: 'POST', token: root, body: { username: 'templated-user', password: 'pw-templated' } });
    const uuid = (user.body as { uuid: string }).uuid;
    await call(`/users/${uuid}/policies/${(templated.body as { uuid: string }).uuid}`, { method: 'PUT', token: root });
    const token = await login('templated-user', 'pw-templated');
    assert.deepEqual(data(await call(`/token/${token}`))['acl'], [`confd.users.${uuid}.read`, 'auth.users.me.read']);
    assert.equal((await call(`/users/${uuid}`, { token })).status, 200);
  });

  it('MUST change a password only with the old one', async () => {
    const root = await login('admin', testNode.adminPassword);
    const user = await call('/users', { method: 'POST', token: root, body: { username: 'changer', password: 'old-pw' } });
    const uuid = (user.body as { uuid: string }).uuid;
    const token = await login('changer', 'old-pw');
    assert.equal((await call(`/users/${uuid}/password`, { method: 'PUT', token, body: { old_password: 'nope', new_password: 'new-pw' } })).status, 401);
    assert.equal((await call(`/users/${uuid}/password`, { method: 'PUT', token, body: { old_password: 'old-pw', new_password: 'new-pw' } })).status, 204);
    await login('changer', 'new-pw');
  });

  it('MUST log a disabled user out everywhere, and refuse its logins', async () => {
    const root = await login('admin', testNode.adminPassword);
    const user = await call('/users', { method: 'POST', token: root, body: { username: 'leaver', password: 'leaver-pw' } });
    const uuid = (user.body as { uuid: string }).uuid;
    const token = await login('leaver', 'leaver-pw');
    assert.equal((await call(`/users/${uuid}`, { method: 'PUT', token: root, body: { enabled: false } })).status, 200);
    assert.equal((await call(`/token/${token}`, { method: 'HEAD' })).status, 404);
    assert.equal((await call('/token', { method: 'POST', basic: ['leaver', 'leaver-pw'], body: {} })).status, 401);
  });

  it('MUST serve the same API over HTTPS with the self-signed certificate kept in the data directory, and the OpenAPI document', async () => {
    const ca = await readFile(join(testNode.node.config.dataDir, 'tls', 'self-signed-cert.pem'));
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpsRequest({ host: '127.0.0.1', port: testNode.httpsPort, path: '/api/auth/0.1/token', method: 'POST', ca, servername: 'localhost',
        headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`admin:${testNode.adminPassword}`).toString('base64')}` } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
      request.end('{"expiration": 60}');
    });
    assert.equal(status, 200);
    const openapi = await call('/api/api.yml');
    assert.ok(Object.keys((openapi.body as { paths: Record<string, unknown> }).paths).includes('/token/{token}'));
  });
});
