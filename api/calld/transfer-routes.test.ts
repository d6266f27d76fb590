/**
 * calld's transfer routes over an in-memory call-control port: what each route asks of the port,
 * and the answers of calld (201/204, 400 with the JSON list of problems, 403 for another user's
 * call or transfer on users/me, 404 for an unknown transfer or another tenant's, 409 for a second
 * transfer from the same call).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createFakeCallControl, fakeCall, type FakeCallControl } from '../../test/support/fake-call-control.ts';
import { callRoute, type CallOptions } from '../../test/support/api-request.ts';
import type { ApiRoute } from '../http/api-route.ts';
import { calldRoutes } from './calld-service.ts';

const TENANT = 'tenant-a';
const RIVAL = 'tenant-b';
const ALICE = 'user-alice';
const BOB = 'user-bob';
const CAROL = 'user-carol';

let port: FakeCallControl;
let routes: ApiRoute[];

beforeEach(() => {
  port = createFakeCallControl();
  routes = calldRoutes(port);
  const place = (callId: string, userUuid: string | null, tenantUuid: string, talkingTo: Record<string, string> = {}) =>
    port.calls.set(callId, fakeCall({ callId, userUuid, tenantUuid, talkingTo }));
  place('alice-1', ALICE, TENANT, { 'peer-1': '' });
  place('peer-1', null, TENANT, { 'alice-1': ALICE });
  place('bob-1', BOB, TENANT, { 'peer-2': '' });
  place('peer-2', null, TENANT, { 'bob-1': BOB });
  place('carol-1', CAROL, RIVAL, { 'peer-3': '' });
  place('peer-3', null, RIVAL, { 'carol-1': CAROL });
  place('alice-alone', ALICE, TENANT);
  place('alice-conference', ALICE, TENANT, { 'peer-1': '', 'peer-2': '' });
});

const admin = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', target: string, options: Partial<CallOptions> = {}) =>
  callRoute(routes, method, target, { tenantUuid: TENANT, ...options });
const asUser = (userUuid: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', target: string, body?: unknown) =>
  callRoute(routes, method, target, { tenantUuid: userUuid === CAROL ? RIVAL : TENANT, userUuid, ...(body === undefined ? {} : { body }) });
const aliceTransfers = { transferred_call: 'peer-1', initiator_call: 'alice-1', context: 'default', exten: '1002' };

describe('POST /transfers', () => {
  it('MUST start an attended transfer by default and answer 201 with the calld transfer model', async () => {
    const answer = await admin('POST', '/transfers', { body: aliceTransfers });
    assert.equal(answer.status, 201);
    assert.deepEqual(answer.body, {
      id: 'transfer-1', initiator_uuid: ALICE, initiator_tenant_uuid: TENANT, transferred_call: 'peer-1', initiator_call: 'alice-1',
      recipient_call: 'recipient-1', status: 'ringback', flow: 'attended',
    });
  });

  it('MUST pass the context, the extension without whitespace, the flow, the timeout and the acting tenant to the port', async () => {
    await admin('POST', '/transfers', { body: { ...aliceTransfers, exten: ' 10 02 ', flow: 'blind', timeout: 20, variables: { A: 'b' } } });
    assert.deepEqual(port.transferRequests, [{
      transferredCall: 'peer-1', initiatorCall: 'alice-1', context: 'default', exten: '1002', flow: 'blind', timeoutSeconds: 20, tenantUuids: [TENANT],
    }]);
  });

  it('MUST refuse an invalid body with a 400 naming each problem, without asking the port', async () => {
    const cases = [
      { ...aliceTransfers, flow: 'consultative' },
      { ...aliceTransfers, exten: undefined },
      { ...aliceTransfers, exten: '   ' },
      { ...aliceTransfers, timeout: -5 },
      { ...aliceTransfers, timeout: 2.5 },
      { ...aliceTransfers, context: '' },
      { ...aliceTransfers, variables: { A: 1 } },
    ];
    const fields = await Promise.all(cases.map(async (body) => {
      const answer = await admin('POST', '/transfers', { body });
      return [answer.status, String((answer.body as string[])[0]).split(':')[0]];
    }));
    assert.deepEqual(fields, [[400, 'flow'], [400, 'exten'], [400, 'exten'], [400, 'timeout'], [400, 'timeout'], [400, 'context'], [400, 'variables.A']]);
    assert.deepEqual(port.transferRequests, []);
  });

  it('MUST answer 400 (calld\'s transfer-creation-error) for a call of another tenant', async () => {
    const answer = await admin('POST', '/transfers', { body: { transferred_call: 'peer-3', initiator_call: 'carol-1', context: 'default', exten: '1002' } });
    assert.equal(answer.status, 400);
  });

  it('MUST answer 409 when a transfer was already started from the initiator call', async () => {
    await admin('POST', '/transfers', { body: aliceTransfers });
    assert.equal((await admin('POST', '/transfers', { body: aliceTransfers })).status, 409);
  });
});

describe('GET, DELETE /transfers/{transfer_id} and PUT /transfers/{transfer_id}/complete', () => {
  beforeEach(async () => {
    await admin('POST', '/transfers', { body: aliceTransfers });
    await callRoute(routes, 'POST', '/transfers', { tenantUuid: RIVAL, body: { transferred_call: 'peer-3', initiator_call: 'carol-1', context: 'default', exten: '1002' } });
  });

  it('MUST show a transfer of the tenant', async () => {
    const answer = await admin('GET', '/transfers/transfer-1');
    assert.deepEqual([answer.status, (answer.body as { id: string }).id], [200, 'transfer-1']);
  });

  it('MUST answer 404 for another tenant\'s transfer, and show it with recurse=true to a token that sees that tenant', async () => {
    assert.equal((await admin('GET', '/transfers/transfer-2')).status, 404);
    assert.equal((await admin('GET', '/transfers/transfer-2?recurse=true', { visibleTenantUuids: [TENANT, RIVAL] })).status, 200);
  });

  it('MUST cancel and complete a transfer with 204', async () => {
    const statuses = [(await admin('PUT', '/transfers/transfer-1/complete')).status, (await admin('DELETE', '/transfers/transfer-1')).status];
    assert.deepEqual([statuses, port.verbsRun], [[204, 204], ['completeTransfer transfer-1', 'cancelTransfer transfer-1']]);
  });

  it('MUST answer 404 for an unknown transfer or another tenant\'s, without touching it', async () => {
    const statuses = [(await admin('DELETE', '/transfers/nope')).status, (await admin('PUT', '/transfers/transfer-2/complete')).status];
    assert.deepEqual([statuses, port.verbsRun], [[404, 404], []]);
  });

  it('MUST answer 400 with why when the transfer\'s state does not allow the verb (calld\'s transfer-completion-error)', async () => {
    port.nextVerbResult = { type: 'invalid-state', message: 'a blind transfer cannot be completed' };
    assert.deepEqual(await admin('PUT', '/transfers/transfer-1/complete'), { status: 400, body: ['a blind transfer cannot be completed'] });
  });
});

describe('POST /users/me/transfers', () => {
  it('MUST transfer the peer of the user\'s call, in the user\'s line context (no context given to the port)', async () => {
    const answer = await asUser(ALICE, 'POST', '/users/me/transfers', { initiator_call: 'alice-1', exten: '1003' });
    assert.equal(answer.status, 201);
    assert.deepEqual(port.transferRequests, [{
      transferredCall: 'peer-1', initiatorCall: 'alice-1', exten: '1003', flow: 'attended', timeoutSeconds: null, tenantUuids: [TENANT], userUuid: ALICE,
    }]);
  });

  it('MUST answer 403 for another user\'s call, without asking the port to transfer', async () => {
    const answer = await asUser(BOB, 'POST', '/users/me/transfers', { initiator_call: 'alice-1', exten: '1003' });
    assert.deepEqual([answer.status, port.transferRequests], [403, []]);
  });

  it('MUST answer 400 for an unknown call or a call that talks to no one, and 409 for a call with several peers', async () => {
    const statuses = await Promise.all(['nope', 'alice-alone', 'alice-conference'].map(async (initiator) =>
      (await asUser(ALICE, 'POST', '/users/me/transfers', { initiator_call: initiator, exten: '1003' })).status));
    assert.deepEqual(statuses, [400, 400, 409]);
  });

  it('MUST refuse an invalid body with a 400', async () => {
    const answers = await Promise.all([{ initiator_call: 'alice-1' }, { initiator_call: 'alice-1', exten: '1003', timeout: 0 }, { initiator_call: 'alice-1', exten: '1003', flow: 'warm' }]
      .map((body) => asUser(ALICE, 'POST', '/users/me/transfers', body)));
    assert.deepEqual(answers.map((answer) => answer.status), [400, 400, 400]);
  });
});

describe('GET, DELETE /users/me/transfers/{transfer_id} and PUT …/complete', () => {
  beforeEach(async () => {
    await asUser(ALICE, 'POST', '/users/me/transfers', { initiator_call: 'alice-1', exten: '1003' });
    await asUser(BOB, 'POST', '/users/me/transfers', { initiator_call: 'bob-1', exten: '1003' });
    await asUser(CAROL, 'POST', '/users/me/transfers', { initiator_call: 'carol-1', exten: '1003' });
  });

  it('MUST list the transfers the user initiated as {items}', async () => {
    const answer = await asUser(ALICE, 'GET', '/users/me/transfers');
    assert.deepEqual([answer.status, (answer.body as { items: { id: string }[] }).items.map((transfer) => transfer.id)], [200, ['transfer-1']]);
  });

  it('MUST complete and cancel the user\'s own transfer with 204', async () => {
    const statuses = [(await asUser(ALICE, 'PUT', '/users/me/transfers/transfer-1/complete')).status, (await asUser(ALICE, 'DELETE', '/users/me/transfers/transfer-1')).status];
    assert.deepEqual([statuses, port.verbsRun], [[204, 204], ['completeTransfer transfer-1', 'cancelTransfer transfer-1']]);
  });

  it('MUST answer 403 for a transfer of another user of the tenant, without touching it', async () => {
    const statuses = [(await asUser(ALICE, 'PUT', '/users/me/transfers/transfer-2/complete')).status, (await asUser(ALICE, 'DELETE', '/users/me/transfers/transfer-2')).status];
    assert.deepEqual([statuses, port.verbsRun], [[403, 403], []]);
  });

  it('MUST answer 404 for an unknown transfer or one of another tenant', async () => {
    const statuses = [(await asUser(ALICE, 'DELETE', '/users/me/transfers/nope')).status, (await asUser(ALICE, 'PUT', '/users/me/transfers/transfer-3/complete')).status];
    assert.deepEqual(statuses, [404, 404]);
  });
});
