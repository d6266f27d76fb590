/**
 * calld's relocate routes over an in-memory call-control port: the body as the port's request
 * (destination and location, calld's defaults), and calld's answers (201/204, 400 with the JSON
 * list of problems, 403 for another user's call, 404 for another user's relocate, 409 for a
 * second relocate from the same call).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createFakeCallControl, fakeCall, type FakeCallControl } from '../../test/support/fake-call-control.ts';
import { callRoute } from '../../test/support/api-request.ts';
import type { ApiRoute } from '../http/api-route.ts';
import { calldRoutes } from './calld-service.ts';

const TENANT = 'tenant-a';
const ALICE = 'user-alice';
const BOB = 'user-bob';

let port: FakeCallControl;
let routes: ApiRoute[];

beforeEach(() => {
  port = createFakeCallControl();
  routes = calldRoutes(port);
  port.calls.set('alice-1', fakeCall({ callId: 'alice-1', userUuid: ALICE, tenantUuid: TENANT, talkingTo: { 'peer-1': '' } }));
  port.calls.set('bob-1', fakeCall({ callId: 'bob-1', userUuid: BOB, tenantUuid: TENANT, talkingTo: { 'peer-2': '' } }));
});

const asUser = (userUuid: string, method: 'GET' | 'POST' | 'PUT', target: string, body?: unknown) =>
  callRoute(routes, method, target, { tenantUuid: TENANT, userUuid, ...(body === undefined ? {} : { body }) });
const toLine = { initiator_call: 'alice-1', destination: 'line', location: { line_id: 7 } };

describe('POST /users/me/relocates', () => {
  it('MUST relocate to a line with calld\'s defaults (completion on answer, 30 s) and answer 201 with the relocate', async () => {
    const answer = await asUser(ALICE, 'POST', '/users/me/relocates', toLine);
    assert.deepEqual(answer, { status: 201, body: { uuid: 'relocate-1', relocated_call: 'peer-1', initiator_call: 'alice-1', recipient_call: null, completions: ['answer'], initiator: ALICE } });
    assert.deepEqual(port.relocateRequests, [{ userUuid: ALICE, initiatorCall: 'alice-1', destination: { type: 'line', lineId: 7 }, completions: ['answer'], timeoutSeconds: 30, tenantUuids: [TENANT] }]);
  });

  it('MUST pass a mobile destination (no location) and an interface with its contact, the completions and the timeout', async () => {
    await asUser(ALICE, 'POST', '/users/me/relocates', { initiator_call: 'alice-1', destination: 'mobile', completions: ['api'], timeout: 12, auto_answer: true });
    port.relocates.clear();
    await asUser(ALICE, 'POST', '/users/me/relocates', { initiator_call: 'alice-1', destination: 'interface', location: { interface: 'PJSIP/abc', contact: 'sip:abc@10.0.0.2' } });
    assert.deepEqual(port.relocateRequests.map((request) => [request.destination, request.completions, request.timeoutSeconds]), [
      [{ type: 'mobile' }, ['api'], 12],
      [{ type: 'interface', interface: 'PJSIP/abc', contact: 'sip:abc@10.0.0.2' }, ['answer'], 30],
    ]);
  });

  it('MUST refuse an invalid body with a 400 naming each problem, without asking the port', async () => {
    const cases = [
      { initiator_call: 'alice-1', destination: 'line', location: {} },
      { initiator_call: 'alice-1', destination: 'line' },
      { initiator_call: 'alice-1', destination: 'line', location: { line_id: 0 } },
      { initiator_call: 'alice-1', destination: 'fax' },
      { initiator_call: 'alice-1', destination: 'interface', location: { contact: 'x' } },
      { ...toLine, completions: ['hangup'] },
      { ...toLine, completions: [] },
      { ...toLine, timeout: 0 },
      { destination: 'mobile' },
    ];
    const fields = await Promise.all(cases.map(async (body) => {
      const answer = await asUser(ALICE, 'POST', '/users/me/relocates', body);
      return [answer.status, String((answer.body as string[])[0]).split(':')[0]];
    }));
    assert.deepEqual(fields, [
      [400, 'location.line_id'], [400, 'location'], [400, 'location.line_id'], [400, 'destination'], [400, 'location.interface'],
      [400, 'completions.0'], [400, 'completions'], [400, 'timeout'], [400, 'initiator_call'],
    ]);
    assert.deepEqual(port.relocateRequests, []);
  });

  it('MUST answer 403 for another user\'s call, 400 for an unknown call and 409 for a second relocate from the same call', async () => {
    const statuses = [
      (await asUser(BOB, 'POST', '/users/me/relocates', toLine)).status,
      (await asUser(ALICE, 'POST', '/users/me/relocates', { ...toLine, initiator_call: 'nope' })).status,
      (await asUser(ALICE, 'POST', '/users/me/relocates', toLine)).status,
      (await asUser(ALICE, 'POST', '/users/me/relocates', toLine)).status,
    ];
    assert.deepEqual(statuses, [403, 400, 201, 409]);
  });
});

describe('GET /users/me/relocates, GET /users/me/relocates/{relocate_uuid}, PUT …/complete and …/cancel', () => {
  beforeEach(async () => {
    await asUser(ALICE, 'POST', '/users/me/relocates', toLine);
    await asUser(BOB, 'POST', '/users/me/relocates', { ...toLine, initiator_call: 'bob-1' });
  });

  it('MUST list the user\'s own relocates as {items}', async () => {
    const answer = await asUser(ALICE, 'GET', '/users/me/relocates');
    assert.deepEqual([answer.status, (answer.body as { items: { uuid: string }[] }).items.map((relocate) => relocate.uuid)], [200, ['relocate-1']]);
  });

  it('MUST show the user\'s own relocate, and answer 404 for another user\'s (as calld)', async () => {
    const statuses = [(await asUser(ALICE, 'GET', '/users/me/relocates/relocate-1')).status, (await asUser(ALICE, 'GET', '/users/me/relocates/relocate-2')).status];
    assert.deepEqual(statuses, [200, 404]);
  });

  it('MUST complete and cancel the user\'s own relocate with 204', async () => {
    const statuses = [(await asUser(ALICE, 'PUT', '/users/me/relocates/relocate-1/complete')).status, (await asUser(ALICE, 'PUT', '/users/me/relocates/relocate-1/cancel')).status];
    assert.deepEqual([statuses, port.verbsRun], [[204, 204], ['completeRelocate relocate-1', 'cancelRelocate relocate-1']]);
  });

  it('MUST answer 404 for another user\'s or an unknown relocate, without touching it', async () => {
    const statuses = [(await asUser(ALICE, 'PUT', '/users/me/relocates/relocate-2/complete')).status, (await asUser(ALICE, 'PUT', '/users/me/relocates/nope/cancel')).status];
    assert.deepEqual([statuses, port.verbsRun], [[404, 404], []]);
  });

  it('MUST answer 400 with why when the relocate\'s state does not allow the verb (calld\'s relocate-completion-error)', async () => {
    port.nextVerbResult = { type: 'invalid-state', message: 'the new device has not answered' };
    assert.deepEqual(await asUser(ALICE, 'PUT', '/users/me/relocates/relocate-1/complete'), { status: 400, body: ['the new device has not answered'] });
  });
});
