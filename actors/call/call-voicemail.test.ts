/**
 * A voicemail deposit inside a call: the node answers the caller, plays the greeting and a beep,
 * records, and hangs up when the recording ends; a hang-up during the greeting records nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import { callMachine } from './call-machine.ts';
import type { CallMessage } from './call-messages.ts';
import { newCall, type CallSnapshot } from './call-snapshot.ts';
import { VOICEMAIL_BEEP_PLAY_ID, VOICEMAIL_GREETING_PLAY_ID } from './call-voicemail.ts';

const self = actorAddress('call', 'c1');
const env = (now: number) => ({ now, self, from: undefined, timers: NO_TIMERS, newChannelId: () => 'c1-1' });
const fresh = () => newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '5551234', context: 'from-extern' }, '5550100', { callerAnswerSdp: 'to-caller', calleeOfferSdp: 'to-callee' }, 1_000);
const mailbox = { voicemailId: 7, tenantUuid: 'tenant-1', number: '1002', context: 'default' };
const toVoicemail: CallMessage = { type: 'call.routed', outcome: { type: 'voicemail', mailbox } };

type Effect = { type: string; [key: string]: unknown };
interface Step { snapshot: CallSnapshot; effects: readonly Effect[] }
function step(snapshot: CallSnapshot, message: CallMessage | KernelMessage, now = 2_000): Step {
  const result = callMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `${message.type} in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as Step;
}
const sentTo = (effects: readonly Effect[], channelId: string) =>
  effects.filter((effect) => effect.type === 'send' && (effect['to'] as { id: string }).id === channelId).map((effect) => effect['message'] as { type: string; [key: string]: unknown });
const played = (effects: readonly Effect[]) => effects.filter((effect) => effect.type === 'media.play').map((effect) => effect['sound']);
const recording = () => {
  const greeting = step(fresh(), toVoicemail);
  const beep = step(greeting.snapshot, { type: 'call.play_finished', playId: VOICEMAIL_GREETING_PLAY_ID });
  return { greeting, beep, recording: step(beep.snapshot, { type: 'call.play_finished', playId: VOICEMAIL_BEEP_PLAY_ID }) };
};

describe("a call that reached a mailbox ('announcing')", () => {
  it("MUST answer the caller and play the greeting vm-intro from the mailbox's tenant", () => {
    const entered = step(fresh(), toVoicemail);
    assert.deepEqual([entered.snapshot.state, sentTo(entered.effects, 'c1-0').map((message) => message.type)], ['announcing', ['channel.answer']]);
    assert.deepEqual([played(entered.effects), entered.effects.find((effect) => effect.type === 'media.play')?.['tenantUuid']], [['vm-intro'], 'tenant-1']);
  });

  it('after the greeting MUST play the beep, and after the beep record the caller for the mailbox', () => {
    const { beep, recording: recorded } = recording();
    assert.deepEqual(played(beep.effects), ['beep']);
    assert.deepEqual(recorded.effects.filter((effect) => effect.type === 'voicemail.record'), [{ type: 'voicemail.record', mailbox, caller: { name: 'Alice', number: '5551234' } }]);
  });

  it('on # during the greeting, MUST stop it and go to the beep', () => {
    const entered = step(fresh(), toVoicemail);
    const skipped = step(entered.snapshot, { type: 'call.dtmf', party: 'caller', digit: '#' });
    assert.deepEqual([skipped.effects[0], played(skipped.effects)], [{ type: 'media.stop_play', playId: VOICEMAIL_GREETING_PLAY_ID }, ['beep']]);
  });

  it('on call.record_finished (# or the maximum length), MUST hang the caller up normally', () => {
    const ended = step(recording().recording.snapshot, { type: 'call.record_finished' });
    assert.equal(ended.snapshot.state, 'terminating');
    assert.deepEqual(sentTo(ended.effects, 'c1-0'), [{ type: 'channel.hangup', cause: CAUSES.normal }]);
  });

  it('on a hang-up during the greeting, MUST end the call without ever recording', () => {
    const entered = step(fresh(), toVoicemail);
    const ended = step(entered.snapshot, { type: 'channel.hung_up', channelId: 'c1-0', cause: CAUSES.normal, byRemote: true });
    assert.equal(ended.snapshot.state, 'terminated');
    assert.equal([...entered.effects, ...ended.effects].some((effect) => effect.type === 'voicemail.record'), false);
  });

  it('MUST ignore a recording end before the recording, and the end of another prompt', () => {
    const entered = step(fresh(), toVoicemail);
    assert.equal(callMachine.transition(entered.snapshot, { type: 'call.record_finished' }, env(3_000)).type, 'ignored');
    assert.equal(callMachine.transition(entered.snapshot, { type: 'call.play_finished', playId: 1 }, env(3_000)).type, 'ignored');
  });
});
