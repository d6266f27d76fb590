/**
 * agentd's commands of the control API over the recording fake port: each needs the ACL of the
 * agentd route it mirrors, sees only the tenants of the token (another tenant's agent or queue is
 * `not_found`), answers agentd's refusals as `invalid_state` and a contact center no node runs as
 * `unavailable`; through the real control API, a token without the ACL is refused `forbidden`
 * before the port is asked.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openControlClient } from '../../test/support/control-client.ts';
import { startControlServer, token, tokens, type ControlTestServer } from '../../test/support/control-server.ts';
import { createFakeAgentd, fakeAgent, type FakeAgentd } from '../../test/support/fake-agentd.ts';
import { requiredAcl } from '../auth/acl.ts';
import { ServiceUnavailableError } from '../http/service-unavailable.ts';
import type { CommandOutcome, CommandRegistry, ControlCaller, ControlCommand } from '../ws/control-commands.ts';
import { agentdCommands } from './agentd-commands.ts';
import type { AgentdPort, QueueLiveStatistics } from './agentd-port.ts';

const TENANT = 'tenant-a';
const RIVAL = 'tenant-b';

let agentd: FakeAgentd;
let commands: CommandRegistry;

const caller: ControlCaller = { tokenId: 'token', authId: 'auth', tenantUuid: TENANT, visibleTenantUuids: [TENANT], userUuid: undefined, session: 'session' };

function commandOf(name: string): ControlCommand<unknown> {
  const command = commands[name] as ControlCommand<unknown> | undefined;
  if (command === undefined) throw new Error(`no command ${name}`);
  return command;
}

/** Validates the arguments as the protocol does, then runs the command. */
async function run(name: string, args: unknown): Promise<CommandOutcome> {
  const command = commandOf(name);
  const parsed = command.args.safeParse(args);
  return parsed.success ? command.run(parsed.data, caller) : { type: 'error', error: { code: 'invalid_arguments', message: parsed.error.message } };
}

const codeOf = (outcome: CommandOutcome): string => (outcome.type === 'ok' ? 'ok' : outcome.error.code);

const statistics = (queueId: number, tenantUuid: string): QueueLiveStatistics => ({
  queueId, name: `queue${queueId}`, tenantUuid, waitingCalls: 2, longestWaitSeconds: 30, estimatedWaitSeconds: 10,
  members: { loggedIn: 1, available: 0, talking: 1, paused: 0, loggedOut: 1 }, answered: 4, abandoned: 1, serviceLevelSeconds: 20, serviceLevelPercent: 75,
});

beforeEach(() => {
  agentd = createFakeAgentd();
  agentd.agentsById.set(8, fakeAgent(8, '1008', TENANT, { skills: [{ name: 'english', weight: 80 }] }));
  agentd.agentsById.set(7, fakeAgent(7, '1007', TENANT, {
    logged: true, activity: 'on_call', extension: '1001', context: 'default', currentCallId: 'call-1', stateSinceMs: 1_000,
    queues: [{ id: 3, name: 'sales', displayName: 'Sales' }],
  }));
  agentd.agentsById.set(9, fakeAgent(9, '1009', RIVAL, { logged: true, activity: 'available' }));
  agentd.statistics.push(statistics(3, TENANT), statistics(4, RIVAL));
  agentd.histories.push(
    { queueId: 3, name: 'queue3', tenantUuid: TENANT, windowSeconds: 3600, slotSeconds: 10, sinceMs: 0, samples: [{ atMs: 10_000, waiting: 1, maxWaiting: 2 }] },
    { queueId: 4, name: 'queue4', tenantUuid: RIVAL, windowSeconds: 3600, slotSeconds: 10, sinceMs: 0, samples: [] },
  );
  commands = agentdCommands(agentd);
});

describe('agentd commands', () => {
  it('MUST require the ACL of the agentd route each mirrors', () => {
    const cases: readonly [name: string, args: Record<string, number> | undefined, method: string, path: string][] = [
      ['agents.list', undefined, 'GET', '/agents'],
      ['agents.logoff', { agent_id: 7 }, 'POST', '/agents/by-id/7/logoff'],
      ['agents.pause', { agent_id: 7 }, 'POST', '/agents/by-id/7/pause'],
      ['agents.unpause', { agent_id: 7 }, 'POST', '/agents/by-id/7/unpause'],
      ['queues.statistics', undefined, 'GET', '/queues/statistics'],
      ['queues.waiting_history', undefined, 'GET', '/queues/statistics'],
      ['queues.waiting_history', { queue_id: 3 }, 'GET', '/queues/3/statistics'],
    ];
    const mismatches = cases.filter(([name, args, method, path]) => {
      const acl = commandOf(name).acl;
      return (typeof acl === 'function' ? acl(args, caller) : acl) !== requiredAcl('agentd', path, method);
    });
    assert.deepEqual(mismatches, []);
  });

  it("agents.list MUST answer the visible tenants' agents by id, with current call, time in state and skills", async () => {
    const outcome = await run('agents.list', {});
    assert.ok(outcome.type === 'ok');
    const { total, items } = outcome.result as { total: number; items: { id: number; current_call_id: string | null; state_since_ms: number | null; skills: unknown[] }[] };
    assert.deepEqual([total, items.map((item) => [item.id, item.current_call_id, item.state_since_ms, item.skills])], [2, [[7, 'call-1', 1_000, []], [8, null, null, [{ name: 'english', weight: 80 }]]]]);
  });

  it('agents.pause, .unpause and .logoff MUST act and answer done, and invalid_state with agentd\'s reason when the state does not allow it', async () => {
    const codes = [
      codeOf(await run('agents.pause', { agent_id: 7, reason: 'lunch' })),
      codeOf(await run('agents.pause', { agent_id: 7 })),
      codeOf(await run('agents.unpause', { agent_id: 7 })),
      codeOf(await run('agents.logoff', { agent_id: 7 })),
      codeOf(await run('agents.logoff', { agent_id: 7 })),
    ];
    assert.deepEqual([codes, agentd.commands], [['ok', 'invalid_state', 'ok', 'ok', 'invalid_state'], ['pause 7 lunch', 'pause 7 ', 'unpause 7', 'logoff 7', 'logoff 7']]);
  });

  it("MUST answer not_found for another tenant's agent, without acting on it", async () => {
    const codes = [codeOf(await run('agents.pause', { agent_id: 9 })), codeOf(await run('agents.logoff', { agent_id: 9 })), codeOf(await run('agents.unpause', { agent_id: 404 }))];
    assert.deepEqual([codes, agentd.agentsById.get(9)?.logged], [['not_found', 'not_found', 'not_found'], true]);
  });

  it('MUST refuse invalid arguments: an agent id that is no positive integer, a reason with control characters, an unknown field', async () => {
    const codes = [
      codeOf(await run('agents.pause', { agent_id: '7' })),
      codeOf(await run('agents.pause', { agent_id: 0 })),
      codeOf(await run('agents.pause', { agent_id: 7, reason: 'a\nb' })),
      codeOf(await run('agents.logoff', { agent_id: 7, force: true })),
    ];
    assert.deepEqual(codes, ['invalid_arguments', 'invalid_arguments', 'invalid_arguments', 'invalid_arguments']);
  });

  it("queues.statistics MUST answer the visible queues only, in agentd's statistics model", async () => {
    const outcome = await run('queues.statistics', {});
    assert.ok(outcome.type === 'ok');
    assert.deepEqual((outcome.result as { items: { queue_id: number; service_level_percent: number }[] }).items.map((item) => [item.queue_id, item.service_level_percent]), [[3, 75]]);
  });

  it("queues.waiting_history MUST answer the visible queues' samples, and not_found for another tenant's queue", async () => {
    const all = await run('queues.waiting_history', {});
    const rival = await run('queues.waiting_history', { queue_id: 4 });
    assert.ok(all.type === 'ok');
    assert.deepEqual([(all.result as { items: unknown[] }).items, codeOf(rival)], [[{
      queue_id: 3, name: 'queue3', tenant_uuid: TENANT, window_seconds: 3600, slot_seconds: 10, since_ms: 0, samples: [{ at_ms: 10_000, waiting: 1, max_waiting: 2 }],
    }], 'not_found']);
  });

  it('MUST answer unavailable when no node runs the contact center', async () => {
    const down = new Proxy({}, { get: () => () => Promise.reject(new ServiceUnavailableError('no node runs the contact center now')) }) as AgentdPort;
    commands = agentdCommands(down);
    assert.deepEqual([codeOf(await run('agents.list', {})), codeOf(await run('agents.pause', { agent_id: 7 }))], ['unavailable', 'unavailable']);
  });
});

describe('agentd commands through the control API', () => {
  let server: ControlTestServer;
  /** The port behind the server (the tests above get a fresh one each). */
  const served = createFakeAgentd();
  before(async () => {
    served.agentsById.set(7, fakeAgent(7, '1007', '11111111-1111-4111-8111-111111111111', { logged: true, activity: 'available' }));
    tokens.set('agent-supervisor', token('agent-supervisor', ['websocketd', 'agentd.agents.read', 'agentd.agents.by-id.*.pause.create']));
    tokens.set('calls-only', token('calls-only', ['websocketd', 'calld.calls.read']));
    server = await startControlServer({ commands: agentdCommands(served) });
  });
  after(() => server.stop());

  it('MUST refuse a command the token lacks the ACL of (forbidden), without asking the contact center', async () => {
    const client = await openControlClient(server.url('?token=calls-only'));
    await client.waitFor((frame) => frame.type === 'welcome');
    const replies = [await client.command('1', 'agents.pause', { agent_id: 7 }), await client.command('2', 'agents.list')];
    client.close();
    assert.deepEqual([replies.map((reply) => (reply['error'] as { code: string } | undefined)?.code), served.commands], [['forbidden', 'forbidden'], []]);
  });

  it('MUST run it for a token with the ACL, and refuse the verbs its ACLs do not name', async () => {
    const client = await openControlClient(server.url('?token=agent-supervisor'));
    await client.waitFor((frame) => frame.type === 'welcome');
    const replies = [await client.command('1', 'agents.pause', { agent_id: 7 }), await client.command('2', 'agents.logoff', { agent_id: 7 })];
    client.close();
    assert.deepEqual([replies.map((reply) => reply['ok'] === true ? 'ok' : (reply['error'] as { code: string }).code), served.commands], [['ok', 'forbidden'], ['pause 7 ']]);
  });
});
