/**
 * `calls.migrate` over an in-memory call-control port and move port: its ACL names the call, its
 * arguments are checked strictly, another tenant's call is `not_found` without the move being
 * asked for, and each outcome of the move is its error code.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createFakeCallControl, fakeCall, type FakeCallControl } from '../../test/support/fake-call-control.ts';
import type { CommandOutcome, CommandRegistry, ControlCaller, ControlCommand } from '../ws/control-commands.ts';
import { migrateCommands, type CallMigrationResult } from './migrate-commands.ts';

const TENANT = 'tenant-a';
const callerOf = (tenantUuid: string): ControlCaller => ({ tokenId: 'token', authId: 'auth', tenantUuid, visibleTenantUuids: [tenantUuid], userUuid: undefined, session: 'session' });

let calls: FakeCallControl;
let commands: CommandRegistry;
let asked: { callId: string; node: string }[];
let answer: CallMigrationResult;

async function run(args: unknown, caller: ControlCaller = callerOf(TENANT)): Promise<CommandOutcome> {
  const command = commands['calls.migrate'] as unknown as ControlCommand<unknown>;
  const parsed = command.args.safeParse(args);
  return parsed.success ? command.run(parsed.data, caller) : { type: 'error', error: { code: 'invalid_arguments', message: parsed.error.message } };
}
const codeOf = (outcome: CommandOutcome): string => (outcome.type === 'ok' ? 'ok' : outcome.error.code);

beforeEach(() => {
  calls = createFakeCallControl();
  calls.calls.set('alice-1', fakeCall({ callId: 'alice-1', userUuid: 'user-alice', tenantUuid: TENANT }));
  asked = [];
  answer = { type: 'moved', node: 'node-b' };
  commands = migrateCommands(calls, { migrate: (callId, node) => (asked.push({ callId, node }), Promise.resolve(answer)) });
});

describe('calls.migrate', () => {
  it('MUST require calld.calls.<call_id>.migrate.update', () => {
    const command = commands['calls.migrate'] as unknown as ControlCommand<{ call_id: string; node: string }>;
    assert.equal(typeof command.acl === 'function' ? command.acl({ call_id: 'alice-1', node: 'node-b' }, callerOf(TENANT)) : command.acl, 'calld.calls.alice-1.migrate.update');
  });

  it('MUST move a call of a visible tenant and answer the node it runs on now', async () => {
    const outcome = await run({ call_id: 'alice-1', node: 'node-b' });
    assert.deepEqual(outcome, { type: 'ok', result: { call_id: 'alice-1', node: 'node-b', moved: true } });
    assert.deepEqual(asked, [{ callId: 'alice-1', node: 'node-b' }]);
  });

  it("MUST answer not_found for another tenant's call or an unknown one, without asking for a move", async () => {
    assert.equal(codeOf(await run({ call_id: 'alice-1', node: 'node-b' }, callerOf('tenant-b'))), 'not_found');
    assert.equal(codeOf(await run({ call_id: 'nobody', node: 'node-b' })), 'not_found');
    assert.deepEqual(asked, []);
  });

  it('MUST refuse unknown or malformed arguments', async () => {
    assert.equal(codeOf(await run({ call_id: 'alice-1' })), 'invalid_arguments');
    assert.equal(codeOf(await run({ call_id: 'alice-1', node: 'b c' })), 'invalid_arguments');
    assert.equal(codeOf(await run({ call_id: 'alice-1', node: 'node-b', queue: 1 })), 'invalid_arguments');
  });

  it('MUST answer each refusal of the move with its code and message', async () => {
    const cases: readonly [Exclude<CallMigrationResult, { type: 'moved' }>, string][] = [
      [{ type: 'not-found', message: 'no live node node-x in the cluster' }, 'not_found'],
      [{ type: 'invalid-state', message: 'the call already runs on this node' }, 'invalid_state'],
      [{ type: 'conflict', message: 'the node has an HA role (master)' }, 'conflict'],
      [{ type: 'refused', message: "the caller's phone refused the move: 488" }, 'unavailable'],
    ];
    for (const [result, code] of cases) {
      answer = result;
      const outcome = await run({ call_id: 'alice-1', node: 'node-x' });
      assert.deepEqual(outcome, { type: 'error', error: { code, message: result.message } });
    }
  });
});
