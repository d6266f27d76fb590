/**
 * agentd's agent routes over the recording fake port: the status model filtered by tenant, login
 * by id and by number, each refusal mapped to agentd's status (404, 409, 400), invalid bodies and
 * paths, and the bulk logoff and relog.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { callRoute } from '../../test/support/api-request.ts';
import { createFakeAgentd, fakeAgent, type FakeAgentd } from '../../test/support/fake-agentd.ts';
import type { ApiMethod, ApiRoute } from '../http/api-route.ts';
import { agentRoutes } from './agent-routes.ts';

const TENANT = 'tenant-a';
const CHILD = 'tenant-child';
const OTHER = 'tenant-b';
const NODE = 'node-uuid';

let agentd: FakeAgentd;
let routes: ApiRoute[];

beforeEach(() => {
  agentd = createFakeAgentd();
  agentd.agentsById.set(7, fakeAgent(7, '1007', TENANT, { queues: [{ id: 3, name: 'sales', displayName: 'Sales' }] }));
  agentd.agentsById.set(8, fakeAgent(8, '1008', CHILD));
  agentd.agentsById.set(9, fakeAgent(9, '1009', OTHER));
  agentd.phones.add('1001@default').add('1002@default');
  routes = agentRoutes(agentd, NODE);
});

const request = (method: ApiMethod, target: string, body?: unknown) =>
  callRoute(routes, method, target, { tenantUuid: TENANT, visibleTenantUuids: [TENANT, CHILD], ...(body === undefined ? {} : { body }) });

describe('GET /agents', () => {
  it("MUST list the acting tenant's agents only, in agentd's status model", async () => {
    const answer = await request('GET', '/agents');
    assert.deepEqual(answer, {
      status: 200,
      body: [{
        id: 7, tenant_uuid: TENANT, origin_uuid: NODE, number: '1007', logged: false, paused: false, paused_reason: null, extension: null, context: null,
        state_interface: 'Agent/1007', queues: [{ id: 3, name: 'sales', display_name: 'Sales' }], activity: 'logged_out', on_non_acd_call: false,
      }],
    });
  });

  it('MUST add the agents of the tenants below with recurse=true, never those of another tenant', async () => {
    const answer = await request('GET', '/agents?recurse=true');
    assert.deepEqual((answer.body as { id: number }[]).map((agent) => agent.id), [7, 8]);
  });
});

describe('GET /agents/by-id/{agent_id} and /agents/by-number/{agent_number}', () => {
  it('MUST show the agent by id and by number with the same model', async () => {
    const [byId, byNumber] = [await request('GET', '/agents/by-id/7'), await request('GET', '/agents/by-number/1007')];
    assert.deepEqual([byId.status, byNumber.body], [200, byId.body]);
  });

  it("MUST answer 404 for another tenant's agent, an unknown one, and a segment that cannot name one", async () => {
    const targets = ['/agents/by-id/9', '/agents/by-id/99', '/agents/by-id/abc', '/agents/by-id/0', '/agents/by-number/12a', '/agents/by-number/9999'];
    const statuses = await Promise.all(targets.map(async (target) => (await request('GET', target)).status));
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 404]);
  });
});

describe('POST …/login', () => {
  it('MUST log the agent in by id at extension@context (204) and show it logged there', async () => {
    const answer = await request('POST', '/agents/by-id/7/login', { extension: '1001', context: 'default' });
    const status = (await request('GET', '/agents/by-id/7')).body as { logged: boolean; extension: string; context: string };
    assert.deepEqual([answer.status, [status.logged, status.extension, status.context]], [204, [true, '1001', 'default']]);
  });

  it('MUST log the agent in by number', async () => {
    const answer = await request('POST', '/agents/by-number/1007/login', { extension: '1002', context: 'default' });
    assert.deepEqual([answer.status, agentd.commands], [204, ['login 7 1002@default']]);
  });

  it('MUST answer 409 for an agent already logged in, and for an extension another agent holds', async () => {
    await request('POST', '/agents/by-id/7/login', { extension: '1001', context: 'default' });
    const again = await request('POST', '/agents/by-id/7/login', { extension: '1002', context: 'default' });
    const taken = await request('POST', '/agents/by-id/8/login', { extension: '1001', context: 'default' });
    assert.deepEqual([again.status, taken.status], [409, 409]);
  });

  it('MUST answer 400 for an extension that is no phone, with the JSON error list', async () => {
    const answer = await request('POST', '/agents/by-id/7/login', { extension: '5555', context: 'default' });
    assert.deepEqual(answer, { status: 400, body: ['no such extension: 5555@default'] });
  });

  it('MUST answer 400 for an invalid body without asking the engine', async () => {
    const bodies = [undefined, {}, { extension: '1001' }, { extension: '', context: 'default' }, { extension: '10 01', context: 'default' }, { extension: 1001, context: 'default' }, { extension: '1001', context: 'no such!' }];
    const statuses = await Promise.all(bodies.map(async (body) => (await request('POST', '/agents/by-id/7/login', body)).status));
    assert.deepEqual([statuses, agentd.commands], [[400, 400, 400, 400, 400, 400, 400], []]);
  });

  it("MUST answer 404 for another tenant's agent", async () => {
    assert.equal((await request('POST', '/agents/by-id/9/login', { extension: '1001', context: 'default' })).status, 404);
  });
});

describe('POST …/logoff, …/pause, …/unpause', () => {
  it('MUST log a logged-in agent off (204), and answer 409 when it is not logged in', async () => {
    await request('POST', '/agents/by-id/7/login', { extension: '1001', context: 'default' });
    const answers = [await request('POST', '/agents/by-id/7/logoff'), await request('POST', '/agents/by-number/1007/logoff')];
    assert.deepEqual(answers.map((answer) => answer.status), [204, 409]);
  });

  it('MUST pause with the reason and show it, then unpause (204 each)', async () => {
    await request('POST', '/agents/by-id/7/login', { extension: '1001', context: 'default' });
    const paused = await request('POST', '/agents/by-id/7/pause', { reason: 'lunch' });
    const shown = (await request('GET', '/agents/by-id/7')).body as { paused: boolean; paused_reason: string | null };
    const unpaused = await request('POST', '/agents/by-number/1007/unpause');
    assert.deepEqual([paused.status, shown.paused, shown.paused_reason, unpaused.status], [204, true, 'lunch', 204]);
  });

  it('MUST pause without a body, with an empty reason', async () => {
    await request('POST', '/agents/by-id/7/login', { extension: '1001', context: 'default' });
    assert.deepEqual([(await request('POST', '/agents/by-id/7/pause')).status, agentd.commands.at(-1)], [204, 'pause 7 ']);
  });

  it('MUST answer 409 to pausing a logged-out or paused agent and to unpausing one not paused', async () => {
    const loggedOut = await request('POST', '/agents/by-id/7/pause', { reason: 'x' });
    await request('POST', '/agents/by-id/7/login', { extension: '1001', context: 'default' });
    const notPaused = await request('POST', '/agents/by-id/7/unpause');
    await request('POST', '/agents/by-id/7/pause');
    const twice = await request('POST', '/agents/by-id/7/pause');
    assert.deepEqual([loggedOut.status, notPaused.status, twice.status], [409, 409, 409]);
  });

  it('MUST answer 400 for a reason longer than 80 characters or not a string', async () => {
    await request('POST', '/agents/by-id/7/login', { extension: '1001', context: 'default' });
    const statuses = [(await request('POST', '/agents/by-id/7/pause', { reason: 'x'.repeat(81) })).status, (await request('POST', '/agents/by-id/7/pause', { reason: 5 })).status];
    assert.deepEqual(statuses, [400, 400]);
  });
});

describe('POST /agents/logoff and /agents/relog', () => {
  it('MUST log off the agents of the acting tenant only (204)', async () => {
    await request('POST', '/agents/by-id/7/login', { extension: '1001', context: 'default' });
    const answer = await request('POST', '/agents/logoff');
    assert.deepEqual([answer.status, agentd.agentsById.get(7)?.logged, agentd.commands.at(-1)], [204, false, `logoffAll ${TENANT}`]);
  });

  it('MUST relog the agents of the visible tenants with recurse=true (204)', async () => {
    const answer = await request('POST', '/agents/relog?recurse=true');
    assert.deepEqual([answer.status, agentd.commands], [204, [`relogAll ${TENANT},${CHILD}`]]);
  });
});
