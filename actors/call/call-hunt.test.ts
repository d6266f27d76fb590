import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS } from '../kernel/index.ts';
import { CAUSES, causeFromSip } from '../channel/hangup-cause.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import { callMachine, RING_TIMEOUT } from './call-machine.ts';
import type { CallMessage } from './call-messages.ts';
import { newCall, type CallSnapshot } from './call-snapshot.ts';
import type { HuntMember, HuntPlan } from './hunt-plan.ts';
import { HUNT_RETRY, HUNT_STEP_TIMEOUT, shownName } from './call-hunt.ts';
import { callLogOf } from './call-records.ts';

let counter = 0;
const env = () => ({ now: 5_000, self: actorAddress('call', 'c1'), from: undefined, timers: NO_TIMERS, newChannelId: () => `c1-${++counter}` });
const phone = (username: string): DialTarget => ({ requestUri: `sip:${username}@192.0.2.1:5062`, destination: { transport: 'udp', address: '192.0.2.1', port: 5062 }, toUri: `sip:${username}@pbx` });
const member = (userId: number, phones = 1): HuntMember => ({
  user: { userId, userUuid: `u-${userId}`, name: `Member ${userId}`, number: `20${userId}`, context: 'office' },
  contacts: Array.from({ length: phones }, (_, index) => phone(`m${userId}-${index}`)),
});
const fresh = (): CallSnapshot => (counter = 0, newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'office', userUuid: 'u-alice' }, '2000', { callerAnswerSdp: 'a', calleeOfferSdp: 'o' }, 1_000));
const plan = (changes: Partial<HuntPlan> = {}): HuntPlan => ({
  groupId: 7, groupUuid: 'g-7', groupName: 'sales', steps: [[member(1), member(2), member(3)]], stepSeconds: 15, retryDelaySeconds: 5, timeoutSeconds: 60, ...changes,
});
const linear = (changes: Partial<HuntPlan> = {}) => plan({ steps: [[member(1)], [member(2)], [member(3)]], ...changes });
const routed = (hunt: HuntPlan): CallMessage => ({ type: 'call.routed', outcome: { type: 'hunt', plan: hunt } });
const timer = (name: string): CallMessage => ({ type: 'sys.timer.fired', name } as unknown as CallMessage);

type Effects = readonly { type: string; [key: string]: unknown }[];
function step(snapshot: CallSnapshot, message: CallMessage) {
  const result = callMachine.transition(snapshot, message, env());
  assert.equal(result.type, 'handled', JSON.stringify(result));
  return result as { snapshot: CallSnapshot; effects: Effects };
}
const sent = (effects: Effects, type: string) => effects.filter((effect) => effect.type === 'send' && (effect['message'] as { type: string }).type === type);
const dialed = (effects: Effects) => sent(effects, 'channel.dial').map((effect) => (effect['message'] as { target: DialTarget }).target.requestUri);
const timers = (effects: Effects) => effects.filter((effect) => effect.type === 'timer.start').map((effect) => [effect['name'], effect['delayMs']]);
const hangupCauses = (effects: Effects) => sent(effects, 'channel.hangup').map((effect) => [(effect['to'] as { id: string }).id, (effect['message'] as { cause: { text: string } }).cause.text]);

describe('a call to a group', () => {
  describe('strategy all', () => {
    it('MUST ring every phone of every member at once, each leg naming its member, bounded by the group timeout', () => {
      const result = step(fresh(), routed(plan()));
      assert.deepEqual(dialed(result.effects), ['sip:m1-0@192.0.2.1:5062', 'sip:m2-0@192.0.2.1:5062', 'sip:m3-0@192.0.2.1:5062']);
      assert.deepEqual(result.snapshot.legs.map((leg) => leg.user?.userUuid), ['u-1', 'u-2', 'u-3']);
      assert.deepEqual(timers(result.effects), [[RING_TIMEOUT, 60_000], [HUNT_STEP_TIMEOUT, 15_000]]);
    });

    it('MUST give the call to the first member who answers, CANCEL the others as answered elsewhere, and name that member as the callee', () => {
      const ringing = step(fresh(), routed(plan())).snapshot;
      const answered = step(ringing, { type: 'channel.answered', channelId: 'c1-2', sdp: 'answer' });
      assert.deepEqual(hangupCauses(answered.effects), [['c1-1', 'answered elsewhere'], ['c1-3', 'answered elsewhere']]);
      assert.deepEqual([answered.snapshot.state, answered.snapshot.callee?.userUuid], ['established', 'u-2']);
    });

    it('MUST write a call log whose destination is the member who answered', () => {
      const ringing = step(fresh(), routed(plan())).snapshot;
      const answered = step(ringing, { type: 'channel.answered', channelId: 'c1-3', sdp: 'answer' }).snapshot;
      assert.equal(callLogOf(answered, 9_000, CAUSES.normal).destination?.userUuid, 'u-3');
    });

    it('MUST ring again after retry_delay when a round is not answered', () => {
      const ringing = step(fresh(), routed(plan())).snapshot;
      const paused = step(ringing, timer(HUNT_STEP_TIMEOUT));
      assert.deepEqual([hangupCauses(paused.effects).length, timers(paused.effects)], [3, [[HUNT_RETRY, 5_000]]]);
      const again = step(paused.snapshot, timer(HUNT_RETRY));
      assert.deepEqual([dialed(again.effects).length, again.snapshot.hunt?.round], [3, 1]);
    });
  });

  describe('strategy linear', () => {
    it('MUST ring the first member only, then the second once the first one’s user_timeout is over', () => {
      const first = step(fresh(), routed(linear()));
      assert.deepEqual(dialed(first.effects), ['sip:m1-0@192.0.2.1:5062']);
      const second = step(first.snapshot, timer(HUNT_STEP_TIMEOUT));
      assert.deepEqual([hangupCauses(second.effects), dialed(second.effects)], [[['c1-1', 'no answer']], ['sip:m2-0@192.0.2.1:5062']]);
    });

    it('MUST ring the next member at once when every phone of the current one fails (busy), and not when a stopped leg reports its end', () => {
      const first = step(fresh(), routed(linear())).snapshot;
      const busy = step(first, { type: 'channel.hung_up', channelId: 'c1-1', cause: causeFromSip(486), byRemote: true });
      assert.deepEqual(dialed(busy.effects), ['sip:m2-0@192.0.2.1:5062']);
      const moved = step(busy.snapshot, timer(HUNT_STEP_TIMEOUT)).snapshot;
      const late = step(moved, { type: 'channel.hung_up', channelId: 'c1-2', cause: CAUSES.noAnswer, byRemote: false });
      assert.deepEqual(dialed(late.effects), []);
    });

    it('MUST ring the first member again after the last one and the retry delay (a new round)', () => {
      let snapshot = step(fresh(), routed(linear({ timeoutSeconds: null }))).snapshot;
      for (let index = 0; index < 3; index += 1) snapshot = step(snapshot, timer(HUNT_STEP_TIMEOUT)).snapshot;
      const again = step(snapshot, timer(HUNT_RETRY));
      assert.deepEqual(dialed(again.effects), ['sip:m1-0@192.0.2.1:5062']);
    });

    it('MUST pause at least one second between rounds even with retry_delay 0', () => {
      const snapshot = step(fresh(), routed(plan({ retryDelaySeconds: 0 }))).snapshot;
      assert.deepEqual(timers(step(snapshot, timer(HUNT_STEP_TIMEOUT)).effects), [[HUNT_RETRY, 1_000]]);
    });
  });

  describe('no answer', () => {
    it('MUST stop every leg at the group timeout and end with NOANSWER (480) without a fallback', () => {
      const ringing = step(fresh(), routed(plan())).snapshot;
      const ended = step(ringing, timer(RING_TIMEOUT));
      assert.deepEqual([ended.snapshot.state, ended.snapshot.cause?.sipStatus], ['terminating', 480]);
    });

    it('MUST route the fallback destination at the group timeout (a number, or a user directly)', () => {
      const toNumber = step(step(fresh(), routed(plan({ fallback: { type: 'dial', dialed: '1005', context: 'office' } }))).snapshot, timer(RING_TIMEOUT));
      const resolve = toNumber.effects.find((effect) => effect.type === 'route.resolve');
      assert.deepEqual([resolve?.['dialed'], resolve?.['context'], resolve?.['reason'], toNumber.snapshot.hunt], ['1005', 'office', 'noanswer', undefined]);
      const toUser = step(step(fresh(), routed(plan({ fallback: { type: 'target', target: { type: 'user', userId: 9 } } }))).snapshot, timer(RING_TIMEOUT));
      assert.deepEqual(toUser.effects.find((effect) => effect.type === 'route.resolve')?.['target'], { type: 'user', userId: 9 });
    });

    it('MUST keep waiting for the fallback\'s routing when the stopped legs report their end before it', () => {
      const ringing = step(fresh(), routed(plan({ fallback: { type: 'dial', dialed: '1005', context: 'office' } }))).snapshot;
      const left = step(ringing, timer(RING_TIMEOUT)).snapshot;
      const late = step(left, { type: 'channel.hung_up', channelId: 'c1-1', cause: CAUSES.noAnswer, byRemote: false });
      assert.deepEqual([late.snapshot.state, late.effects.filter((effect) => effect.type !== 'send' || (effect['message'] as { type: string }).type !== 'channel.hangup').length], ['establishing', 0]);
    });

    it('MUST go to the fallback at once when no member can be rung', () => {
      const result = step(fresh(), routed(plan({ steps: [], fallback: { type: 'hangup', cause: 'busy' } })));
      assert.deepEqual([result.snapshot.state, result.snapshot.cause?.sipStatus], ['terminating', 486]);
    });

    it('MUST ignore the hunt timers once a member answered', () => {
      const answered = step(step(fresh(), routed(linear())).snapshot, { type: 'channel.answered', channelId: 'c1-1', sdp: 'answer' }).snapshot;
      assert.equal(callMachine.transition(answered, timer(HUNT_STEP_TIMEOUT), env()).type, 'ignored');
    });
  });

  it('MUST show the caller with the group’s caller-ID mode on the members’ phones', () => {
    assert.deepEqual([shownName('Alice', { mode: 'prepend', name: 'Sales' }), shownName('Alice', { mode: 'append', name: 'Sales' }), shownName('Alice', { mode: 'overwrite', name: 'Sales' })], ['Sales Alice', 'Alice Sales', 'Sales']);
    const result = step(fresh(), routed(plan({ callerIdName: { mode: 'prepend', name: 'Sales' } })));
    assert.equal((sent(result.effects, 'channel.dial')[0]?.['message'] as { caller: { name: string } }).caller.name, 'Sales Alice');
  });
});
