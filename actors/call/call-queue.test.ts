/**
 * A call in a queue: it asks to enter without answering, is answered with the queue's music once
 * in, rings the members the queue offers it to, is bridged to the first who answers, follows the
 * queue's destinations when refused or timed out, and reports abandons and ends once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { CAUSES, causeFromSip } from '../channel/hangup-cause.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import { callMachine } from './call-machine.ts';
import type { CallMessage } from './call-messages.ts';
import { newCall, type CallSnapshot } from './call-snapshot.ts';
import type { QueueRingMember, QueueRoute, QueueUpdate } from './queue-route.ts';
import { crashedCallCleanup } from './call-crash.ts';
import { callLogOf } from './call-records.ts';

let counter = 0;
const env = () => ({ now: 5_000, self: actorAddress('call', 'c1'), from: undefined, timers: NO_TIMERS, newChannelId: () => `c1-${++counter}` });
const phone = (username: string): DialTarget => ({ requestUri: `sip:${username}@192.0.2.1:5062`, destination: { transport: 'udp', address: '192.0.2.1', port: 5062 }, toUri: `sip:${username}@pbx` });
const member = (userId: number, phones = 1): QueueRingMember => ({
  memberId: `agent:${userId}`,
  user: { userId, userUuid: `u-${userId}`, name: `Agent ${userId}`, number: `20${userId}`, context: 'office' },
  contacts: Array.from({ length: phones }, (_, index) => phone(`a${userId}-${index}`)),
});
const fresh = (): CallSnapshot => (counter = 0, newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'office' }, '3000', { callerAnswerSdp: 'a', calleeOfferSdp: 'o' }, 1_000));
const route = (changes: Partial<QueueRoute> = {}): QueueRoute => ({
  queueId: 9, tenantUuid: 't-1', name: 'support', label: 'Support', musicOnHold: { mohClass: 'jazz', order: 'sequential' }, fallbacks: {}, diversions: {}, ...changes,
});
const toQueue = (changes: Partial<QueueRoute> = {}): CallMessage => ({ type: 'call.routed', outcome: { type: 'queue', queue: route(changes) } });
const update = (value: QueueUpdate, queueId = 9): CallMessage => ({ type: 'call.queue_update', queueId, update: value });
const hungUp = (channelId: string, status = 486): CallMessage => ({ type: 'channel.hung_up', channelId, cause: causeFromSip(status), byRemote: true });
const voicemail = { type: 'target', target: { type: 'voicemail', voicemailId: 3 } } as const;

type Effects = readonly { type: string; [key: string]: unknown }[];
function step(snapshot: CallSnapshot, message: CallMessage | KernelMessage) {
  const result = callMachine.transition(snapshot, message, env());
  assert.equal(result.type, 'handled', `${message.type} in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as { snapshot: CallSnapshot; effects: Effects };
}
const ofType = (effects: Effects, type: string) => effects.filter((effect) => effect.type === type);
const queueEffects = (effects: Effects) => effects.filter((effect) => effect.type.startsWith('queue.'));
const sent = (effects: Effects, type: string) => effects.filter((effect) => effect.type === 'send' && (effect['message'] as { type: string }).type === type);
const sentTo = (effects: Effects, channelId: string) => ofType(effects, 'send').filter((effect) => (effect['to'] as { id: string }).id === channelId).map((effect) => (effect['message'] as { type: string }).type);
const hangups = (effects: Effects) => sent(effects, 'channel.hangup').map((effect) => [(effect['to'] as { id: string }).id, (effect['message'] as { cause: { text: string } }).cause.text]);
const music = (effects: Effects) => ofType(effects, 'media.music').map((effect) => [effect['party'], effect['on'], (effect['music'] as { mohClass: string }).mohClass]);
const resolved = (effects: Effects) => ofType(effects, 'route.resolve').map((effect) => effect['target']);

const entering = (changes: Partial<QueueRoute> = {}) => step(fresh(), toQueue(changes));
const waiting = (changes: Partial<QueueRoute> = {}) => step(entering(changes).snapshot, update({ type: 'entered', position: 1 }));
const ringing = (changes: Partial<QueueRoute> = {}) => step(waiting(changes).snapshot, update({ type: 'ring', offerId: '9.1', members: [member(1), member(2, 2)] }));
const connected = () => step(ringing().snapshot, { type: 'channel.answered', channelId: 'c1-2', sdp: 'answer' });

describe("a call routed to a queue ('queued')", () => {
  describe('entering', () => {
    it('MUST ask the queue to take it with the caller as the members will see them, without answering the caller', () => {
      const entered = entering();
      assert.deepEqual(queueEffects(entered.effects), [{ type: 'queue.enter', queue: route(), caller: { name: 'Alice', number: '1001' } }]);
      assert.deepEqual([entered.snapshot.state, sentTo(entered.effects, 'c1-0')], ['queued', []]);
    });

    it('once entered, MUST answer the caller and play the queue’s music to them', () => {
      const entered = waiting();
      assert.deepEqual([sentTo(entered.effects, 'c1-0'), music(entered.effects)], [['channel.answer'], [['caller', true, 'jazz']]]);
      assert.equal(entered.snapshot.queue?.phase, 'waiting');
    });

    it('once entered, MUST report the caller’s channel Up in call_updated', () => {
      const event = ofType(waiting().effects, 'event.publish')[0] as { data: { status: string } } | undefined;
      assert.equal(event?.data.status, 'Up');
    });

    it('MUST NOT answer again a caller an IVR answered', () => {
      const entered = step(step({ ...fresh(), callerAnswered: true, answeredAtMs: 1_500 }, toQueue()).snapshot, update({ type: 'entered', position: 1 }));
      assert.deepEqual([sentTo(entered.effects, 'c1-0'), entered.snapshot.answeredAtMs], [[], 1_500]);
    });

    it('MUST ignore an update of another queue', () => {
      assert.equal(callMachine.transition(entering().snapshot, update({ type: 'entered', position: 1 }, 10), env()).type, 'ignored');
    });
  });

  describe('refused', () => {
    it('without a destination, a full queue MUST end the unanswered call with congestion (503)', () => {
      const refused = step(entering().snapshot, update({ type: 'not_entered', status: 'full' }));
      assert.deepEqual([refused.snapshot.state, refused.snapshot.cause?.sipStatus], ['terminating', 503]);
    });

    it('without a destination, an empty queue MUST end the call with no answer (480), and report no abandon', () => {
      const refused = step(entering().snapshot, update({ type: 'not_entered', status: 'joinempty' }));
      assert.deepEqual([refused.snapshot.cause?.sipStatus, queueEffects(refused.effects)], [480, []]);
    });

    it('a full queue MUST send the call to its congestion fallback, from establishing, as one forward', () => {
      const refused = step(entering({ fallbacks: { congestion: voicemail } }).snapshot, update({ type: 'not_entered', status: 'full' }));
      assert.deepEqual([refused.snapshot.state, resolved(refused.effects), refused.snapshot.forwards], ['establishing', [voicemail.target], 1]);
    });

    it('an empty or unavailable queue MUST send the call to its fail fallback', () => {
      const refused = step(entering({ fallbacks: { fail: voicemail } }).snapshot, update({ type: 'not_entered', status: 'unavailable' }));
      assert.deepEqual(resolved(refused.effects), [voicemail.target]);
    });

    it('a call diverted by the wait time MUST go to the wait-time destination, and by the ratio to the wait-ratio one', () => {
      const waitTime = { type: 'dial', dialed: '1234', context: 'office' } as const;
      const diversions = { waitTime, waitRatio: voicemail };
      const byTime = step(entering({ diversions }).snapshot, update({ type: 'not_entered', status: 'divert_waittime' }));
      const byRatio = step(entering({ diversions }).snapshot, update({ type: 'not_entered', status: 'divert_ca_ratio' }));
      assert.deepEqual([ofType(byTime.effects, 'route.resolve')[0]?.['dialed'], resolved(byRatio.effects)], ['1234', [voicemail.target]]);
    });

    it('MUST end the call instead of following a destination once the forwards are used up', () => {
      const refused = step({ ...entering({ fallbacks: { fail: voicemail } }).snapshot, forwards: 10 }, update({ type: 'not_entered', status: 'joinempty' }));
      assert.equal(refused.snapshot.state, 'terminating');
    });
  });

  describe('ringing members', () => {
    it('MUST ring every phone of the offered members, each leg naming its member and offer, the caller keeping the music', () => {
      const rung = ringing();
      assert.deepEqual(rung.snapshot.legs.map((leg) => [leg.channelId, leg.queueMember?.memberId, leg.user?.userUuid]), [['c1-1', 'agent:1', 'u-1'], ['c1-2', 'agent:2', 'u-2'], ['c1-3', 'agent:2', 'u-2']]);
      assert.deepEqual([sent(rung.effects, 'channel.dial').length, music(rung.effects), sentTo(rung.effects, 'c1-0')], [3, [], []]);
    });

    it('MUST show the caller’s name with the queue’s caller-ID mode', () => {
      const rung = ringing({ callerIdName: { mode: 'prepend', name: 'Support' } });
      assert.deepEqual((sent(rung.effects, 'channel.dial')[0]?.['message'] as { caller: unknown }).caller, { name: 'Support Alice', number: '1001' });
    });

    it('MUST report at once a member without a phone as failed', () => {
      const rung = step(waiting().snapshot, update({ type: 'ring', offerId: '9.1', members: [member(1, 0)] }));
      assert.deepEqual(queueEffects(rung.effects), [{ type: 'queue.member_failed', queueId: 9, offerId: '9.1', memberId: 'agent:1' }]);
    });

    it('MUST NOT send the caller ringing when a member’s phone rings', () => {
      const rang = step(ringing().snapshot, { type: 'channel.ringing', channelId: 'c1-1', status: 180 });
      assert.deepEqual([sentTo(rang.effects, 'c1-0'), rang.snapshot.legs[0]?.status], [[], 'ringing']);
    });

    it('MUST report a member failed once, when the last of its phones fails by itself', () => {
      const first = step(ringing().snapshot, hungUp('c1-2'));
      const last = step(first.snapshot, hungUp('c1-3', 603));
      assert.deepEqual([queueEffects(first.effects), queueEffects(last.effects)], [[], [{ type: 'queue.member_failed', queueId: 9, offerId: '9.1', memberId: 'agent:2' }]]);
    });

    it('on stop_ringing, MUST hang up the withdrawn members’ phones as not answered, and report nothing when they end', () => {
      const stopped = step(ringing().snapshot, update({ type: 'stop_ringing', offerId: '9.1', memberIds: ['agent:2'] }));
      assert.deepEqual(hangups(stopped.effects), [['c1-2', 'no answer'], ['c1-3', 'no answer']]);
      assert.deepEqual(queueEffects(step(stopped.snapshot, hungUp('c1-2', 487)).effects), []);
    });
  });

  describe('a member answers', () => {
    it('MUST stop the music, bridge the member, CANCEL the other phones as answered elsewhere and tell the queue', () => {
      const answered = connected();
      assert.deepEqual([music(answered.effects), hangups(answered.effects)], [[['caller', false, 'jazz']], [['c1-1', 'answered elsewhere'], ['c1-3', 'answered elsewhere']]]);
      assert.deepEqual(queueEffects(answered.effects), [{ type: 'queue.member_answered', queueId: 9, offerId: '9.1', memberId: 'agent:2' }]);
    });

    it('MUST become established with the member as the callee, holding with the queue’s music', () => {
      const { snapshot } = connected();
      assert.deepEqual([snapshot.state, snapshot.callee?.userUuid, snapshot.callee?.musicOnHold?.mohClass, snapshot.queue?.phase, snapshot.queue?.memberId], ['established', 'u-2', 'jazz', 'connected', 'agent:2']);
    });

    it('MUST name the member as the destination of the call log', () => {
      assert.equal(callLogOf(connected().snapshot, 9_000, CAUSES.normal).destination?.userUuid, 'u-2');
    });

    it('MUST hang up, unreported, a phone of an older offer that answers late', () => {
      const first = step(waiting().snapshot, update({ type: 'ring', offerId: '9.1', members: [member(1)] })).snapshot;
      const second = step(first, update({ type: 'ring', offerId: '9.2', members: [member(2)] })).snapshot;
      const late = step(second, { type: 'channel.answered', channelId: 'c1-1', sdp: 'answer' });
      assert.deepEqual([late.snapshot.state, hangups(late.effects), queueEffects(late.effects)], ['queued', [['c1-1', 'no answer']], []]);
    });
  });

  describe('leaving unanswered', () => {
    it('on exit timeout, MUST stop the music and the phones and follow the no-answer fallback', () => {
      const left = step(ringing({ fallbacks: { noanswer: voicemail } }).snapshot, update({ type: 'exit', status: 'timeout' }));
      assert.deepEqual([music(left.effects), hangups(left.effects).length, resolved(left.effects)], [[['caller', false, 'jazz']], 3, [voicemail.target]]);
      assert.deepEqual([left.snapshot.state, left.snapshot.queue, queueEffects(left.effects)], ['establishing', undefined, []]);
    });

    it('on exit leaveempty without a fallback, MUST end the answered call with normal clearing', () => {
      const left = step(waiting({ fallbacks: { noanswer: voicemail } }).snapshot, update({ type: 'exit', status: 'leaveempty' }));
      assert.deepEqual([left.snapshot.state, left.snapshot.cause?.text, queueEffects(left.effects)], ['terminating', 'normal clearing', []]);
    });
  });

  describe('abandon and end', () => {
    it('MUST report the caller’s hang-up while waiting as an abandon, once', () => {
      const gone = step(ringing().snapshot, { type: 'channel.hung_up', channelId: 'c1-0', cause: CAUSES.normal, byRemote: true });
      const legGone = step(gone.snapshot, hungUp('c1-1', 487));
      assert.deepEqual([queueEffects(gone.effects), hangups(gone.effects).length], [[{ type: 'queue.abandon', queueId: 9 }], 3]);
      assert.deepEqual(queueEffects(legGone.effects), []);
    });

    it('MUST report an abandon when calld hangs up a call still entering, and when a waiting call crashes', () => {
      const hungUpByCalld = step(entering().snapshot, { type: 'call.hangup', cause: CAUSES.normal } as CallMessage);
      const crashed = crashedCallCleanup(waiting().snapshot, 9_000) as Effects;
      assert.deepEqual([queueEffects(hungUpByCalld.effects), queueEffects(crashed)], [[{ type: 'queue.abandon', queueId: 9 }], [{ type: 'queue.abandon', queueId: 9 }]]);
    });

    it('MUST report a connected call ended by the caller when the caller hangs up first', () => {
      const ended = step(connected().snapshot, { type: 'channel.hung_up', channelId: 'c1-0', cause: CAUSES.normal, byRemote: true });
      assert.deepEqual(queueEffects(ended.effects), [{ type: 'queue.call_ended', queueId: 9, memberId: 'agent:2', by: 'caller' }]);
    });

    it('MUST report the member’s call ended by the agent once the member has transferred the caller away, and nothing more when the call ends', () => {
      const transferring = step(connected().snapshot, { type: 'call.transfer', id: 't1', flow: 'blind', initiatorChannelId: 'c1-2', exten: '1003', context: 'office', initiatorUuid: 'u-2', initiatorTenantUuid: 't-1' });
      const carol = { userId: 3, userUuid: 'u-carol', name: 'Carol', number: '1003', context: 'office' };
      const routed = step(transferring.snapshot, { type: 'call.routed', outcome: { type: 'dial', user: carol, ringSeconds: 20, contacts: [phone('carol')], busy: false } });
      const ringing = step(routed.snapshot, { type: 'call.consult_opened', id: 't1', sdp: 'consult' });
      const recipient = ringing.snapshot.legs.at(-1)?.channelId ?? '';
      const transferred = step(ringing.snapshot, { type: 'channel.answered', channelId: recipient, sdp: 'carol' });
      const ended = step(transferred.snapshot, { type: 'channel.hung_up', channelId: 'c1-0', cause: CAUSES.normal, byRemote: true });
      assert.deepEqual([queueEffects(transferred.effects), queueEffects(ended.effects)], [[{ type: 'queue.call_ended', queueId: 9, memberId: 'agent:2', by: 'agent' }], []]);
    });

    it('MUST report a connected call ended by the agent when the member hangs up, and nothing more as the caller’s leg ends', () => {
      const ended = step(connected().snapshot, { type: 'channel.hung_up', channelId: 'c1-2', cause: CAUSES.normal, byRemote: true });
      const callerGone = step(ended.snapshot, { type: 'channel.hung_up', channelId: 'c1-0', cause: CAUSES.normal, byRemote: false });
      assert.deepEqual([queueEffects(ended.effects), queueEffects(callerGone.effects)], [[{ type: 'queue.call_ended', queueId: 9, memberId: 'agent:2', by: 'agent' }], []]);
    });
  });
});
