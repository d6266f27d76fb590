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

  it('a call routed to a queue MUST ask its queue port to enter, and without a queue port be refused, unanswered', async () => {
    const sip: string[] = [];
    const logs: CallLogEntry[] = [];
    const entries: string[] = [];
    const queue = { queueId: 9, tenantUuid: 't1', name: 'support', label: 'Support', musicOnHold: { mohClass: 'default', order: 'sequential' as const }, fallbacks: {}, diversions: {} };
    const media = {
      connectCallee: () => undefined, hold: () => undefined, reofferAnswered: () => undefined, reinvite: () => undefined, mute: () => undefined, release: () => undefined,
      consultOpen: () => Promise.resolve({ type: 'error' as const, reason: 'no consult leg in this test' }), consultBridge: () => undefined, consultAnswered: () => undefined,
      consultPromote: () => undefined, consultClose: () => undefined, music: () => undefined, play: () => undefined, stopPlay: () => undefined,
    };
    const base: CallPorts = { route: async () => ({ type: 'queue', queue }), spawnChannel: async () => undefined, media, publish: () => undefined, writeCallLog: (log) => logs.push(log) };
    const withQueues: CallPorts = {
      ...base,
      queues: { enter: (callId, entry) => entries.push(`${callId}:${entry.queue.queueId}:${entry.caller.name}`), abandon: () => undefined, memberAnswered: () => undefined, memberFailed: () => undefined, callEnded: () => undefined },
    };
    const start = async (callId: string, ports: CallPorts) => {
      const channelId = `${callId}-0`;
      await system.spawn(channelSpec({ channelId, leg: recordingLeg(sip, channelId), from: { type: 'initial', epoch: 1, data: inboundChannel(channelId, actorAddress('call', callId), 10_000, 'offer') } }));
      const ref = await system.spawn(callSpec({ callId, ports, newChannelId: () => `${callId}-1`, from: { type: 'initial', epoch: 1, data: newCall(callId, { channelId, name: 'Alice', number: '1001', context: 'default' }, '3000', { callerAnswerSdp: 'a', calleeOfferSdp: 'o' }, 10_000) } }));
      ref.send({ type: 'call.start' });
    };
    await start('q1', withQueues);
    await start('q2', base);
    await waitFor(() => entries.length === 1 && logs.length === 1, () => `entries: ${entries.join(' ')}; logs: ${logs.length}; sip: ${sip.join(' ')}`);
    assert.deepEqual([entries, logs[0]?.answered, sip.filter((what) => what.startsWith('q2-0:'))], [['q1:9:Alice'], false, ['q2-0:reject']]);
  });
});
