/**
 * The password challenge inside a call (seed CF-10): the caller is answered and asked for the
 * password, the digits go back to routing, and a right one reaches the callee without answering
 * the caller again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import { callMachine } from './call-machine.ts';
import type { CallMessage, RouteOutcome } from './call-messages.ts';
import { newCall, type CallSnapshot } from './call-snapshot.ts';
import { CHALLENGE_SOUNDS } from './password-challenge.ts';

const self = actorAddress('call', 'c1');
let channelCounter = 0;
const env = (now: number) => ({ now, self, from: undefined, timers: NO_TIMERS, newChannelId: () => `c1-${++channelCounter}` });
const fresh = () => (channelCounter = 0, newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'default', userUuid: 'u-1001' }, '1002', { callerAnswerSdp: 'to-caller', calleeOfferSdp: 'to-callee' }, 1_000));
const contact: DialTarget = { requestUri: 'sip:1002@10.0.0.2:5062', destination: { transport: 'udp', address: '10.0.0.2', port: 5062 }, toUri: 'sip:1002@pbx' };
const dial: RouteOutcome = { type: 'dial', user: { userId: 2, userUuid: 'u-1002', name: 'Bob', number: '1002', context: 'default' }, ringSeconds: 30, contacts: [contact], busy: false };
const challenge: RouteOutcome = { type: 'challenge', tenantUuid: 'tenant-1', request: { dialed: '1002', context: 'default' } };

type Effect = { type: string; [key: string]: unknown };
interface Step { snapshot: CallSnapshot; effects: readonly Effect[] }
function step(snapshot: CallSnapshot, message: CallMessage | KernelMessage, now = 2_000): Step {
  const result = callMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `${message.type} in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as Step;
}
function keys(snapshot: CallSnapshot, digits: string): Step {
  let current: Step = { snapshot, effects: [] };
  for (const digit of digits) current = step(current.snapshot, { type: 'call.dtmf', party: 'caller', digit });
  return current;
}
const sentTo = (effects: readonly Effect[], channelId: string) =>
  effects.filter((effect) => effect.type === 'send' && (effect['to'] as { id: string }).id === channelId).map((effect) => (effect['message'] as { type: string }).type);
const playOf = (effects: readonly Effect[]) => effects.find((effect) => effect.type === 'media.play') as { playId: number; sound: string } | undefined;
const resolveOf = (effects: readonly Effect[]) => effects.find((effect) => effect.type === 'route.resolve');
const routed = (outcome: RouteOutcome): CallMessage => ({ type: 'call.routed', outcome });
const challenged = () => step(fresh(), routed(challenge));
/** Keys a wrong entry and gets it refused: the next prompt plays. */
const wrongAttempt = (snapshot: CallSnapshot) => step(keys(snapshot, '9#').snapshot, routed(challenge));

describe("a call whose route asks for a password (state 'challenge')", () => {
  it("MUST answer the caller, enter 'challenge' and play 'agent-pass' from the permission's tenant", () => {
    const result = challenged();
    assert.deepEqual([result.snapshot.state, sentTo(result.effects, 'c1-0')], ['challenge', ['channel.answer']]);
    assert.deepEqual(result.effects.find((effect) => effect.type === 'media.play'), { type: 'media.play', playId: 1, sound: CHALLENGE_SOUNDS.ask, tenantUuid: 'tenant-1', language: 'en_US' });
  });

  it('MUST route the guarded request again with the digits entered, ended by #, and keep no digit in the snapshot', () => {
    const entered = keys(challenged().snapshot, '1234#');
    assert.deepEqual(resolveOf(entered.effects), { type: 'route.resolve', dialed: '1002', context: 'default', reason: 'password', password: '1234' });
    assert.doesNotMatch(JSON.stringify(entered.snapshot), /1234/);
  });

  it('MUST ring the callee without answering the caller again on the right password at the first try', () => {
    const reached = step(keys(challenged().snapshot, '1234#').snapshot, routed(dial));
    assert.deepEqual([reached.snapshot.state, sentTo(reached.effects, 'c1-0')], ['establishing', []]);
    assert.ok(reached.effects.some((effect) => effect.type === 'channel.spawn'));
  });

  it("MUST play 'auth-incorrect' after a wrong password and reach the callee with the right one next", () => {
    const again = wrongAttempt(challenged().snapshot);
    assert.equal(playOf(again.effects)?.sound, CHALLENGE_SOUNDS.incorrect);
    const reached = step(keys(again.snapshot, '1234#').snapshot, routed(dial));
    assert.equal(reached.snapshot.state, 'establishing');
  });

  it("MUST play 'vm-goodbye' after three wrong passwords and hang up once it played", () => {
    const third = wrongAttempt(wrongAttempt(wrongAttempt(challenged().snapshot).snapshot).snapshot);
    const goodbye = playOf(third.effects);
    assert.equal(goodbye?.sound, CHALLENGE_SOUNDS.goodbye);
    const ended = step(third.snapshot, { type: 'call.play_finished', playId: goodbye?.playId ?? -1 });
    assert.deepEqual([ended.snapshot.state, sentTo(ended.effects, 'c1-0')], ['terminating', ['channel.hangup']]);
  });

  it('MUST send the digits entered so far when the inter-digit timer fires (challenge.<id> kernel timer)', () => {
    const entered = keys(challenged().snapshot, '12');
    const timer = entered.effects.find((effect) => effect.type === 'timer.start')?.['name'] as string;
    assert.match(timer, /^challenge\.\d+$/);
    assert.equal(resolveOf(step(entered.snapshot, { type: 'sys.timer.fired', name: timer }).effects)?.['password'], '12');
  });

  it('MUST count # alone as an attempt: an empty entry is routed to be verified', () => {
    assert.equal(resolveOf(keys(challenged().snapshot, '#').effects)?.['password'], '');
  });

  it('MUST end the call and cancel the pending timer when the caller hangs up during the challenge', () => {
    const entered = keys(challenged().snapshot, '12');
    const timer = entered.effects.find((effect) => effect.type === 'timer.start')?.['name'];
    const ended = step(entered.snapshot, { type: 'channel.hung_up', channelId: 'c1-0', cause: CAUSES.normal, byRemote: true });
    assert.deepEqual([ended.snapshot.state, ended.effects.some((effect) => effect.type === 'timer.cancel' && effect['name'] === timer)], ['terminated', true]);
  });

  it('MUST ignore DTMF from the callee and a routed answer it does not wait for', () => {
    const result = challenged();
    assert.equal(callMachine.transition(result.snapshot, { type: 'call.dtmf', party: 'callee', digit: '1' }, env(2_000)).type, 'ignored');
    assert.equal(callMachine.transition(result.snapshot, routed(dial), env(2_000)).type, 'ignored');
  });

  it('MUST end the call with the refusal when the route refuses after the right password (the callee became busy)', () => {
    const refused = step(keys(challenged().snapshot, '1234#').snapshot, routed({ type: 'refuse', cause: CAUSES.busy }));
    assert.deepEqual([refused.snapshot.state, refused.snapshot.cause], ['terminating', CAUSES.busy]);
  });

  it("MUST challenge a forward too: a no-answer forward to a protected number leaves 'establishing' for 'challenge' and answers the caller", () => {
    const ringing = step(fresh(), routed({ ...dial, noAnswerForward: '0899' }));
    const forwarded = step(ringing.snapshot, { type: 'sys.timer.fired', name: 'ringTimeout' });
    const asked = step(forwarded.snapshot, routed({ ...challenge, request: { dialed: '0899', context: 'default' } }));
    assert.deepEqual([asked.snapshot.state, sentTo(asked.effects, 'c1-0')], ['challenge', ['channel.answer']]);
  });
});

describe("a call whose route asks for a conference room's PIN (challenge of kind 'conference')", () => {
  const target = { type: 'conference', conferenceId: 3 } as const;
  const pinChallenge: RouteOutcome = { type: 'challenge', kind: 'conference', tenantUuid: 'tenant-1', request: { dialed: '4000', context: 'default', target } };

  it("MUST answer the caller and play 'conf-getpin' from the room's tenant", () => {
    const result = step(fresh(), routed(pinChallenge));
    assert.deepEqual([result.snapshot.state, sentTo(result.effects, 'c1-0'), playOf(result.effects)?.sound], ['challenge', ['channel.answer'], 'conf-getpin']);
  });

  it('MUST route the same room again with the PIN entered, and keep no digit in the snapshot', () => {
    const entered = keys(step(fresh(), routed(pinChallenge)).snapshot, '2468#');
    assert.deepEqual(resolveOf(entered.effects), { type: 'route.resolve', dialed: '4000', context: 'default', reason: 'password', password: '2468', target });
    assert.doesNotMatch(JSON.stringify(entered.snapshot), /2468/);
  });

  it("MUST play 'conf-invalidpin' when routing answers a wrong PIN with the challenge again", () => {
    const again = step(keys(step(fresh(), routed(pinChallenge)).snapshot, '1#').snapshot, routed(pinChallenge));
    assert.equal(playOf(again.effects)?.sound, 'conf-invalidpin');
  });
});
