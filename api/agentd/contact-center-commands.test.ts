/**
 * The contact center's place as control API commands, over a recording port: `queues.migrate`
 * needs `agentd.queues.{queue_id}.migrate.create` and a queue of a tenant the token sees (another
 * tenant's queue is `not_found`, without asking for a move); the port's refusals come back with
 * their codes and reasons; a contact center no node runs is `unavailable`; through the real
 * control API a token without the ACL is refused `forbidden` before anything moves.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openControlClient } from '../../test/support/control-client.ts';
import { startControlServer, TENANT as SERVER_TENANT, token, tokens, type ControlTestServer } from '../../test/support/control-server.ts';
import { createFakeAgentd, type FakeAgentd } from '../../test/support/fake-agentd.ts';
import { ServiceUnavailableError } from '../http/service-unavailable.ts';
import type { CommandOutcome, CommandRegistry, ControlCaller, ControlCommand } from '../ws/control-commands.ts';
import type { QueueLiveStatistics } from './agentd-port.ts';
import { contactCenterCommands } from './contact-center-commands.ts';
import type { ContactCenterMigration, ContactCenterPort } from './contact-center-port.ts';

const TENANT = 'tenant-a';
const RIVAL = 'tenant-b';
const caller: ControlCaller = { tokenId: 'token', authId: 'auth', tenantUuid: TENANT, visibleTenantUuids: [TENANT], userUuid: undefined, session: 'session' };

const statistics = (queueId: number, tenantUuid: string): QueueLiveStatistics => ({
  queueId, name: `queue${queueId}`, tenantUuid, waitingCalls: 0, longestWaitSeconds: 0, estimatedWaitSeconds: 0,
  members: { loggedIn: 0, available: 0, talking: 0, paused: 0, loggedOut: 0 }, answered: 0, abandoned: 0, serviceLevelSeconds: 20, serviceLevelPercent: null,
});

interface RecordingPort extends ContactCenterPort {
  readonly moves: string[];
  answer: ContactCenterMigration | Error;
}

function recordingPort(): RecordingPort {
  const port: RecordingPort = {
    moves: [],
    answer: { type: 'moved', from: 'node-a', to: 'node-b', queues: 2, agents: 3, waitingCalls: 1, durationMs: 40 },
    status: async () => ({ mode: 'cluster', node: 'node-b', ownerNode: 'node-a', nodes: [{ name: 'node-a', owner: true }, { name: 'node-b', owner: false }] }),
    async migrate(node) {
      port.moves.push(node);
      if (port.answer instanceof Error) throw port.answer;
      return port.answer;
    },
  };
  return port;
}

let agentd: FakeAgentd;
let port: RecordingPort;
let commands: CommandRegistry;

async function run(name: string, args: unknown): Promise<CommandOutcome> {
  const command = commands[name] as unknown as ControlCommand<unknown>;
  const parsed = command.args.safeParse(args);
  return parsed.success ? command.run(parsed.data, caller) : { type: 'error', error: { code: 'invalid_arguments', message: parsed.error.message } };
}
const aclOf = (name: string, args: unknown): string | undefined => {
  const { acl } = commands[name] as unknown as ControlCommand<unknown>;
  return typeof acl === 'function' ? acl(args, caller) : acl;
};

beforeEach(() => {
  agentd = createFakeAgentd();
  agentd.statistics.push(statistics(3, TENANT), statistics(4, RIVAL));
  port = recordingPort();
  commands = contactCenterCommands({ agentd, contactCenter: port });
});

describe('queues.migrate', () => {
  it('MUST require the ACL agentd.queues.{queue_id}.migrate.create', () => {
    assert.equal(aclOf('queues.migrate', { queue_id: 3, node: 'node-b' }), 'agentd.queues.3.migrate.create');
    assert.equal(aclOf('contact_center.status', undefined), 'agentd.contact-center.read');
  });

  it('MUST move the contact center of a visible queue and answer from, to, queues, agents, waiting calls and duration', async () => {
    const outcome = await run('queues.migrate', { queue_id: 3, node: 'node-b' });
    assert.deepEqual(outcome, { type: 'ok', result: { queue_id: 3, from: 'node-a', to: 'node-b', queues: 2, agents: 3, waiting_calls: 1, duration_ms: 40 } });
    assert.deepEqual(port.moves, ['node-b']);
  });

  it('MUST answer not_found for a queue of another tenant, or none, without moving anything', async () => {
    const outcomes = [await run('queues.migrate', { queue_id: 4, node: 'node-b' }), await run('queues.migrate', { queue_id: 99, node: 'node-b' })];
    assert.deepEqual(outcomes.map((outcome) => (outcome.type === 'error' ? outcome.error.code : 'ok')), ['not_found', 'not_found']);
    assert.deepEqual(port.moves, []);
  });

  it('MUST answer the refusals of the move with their code and reason', async () => {
    for (const code of ['not_found', 'conflict', 'unavailable'] as const) {
      port.answer = { type: 'refused', code, reason: `refused as ${code}` };
      assert.deepEqual(await run('queues.migrate', { queue_id: 3, node: 'node-b' }), { type: 'error', error: { code, message: `refused as ${code}` } });
    }
  });

  it('MUST answer unavailable when no node runs the contact center, and refuse malformed arguments', async () => {
    port.answer = new ServiceUnavailableError('the contact center is not running');
    assert.deepEqual(await run('queues.migrate', { queue_id: 3, node: 'node-b' }), { type: 'error', error: { code: 'unavailable', message: 'the contact center is not running' } });
    const malformed = [await run('queues.migrate', { queue_id: 3 }), await run('queues.migrate', { queue_id: 3, node: '' }), await run('queues.migrate', { queue_id: 3, node: 'a\nb' })];
    assert.deepEqual(malformed.map((outcome) => (outcome.type === 'error' ? outcome.error.code : 'ok')), ['invalid_arguments', 'invalid_arguments', 'invalid_arguments']);
  });
});

describe('contact_center.status', () => {
  it('MUST name the node running the contact center and the live nodes', async () => {
    assert.deepEqual(await run('contact_center.status', undefined), {
      type: 'ok', result: { mode: 'cluster', node: 'node-b', owner_node: 'node-a', nodes: [{ name: 'node-a', owner: true }, { name: 'node-b', owner: false }] },
    });
  });
});

describe('queues.migrate through the control API', () => {
  let server: ControlTestServer;
  const served = recordingPort();
  before(async () => {
    const queues = createFakeAgentd();
    queues.statistics.push(statistics(3, SERVER_TENANT));
    tokens.set('queue-watcher', token('queue-watcher', ['websocketd', 'agentd.queues.statistics.read']));
    tokens.set('queue-mover', token('queue-mover', ['websocketd', 'agentd.queues.3.migrate.create']));
    server = await startControlServer({ commands: contactCenterCommands({ agentd: queues, contactCenter: served }) });
  });
  after(() => server.stop());

  it('MUST refuse a token without the ACL (forbidden) before anything moves, and run it for one with it', async () => {
    const watcher = await openControlClient(server.url('?token=queue-watcher'));
    await watcher.waitFor((frame) => frame.type === 'welcome');
    const refused = [await watcher.command('1', 'queues.migrate', { queue_id: 3, node: 'node-b' }), await watcher.command('2', 'contact_center.status')];
    watcher.close();
    assert.deepEqual([refused.map((reply) => (reply['error'] as { code: string } | undefined)?.code), served.moves], [['forbidden', 'forbidden'], []]);
    const mover = await openControlClient(server.url('?token=queue-mover'));
    await mover.waitFor((frame) => frame.type === 'welcome');
    const replies = [await mover.command('1', 'queues.migrate', { queue_id: 3, node: 'node-b' }), await mover.command('2', 'queues.migrate', { queue_id: 4, node: 'node-b' })];
    mover.close();
    assert.deepEqual([replies.map((reply) => (reply['ok'] === true ? 'ok' : (reply['error'] as { code: string }).code)), served.moves], [['ok', 'forbidden'], ['node-b']]);
  });
});
