/**
 * A feature code's confirmation inside a call: the node answers the caller, plays the prompt and
 * hangs up once it played; a caller who hangs up first ends the call.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import { callMachine } from './call-machine.ts';
import type { CallMessage } from './call-messages.ts';
import { newCall, type CallSnapshot } from './call-snapshot.ts';

const self = actorAddress('call', 'c1');
const env = (now: number) => ({ now, self, from: undefined, timers: NO_TIMERS, newChannelId: () => 'c1-1' });
const fresh = () => newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'default', userUuid: 'u-1001' }, '*25', { callerAnswerSdp: 'to-caller', calleeOfferSdp: 'to-callee' }, 1_000);
const toFeature: CallMessage = { type: 'call.routed', outcome: { type: 'feature', feature: 'enablednd', sound: 'activated', tenantUuid: 'tenant-1' } };

type Effect = { type: string; [key: string]: unknown };
interface Step { snapshot: CallSnapshot; effects: readonly Effect[] }
function step(snapshot: CallSnapshot, message: CallMessage | KernelMessage, now = 2_000): Step {
  const result = callMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `${message.type} in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as Step;
}
const sentTo = (effects: readonly Effect[], channelId: string) =>
  effects.filter((effect) => effect.type === 'send' && (effect['to'] as { id: string }).id === channelId).map((effect) => effect['message'] as { type: string; [key: string]: unknown });
const playOf = (effects: readonly Effect[]) => effects.find((effect) => effect.type === 'media.play') as { playId: number; sound: string; tenantUuid: string } | undefined;

describe("a call that ran a feature code ('announcing')", () => {
  it("MUST answer the caller with the call's answer SDP and enter 'announcing'", () => {
    const result = step(fresh(), toFeature);
    assert.equal(result.snapshot.state, 'announcing');
    assert.deepEqual(sentTo(result.effects, 'c1-0'), [{ type: 'channel.answer', sdp: 'to-caller' }]);
  });

  it('MUST play the confirmation from the sounds of the user\'s tenant', () => {
    const played = playOf(step(fresh(), toFeature).effects);
    assert.deepEqual([played?.sound, played?.tenantUuid], ['activated', 'tenant-1']);
  });

  it('on call.play_finished of the confirmation, MUST hang the caller up normally', () => {
    const entered = step(fresh(), toFeature);
    const ended = step(entered.snapshot, { type: 'call.play_finished', playId: playOf(entered.effects)?.playId ?? -1 });
    assert.equal(ended.snapshot.state, 'terminating');
    assert.deepEqual(sentTo(ended.effects, 'c1-0'), [{ type: 'channel.hangup', cause: CAUSES.normal }]);
  });

  it('MUST ignore the end of another prompt', () => {
    const entered = step(fresh(), toFeature);
    assert.equal(callMachine.transition(entered.snapshot, { type: 'call.play_finished', playId: 99 }, env(3_000)).type, 'ignored');
  });

  it('on the caller hanging up, MUST end the call with their cause and write one call log', () => {
    const entered = step(fresh(), toFeature);
    const ended = step(entered.snapshot, { type: 'channel.hung_up', channelId: 'c1-0', cause: CAUSES.normal, byRemote: true });
    assert.deepEqual([ended.snapshot.state, ended.effects.filter((effect) => effect.type === 'call_log.write').length], ['terminated', 1]);
  });
});
