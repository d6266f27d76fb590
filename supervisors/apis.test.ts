/**
 * The node's APIs, composed on a real database: agentd is mounted under `/api/agentd/1.0` when the
 * node has an agentd port (its statuses carry the node's uuid as `origin_uuid`, and a token of
 * the auth service reaches it), and not at all without one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { us_listen_socket } from 'uWebSockets.js';
import { ensureAdministrator } from '../api/index.ts';
import { findRootTenant } from '../store/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { createFakeAgentd, fakeAgent } from '../test/support/fake-agentd.ts';
import { restClient, type RestClient } from '../test/support/rest-client.ts';
import { loadNativeUws } from '../transport/index.ts';
import { createApis, type Apis } from './apis.ts';
import { createEventBus } from './bus/event-bus.ts';
import { createLogger } from './logging/create-logger.ts';

const NODE_UUID = '99999999-9999-4999-8999-999999999999';
const PASSWORD = 'agentd-secret';
const servers: { readonly apis: Apis; readonly listen: us_listen_socket }[] = [];
let database: TestDatabase;

async function serve(withAgentd: boolean): Promise<RestClient> {
  const agentd = createFakeAgentd();
  agentd.agentsById.set(4, fakeAgent(4, '1004', (await findRootTenant(database)).uuid));
  const apis = createApis({
    database, bus: createEventBus(() => undefined), nodeUuid: NODE_UUID, logger: createLogger({ level: 'warn', nodeName: 'test' }),
    ...(withAgentd ? { agentd } : {}),
  });
  const uws = loadNativeUws();
  const app = uws.App();
  apis.mount(app);
  const listen = await new Promise<us_listen_socket>((resolve, reject) => app.listen('127.0.0.1', 0, (socket) => (socket ? resolve(socket) : reject(new Error('listen')))));
  servers.push({ apis, listen });
  return restClient(uws.us_socket_local_port(listen));
}

before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureAdministrator(database, { password: PASSWORD, hashCost: { N: 2 ** 10, r: 8, p: 1 } });
});
after(async () => {
  for (const server of servers) {
    server.apis.close();
    loadNativeUws().us_listen_socket_close(server.listen);
  }
  await database.close();
});

describe('createApis with agentd', () => {
  it("MUST serve the agents' status with the node's uuid as origin_uuid to an administrator's token", async () => {
    const client = await serve(true);
    const token = await client.login('admin', PASSWORD);
    const answer = await client.request('/api/agentd/1.0/agents/by-number/1004', { token });
    assert.deepEqual([answer.status, (answer.body as { id: number; origin_uuid: string }).origin_uuid], [200, NODE_UUID]);
  });

  it('MUST serve its OpenAPI document', async () => {
    const client = await serve(true);
    assert.equal((await client.request('/api/agentd/1.0/api/api.yml')).status, 200);
  });

  it('MUST NOT mount agentd on a node without an agentd port', async () => {
    const client = await serve(false);
    const token = await client.login('admin', PASSWORD);
    // Nothing serves the prefix: the HTTP server answers no route there (or refuses the request).
    const answered = await client.request('/api/agentd/1.0/agents', { token }).then((answer) => answer.status, () => 'no answer');
    assert.notEqual(answered, 200);
  });
});
