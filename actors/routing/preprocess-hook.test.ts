import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hookHangupStatus, hooksToRun, hookVariables, readHookAnswer } from './preprocess-hook.ts';

describe('preprocess hook variables', () => {
  it('MUST name a DID call\'s variables as the reference platform does, case-sensitive', () => {
    const variables = hookVariables({ dialed: '0123', callerName: 'Bob', callerNumber: '+33611', origin: 'extern', tenantUuid: 't-1' });
    assert.deepEqual(variables, {
      XIVO_DSTNUM: '0123', XIVO_SRCNUM: '+33611', XIVO_CALLORIGIN: 'extern', WAZO_CHANNEL_DIRECTION: 'to-wazo',
      'CALLERID(name)': 'Bob', 'CALLERID(num)': '+33611', WAZO_TENANT_UUID: 't-1',
    });
  });

  it('MUST give a user hook the caller\'s and the callee\'s users and the ring time', () => {
    const variables = hookVariables({
      dialed: '1002', callerName: 'Ann', callerNumber: '1001', origin: 'intern', tenantUuid: 't', callerUser: { id: 7, uuid: 'u-7' }, calledUser: { uuid: 'u-8', tenantUuid: 't' }, ringSeconds: 30,
    });
    assert.deepEqual([variables['XIVO_USERID'], variables['XIVO_USERUUID'], variables['WAZO_DST_UUID'], variables['XIVO_RINGSECONDS']], ['7', 'u-7', 'u-8', '30']);
  });
});

describe('hooks to run', () => {
  it('MUST run the global hook before the object\'s own', () => {
    assert.deepEqual(hooksToRun('global', 'own'), ['global', 'own']);
  });

  it('MUST run a hook named twice once, and none when neither is set', () => {
    assert.deepEqual([hooksToRun('same', 'same'), hooksToRun(undefined, null)], [['same'], []]);
  });
});

describe('reading a hook\'s answer', () => {
  it('MUST read no answer as continue without changes', () => {
    assert.deepEqual(readHookAnswer(undefined), { type: 'continue', changes: {}, problems: [] });
  });

  it('MUST keep the changes of caller ID and ring time', () => {
    const decision = readHookAnswer({ type: 'continue', variables: { 'CALLERID(name)': 'VIP Bob', XIVO_RINGSECONDS: '45' } });
    assert.deepEqual(decision, { type: 'continue', changes: { 'CALLERID(name)': 'VIP Bob', XIVO_RINGSECONDS: '45' }, problems: [] });
  });

  it('MUST drop a change of a variable hooks may not change, and a value out of its range, reporting both', () => {
    const decision = readHookAnswer({ type: 'continue', variables: { XIVO_DSTNUM: '999', XIVO_RINGSECONDS: '0', 'CALLERID(num)': '123' } });
    assert.deepEqual(decision.type === 'continue' ? [decision.changes, decision.problems.length] : undefined, [{ 'CALLERID(num)': '123' }, 2]);
  });

  it('MUST read a goto with or without its context', () => {
    assert.deepEqual([readHookAnswer({ type: 'goto', exten: '1002' }), readHookAnswer({ type: 'goto', exten: 's', context: 'night' })], [
      { type: 'goto', exten: '1002', context: null }, { type: 'goto', exten: 's', context: 'night' },
    ]);
  });

  it('MUST read a goto to something that is no extension as continue with a problem', () => {
    const decision = readHookAnswer({ type: 'goto', exten: '10;02' });
    assert.equal(decision.type === 'continue' && decision.problems.length, 1);
  });

  it('MUST read a hangup with its cause (normal by default) and map it to a SIP status', () => {
    assert.deepEqual([readHookAnswer({ type: 'hangup' }), readHookAnswer({ type: 'hangup', cause: 'busy' })], [{ type: 'hangup', cause: 'normal' }, { type: 'hangup', cause: 'busy' }]);
    assert.deepEqual([hookHangupStatus('normal'), hookHangupStatus('busy'), hookHangupStatus('congestion')], [480, 486, 503]);
  });

  it('MUST read an answer of an unknown shape as continue with a problem', () => {
    assert.deepEqual([readHookAnswer('yes'), readHookAnswer({ type: 'jump' })].map((decision) => decision.type), ['continue', 'continue']);
  });
});
