/** Entering a queue (seed CC-04, CC-05): diversions with the seed's worked examples, joinempty and maxlen. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { admitCall, nextWaitEstimate, parseEmptyConditions, queueIsEmpty, type AdmissionSettings, type EmptyConditions, type MemberAvailability, type QueueLoad } from './index.ts';

const available: MemberAvailability = { state: 'available', paused: false, inWrapup: false, penaltyOutOfRange: false };
const settings = (extra: Partial<AdmissionSettings> = {}): AdmissionSettings => ({ joinEmpty: new Set(), maxLength: 0, ...extra });
const load = (waitingCalls: number, loggedInMembers: number, extra: Partial<QueueLoad> = {}): QueueLoad => ({
  waitingCalls,
  loggedInMembers,
  estimatedWaitSeconds: 0,
  members: Array.from({ length: loggedInMembers }, () => available),
  ...extra,
});
const conditions = (text: string, option: 'joinempty' | 'leavewhenempty' = 'joinempty'): EmptyConditions => {
  const parsed = parseEmptyConditions(text, option);
  assert.equal(parsed.type, 'ok');
  return (parsed as { conditions: EmptyConditions }).conditions;
};

describe('queue diversions (seed CC-05)', () => {
  it('wait ratio 1 with 2 waiting calls and 2 agents: 3/2 = 1.5 > 1, the call MUST be diverted', () => {
    assert.deepEqual(admitCall(settings({ waitRatioThreshold: 1 }), load(2, 2)), { type: 'divert', status: 'divert_ca_ratio' });
  });

  it('wait ratio 0.5 with 5 waiting calls and 12 agents: 6/12 = 0.5, the call MUST enter', () => {
    assert.deepEqual(admitCall(settings({ waitRatioThreshold: 0.5 }), load(5, 12)), { type: 'enter' });
  });

  it('wait ratio 0.5 with no waiting call and 1 agent: 1/1 = 1, yet the call MUST enter (empty-queue exemption)', () => {
    assert.deepEqual(admitCall(settings({ waitRatioThreshold: 0.5 }), load(0, 1)), { type: 'enter' });
  });

  it('MUST count agents whatever their state, and divert when calls wait and nobody is logged in', () => {
    const busy: MemberAvailability = { ...available, state: 'inuse', paused: true };
    assert.deepEqual(admitCall(settings({ waitRatioThreshold: 1 }), load(1, 2, { members: [busy, busy] })), { type: 'enter' });
    assert.deepEqual(admitCall(settings({ waitRatioThreshold: 100 }), load(1, 0)), { type: 'divert', status: 'divert_ca_ratio' });
  });

  it('MUST divert on the estimated waiting time above the threshold, never for an empty queue', () => {
    assert.deepEqual(admitCall(settings({ waitTimeThreshold: 30 }), load(1, 5, { estimatedWaitSeconds: 31 })), { type: 'divert', status: 'divert_waittime' });
    assert.deepEqual(admitCall(settings({ waitTimeThreshold: 30 }), load(1, 5, { estimatedWaitSeconds: 30 })), { type: 'enter' });
    assert.deepEqual(admitCall(settings({ waitTimeThreshold: 30 }), load(0, 5, { estimatedWaitSeconds: 300 })), { type: 'enter' });
  });

  it('MUST smooth the estimated waiting time as Asterisk: (3 × previous + new) / 4', () => {
    assert.equal(nextWaitEstimate(0, 40), 10);
    assert.equal(nextWaitEstimate(10, 50), 20);
  });
});

describe('joinempty and maxlen (seed CC-04)', () => {
  it('MUST read Asterisk\'s joinempty words and shorthands, and refuse an unknown one', () => {
    assert.deepEqual([...conditions('yes')], []);
    assert.deepEqual([...conditions('no')].sort(), ['invalid', 'paused', 'penalty']);
    assert.deepEqual([...conditions('yes', 'leavewhenempty')].sort(), ['invalid', 'paused', 'penalty']);
    assert.deepEqual([...conditions('strict')].sort(), ['invalid', 'paused', 'penalty', 'unavailable']);
    assert.deepEqual([...conditions('loose')].sort(), ['invalid', 'penalty']);
    assert.deepEqual([...conditions('paused, inuse,wrapup')].sort(), ['inuse', 'paused', 'wrapup']);
    assert.equal(parseEmptyConditions('paused,sleepy', 'joinempty').type, 'error');
  });

  it('MUST refuse a call (joinempty) when every member is in a listed state, and let it in when one is not', () => {
    const paused = { ...available, paused: true };
    assert.equal(queueIsEmpty([paused, { ...available, state: 'inuse' as const }], conditions('paused,inuse')), true);
    assert.equal(queueIsEmpty([paused, { ...available, state: 'inuse' as const }], conditions('paused')), false);
    assert.deepEqual(admitCall(settings({ joinEmpty: conditions('paused') }), load(0, 1, { members: [paused] })), { type: 'refuse', status: 'joinempty' });
  });

  it('MUST let a call join a queue without members when joinempty is yes, and refuse it otherwise', () => {
    assert.deepEqual(admitCall(settings({ joinEmpty: conditions('yes') }), load(0, 0)), { type: 'enter' });
    assert.deepEqual(admitCall(settings({ joinEmpty: conditions('unavailable') }), load(0, 0)), { type: 'refuse', status: 'joinempty' });
  });

  it('MUST refuse a call (full) when maxlen calls already wait', () => {
    assert.deepEqual(admitCall(settings({ maxLength: 2 }), load(2, 3)), { type: 'refuse', status: 'full' });
    assert.deepEqual(admitCall(settings({ maxLength: 2 }), load(1, 3)), { type: 'enter' });
  });
});
