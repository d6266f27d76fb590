/**
 * The HA commands of the control WebSocket over the fake HA control port: the ACLs of the REST
 * routes they mirror (a token without them is refused by the protocol, `forbidden`), the status
 * model with each node's load and health, and a switchover's and a drain's outcomes as a result or
 * an error code.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createFakeHaControl, type FakeHaControl } from '../../test/support/fake-ha-control.ts';
import type { VerifiedToken } from '../auth/verified-token.ts';
import { transition, type ControlEnv, type ControlInput, type ControlState } from '../ws/control-protocol.ts';
import type { CommandOutcome, CommandRegistry, ControlCaller, ControlCommand } from '../ws/control-commands.ts';
import { haCommands } from './ha-commands.ts';

const CALLER: ControlCaller = { tokenId: 't', authId: 'a', tenantUuid: 'tenant', visibleTenantUuids: ['tenant'], userUuid: undefined, session: 's' };

let ha: FakeHaControl;
let commands: CommandRegistry;

beforeEach(() => {
  ha = createFakeHaControl();
  commands = haCommands(ha);
});

function command(name: string): ControlCommand<unknown> {
  const found = commands[name] as ControlCommand<unknown> | undefined;
  if (found === undefined) throw new Error(`no command ${name}`);
  return found;
}

async function run(name: string, args: unknown): Promise<CommandOutcome> {
  const parsed = command(name).args.parse(args);
  return command(name).run(parsed, CALLER);
}

describe('ha.status and ha.switchover', () => {
  it('MUST require the ACLs of GET /ha/status and POST /ha/switchover', () => {
    assert.deepEqual([command('ha.status').acl, command('ha.switchover').acl], ['confd.ha.status.read', 'confd.ha.switchover.create']);
  });

  it('MUST answer ha.status with the status model of GET /ha/status', async () => {
    const outcome = await run('ha.status', undefined);
    assert.deepEqual(outcome, { type: 'ok', result: { enabled: false, role: 'standalone', epoch: null, master_node_name: null, last_failover_at: null, last_handover: null, nodes: [{ name: 'alpha', role: 'standalone', epoch: null, calls: 0, drained: false, health: null, load: null }] } });
  });

  it("MUST show each node's load, health and drained mark, and the last drain, in snake_case", async () => {
    ha.statusView = {
      enabled: true, role: 'master', epoch: 7, masterNodeName: 'alpha', lastFailoverAt: null,
      lastHandover: { node: 'beta', fromEpoch: 6, drained: true, to: 'alpha', migratedCalls: 3, droppedCalls: 0, durationMs: 420, atMs: Date.UTC(2026, 0, 2) },
      nodes: [{
        name: 'alpha', role: 'master', epoch: 7, calls: 3, drained: false, health: { ok: false, problems: ['PostgreSQL does not answer'] },
        load: { calls: 3, actors: { call: 3, channel: 6 }, media: { readyWorkers: 2, workers: 2, sessions: 3, sessionsPerWorker: [2, 1] }, cpuPercent: 12.5, memory: { rssBytes: 9, heapUsedBytes: 4, heapTotalBytes: 5 }, uptimeS: 61 },
      }],
    };
    const outcome = await run('ha.status', {});
    assert.deepEqual(outcome.type === 'ok' ? outcome.result : outcome, {
      enabled: true, role: 'master', epoch: 7, master_node_name: 'alpha', last_failover_at: null,
      last_handover: { node: 'beta', from_epoch: 6, drained: true, to: 'alpha', migrated_calls: 3, dropped_calls: 0, duration_ms: 420, at: '2026-01-02T00:00:00.000Z' },
      nodes: [{
        name: 'alpha', role: 'master', epoch: 7, calls: 3, drained: false, health: { ok: false, problems: ['PostgreSQL does not answer'] },
        load: { calls: 3, actors: { call: 3, channel: 6 }, media: { ready_workers: 2, workers: 2, sessions: 3, sessions_per_worker: [2, 1] }, cpu_percent: 12.5, memory: { rss_bytes: 9, heap_used_bytes: 4, heap_total_bytes: 5 }, uptime_s: 61 },
      }],
    });
  });

  it('MUST switch over to the target named and answer the outcome', async () => {
    ha.nextSwitchover = { type: 'ok', from: 'alpha', to: 'beta', migratedCalls: 2, droppedCalls: 0, durationMs: 300, rtpGapMs: null };
    const outcome = await run('ha.switchover', { target: 'beta' });
    assert.deepEqual([outcome, ha.switchovers], [{ type: 'ok', result: { from: 'alpha', to: 'beta', migrated_calls: 2, dropped_calls: 0, duration_ms: 300, rtp_gap_ms: null } }, ['beta']]);
  });

  it('MUST answer a refused switchover as conflict and a failed one as unavailable, with their reasons', async () => {
    ha.nextSwitchover = { type: 'refused', reason: 'no slave' };
    const refused = await run('ha.switchover', undefined);
    ha.nextSwitchover = { type: 'failed', reason: 'the slave went away' };
    assert.deepEqual([refused, await run('ha.switchover', {})], [
      { type: 'error', error: { code: 'conflict', message: 'no slave' } },
      { type: 'error', error: { code: 'unavailable', message: 'the slave went away' } },
    ]);
  });

  it('MUST refuse unknown arguments and a target that is not a node name', () => {
    const schema = command('ha.switchover').args;
    assert.deepEqual([schema.safeParse({ to: 'beta' }).success, schema.safeParse({ target: 'a b' }).success], [false, false]);
  });
});

describe('nodes.drain and nodes.undrain', () => {
  it('MUST require confd.ha.drain.create and confd.ha.undrain.create', () => {
    assert.deepEqual([command('nodes.drain').acl, command('nodes.undrain').acl], ['confd.ha.drain.create', 'confd.ha.undrain.create']);
  });

  it('MUST drain the node named (this node when none) and answer what moved', async () => {
    ha.nextDrain = { type: 'ok', node: 'alpha', role: 'master', to: 'beta', migratedCalls: 5, droppedCalls: 0, durationMs: 800 };
    const drained = await run('nodes.drain', undefined);
    ha.nextDrain = { type: 'ok', node: 'beta', role: 'slave', to: null, migratedCalls: 0, droppedCalls: 0, durationMs: 2 };
    const marked = await run('nodes.drain', { node: 'beta' });
    assert.deepEqual([drained, marked, ha.drains], [
      { type: 'ok', result: { node: 'alpha', role: 'master', drained: true, to: 'beta', migrated_calls: 5, dropped_calls: 0, duration_ms: 800 } },
      { type: 'ok', result: { node: 'beta', role: 'slave', drained: true, to: null, migrated_calls: 0, dropped_calls: 0, duration_ms: 2 } },
      [undefined, 'beta'],
    ]);
  });

  it('MUST answer a refused drain as conflict, an unknown node as not_found and a failed drain as unavailable', async () => {
    const outcomes = [];
    for (const next of [{ type: 'refused', reason: 'standalone' }, { type: 'not-found', reason: 'no omega' }, { type: 'failed', reason: 'timed out' }] as const) {
      ha.nextDrain = next;
      outcomes.push(await run('nodes.drain', { node: 'omega' }));
    }
    assert.deepEqual(outcomes.map((outcome) => (outcome.type === 'error' ? [outcome.error.code, outcome.error.message] : outcome.type)), [['conflict', 'standalone'], ['not_found', 'no omega'], ['unavailable', 'timed out']]);
  });

  it('MUST clear the mark and say whether there was one', async () => {
    ha.nextUndrain = { type: 'ok', node: 'beta', wasDrained: true };
    assert.deepEqual([await run('nodes.undrain', { node: 'beta' }), ha.undrains], [{ type: 'ok', result: { node: 'beta', drained: false, was_drained: true } }, ['beta']]);
  });

  it('MUST refuse a token without the ACL (forbidden) without asking the node', () => {
    const env: ControlEnv = { commands, limits: { maxEvents: 5, maxBytes: 1_000, softBytes: 100, hardBytes: 1_000, hardPendingEvents: 3, hardPendingBytes: 1_000 } };
    const viewer: VerifiedToken = { token: 't', tenantUuid: 'tenant', authId: 'a', userUuid: undefined, acl: ['websocketd', 'confd.ha.status.read'], issuedAtMs: 0, expiresAtMs: 1_000_000 };
    let state: ControlState = { type: 'unauthenticated' };
    const step = (input: ControlInput) => {
      const next = transition(state, input, env);
      state = next.state;
      return next.outputs;
    };
    step({ type: 'opened', tokenId: 't' });
    step({ type: 'token.resolved', token: viewer, sessionId: 's', nowMs: 1 });
    const outputs = [...step({ type: 'frame', frame: { type: 'valid', frame: { type: 'command', id: 1, name: 'nodes.drain', args: {} } as never } }), ...step({ type: 'frame', frame: { type: 'valid', frame: { type: 'command', id: 2, name: 'nodes.undrain', args: {} } as never } })];
    const codes = outputs.flatMap((output) => (output.type === 'send' && 'error' in output.frame ? [output.frame.error.code] : []));
    assert.deepEqual([codes, outputs.filter((output) => output.type === 'run').length, ha.drains.length], [['forbidden', 'forbidden'], 0, 0]);
  });
});
