/**
 * The transfer and relocate commands of the control API over an in-memory call-control port: the
 * ACL of each is its REST route's, arguments are validated strictly, and the outcomes are the
 * error codes of the call commands plus `conflict` and `forbidden`.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createFakeCallControl, fakeCall, type FakeCallControl } from '../../test/support/fake-call-control.ts';
import { requiredAcl } from '../auth/acl.ts';
import type { CommandOutcome, CommandRegistry, ControlCaller, ControlCommand } from '../ws/control-commands.ts';
import { calldCommands } from './calld-commands.ts';

const TENANT = 'tenant-a';
const RIVAL = 'tenant-b';
const ALICE = 'user-alice';
const BOB = 'user-bob';

let port: FakeCallControl;
let commands: CommandRegistry;

const callerOf = (userUuid: string | undefined, tenantUuid = TENANT): ControlCaller =>
  ({ tokenId: 'token', authId: 'auth', tenantUuid, visibleTenantUuids: [tenantUuid], userUuid, session: 'session' });

function commandOf(name: string): ControlCommand<unknown> {
  const command = commands[name] as ControlCommand<unknown> | undefined;
  if (command === undefined) throw new Error(`no command ${name}`);
  return command;
}

/** Validates the arguments as the protocol does, then runs the command. */
async function run(name: string, args: unknown, caller: ControlCaller): Promise<CommandOutcome> {
  const command = commandOf(name);
  const parsed = command.args.safeParse(args);
  return parsed.success ? command.run(parsed.data, caller) : { type: 'error', error: { code: 'invalid_arguments', message: parsed.error.message } };
}

const codeOf = (outcome: CommandOutcome): string => (outcome.type === 'ok' ? 'ok' : outcome.error.code);

beforeEach(() => {
  port = createFakeCallControl();
  commands = calldCommands(port);
  port.calls.set('alice-1', fakeCall({ callId: 'alice-1', userUuid: ALICE, tenantUuid: TENANT, talkingTo: { 'peer-1': '' } }));
  port.calls.set('peer-1', fakeCall({ callId: 'peer-1', userUuid: null, tenantUuid: TENANT, talkingTo: { 'alice-1': ALICE } }));
  port.calls.set('carol-1', fakeCall({ callId: 'carol-1', userUuid: 'user-carol', tenantUuid: RIVAL, talkingTo: { 'peer-3': '' } }));
  port.calls.set('peer-3', fakeCall({ callId: 'peer-3', userUuid: null, tenantUuid: RIVAL }));
});

const aliceTransfer = { transferred_call: 'peer-1', initiator_call: 'alice-1', context: 'default', exten: '1002' };

describe('transfer and relocate commands', () => {
  it('MUST require the ACL of the REST route each mirrors', () => {
    const cases: readonly [name: string, args: Record<string, string>, method: string, path: string][] = [
      ['transfers.create', {}, 'POST', '/transfers'],
      ['transfers.get', { transfer_id: 't1' }, 'GET', '/transfers/t1'],
      ['transfers.complete', { transfer_id: 't1' }, 'PUT', '/transfers/t1/complete'],
      ['transfers.cancel', { transfer_id: 't1' }, 'DELETE', '/transfers/t1'],
      ['me.transfers.create', {}, 'POST', '/users/me/transfers'],
      ['me.transfers.list', {}, 'GET', '/users/me/transfers'],
      ['me.transfers.complete', { transfer_id: 't1' }, 'PUT', '/users/me/transfers/t1/complete'],
      ['me.transfers.cancel', { transfer_id: 't1' }, 'DELETE', '/users/me/transfers/t1'],
      ['me.relocates.create', {}, 'POST', '/users/me/relocates'],
      ['me.relocates.list', {}, 'GET', '/users/me/relocates'],
      ['me.relocates.get', { relocate_uuid: 'r1' }, 'GET', '/users/me/relocates/r1'],
      ['me.relocates.complete', { relocate_uuid: 'r1' }, 'PUT', '/users/me/relocates/r1/complete'],
      ['me.relocates.cancel', { relocate_uuid: 'r1' }, 'PUT', '/users/me/relocates/r1/cancel'],
    ];
    const mismatches = cases.filter(([name, args, method, path]) => {
      const acl = commandOf(name).acl;
      return (typeof acl === 'function' ? acl(args, callerOf(ALICE)) : acl) !== requiredAcl('calld', path, method);
    });
    assert.deepEqual(mismatches, []);
  });

  it('transfers.create MUST answer the transfer model, and not_found for a call of a tenant the token does not see', async () => {
    const created = await run('transfers.create', aliceTransfer, callerOf(undefined));
    const elsewhere = await run('transfers.create', { ...aliceTransfer, transferred_call: 'peer-3', initiator_call: 'carol-1' }, callerOf(undefined));
    assert.deepEqual([created.type === 'ok' && (created.result as { id: string }).id, codeOf(elsewhere)], ['transfer-1', 'not_found']);
  });

  it('transfers.create MUST refuse unknown or invalid arguments, and answer conflict for a second transfer from the call', async () => {
    const codes = [
      codeOf(await run('transfers.create', { ...aliceTransfer, priority: 1 }, callerOf(undefined))),
      codeOf(await run('transfers.create', { ...aliceTransfer, flow: 'warm' }, callerOf(undefined))),
      codeOf(await run('transfers.create', aliceTransfer, callerOf(undefined))),
      codeOf(await run('transfers.create', aliceTransfer, callerOf(undefined))),
    ];
    assert.deepEqual(codes, ['invalid_arguments', 'invalid_arguments', 'ok', 'conflict']);
  });

  it('transfers.get, .complete and .cancel MUST act on transfers of the tenants the token sees only', async () => {
    await run('transfers.create', aliceTransfer, callerOf(undefined));
    const rival = callerOf(undefined, RIVAL);
    const codes = [codeOf(await run('transfers.get', { transfer_id: 'transfer-1' }, rival)), codeOf(await run('transfers.cancel', { transfer_id: 'transfer-1' }, rival)), codeOf(await run('transfers.complete', { transfer_id: 'transfer-1' }, callerOf(undefined)))];
    assert.deepEqual([codes, port.verbsRun], [['not_found', 'not_found', 'ok'], ['completeTransfer transfer-1']]);
  });

  it('transfers.complete MUST answer invalid_state with why when the transfer\'s state does not allow it', async () => {
    await run('transfers.create', aliceTransfer, callerOf(undefined));
    port.nextVerbResult = { type: 'invalid-state', message: 'a blind transfer cannot be completed' };
    assert.deepEqual(await run('transfers.complete', { transfer_id: 'transfer-1' }, callerOf(undefined)), { type: 'error', error: { code: 'invalid_state', message: 'a blind transfer cannot be completed' } });
  });

  it('me.transfers.create MUST transfer the peer of the user\'s own call, and answer forbidden for another user\'s call', async () => {
    const codes = [codeOf(await run('me.transfers.create', { initiator_call: 'alice-1', exten: '1003' }, callerOf(BOB))), codeOf(await run('me.transfers.create', { initiator_call: 'alice-1', exten: '1003' }, callerOf(ALICE)))];
    assert.deepEqual([codes, port.transferRequests.map((request) => [request.transferredCall, request.userUuid])], [['forbidden', 'ok'], [['peer-1', ALICE]]]);
  });

  it('me.transfers.list, .complete and .cancel MUST see the user\'s own transfers, another user\'s being forbidden', async () => {
    await run('me.transfers.create', { initiator_call: 'alice-1', exten: '1003' }, callerOf(ALICE));
    const listed = await run('me.transfers.list', undefined, callerOf(BOB));
    const codes = [codeOf(await run('me.transfers.cancel', { transfer_id: 'transfer-1' }, callerOf(BOB))), codeOf(await run('me.transfers.complete', { transfer_id: 'transfer-1' }, callerOf(ALICE)))];
    assert.deepEqual([listed, codes], [{ type: 'ok', result: { items: [] } }, ['forbidden', 'ok']]);
  });

  it('me.relocates.create MUST relocate the user\'s own call with calld\'s defaults, and refuse a line without line_id', async () => {
    const created = await run('me.relocates.create', { initiator_call: 'alice-1', destination: 'line', location: { line_id: 7 } }, callerOf(ALICE));
    const refused = await run('me.relocates.create', { initiator_call: 'alice-1', destination: 'line', location: {} }, callerOf(ALICE));
    assert.deepEqual([codeOf(created), codeOf(refused), port.relocateRequests.map((request) => [request.completions, request.timeoutSeconds])], ['ok', 'invalid_arguments', [[['answer'], 30]]]);
  });

  it('me.relocates.list, .get, .complete and .cancel MUST see the user\'s own relocates only, another user\'s being not_found', async () => {
    await run('me.relocates.create', { initiator_call: 'alice-1', destination: 'mobile' }, callerOf(ALICE));
    const codes = [
      codeOf(await run('me.relocates.get', { relocate_uuid: 'relocate-1' }, callerOf(BOB))),
      codeOf(await run('me.relocates.cancel', { relocate_uuid: 'relocate-1' }, callerOf(BOB))),
      codeOf(await run('me.relocates.get', { relocate_uuid: 'relocate-1' }, callerOf(ALICE))),
      codeOf(await run('me.relocates.complete', { relocate_uuid: 'relocate-1' }, callerOf(ALICE))),
    ];
    const listed = await run('me.relocates.list', {}, callerOf(ALICE));
    assert.deepEqual([codes, listed.type === 'ok' && (listed.result as { items: unknown[] }).items.length], [['not_found', 'not_found', 'ok', 'ok'], 1]);
  });
});
