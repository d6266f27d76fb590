import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideOnBusy, decideOnNoAnswer } from './callee-decisions.ts';
import { user } from './testing/dialplan-builder.ts';

const IDLE = { activeCalls: 0, devicesBusy: false };

describe('decideOnBusy', () => {
  it('MUST ring a user below their simultaneous calls', () => {
    assert.equal(decideOnBusy(user(1, { simultaneousCalls: 2 }), { activeCalls: 1, devicesBusy: false }).type, 'ring');
  });

  it('MUST find a user at their simultaneous calls busy (486) without a busy forward', () => {
    const decision = decideOnBusy(user(1, { simultaneousCalls: 2 }), { activeCalls: 2, devicesBusy: false });
    assert.deepEqual(decision, { type: 'busy', reason: 'simultaneous-calls', userId: 1, status: 486 });
  });

  it("MUST take the busy forward, dialed in the user's context, when the user is over their simultaneous calls", () => {
    const decision = decideOnBusy(user(1, { simultaneousCalls: 1, busy: '1002', context: 'sales' }), { activeCalls: 1, devicesBusy: false });
    assert.deepEqual(decision, { type: 'forward', kind: 'busy', userId: 1, destination: '1002', context: 'sales' });
  });

  it('MUST treat a user in DND as busy', () => {
    const decision = decideOnBusy(user(1, { dnd: true }), IDLE);
    assert.deepEqual(decision.type === 'busy' ? [decision.reason, decision.status] : decision, ['dnd', 486]);
  });

  it('MUST NOT take the busy forward of a user in DND', () => {
    assert.equal(decideOnBusy(user(1, { dnd: true, busy: '1002' }), IDLE).type, 'busy');
  });

  it('MUST take the busy forward when every phone answered busy', () => {
    const decision = decideOnBusy(user(1, { busy: '1003' }), { activeCalls: 0, devicesBusy: true });
    assert.equal(decision.type === 'forward' ? decision.destination : decision.type, '1003');
  });

  it('MUST ignore a disabled busy forward', () => {
    const decision = decideOnBusy(user(1, { simultaneousCalls: 1, busy: { enabled: false, destination: '1002' } }), { activeCalls: 1, devicesBusy: false });
    assert.equal(decision.type, 'busy');
  });
});

describe('decideOnNoAnswer', () => {
  it('MUST take the no-answer forward when it is enabled', () => {
    assert.deepEqual(decideOnNoAnswer(user(1, { noanswer: '8000' })), { type: 'forward', kind: 'noanswer', userId: 1, destination: '8000', context: 'default' });
  });

  it('MUST end the call with 480 when there is no no-answer forward', () => {
    assert.deepEqual(decideOnNoAnswer(user(1)), { type: 'no-answer', userId: 1, status: 480 });
  });

  it('MUST ignore a no-answer forward enabled without a destination', () => {
    assert.equal(decideOnNoAnswer(user(1, { noanswer: { enabled: true, destination: null } })).type, 'no-answer');
  });
});
