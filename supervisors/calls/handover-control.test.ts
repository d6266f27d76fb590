import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, type ActorAddress } from '../../actors/index.ts';
import { createHandoverControl } from './handover-control.ts';

const bob: call.CalledUser = { userId: 2, userUuid: 'u-bob', name: 'Bob', number: '1002', context: 'office' };
const target = { requestUri: 'sip:b@10.0.0.2', destination: { transport: 'udp' as const, address: '10.0.0.2', port: 5060 }, toUri: 'sip:1002@pbx' };
/** Alice (c1-0) talking to Bob (c1-1). */
const answered: call.CallSnapshot = {
  ...call.newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'default', userUuid: 'u-alice' }, '1002', { callerAnswerSdp: '', calleeOfferSdp: '' }, 0),
  state: 'established', callee: bob, answeredChannelId: 'c1-1', legs: [{ channelId: 'c1-1', target, status: 'answered', createdAtMs: 0 }],
};
const ringing: call.CallSnapshot = { ...answered, callId: 'c2', caller: { ...answered.caller, channelId: 'c2-0' }, state: 'establishing', answeredChannelId: undefined as never, legs: [{ channelId: 'c2-1', target, status: 'ringing', createdAtMs: 0 }] };

function control(snapshots: call.CallSnapshot[], routes: 'dial' | 'not-found' = 'dial') {
  const sent: { to: ActorAddress; message: unknown }[] = [];
  const port = createHandoverControl({
    system: { send: (to, message) => void sent.push({ to, message }) },
    snapshots: () => snapshots,
    routePort: {
      route: () => Promise.resolve(routes === 'dial' ? { type: 'dial', user: bob, ringSeconds: 20, contacts: [target], busy: false } : { type: 'refuse', cause: { q850: 1, sipStatus: 404, text: 'not found' } }),
      sourceLine: () => Promise.resolve(undefined),
      tenantOfUser: () => 'tenant-1',
    },
    newId: () => 'id-1',
  });
  return { port, sent };
}
const request = { transferredCall: 'c1-0', initiatorCall: 'c1-1', exten: '1003', flow: 'attended' as const, tenantUuids: ['tenant-1'] };

describe('transfer orders checked against the last snapshot of the call', () => {
  it("MUST order the call to transfer, in the initiator's own context when none is given, and show the transfer at once", async () => {
    const { port, sent } = control([answered]);
    const result = await port.createTransfer(request);
    assert.equal(result.type, 'created');
    assert.deepEqual((sent[0]?.message as { type: string; context: string }).context, 'office');
    assert.equal(port.getTransfer('id-1')?.transfer.status, 'starting');
    assert.deepEqual(port.transfersOfUser('u-bob').map((transfer) => transfer.id), ['id-1']);
  });

  it('MUST refuse an unknown call, a call still ringing, a peer that is not the transferred call, another tenant, another user, and an extension that does not exist', async () => {
    assert.equal((await control([answered]).port.createTransfer({ ...request, initiatorCall: 'c9-9' })).type, 'not-found');
    assert.equal((await control([ringing]).port.createTransfer({ ...request, initiatorCall: 'c2-0', transferredCall: 'c2-1' })).type, 'conflict');
    assert.equal((await control([answered]).port.createTransfer({ ...request, transferredCall: 'c7-7' })).type, 'invalid');
    assert.equal((await control([answered]).port.createTransfer({ ...request, tenantUuids: ['tenant-2'] })).type, 'not-found');
    assert.equal((await control([answered]).port.createTransfer({ ...request, userUuid: 'u-alice' })).type, 'forbidden');
    assert.equal((await control([answered], 'not-found').port.createTransfer(request)).type, 'invalid');
  });

  it('MUST refuse a second transfer while one is in progress, and answer complete and cancel by what the transfer allows', async () => {
    const blind: call.CallSnapshot = { ...answered, handover: { type: 'transfer', id: 't1', flow: 'blind', status: 'blind_transferred', leaving: 'callee', leavingChannelId: 'c1-1', stayingChannelId: 'c1-0', leavingGone: true, ringSeconds: 20, initiatorUuid: 'u-bob', initiatorTenantUuid: 'tenant-1', exten: '1003', context: 'office' } };
    const { port, sent } = control([blind]);
    assert.equal((await port.createTransfer(request)).type, 'conflict');
    assert.equal(port.completeTransfer('t1').type, 'invalid-state');
    assert.equal(port.cancelTransfer('t1').type, 'invalid-state');
    assert.equal(port.cancelTransfer('t9').type, 'not-found');
    assert.equal(sent.length, 0);
  });
});
