/**
 * A called user's fallbacks (confd's `/users/{id}/fallbacks`) as the call machine follows them:
 * the case of each failure, the forward that wins over the fallback, the fallbacks used up once
 * followed, and the mailbox reached after the phones rang.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import { callMachine, RING_TIMEOUT } from './call-machine.ts';
import { fallbackCaseOf } from './call-fallback.ts';
import type { CallMessage, RouteOutcome } from './call-messages.ts';
import { newCall, type CallSnapshot } from './call-snapshot.ts';
import type { CalleeFallbacks } from './hunt-plan.ts';

const self = actorAddress('call', 'c1');
let channelCounter = 0;
const env = (now: number) => ({ now, self, from: undefined, timers: NO_TIMERS, newChannelId: () => `c1-${++channelCounter}` });
const contact: DialTarget = { requestUri: 'sip:1002@10.0.0.2:5060', destination: { transport: 'udp', address: '10.0.0.2', port: 5060 }, toUri: 'sip:1002@pbx' };
const bob = { userId: 2, userUuid: 'u-1002', name: 'Bob', number: '1002', context: 'office' };
const carol = { userId: 3, userUuid: 'u-1003', name: 'Carol', number: '1003', context: 'office' };
const toMailbox = { type: 'target', target: { type: 'voicemail', voicemailId: 7 } } as const;
const mailboxFallbacks: CalleeFallbacks = { noanswer: toMailbox, busy: toMailbox, fail: toMailbox, congestion: toMailbox };
const dial = (contacts: DialTarget[], extra: Partial<Extract<RouteOutcome, { type: 'dial' }>> = {}): CallMessage => ({
  type: 'call.routed', outcome: { type: 'dial', user: bob, ringSeconds: 30, contacts, busy: false, ...extra },
});
const fresh = () => (channelCounter = 0, newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'default', userUuid: 'u-1001' }, '1002', { callerAnswerSdp: 'to-caller', calleeOfferSdp: 'to-callee' }, 1_000));
const ringTimeout: KernelMessage = { type: 'sys.timer.fired', name: RING_TIMEOUT };

interface Step { snapshot: CallSnapshot; effects: readonly { type: string; [key: string]: unknown }[] }
function step(snapshot: CallSnapshot, message: CallMessage | KernelMessage, now = 2_000): Step {
  const result = callMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `${message.type} in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as Step;
}
const routes = (result: Step) => result.effects.filter((effect) => effect.type === 'route.resolve');
const callerCause = (result: Step) => {
  const hangup = result.effects.find((effect) => effect.type === 'send' && (effect['to'] as { id: string }).id === 'c1-0');
  return (hangup?.['message'] as { cause?: { sipStatus: number } } | undefined)?.cause?.sipStatus;
};

describe('a called user with fallbacks', () => {
  it('when ring_seconds pass, MUST route the no-answer fallback (the mailbox) with reason noanswer', () => {
    const result = step(step(fresh(), dial([contact], { fallbacks: mailboxFallbacks })).snapshot, ringTimeout, 31_000);
    assert.deepEqual(routes(result), [{ type: 'route.resolve', dialed: '1002', context: 'default', reason: 'noanswer', target: { type: 'voicemail', voicemailId: 7 } }]);
  });

  it('with a no-answer forward enabled, MUST follow the forward and not the fallback', () => {
    const result = step(step(fresh(), dial([contact], { fallbacks: mailboxFallbacks, noAnswerForward: '1009' })).snapshot, ringTimeout, 31_000);
    assert.deepEqual(routes(result), [{ type: 'route.resolve', dialed: '1009', context: 'office', reason: 'noanswer' }]);
  });

  it('busy at once (over its simultaneous calls), MUST route the busy fallback', () => {
    const result = step(fresh(), dial([contact], { busy: true, fallbacks: { busy: toMailbox } }));
    assert.deepEqual(routes(result).map((effect) => [effect['reason'], effect['target']]), [['busy', { type: 'voicemail', voicemailId: 7 }]]);
  });

  it('without a registered phone, MUST route the fail fallback and not the no-answer one', () => {
    assert.equal(routes(step(fresh(), dial([], { fallbacks: { fail: toMailbox } }))).length, 1);
    assert.equal(callerCause(step(fresh(), dial([], { fallbacks: { noanswer: toMailbox } }))), 480);
  });

  it('when every phone answers busy, MUST route the busy fallback', () => {
    const ringing = step(fresh(), dial([contact], { fallbacks: { busy: toMailbox } })).snapshot;
    const result = step(ringing, { type: 'channel.hung_up', channelId: 'c1-1', cause: { ...CAUSES.busy, sipStatus: 486 }, byRemote: true });
    assert.deepEqual(routes(result).map((effect) => effect['reason']), ['busy']);
  });

  it('with a hang-up fallback, MUST end the call with its cause', () => {
    const result = step(step(fresh(), dial([contact], { fallbacks: { noanswer: { type: 'hangup', cause: 'busy' } } })).snapshot, ringTimeout, 31_000);
    assert.equal(callerCause(result), 486);
  });

  it("MUST NOT apply a user's fallbacks to the next user the call reaches", () => {
    const toCarol = step(step(fresh(), dial([contact], { fallbacks: { noanswer: { type: 'target', target: { type: 'user', userId: 3 } } } })).snapshot, ringTimeout, 31_000);
    const carolRinging = step(toCarol.snapshot, { type: 'call.routed', outcome: { type: 'dial', user: carol, ringSeconds: 30, contacts: [contact], busy: false } }, 31_100);
    const result = step(carolRinging.snapshot, ringTimeout, 61_100);
    assert.deepEqual([routes(result).length, callerCause(result)], [0, 480]);
  });

  it('once the mailbox is routed, MUST answer the caller and play the greeting', () => {
    const toMailboxRoute = step(step(fresh(), dial([contact], { fallbacks: mailboxFallbacks })).snapshot, ringTimeout, 31_000);
    const result = step(toMailboxRoute.snapshot, { type: 'call.routed', outcome: { type: 'voicemail', mailbox: { voicemailId: 7, tenantUuid: 't', number: '1002', context: 'office' } } }, 31_100);
    assert.deepEqual([result.snapshot.state, result.effects.filter((effect) => effect.type === 'media.play').map((effect) => effect['sound'])], ['announcing', ['vm-intro']]);
  });
});

describe('fallbackCaseOf', () => {
  it('MUST map busy, congestion and no answer to their case, and any other failure to fail', () => {
    assert.deepEqual([CAUSES.busy, CAUSES.congestion, CAUSES.noAnswer, CAUSES.notFound].map(fallbackCaseOf), ['busy', 'congestion', 'noanswer', 'fail']);
  });
});
