import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage, type Transition } from '../kernel/index.ts';
import { channelMachine } from './channel-machine.ts';
import type { ChannelMessage } from './channel-messages.ts';
import { inboundChannel, outboundChannel, type ChannelSnapshot } from './channel-snapshot.ts';
import { CAUSES } from './hangup-cause.ts';

const call = actorAddress('call', 'c1');
const self = actorAddress('channel', 'ch1');
const env = (now = 1_000) => ({ now, self, from: undefined, timers: NO_TIMERS });
const target = { requestUri: 'sip:1002@10.0.0.2:5060', destination: { transport: 'udp' as const, address: '10.0.0.2', port: 5060 }, toUri: 'sip:1002@pbx' };
const caller = { name: 'Alice', number: '1001' };

function step(snapshot: ChannelSnapshot, message: ChannelMessage | KernelMessage, now = 1_000): Extract<Transition<ChannelSnapshot, { type: string }>, { type: 'handled' }> {
  const result = channelMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `expected ${message.type} to be handled in ${snapshot.state}: ${JSON.stringify(result)}`);
  return result as Extract<typeof result, { type: 'handled' }>;
}

function run(snapshot: ChannelSnapshot, ...messages: ChannelMessage[]): ChannelSnapshot {
  return messages.reduce((current, message) => step(current, message).snapshot, snapshot);
}

const types = (effects: readonly { type: string }[]) => effects.map((effect) => effect.type);
const told = (effects: readonly { type: string; message?: { type: string } }[]) =>
  effects.filter((effect) => effect.type === 'send').map((effect) => effect.message?.type);

describe('inbound channel (the caller\'s leg, a UAS dialog)', () => {
  const fresh = () => inboundChannel('ch1', call, 500, 'v=0 offer');

  it("in 'offering', on channel.progress 180, MUST send 180 and enter 'ringing'", () => {
    const result = step(fresh(), { type: 'channel.progress', status: 180 });
    assert.equal(result.snapshot.state, 'ringing');
    assert.deepEqual(result.effects, [{ type: 'sip.provisional', status: 180 }]);
  });

  it("in 'ringing', on channel.answer, MUST send 200 with the SDP, enter 'answered' and record the answer time", () => {
    const result = step(run(fresh(), { type: 'channel.progress', status: 180 }), { type: 'channel.answer', sdp: 'v=0 answer' }, 4_000);
    assert.equal(result.snapshot.state, 'answered');
    assert.deepEqual([result.effects, result.snapshot.answeredAtMs], [[{ type: 'sip.accept', sdp: 'v=0 answer' }], 4_000]);
  });

  it("in 'ringing', on channel.hangup busy, MUST refuse the INVITE with 486, tell the call and stop", () => {
    const result = step(run(fresh(), { type: 'channel.progress', status: 180 }), { type: 'channel.hangup', cause: CAUSES.busy });
    assert.deepEqual(types(result.effects), ['sip.reject', 'send', 'stop']);
    assert.deepEqual(result.effects[0], { type: 'sip.reject', status: 486, reason: 'user busy' });
  });

  it('on channel.hangup with a normal cause before answer, MUST refuse with 480 (never a 2xx)', () => {
    const result = step(fresh(), { type: 'channel.hangup', cause: CAUSES.normal });
    assert.deepEqual(result.effects[0], { type: 'sip.reject', status: 480, reason: 'normal clearing' });
  });

  it("in 'ringing', on sip.cancelled, MUST enter 'hungUp' by the remote side with 487", () => {
    const result = step(run(fresh(), { type: 'channel.progress', status: 180 }), { type: 'sip.cancelled' });
    assert.equal(result.snapshot.state, 'hungUp');
    assert.deepEqual([result.snapshot.endedByRemote, result.snapshot.cause?.sipStatus], [true, 487]);
  });

  it("in 'answered', on sip.cancelled (the CANCEL won the race with our 200, which was never sent), MUST hang up with 487 and send nothing", () => {
    const answered = run(fresh(), { type: 'channel.answer', sdp: 'a' });
    const result = step(answered, { type: 'sip.cancelled' });
    assert.deepEqual([result.snapshot.state, result.snapshot.cause?.sipStatus, types(result.effects)], ['hungUp', 487, ['send', 'stop']]);
  });

  it("in 'answered', on channel.hangup, MUST send BYE", () => {
    const answered = run(fresh(), { type: 'channel.answer', sdp: 'a' });
    assert.deepEqual(types(step(answered, { type: 'channel.hangup', cause: CAUSES.normal }).effects), ['sip.bye', 'send', 'stop']);
  });

  it("in 'answered', on a hold re-INVITE, MUST enter 'held' and tell the call channel.held", () => {
    const answered = run(fresh(), { type: 'channel.answer', sdp: 'a' });
    const result = step(answered, { type: 'sip.reinvite_received', sdp: 'a=sendonly', hold: true });
    assert.equal(result.snapshot.state, 'held');
    assert.deepEqual(told(result.effects), ['channel.held']);
  });

  it("in 'held', on a resume re-INVITE, MUST return to 'answered' and tell the call channel.resumed", () => {
    const held = run(fresh(), { type: 'channel.answer', sdp: 'a' }, { type: 'sip.reinvite_received', sdp: 'a=sendonly', hold: true });
    const result = step(held, { type: 'sip.reinvite_received', sdp: 'a=sendrecv', hold: false });
    assert.deepEqual([result.snapshot.state, told(result.effects)], ['answered', ['channel.resumed']]);
  });

  it('on channel.update_media, MUST send the offer in a re-INVITE, and tell the call the answer as channel.reoffer_answered', () => {
    const answered = run(fresh(), { type: 'channel.answer', sdp: 'a' });
    assert.deepEqual(types(step(answered, { type: 'channel.update_media', sdp: 'a=sendonly' }).effects), ['sip.reinvite']);
    const result = step(answered, { type: 'sip.reinvite_answered', sdp: 'a=recvonly' });
    assert.deepEqual([result.snapshot.state, told(result.effects)], ['answered', ['channel.reoffer_answered']]);
  });

  it('when the ACK never comes, MUST send BYE and end the leg (RFC 3261 §13.3.1.4)', () => {
    const answered = run(fresh(), { type: 'channel.answer', sdp: 'a' });
    const result = step(answered, { type: 'sip.ack_timeout' });
    assert.deepEqual([result.snapshot.state, types(result.effects)], ['hungUp', ['sip.bye', 'send', 'stop']]);
  });

  it('MUST reject channel.dial (only outbound legs dial)', () => {
    const result = channelMachine.transition(fresh(), { type: 'channel.dial', target, caller, sdp: 'o' }, env());
    assert.equal(result.type, 'rejected');
  });
});

describe('outbound channel (a callee\'s leg, a UAC dialog)', () => {
  const dialed = () => run(outboundChannel('ch2', call, 500), { type: 'channel.dial', target, caller, sdp: 'offer' });

  it("in 'idle', on channel.dial, MUST send the INVITE and enter 'offering'", () => {
    const result = step(outboundChannel('ch2', call, 500), { type: 'channel.dial', target, caller, sdp: 'offer' });
    assert.deepEqual([result.snapshot.state, types(result.effects)], ['offering', ['sip.invite']]);
  });

  it("in 'offering', on 180, MUST enter 'ringing' and tell the call channel.ringing", () => {
    const result = step(dialed(), { type: 'sip.provisional', status: 180 });
    assert.deepEqual([result.snapshot.state, told(result.effects)], ['ringing', ['channel.ringing']]);
  });

  it("on 183 with SDP, MUST enter 'earlyMedia' and pass the SDP to the call", () => {
    const result = step(dialed(), { type: 'sip.provisional', status: 183, sdp: 'early' });
    assert.equal(result.snapshot.state, 'earlyMedia');
    assert.deepEqual(result.effects[0], { type: 'send', to: call, message: { type: 'channel.ringing', channelId: 'ch2', status: 183, sdp: 'early' } });
  });

  it('MUST ignore 100 Trying', () => {
    assert.equal(channelMachine.transition(dialed(), { type: 'sip.provisional', status: 100 }, env()).type, 'ignored');
  });

  it("on 2xx, MUST enter 'answered' and tell the call channel.answered with the SDP", () => {
    const result = step(run(dialed(), { type: 'sip.provisional', status: 180 }), { type: 'sip.answered', sdp: 'answer' });
    assert.deepEqual([result.snapshot.state, told(result.effects)], ['answered', ['channel.answered']]);
  });

  it('on 486, MUST end the leg with cause user busy (Q.850 17) by the remote side', () => {
    const result = step(dialed(), { type: 'sip.failed', status: 486, reason: 'Busy Here' });
    assert.deepEqual([result.snapshot.cause?.q850, result.snapshot.endedByRemote], [17, true]);
  });

  it("in 'ringing', on channel.hangup, MUST CANCEL (RFC 3261 §9.1), never BYE", () => {
    const result = step(run(dialed(), { type: 'sip.provisional', status: 180 }), { type: 'channel.hangup', cause: CAUSES.answeredElsewhere });
    assert.deepEqual(types(result.effects), ['sip.cancel', 'send', 'stop']);
  });

  it('on channel.hangup because another leg answered, MUST CANCEL with Reason SIP;cause=200 "Call completed elsewhere" (RFC 3326)', () => {
    const result = step(run(dialed(), { type: 'sip.provisional', status: 180 }), { type: 'channel.hangup', cause: CAUSES.answeredElsewhere });
    assert.deepEqual(result.effects[0], { type: 'sip.cancel', reason: 'SIP;cause=200;text="Call completed elsewhere"' });
  });

  it('on channel.hangup for no answer, MUST CANCEL without a Reason', () => {
    const result = step(run(dialed(), { type: 'sip.provisional', status: 180 }), { type: 'channel.hangup', cause: CAUSES.noAnswer });
    assert.deepEqual(result.effects[0], { type: 'sip.cancel' });
  });

  it("in 'idle', on channel.hangup, MUST end without any SIP message", () => {
    const result = step(outboundChannel('ch2', call, 500), { type: 'channel.hangup', cause: CAUSES.normal });
    assert.deepEqual(types(result.effects), ['send', 'stop']);
  });

  it("in 'hungUp', MUST ignore late SIP facts and a second hang-up", () => {
    const ended = run(dialed(), { type: 'sip.failed', status: 486, reason: 'Busy' });
    assert.equal(channelMachine.transition(ended, { type: 'sip.answered', sdp: 'x' }, env()).type, 'ignored');
    assert.equal(channelMachine.transition(ended, { type: 'channel.hangup', cause: CAUSES.normal }, env()).type, 'ignored');
  });
});
