/**
 * The call and channel shells on the real kernel: a call routed to one contact, answered and hung
 * up, with recording ports standing for the SIP legs, the media and the store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, createActorSystem, createSimulatedClock, type ActorSystem } from '../kernel/index.ts';
import { channelSpec, inboundChannel, outboundChannel, type SipLegPort } from '../channel/index.ts';
import { callSpec, newCall, type CallLogEntry, type CallPorts } from './index.ts';

let system: ActorSystem;
before(async () => {
  system = await createActorSystem({ nodeName: 'n1', clock: createSimulatedClock(10_000), });
});
after(async () => {
  await system.shutdown();
});

/** Waits for a condition in real time: messages cross comedy's own scheduling, not only event-loop turns. */
async function waitFor(condition: () => boolean, what: () => string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function recordingLeg(log: string[], channelId: string): SipLegPort {
  const note = (what: string) => () => log.push(`${channelId}:${what}`);
  return {
    invite: note('invite'), provisional: note('provisional'), accept: note('accept'), reject: note('reject'),
    cancel: note('cancel'), bye: note('bye'), reinvite: note('reinvite'), answerReinvite: note('answerReinvite'), info: note('info'),
  };
}

describe('call and channel actors on the kernel', () => {
  it('a call routed to one contact MUST dial it, bridge on answer, and write one call log when a side hangs up', async () => {
    const sip: string[] = [];
    const logs: CallLogEntry[] = [];
    const events: string[] = [];
    const ports: CallPorts = {
      route: async () => ({
        type: 'dial', user: { userId: 2, userUuid: 'u2', name: 'Bob', number: '1002', context: 'default' }, ringSeconds: 30, busy: false,
        contacts: [{ requestUri: 'sip:1002@127.0.0.1:5062', destination: { transport: 'udp', address: '127.0.0.1', port: 5062 }, toUri: 'sip:1002@pbx' }],
      }),
      spawnChannel: async (callId, channelId) => {
        await system.spawn(channelSpec({ channelId, leg: recordingLeg(sip, channelId), from: { type: 'initial', epoch: 1, data: outboundChannel(channelId, actorAddress('call', callId), 10_000) } }));
      },
      media: {
        connectCallee: () => undefined, hold: () => undefined, reofferAnswered: () => undefined, reinvite: () => undefined, mute: () => undefined, release: () => undefined,
        consultOpen: () => Promise.resolve({ type: 'error', reason: 'no consult leg in this test' }), consultBridge: () => undefined, consultAnswered: () => undefined,
        consultPromote: () => undefined, consultClose: () => undefined, music: () => undefined, play: () => undefined, stopPlay: () => undefined,
      },
      publish: (name, _userUuid, data) => events.push(`${name}:${'call_id' in data ? data.call_id : ''}`),
      writeCallLog: (log) => logs.push(log),
    };
    let legs = 0;
    const caller = { channelId: 'k1-0', name: 'Alice', number: '1001', context: 'default' };
    await system.spawn(channelSpec({ channelId: 'k1-0', leg: recordingLeg(sip, 'k1-0'), from: { type: 'initial', epoch: 1, data: inboundChannel('k1-0', actorAddress('call', 'k1'), 10_000, 'offer') } }));
    const callRef = await system.spawn(callSpec({ callId: 'k1', ports, newChannelId: () => `k1-${++legs}`, from: { type: 'initial', epoch: 1, data: newCall('k1', caller, '1002', { callerAnswerSdp: 'a', calleeOfferSdp: 'o' }, 10_000) } }));
    callRef.send({ type: 'call.start' });
    await waitFor(() => sip.includes('k1-1:invite'), () => `sip: ${sip.join(' ')}; events: ${events.join(' ')}; logs: ${logs.length}`);
    system.send(actorAddress('channel', 'k1-1'), { type: 'sip.answered', sdp: 'bob' });
    await waitFor(() => sip.includes('k1-0:accept'), () => `sip: ${sip.join(' ')}; events: ${events.join(' ')}; logs: ${logs.length}`);
    system.send(actorAddress('channel', 'k1-1'), { type: 'sip.bye_received' });
    await waitFor(() => logs.length === 1 && sip.includes('k1-0:bye'), () => `sip: ${sip.join(' ')}; events: ${events.join(' ')}; logs: ${logs.length}`);
    assert.equal(logs[0]?.answered, true);
    // One channel's events per user: the caller's k1-0 and Bob's k1-1, each created, answered, ended.
    assert.deepEqual(events.filter((event) => event.endsWith(':k1-0')), ['call_created:k1-0', 'call_updated:k1-0', 'call_ended:k1-0']);
    assert.deepEqual(events.filter((event) => event.endsWith(':k1-1')), ['call_created:k1-1', 'call_updated:k1-1', 'call_ended:k1-1']);
  });
});
