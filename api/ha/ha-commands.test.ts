/**
 * The HA commands of the control WebSocket over the fake HA control port: the ACLs of the REST
 * routes they mirror, the status model, and a switchover's outcomes as a result or an error code.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createFakeHaControl, type FakeHaControl } from '../../test/support/fake-ha-control.ts';
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
    assert.deepEqual(outcome, { type: 'ok', result: { enabled: false, role: 'standalone', epoch: null, master_node_name: null, last_failover_at: null, nodes: [{ name: 'alpha', role: 'standalone', epoch: null, calls: 0 }] } });
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
