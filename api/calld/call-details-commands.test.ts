/**
 * `calls.details` over an in-memory call-control port and a details port set by the test, and once
 * through the real control WebSocket: it requires `calld.calls.read` as `GET /calls` does, lists
 * only the channels of the tenants the token sees (another tenant's is left out even when named),
 * and adds the node, the media worker, the codec, the packet loss and the duration to each model.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createFakeCallControl, fakeCall, type FakeCallControl } from '../../test/support/fake-call-control.ts';
import { openControlClient } from '../../test/support/control-client.ts';
import { startControlServer, TENANT, type ControlTestServer } from '../../test/support/control-server.ts';
import { builtInCommands, type CommandOutcome, type CommandRegistry, type ControlCaller, type ControlCommand } from '../ws/control-commands.ts';
import { callDetailsCommands, durationSeconds } from './call-details-commands.ts';
import type { CallDetailsPort, ChannelDetails } from './call-details-port.ts';

const RIVAL = 'tenant-rival';
const NOW_MS = Date.parse('2026-01-01T00:01:30.000Z');
const caller: ControlCaller = { tokenId: 't', authId: 'a', tenantUuid: TENANT, visibleTenantUuids: [TENANT], userUuid: undefined, session: 's' };

let port: FakeCallControl;
let asked: (readonly string[])[];
let commands: CommandRegistry;

const details = new Map<string, ChannelDetails>([
  ['ours-1', { mediaWorker: 1, codec: 'PCMU', packetLossPercent: 2.5, context: 'default' }],
  ['theirs-1', { mediaWorker: 0, codec: 'PCMA', packetLossPercent: 0, context: 'rival' }],
]);
const detailsPort: CallDetailsPort = {
  nodeName: () => 'alpha',
  detailsOf(callIds) {
    asked.push(callIds);
    return Promise.resolve(new Map([...details].filter(([callId]) => callIds.includes(callId))));
  },
};

function command(): ControlCommand<unknown> {
  return commands['calls.details'] as ControlCommand<unknown> | undefined ?? assert.fail('no calls.details');
}

async function run(args: unknown): Promise<CommandOutcome> {
  const parsed = command().args.safeParse(args);
  return parsed.success ? command().run(parsed.data, caller) : { type: 'error', error: { code: 'invalid_arguments', message: parsed.error.message } };
}

const items = (outcome: CommandOutcome): Record<string, unknown>[] => (outcome.type === 'ok' ? (outcome.result as { items: Record<string, unknown>[] }).items : []);

beforeEach(() => {
  port = createFakeCallControl();
  asked = [];
  commands = callDetailsCommands(port, detailsPort, () => NOW_MS);
  port.calls.set('ours-1', fakeCall({ callId: 'ours-1', userUuid: 'alice', tenantUuid: TENANT }));
  port.calls.set('ours-2', fakeCall({ callId: 'ours-2', userUuid: null, tenantUuid: TENANT }));
  port.calls.set('theirs-1', fakeCall({ callId: 'theirs-1', userUuid: 'carol', tenantUuid: RIVAL }));
});

describe('calls.details', () => {
  it('MUST require calld.calls.read, the ACL of GET /calls', () => {
    assert.equal(command().acl, 'calld.calls.read');
  });

  it('MUST list only the channels of the tenants the token sees, and ask details of those only', async () => {
    const outcome = await run(undefined);
    assert.deepEqual([items(outcome).map((item) => item['call_id']), asked], [['ours-1', 'ours-2'], [['ours-1', 'ours-2']]]);
  });

  it('MUST add node_name, media_worker, codec, packet_loss_percent, duration_seconds and context to the calld model', async () => {
    const [first] = items(await run(undefined));
    assert.deepEqual(
      { node_name: first?.['node_name'], media_worker: first?.['media_worker'], codec: first?.['codec'], packet_loss_percent: first?.['packet_loss_percent'], duration_seconds: first?.['duration_seconds'], context: first?.['context'], status: first?.['status'] },
      { node_name: 'alpha', media_worker: 1, codec: 'PCMU', packet_loss_percent: 2.5, duration_seconds: 90, context: 'default', status: 'Up' },
    );
  });

  it('MUST answer null media facts for a channel the node knows nothing more of', async () => {
    const second = items(await run(undefined))[1];
    assert.deepEqual([second?.['media_worker'], second?.['codec'], second?.['packet_loss_percent'], second?.['context']], [null, null, null, null]);
  });

  it('MUST leave out another tenant\'s channel even when call_ids names it', async () => {
    const outcome = await run({ call_ids: ['theirs-1', 'ours-2'] });
    assert.deepEqual(items(outcome).map((item) => item['call_id']), ['ours-2']);
  });

  it('MUST refuse unknown arguments and malformed call ids', async () => {
    assert.deepEqual([(await run({ everything: true })).type, (await run({ call_ids: ['a b'] })).type], ['error', 'error']);
  });
});

describe('durationSeconds', () => {
  it('MUST read calld times with a numeric offset and count whole seconds, never below zero', () => {
    assert.deepEqual([durationSeconds('2026-01-01T00:00:00.500+0000', NOW_MS), durationSeconds('2026-01-01T00:05:00.000+0000', NOW_MS)], [89, 0]);
  });
});

describe('calls.details through the control WebSocket', () => {
  let server: ControlTestServer;
  before(async () => {
    const fake = createFakeCallControl();
    fake.calls.set('ours-1', fakeCall({ callId: 'ours-1', userUuid: 'alice', tenantUuid: TENANT }));
    server = await startControlServer({ commands: { ...builtInCommands({ now: () => Date.now() }), ...callDetailsCommands(fake, detailsPort) } });
  });
  after(() => server.stop());

  it('MUST refuse a token without calld.calls.read as forbidden, from the server', async () => {
    const client = await openControlClient(server.url('?token=alice'));
    await client.waitFor((frame) => frame.type === 'welcome');
    const reply = await client.command('1', 'calls.details');
    client.close();
    assert.equal((reply['error'] as { code: string } | undefined)?.code, 'forbidden');
  });

  it('MUST answer the details to a token holding it', async () => {
    const client = await openControlClient(server.url('?token=admin'));
    await client.waitFor((frame) => frame.type === 'welcome');
    const reply = await client.command('1', 'calls.details');
    client.close();
    assert.deepEqual((reply['result'] as { items: { call_id: string; codec: string }[] }).items.map((item) => [item.call_id, item.codec]), [['ours-1', 'PCMU']]);
  });
});
