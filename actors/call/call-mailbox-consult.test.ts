/**
 * A mailbox consultation hosted by the call (`*98`, `*99<number>`): the call answers, speaks the
 * summary with the mailbox tenant's prompts, plays messages through the voicemail port, marks them
 * heard, follows the caller's keys, and hangs up on `#`; after a password challenge it goes on
 * without answering twice.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { callMachine } from './call-machine.ts';
import type { CallMessage } from './call-messages.ts';
import { newCall, type CallSnapshot } from './call-snapshot.ts';

const self = actorAddress('call', 'c1');
const env = (now: number) => ({ now, self, from: undefined, timers: NO_TIMERS, newChannelId: () => 'c1-x' });
const mailbox = { voicemailId: 7, tenantUuid: 'tenant-1', number: '1001', context: 'default' };
const fresh = () => newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'default', userUuid: 'u-1001' }, '*98', { callerAnswerSdp: 'to-caller', calleeOfferSdp: 'to-callee' }, 1_000);
const opened: CallMessage = { type: 'call.routed', outcome: { type: 'mailbox', mailbox, messages: [{ id: 'm1', folder: 'inbox' }] } };

interface Step { snapshot: CallSnapshot; effects: readonly { type: string; [key: string]: unknown }[] }
function step(snapshot: CallSnapshot, message: CallMessage | KernelMessage, now = 2_000): Step {
  const result = callMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `${message.type} in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as Step;
}
/** Ends every prompt until the consultation waits for a key; all effects on the way. */
function untilWaiting(first: Step): Step {
  let current = first;
  const effects = [...first.effects];
  for (;;) {
    const phase = current.snapshot.mailboxConsult?.machine.phase;
    if (phase?.type !== 'saying') return { snapshot: current.snapshot, effects };
    current = step(current.snapshot, { type: 'call.play_finished', playId: phase.playId });
    effects.push(...current.effects);
  }
}
const ofType = (result: Step, type: string) => result.effects.filter((effect) => effect.type === type);

describe('a call consulting a mailbox', () => {
  it("when routed to a mailbox, MUST answer the caller and say 'vm-youhave' from the mailbox tenant's sounds", () => {
    const result = step(fresh(), opened);
    const [play] = ofType(result, 'media.play');
    assert.deepEqual([result.snapshot.state, result.snapshot.callerAnswered, play?.['sound'], play?.['tenantUuid']], ['announcing', true, 'vm-youhave', 'tenant-1']);
  });

  it('on 1, MUST play the message through the voicemail port and mark it heard', () => {
    const atMenu = untilWaiting(step(fresh(), opened)).snapshot;
    const result = untilWaitingUntilMessage(step(atMenu, { type: 'call.dtmf', party: 'caller', digit: '1' }));
    assert.deepEqual(ofType(result, 'voicemail.mark_heard'), [{ type: 'voicemail.mark_heard', mailbox, messageId: 'm1' }]);
    assert.equal(ofType(result, 'voicemail.play_message')[0]?.['messageId'], 'm1');
  });

  it('on 7 during the message, MUST delete it through the voicemail port', () => {
    const atMenu = untilWaiting(step(fresh(), opened)).snapshot;
    const playing = untilWaitingUntilMessage(step(atMenu, { type: 'call.dtmf', party: 'caller', digit: '1' })).snapshot;
    const result = step(playing, { type: 'call.dtmf', party: 'caller', digit: '7' });
    assert.deepEqual(ofType(result, 'voicemail.delete'), [{ type: 'voicemail.delete', mailbox, messageId: 'm1' }]);
  });

  it("on #, MUST say 'vm-goodbye' and hang up the caller", () => {
    const atMenu = untilWaiting(step(fresh(), opened)).snapshot;
    const goodbye = step(atMenu, { type: 'call.dtmf', party: 'caller', digit: '#' });
    const phase = goodbye.snapshot.mailboxConsult?.machine.phase;
    const ended = step(goodbye.snapshot, { type: 'call.play_finished', playId: phase?.type === 'saying' ? phase.playId : -1 });
    assert.deepEqual([ofType(goodbye, 'media.play')[0]?.['sound'], ended.snapshot.state], ['vm-goodbye', 'terminating']);
  });

  it('when the caller hangs up while waiting for a key, MUST cancel the pending timer', () => {
    const atMenu = untilWaiting(step(fresh(), opened)).snapshot;
    const result = step(atMenu, { type: 'channel.hung_up', channelId: 'c1-0', cause: { q850: 16, sipStatus: 200, text: 'bye' }, byRemote: true });
    assert.ok(ofType(result, 'timer.cancel').some((effect) => String(effect['name']).startsWith('mailbox.')));
  });

  it("after a mailbox password challenge, MUST ask with 'vm-password' and not answer the caller twice", () => {
    const challenged = step(fresh(), { type: 'call.routed', outcome: { type: 'challenge', tenantUuid: 'tenant-1', request: { dialed: '*98', context: 'default' }, kind: 'mailbox' } });
    assert.equal(ofType(challenged, 'media.play')[0]?.['sound'], 'vm-password');
    let snapshot = step(challenged.snapshot, { type: 'call.dtmf', party: 'caller', digit: '1' }).snapshot;
    snapshot = step(snapshot, { type: 'call.dtmf', party: 'caller', digit: '#' }).snapshot;
    const result = step(snapshot, opened);
    assert.deepEqual([result.snapshot.state, ofType(result, 'send').length], ['announcing', 0]);
  });
});

/** Ends prompts until the message itself is asked to play. */
function untilWaitingUntilMessage(first: Step): Step {
  let current = first;
  const effects = [...first.effects];
  while (!effects.some((effect) => effect.type === 'voicemail.play_message')) {
    const phase = current.snapshot.mailboxConsult?.machine.phase;
    if (phase?.type !== 'saying') break;
    current = step(current.snapshot, { type: 'call.play_finished', playId: phase.playId });
    effects.push(...current.effects);
  }
  return { snapshot: current.snapshot, effects };
}
