import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import { callMachine, RING_TIMEOUT, TERMINATE_GRACE } from './call-machine.ts';
import type { CallMessage, RouteOutcome } from './call-messages.ts';
import { newCall, newOriginatedCall, type CallSnapshot } from './call-snapshot.ts';

const self = actorAddress('call', 'c1');
// Outbound channels are named c1-1, c1-2 … in the order the machine asks; fresh() starts again.
let channelCounter = 0;
const env = (now: number) => ({ now, self, from: undefined, timers: NO_TIMERS, newChannelId: () => `c1-${++channelCounter}` });
const contact = (port: number): DialTarget => ({ requestUri: `sip:1002@10.0.0.2:${port}`, destination: { transport: 'udp', address: '10.0.0.2', port }, toUri: 'sip:1002@pbx' });
const callee = { userId: 2, userUuid: 'u-1002', name: 'Bob', number: '1002', context: 'office' };
const dial = (contacts: DialTarget[], extra: Partial<Extract<RouteOutcome, { type: 'dial' }>> = {}): CallMessage => ({
  type: 'call.routed', outcome: { type: 'dial', user: callee, ringSeconds: 30, contacts, busy: false, ...extra },
});
const fresh = () => (channelCounter = 0, newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'default', userUuid: 'u-1001' }, '1002', { callerAnswerSdp: 'to-caller', calleeOfferSdp: 'to-callee' }, 1_000));

interface Step { snapshot: CallSnapshot; effects: readonly { type: string; [key: string]: unknown }[] }
function step(snapshot: CallSnapshot, message: CallMessage | KernelMessage, now = 2_000): Step {
  const result = callMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `${message.type} in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as Step;
}
function run(snapshot: CallSnapshot, ...messages: (CallMessage | KernelMessage)[]): CallSnapshot {
  return messages.reduce((current, message) => step(current, message).snapshot, snapshot);
}
const sentTo = (effects: Step['effects'], channelId: string) =>
  effects.filter((effect) => effect.type === 'send' && (effect['to'] as { id: string }).id === channelId).map((effect) => (effect['message'] as { type: string }).type);
const hungUp = (channelId: string, cause = CAUSES.normal, byRemote = true): CallMessage => ({ type: 'channel.hung_up', channelId, cause, byRemote });

describe("call in 'initial'", () => {
  it('on call.start, MUST publish call_created and ask for a route', () => {
    assert.deepEqual(step(fresh(), { type: 'call.start' }).effects.map((effect) => effect.type), ['event.publish', 'route.resolve']);
  });

  it('routed to a user with two contacts, MUST ring both in parallel and arm the ring timer for ring_seconds', () => {
    const result = step(fresh(), dial([contact(5060), contact(5062)], { ringSeconds: 25 }));
    assert.equal(result.snapshot.state, 'establishing');
    assert.deepEqual(result.effects.filter((effect) => effect.type === 'channel.spawn').length, 2);
    assert.deepEqual(result.effects.find((effect) => effect.type === 'timer.start'), { type: 'timer.start', name: RING_TIMEOUT, delayMs: 25_000 });
  });

  it('refused by routing (unknown extension), MUST refuse the caller with 404 and end with one call log', () => {
    const refused = step(fresh(), { type: 'call.routed', outcome: { type: 'refuse', cause: CAUSES.notFound } });
    assert.deepEqual(sentTo(refused.effects, 'c1-0'), ['channel.hangup']);
    const ended = step(refused.snapshot, hungUp('c1-0', CAUSES.notFound, false), 2_100);
    assert.deepEqual([ended.snapshot.state, ended.effects.filter((effect) => effect.type === 'call_log.write').length], ['terminated', 1]);
  });

  it('routed to a busy user without busy forward, MUST hang up the caller with 486 (user busy)', () => {
    const result = step(fresh(), dial([contact(5060)], { busy: true }));
    const hangup = result.effects.find((effect) => effect.type === 'send');
    assert.equal((hangup?.['message'] as { cause: { sipStatus: number } }).cause.sipStatus, 486);
  });

  it("routed to a busy user with a busy forward, MUST route the forward destination in the forwarding user's context", () => {
    const result = step(fresh(), dial([contact(5060)], { busy: true, busyForward: '1003' }));
    assert.deepEqual(result.effects, [{ type: 'route.resolve', dialed: '1003', context: 'office', reason: 'busy' }]);
  });

  it('routed to a user with no registered phone, MUST answer 480 (or its no-answer forward)', () => {
    const result = step(fresh(), dial([]));
    const hangup = result.effects.find((effect) => effect.type === 'send');
    assert.equal((hangup?.['message'] as { cause: { sipStatus: number } }).cause.sipStatus, 480);
  });
});

describe("call in 'establishing'", () => {
  const ringing = () => run(fresh(), dial([contact(5060), contact(5062)]));

  it('on the first channel.ringing, MUST send 180 to the caller once', () => {
    const first = step(ringing(), { type: 'channel.ringing', channelId: 'c1-1', status: 180 });
    const second = step(first.snapshot, { type: 'channel.ringing', channelId: 'c1-2', status: 180 });
    assert.deepEqual([sentTo(first.effects, 'c1-0'), sentTo(second.effects, 'c1-0')], [['channel.progress'], []]);
  });

  it('on channel.answered, MUST answer the caller, CANCEL the other leg, bridge media and cancel the ring timer', () => {
    const result = step(ringing(), { type: 'channel.answered', channelId: 'c1-2', sdp: 'bob' }, 5_000);
    assert.equal(result.snapshot.state, 'established');
    assert.deepEqual([sentTo(result.effects, 'c1-0'), sentTo(result.effects, 'c1-1')], [['channel.answer'], ['channel.hangup']]);
    assert.ok(result.effects.some((effect) => effect.type === 'media.connect_callee' && effect['channelId'] === 'c1-2'));
    assert.ok(result.effects.some((effect) => effect.type === 'timer.cancel' && effect['name'] === RING_TIMEOUT));
  });

  it('when ring_seconds pass, MUST hang up every leg and give the caller 480 (no answer)', () => {
    const result = step(ringing(), { type: 'sys.timer.fired', name: RING_TIMEOUT }, 31_000);
    assert.deepEqual([sentTo(result.effects, 'c1-1'), sentTo(result.effects, 'c1-2')], [['channel.hangup'], ['channel.hangup']]);
    const toCaller = result.effects.find((effect) => effect.type === 'send' && (effect['to'] as { id: string }).id === 'c1-0');
    assert.equal((toCaller?.['message'] as { cause: { sipStatus: number } }).cause.sipStatus, 480);
  });

  it('a leg given up at the ring timeout MUST stay given up when its late 180 or 200 arrives', () => {
    const timedOut = run(fresh(), dial([contact(5060)], { noAnswerForward: '1003' }), { type: 'sys.timer.fired', name: RING_TIMEOUT });
    for (const late of [{ type: 'channel.ringing', channelId: 'c1-1', status: 180 }, { type: 'channel.answered', channelId: 'c1-1', sdp: 'bob' }] as const) {
      const result = callMachine.transition(timedOut, late, env(32_000));
      assert.equal(result.type, 'ignored', late.type);
    }
  });

  it('when ring_seconds pass and a no-answer forward is set, MUST route it', () => {
    const withForward = run(fresh(), dial([contact(5060)], { noAnswerForward: '1003' }));
    const result = step(withForward, { type: 'sys.timer.fired', name: RING_TIMEOUT }, 31_000);
    assert.ok(result.effects.some((effect) => effect.type === 'route.resolve' && effect['dialed'] === '1003' && effect['reason'] === 'noanswer' && effect['context'] === 'office'));
  });

  it('when every leg answers busy, MUST give the caller 486', () => {
    const busy = { ...CAUSES.busy, sipStatus: 486 };
    const result = step(run(ringing(), hungUp('c1-1', busy)), hungUp('c1-2', busy));
    const toCaller = result.effects.find((effect) => effect.type === 'send');
    assert.equal((toCaller?.['message'] as { cause: { q850: number } }).cause.q850, 17);
  });

  it('when the caller cancels, MUST CANCEL every leg and end once they are gone', () => {
    const cancelled = step(ringing(), hungUp('c1-0'));
    assert.deepEqual([sentTo(cancelled.effects, 'c1-1'), sentTo(cancelled.effects, 'c1-2')], [['channel.hangup'], ['channel.hangup']]);
    const ended = step(run(cancelled.snapshot, hungUp('c1-1')), hungUp('c1-2'), 3_000);
    assert.deepEqual([ended.snapshot.state, ended.snapshot.endedAtMs], ['terminated', 3_000]);
  });
});

describe("call in 'established'", () => {
  const talking = () => run(fresh(), dial([contact(5060)]), { type: 'channel.answered', channelId: 'c1-1', sdp: 'bob' });

  it('when the callee hangs up, MUST hang up the caller and write one answered call log', () => {
    const byCallee = step(talking(), hungUp('c1-1'), 62_000);
    assert.deepEqual(sentTo(byCallee.effects, 'c1-0'), ['channel.hangup']);
    const ended = step(byCallee.snapshot, hungUp('c1-0', CAUSES.normal, false), 62_050);
    const log = ended.effects.find((effect) => effect.type === 'call_log.write')?.['log'] as { answered: boolean; durationSeconds: number };
    assert.deepEqual([log.answered, log.durationSeconds], [true, 60]);
  });

  it('when the caller holds, MUST play music on hold to the callee and publish call_held', () => {
    const result = step(talking(), { type: 'channel.held', channelId: 'c1-0', sdp: 'a=sendonly' });
    assert.ok(result.effects.some((effect) => effect.type === 'media.hold' && effect['party'] === 'callee' && effect['on'] === true));
    assert.ok(result.effects.some((effect) => effect.type === 'event.publish' && effect['name'] === 'call_held'));
  });

  it("the held party MUST hear the holder's music-on-hold class, or the default class when the holder has none", () => {
    const jazz = { mohClass: 'jazz', order: 'random' as const };
    const withClass = run(fresh(), dial([contact(5060)], { user: { ...callee, musicOnHold: jazz } }), { type: 'channel.answered', channelId: 'c1-1', sdp: 'bob' });
    const musicOf = (result: Step) => result.effects.find((effect) => effect.type === 'media.hold')?.['music'];
    assert.deepEqual(musicOf(step(withClass, { type: 'channel.held', channelId: 'c1-1', sdp: 'a=sendonly' })), jazz);
    assert.deepEqual(musicOf(step(withClass, { type: 'channel.held', channelId: 'c1-0', sdp: 'a=sendonly' })), { mohClass: 'default', order: 'sequential' });
  });

  it('when a party holds, MUST answer it on its own leg and re-INVITE the other party\'s channel', () => {
    const byCaller = step(talking(), { type: 'channel.held', channelId: 'c1-0', sdp: 'a=sendonly' });
    assert.deepEqual(byCaller.effects.filter((effect) => effect.type.startsWith('media.')).map((effect) => [effect.type, effect['channelId']]), [['media.reinvite', 'c1-0'], ['media.hold', 'c1-1']]);
    const byCallee = step(talking(), { type: 'channel.held', channelId: 'c1-1', sdp: 'a=sendonly' });
    assert.ok(byCallee.effects.some((effect) => effect.type === 'media.hold' && effect['party'] === 'caller' && effect['channelId'] === 'c1-0'));
  });

  it('a hold ordered through the API (call.hold) MUST play music to the peer without re-INVITE answer to the holder, and resume the same way', () => {
    const held = step(talking(), { type: 'call.hold', channelId: 'c1-1', on: true });
    assert.deepEqual(held.effects.filter((effect) => effect.type.startsWith('media.')).map((effect) => [effect.type, effect['channelId'], effect['on']]), [['media.hold', 'c1-0', true]]);
    assert.deepEqual(held.snapshot.held, ['caller']);
    assert.ok(held.effects.some((effect) => effect.type === 'event.publish' && effect['name'] === 'call_held'));
    const resumed = step(held.snapshot, { type: 'call.hold', channelId: 'c1-1', on: false });
    assert.deepEqual(resumed.snapshot.held, []);
    assert.ok(resumed.effects.some((effect) => effect.type === 'event.publish' && effect['name'] === 'call_resumed'));
  });

  it('a hold ordered through the API MUST be ignored before the call is answered or from a channel not in the conversation', () => {
    const ringing = run(fresh(), dial([contact(5060), contact(5061)]));
    assert.equal(callMachine.transition(ringing, { type: 'call.hold', channelId: 'c1-0', on: true }, env(2_000)).type, 'ignored');
    const answered = run(ringing, { type: 'channel.answered', channelId: 'c1-1', sdp: 'bob' });
    assert.equal(callMachine.transition(answered, { type: 'call.hold', channelId: 'c1-2', on: true }, env(2_000)).type, 'ignored');
  });

  it("a mute ordered through the API (call.mute) MUST stop that party's audio in the media and publish call_updated with muted", () => {
    const muted = step(talking(), { type: 'call.mute', channelId: 'c1-1', on: true });
    assert.deepEqual(muted.effects.filter((effect) => effect.type === 'media.mute').map((effect) => [effect['party'], effect['on']]), [['callee', true]]);
    const updated = muted.effects.find((effect) => effect.type === 'event.publish' && effect['name'] === 'call_updated')?.['data'] as { call_id: string; muted: boolean };
    assert.deepEqual([updated.call_id, updated.muted], ['c1-1', true]);
    const unmuted = step(muted.snapshot, { type: 'call.mute', channelId: 'c1-1', on: false });
    assert.deepEqual(unmuted.snapshot.muted, []);
    assert.ok(unmuted.effects.some((effect) => effect.type === 'media.mute' && effect['on'] === false));
    const ringing = run(fresh(), dial([contact(5060)]));
    assert.equal(callMachine.transition(ringing, { type: 'call.mute', channelId: 'c1-0', on: true }, env(2_000)).type, 'ignored');
  });

  it('an originated call MUST ring the source first, dial the destination only once the source answered, and never answer the source again', () => {
    const originated = () => (channelCounter = 0, newOriginatedCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'default', userUuid: 'u-1001' }, contact(5070), '1002', { callerAnswerSdp: 'offer-to-source', calleeOfferSdp: 'to-callee' }, 1_000));
    const started = step(originated(), { type: 'call.start' });
    assert.deepEqual(started.effects.map((effect) => effect.type), ['event.publish', 'channel.spawn', 'send', 'timer.start']);
    assert.ok(!started.effects.some((effect) => effect.type === 'route.resolve'), 'the destination waits for the source');
    const answered = step(started.snapshot, { type: 'channel.answered', channelId: 'c1-0', sdp: 'source-answer' });
    assert.deepEqual(answered.effects.filter((effect) => effect.type === 'media.reoffer_answered' || effect.type === 'route.resolve').map((effect) => effect.type), ['media.reoffer_answered', 'route.resolve']);
    const talking = run(answered.snapshot, dial([contact(5060)]), { type: 'channel.answered', channelId: 'c1-1', sdp: 'bob' });
    assert.equal(talking.state, 'established');
    const ringTimeout = step(started.snapshot, { type: 'sys.timer.fired', name: RING_TIMEOUT } as KernelMessage);
    assert.deepEqual(sentTo(ringTimeout.effects, 'c1-0'), ['channel.hangup'], 'an unanswered source is given up');
  });

  it('when the held party answers the hold re-INVITE, MUST hand the answer to the media of its leg', () => {
    const held = run(talking(), { type: 'channel.held', channelId: 'c1-0', sdp: 'a=sendonly' });
    const result = step(held, { type: 'channel.reoffer_answered', channelId: 'c1-1', sdp: 'a=recvonly' });
    assert.deepEqual(result.effects.map((effect) => [effect.type, effect['party']]), [['media.reoffer_answered', 'callee']]);
  });

  it('MUST relay INFO to the other party', () => {
    const result = step(talking(), { type: 'channel.info', channelId: 'c1-0', contentType: 'application/dtmf-relay', body: 'Signal=5' });
    assert.deepEqual(sentTo(result.effects, 'c1-1'), ['channel.send_info']);
  });
});

describe("call in 'terminating'", () => {
  it('when a leg never reports, MUST end after the grace timer with one call log', () => {
    const terminating = step(run(fresh(), dial([contact(5060)])), { type: 'call.hangup', cause: CAUSES.normal }).snapshot;
    const ended = step(run(terminating, hungUp('c1-0')), { type: 'sys.timer.fired', name: TERMINATE_GRACE }, 40_000);
    assert.deepEqual([ended.snapshot.state, ended.effects.filter((effect) => effect.type === 'call_log.write').length], ['terminated', 1]);
  });
});
