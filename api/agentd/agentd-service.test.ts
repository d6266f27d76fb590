/**
 * agentd through a real HTTP server with the platform's conventions: the ACLs agentd names
 * (derived from the path, so the seed's `agentd.agents.by-id.{{ agent.id }}.read` grants one
 * agent's status and nothing else), 401 without a token, and an OpenAPI document listing every
 * route with a summary.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { us_listen_socket } from 'uWebSockets.js';
import { createFakeAgentd, fakeAgent } from '../../test/support/fake-agentd.ts';
import { loadNativeUws } from '../../transport/index.ts';
import { parseAclTemplate, renderAcls } from '../auth/acl-template.ts';
import type { VerifiedToken } from '../auth/verified-token.ts';
import { mountApiService } from '../http/api-service.ts';
import { AGENTD_PREFIX, agentdOpenApi, agentdRoutes } from './agentd-service.ts';

const TENANT = '11111111-1111-4111-8111-111111111111';
const USER = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const agentd = createFakeAgentd();
agentd.agentsById.set(50, fakeAgent(50, '1001', TENANT));
agentd.agentsById.set(51, fakeAgent(51, '1002', TENANT));
agentd.phones.add('1001@default');

/** The seed's policy template (L3763), rendered for the agent 50 as auth renders it. */
const SEED_TEMPLATE_ACL = renderAcls([parseAclTemplate('{% if agent %}agentd.agents.by-id.{{ agent.id }}.read{% endif %}')], { agent: { id: 50, number: '1001' } });
const token = (id: string, acl: readonly string[]): VerifiedToken => ({ token: id, tenantUuid: TENANT, authId: USER, userUuid: USER, acl, issuedAtMs: 0, expiresAtMs: Number.MAX_SAFE_INTEGER });
const TOKENS = new Map([
  ['agent', token('agent', SEED_TEMPLATE_ACL)],
  ['login', token('login', ['agentd.agents.by-number.1001.login.create'])],
  ['supervisor', token('supervisor', ['agentd.agents.read', 'agentd.queues.statistics.read', 'agentd.agents.relog.create'])],
]);

let listen: us_listen_socket | undefined;
let base = '';

before(async () => {
  const uws = loadNativeUws();
  const app = uws.App();
  const routes = agentdRoutes(agentd, 'node-uuid');
  mountApiService(app, {
    service: 'agentd', prefix: AGENTD_PREFIX, routes, openapi: agentdOpenApi(routes),
    tokens: { resolve: (id) => Promise.resolve(TOKENS.get(id)) },
    tenants: { visibleFrom: (tenant) => Promise.resolve([tenant]) },
  });
  listen = await new Promise<us_listen_socket>((resolve, reject) => app.listen('127.0.0.1', 0, (socket) => (socket ? resolve(socket) : reject(new Error('listen')))));
  base = `http://127.0.0.1:${uws.us_socket_local_port(listen)}${AGENTD_PREFIX}`;
});
after(() => {
  if (listen) loadNativeUws().us_listen_socket_close(listen);
});

async function call(path: string, options: { readonly token?: string; readonly method?: string; readonly body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers['x-auth-token'] = options.token;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method: options.method ?? 'GET', headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('agentd ACLs', () => {
  it("MUST let the seed's template ACL read its own agent's status", async () => {
    assert.deepEqual([SEED_TEMPLATE_ACL, (await call('/agents/by-id/50', { token: 'agent' })).status], [['agentd.agents.by-id.50.read'], 200]);
  });

  it("MUST refuse with 403 another agent's status, the list and the commands to that token", async () => {
    const statuses = [
      (await call('/agents/by-id/51', { token: 'agent' })).status,
      (await call('/agents', { token: 'agent' })).status,
      (await call('/agents/by-id/50/logoff', { token: 'agent', method: 'POST' })).status,
    ];
    assert.deepEqual(statuses, [403, 403, 403]);
  });

  it('MUST grant login by number with agentd.agents.by-number.{number}.login.create, and nothing by id', async () => {
    const byNumber = await call('/agents/by-number/1001/login', { token: 'login', method: 'POST', body: { extension: '1001', context: 'default' } });
    const byId = await call('/agents/by-id/50/login', { token: 'login', method: 'POST', body: { extension: '1001', context: 'default' } });
    assert.deepEqual([byNumber.status, byId.status], [204, 403]);
  });

  it('MUST grant the list, the statistics and relog to a supervisor, and refuse a queue it was not granted', async () => {
    const statuses = [
      (await call('/agents', { token: 'supervisor' })).status,
      (await call('/queues/statistics', { token: 'supervisor' })).status,
      (await call('/agents/relog', { token: 'supervisor', method: 'POST' })).status,
      (await call('/queues/4/statistics', { token: 'supervisor' })).status,
    ];
    assert.deepEqual(statuses, [200, 200, 204, 403]);
  });

  it('MUST answer 401 without a token or with an unknown one', async () => {
    assert.deepEqual([(await call('/agents')).status, (await call('/agents', { token: 'nope' })).status], [401, 401]);
  });
});

describe('agentd OpenAPI document', () => {
  it('MUST be served without a token and list every route with a written summary', async () => {
    const routes = agentdRoutes(agentd, 'node-uuid');
    const document = (await call('/api/api.yml')).body as { paths: Record<string, Record<string, { summary: string }>> };
    const missing = routes
      .map((route) => ({ key: `${route.method} ${route.path}`, operation: document.paths[route.path.replace(/:([a-z_]+)/g, '{$1}')]?.[route.method.toLowerCase()] }))
      .filter(({ operation }) => operation === undefined || /^(GET|POST|PUT|DELETE) \//.test(operation.summary))
      .map(({ key }) => key);
    assert.deepEqual(missing, []);
  });

  it("MUST describe the login body's required extension and context", async () => {
    const document = (await call('/api/api.yml')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>> };
    assert.deepEqual(document.paths['/agents/by-id/{agent_id}/login']?.['post']?.requestBody?.content['application/json']?.schema.required, ['extension', 'context']);
  });
});
