import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS } from '../kernel/index.ts';
import { CAUSES, causeFromSip } from '../channel/hangup-cause.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import { callMachine } from './call-machine.ts';
import type { CallMessage } from './call-messages.ts';
import { newCall, type CallSnapshot, type TrunkAttempt } from './call-snapshot.ts';

let counter = 0;
const env = () => ({ now: 5_000, self: actorAddress('call', 'c1'), from: undefined, timers: NO_TIMERS, newChannelId: () => `c1-${++counter}` });
const trunk = (trunkId: number, digits: string, callerNumber: string): TrunkAttempt => ({
  trunkId,
  target: { requestUri: `sip:${digits}@provider-${trunkId}.example`, destination: { transport: 'udp', address: `192.0.2.${trunkId}`, port: 5060 }, toUri: `sip:${digits}@provider-${trunkId}.example` } satisfies DialTarget,
  caller: { name: '', number: callerNumber },
});
const fresh = (): CallSnapshot => (counter = 0, newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'office', userUuid: 'u-alice' }, '**99101', { callerAnswerSdp: 'a', calleeOfferSdp: 'o' }, 1_000));
const routed = (attempts: TrunkAttempt[]): CallMessage => ({ type: 'call.routed', outcome: { type: 'trunks', attempts, ringSeconds: 40 } });
const failed = (channelId: string, status: number): CallMessage => ({ type: 'channel.hung_up', channelId, cause: causeFromSip(status), byRemote: true });

function step(snapshot: CallSnapshot, message: CallMessage) {
  const result = callMachine.transition(snapshot, message, env());
  assert.equal(result.type, 'handled', JSON.stringify(result));
  return result as { snapshot: CallSnapshot; effects: readonly { type: string; [key: string]: unknown }[] };
}
const dials = (effects: readonly { type: string; [key: string]: unknown }[]) =>
  effects.filter((effect) => effect.type === 'send' && (effect['message'] as { type: string }).type === 'channel.dial').map((effect) => effect['message'] as { target: DialTarget; caller: { number: string } });
const causeToCaller = (effects: readonly { type: string; [key: string]: unknown }[]) =>
  (effects.find((effect) => effect.type === 'send' && (effect['to'] as { id: string }).id === 'c1-0')?.['message'] as { cause?: { sipStatus: number } } | undefined)?.cause?.sipStatus;

describe('a call out through an outcall\'s trunks', () => {
  const twoTrunks = [trunk(1, '101', '+33100000001'), trunk(2, '0101', '+33100000002')];

  it('MUST dial the first trunk with its own digits and caller ID, and ring it for the outcall\'s time', () => {
    const result = step(fresh(), routed(twoTrunks));
    assert.deepEqual(dials(result.effects).map((dial) => [dial.target.requestUri, dial.caller.number]), [['sip:101@provider-1.example', '+33100000001']]);
    assert.ok(result.effects.some((effect) => effect.type === 'timer.start' && effect['delayMs'] === 40_000));
    assert.equal(result.snapshot.state, 'establishing');
  });

  for (const status of [503, 408, 500, 502, 504]) {
    it(`MUST try the next trunk when one answers ${status} (congested or unavailable)`, () => {
      const next = step(step(fresh(), routed(twoTrunks)).snapshot, failed('c1-1', status));
      assert.deepEqual(dials(next.effects).map((dial) => [dial.target.requestUri, dial.caller.number]), [['sip:0101@provider-2.example', '+33100000002']]);
      assert.equal(next.snapshot.state, 'establishing');
    });
  }

  for (const [status, expected] of [[486, 486], [480, 480], [404, 404], [603, 603]] as const) {
    it(`MUST stop and give the caller ${expected} when a trunk answers ${status} (busy, no answer, refused: not the trunk's fault)`, () => {
      const result = step(step(fresh(), routed(twoTrunks)).snapshot, failed('c1-1', status));
      assert.deepEqual([dials(result.effects).length, causeToCaller(result.effects), result.snapshot.state], [0, expected, 'terminating']);
    });
  }

  it('MUST give the caller the last failure when every trunk is congested, and congestion (503) when the outcall has no trunk', () => {
    const first = step(fresh(), routed(twoTrunks));
    const second = step(first.snapshot, failed('c1-1', 503));
    const last = step(second.snapshot, failed('c1-2', 503));
    assert.equal(causeToCaller(last.effects), 503);
    assert.equal(causeToCaller(step(fresh(), routed([])).effects), CAUSES.congestion.sipStatus);
  });

  it('MUST bridge the trunk that answers, and not try the next one', () => {
    const first = step(fresh(), routed(twoTrunks));
    const answered = step(first.snapshot, { type: 'channel.answered', channelId: 'c1-1', sdp: 'provider' });
    assert.deepEqual([answered.snapshot.state, answered.snapshot.answeredChannelId, dials(answered.effects).length], ['established', 'c1-1', 0]);
  });
});
