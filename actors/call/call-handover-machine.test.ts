import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { CAUSES } from '../channel/hangup-cause.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import { callMachine } from './call-machine.ts';
import { HANDOVER_TIMEOUT } from './call-ending.ts';
import type { CallMessage, RouteOutcome } from './call-messages.ts';
import { newCall, type CallSnapshot, type CalledUser } from './call-snapshot.ts';
import type { CallEvent, CallModel } from './call-events.ts';
import type { TransferEventData } from './call-handover-events.ts';

const self = actorAddress('call', 'c1');
let channelCounter = 0;
const env = (now: number) => ({ now, self, from: undefined, timers: NO_TIMERS, newChannelId: () => `c1-${++channelCounter}` });
const contact = (port: number): DialTarget => ({ requestUri: `sip:x@10.0.0.2:${port}`, destination: { transport: 'udp', address: '10.0.0.2', port }, toUri: 'sip:x@pbx' });
const bob: CalledUser = { userId: 2, userUuid: 'u-bob', name: 'Bob', number: '1002', context: 'office' };
const carol: CalledUser = { userId: 3, userUuid: 'u-carol', name: 'Carol', number: '1003', context: 'office' };
const routedTo = (user: CalledUser, contacts: DialTarget[], extra: Partial<Extract<RouteOutcome, { type: 'dial' }>> = {}): CallMessage => ({
  type: 'call.routed', outcome: { type: 'dial', user, ringSeconds: 20, contacts, busy: false, ...extra },
});

type Effect = { type: string; [key: string]: unknown };
interface Step { snapshot: CallSnapshot; effects: readonly Effect[] }
function step(snapshot: CallSnapshot, message: CallMessage | KernelMessage, now = 10_000): Step {
  const result = callMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', `${message.type}: ${JSON.stringify(result)}`);
  return result as Step;
}
const hungUp = (channelId: string, cause = CAUSES.normal): CallMessage => ({ type: 'channel.hung_up', channelId, cause, byRemote: true });
const sentTo = (effects: readonly Effect[], channelId: string) =>
  effects.filter((effect) => effect.type === 'send' && (effect['to'] as { id: string }).id === channelId).map((effect) => (effect['message'] as { type: string }).type);
const ofType = (effects: readonly Effect[], type: string) => effects.filter((effect) => effect.type === type);
const handoverEvents = (effects: readonly Effect[]) =>
  (ofType(effects, 'event.publish') as unknown as CallEvent[]).filter((event) => event.name.startsWith('transfer_') || event.name.startsWith('relocate_')).map((event) => event.name);

/** Alice (c1-0) called Bob, who answered on c1-1. */
function answeredCall(): CallSnapshot {
  channelCounter = 0;
  const start = newCall('c1', { channelId: 'c1-0', name: 'Alice', number: '1001', context: 'office', userUuid: 'u-alice' }, '1002', { callerAnswerSdp: 'to-caller', calleeOfferSdp: 'to-callee' }, 1_000);
  return [routedTo(bob, [contact(5060)]), { type: 'channel.answered', channelId: 'c1-1', sdp: 'bob' } as CallMessage].reduce((snapshot, message) => step(snapshot, message, 2_000).snapshot, start);
}

const transfer = (flow: 'attended' | 'blind', initiatorChannelId = 'c1-1', extra: Partial<Extract<CallMessage, { type: 'call.transfer' }>> = {}): CallMessage => ({
  type: 'call.transfer', id: 't1', flow, initiatorChannelId, exten: '1003', context: 'office', initiatorUuid: 'u-bob', initiatorTenantUuid: 'tenant-1', ...extra,
});

/** Bob (the callee) starts a transfer to Carol, routed, consult leg open, Carol's phone (c1-2) dialed. */
function ringingTransfer(flow: 'attended' | 'blind', initiator = 'c1-1'): { snapshot: CallSnapshot; started: Step; dialed: Step } {
  const started = step(answeredCall(), transfer(flow, initiator, initiator === 'c1-0' ? { initiatorUuid: 'u-alice' } : {}));
  const routed = step(started.snapshot, routedTo(carol, [contact(5070)]));
  const dialed = step(routed.snapshot, { type: 'call.consult_opened', id: 't1', sdp: 'consult-offer' });
  return { snapshot: dialed.snapshot, started, dialed };
}

describe('attended transfer', () => {
  it('on start, MUST tell transfer_created, play music to the transferred party without signalling it, and route the extension in the given context', () => {
    const { started } = ringingTransfer('attended');
    assert.deepEqual(handoverEvents(started.effects), ['transfer_created']);
    assert.deepEqual(ofType(started.effects, 'media.music').map((effect) => [effect['party'], effect['on']]), [['caller', true]]);
    assert.deepEqual(ofType(started.effects, 'route.resolve'), [{ type: 'route.resolve', dialed: '1003', context: 'office', reason: 'transfer' }]);
    assert.deepEqual(sentTo(started.effects, 'c1-0'), [], 'the transferred phone is not re-INVITEd');
    const created = (started.effects.find((effect) => effect.type === 'event.publish') as unknown as CallEvent);
    assert.deepEqual(created.data, { id: 't1', initiator_uuid: 'u-bob', initiator_tenant_uuid: 'tenant-1', transferred_call: 'c1-0', initiator_call: 'c1-1', recipient_call: null, status: 'starting', flow: 'attended' });
    assert.equal(created.requiredAcl, 'events.transfers.u-bob.created');
  });

  it('once the consult leg is open, MUST dial the recipient with its offer, showing the initiator, relay initiator and recipient, and arm the ring timer', () => {
    const { dialed, snapshot } = ringingTransfer('attended');
    const dial = dialed.effects.find((effect) => effect.type === 'send' && (effect['message'] as { type: string }).type === 'channel.dial')?.['message'] as { sdp: string; caller: { number: string } };
    assert.deepEqual([dial.sdp, dial.caller.number], ['consult-offer', '1002']);
    assert.deepEqual(ofType(dialed.effects, 'media.consult_bridge'), [{ type: 'media.consult_bridge', with: 'callee' }]);
    assert.deepEqual(ofType(dialed.effects, 'timer.start'), [{ type: 'timer.start', name: HANDOVER_TIMEOUT, delayMs: 20_000 }]);
    assert.equal(snapshot.handover?.type === 'transfer' ? snapshot.handover.status : undefined, 'ringback');
    assert.ok(ofType(dialed.effects, 'event.publish').some((effect) => (effect['data'] as CallModel).call_id === 'c1-2' && effect['name'] === 'call_created'), 'the recipient channel is a calld call');
  });

  it('recipient answers then complete: the recipient MUST take the initiator\'s place, the initiator be hung up, and the call go on until a party hangs up', () => {
    const { snapshot } = ringingTransfer('attended');
    const answered = step(snapshot, { type: 'channel.answered', channelId: 'c1-2', sdp: 'carol' });
    assert.deepEqual(handoverEvents(answered.effects), ['transfer_answered']);
    assert.deepEqual(ofType(answered.effects, 'media.consult_answered'), [{ type: 'media.consult_answered', channelId: 'c1-2', sdp: 'carol' }]);
    const completed = step(answered.snapshot, { type: 'call.handover_complete', id: 't1' });
    assert.deepEqual(handoverEvents(completed.effects), ['transfer_completed', 'transfer_ended']);
    assert.deepEqual(ofType(completed.effects, 'media.consult_promote'), [{ type: 'media.consult_promote', into: 'callee' }]);
    assert.deepEqual(sentTo(completed.effects, 'c1-1'), ['channel.hangup']);
    assert.deepEqual(ofType(completed.effects, 'media.music').map((effect) => effect['on']), [false]);
    assert.deepEqual([completed.snapshot.answeredChannelId, completed.snapshot.callee?.userUuid, completed.snapshot.handover], ['c1-2', 'u-carol', undefined]);
    const initiatorGone = step(completed.snapshot, hungUp('c1-1'));
    assert.equal(initiatorGone.snapshot.state, 'established', "the initiator's BYE does not end the transferred call");
    const ended = step(step(initiatorGone.snapshot, hungUp('c1-0')).snapshot, hungUp('c1-2'));
    const log = ofType(ended.effects, 'call_log.write')[0]?.['log'] as { source: { number: string }; destination: { number: string } };
    assert.deepEqual([ended.snapshot.state, log.source.number, log.destination.number], ['terminated', '1001', '1003']);
  });

  it('initiated by the caller: the recipient MUST become the caller\'s side and the call log keep the original caller', () => {
    const { snapshot } = ringingTransfer('attended', 'c1-0');
    const answered = step(snapshot, { type: 'channel.answered', channelId: 'c1-2', sdp: 'carol' });
    const completed = step(answered.snapshot, { type: 'call.handover_complete', id: 't1' });
    assert.deepEqual(ofType(completed.effects, 'media.consult_promote'), [{ type: 'media.consult_promote', into: 'caller' }]);
    assert.deepEqual([completed.snapshot.caller.channelId, completed.snapshot.caller.userUuid, completed.snapshot.firstCaller?.channelId], ['c1-2', 'u-carol', 'c1-0']);
    const lifecycle = (ofType(completed.effects, 'event.publish') as unknown as CallEvent[]).filter((event) => event.name.startsWith('call_')).map((event) => `${event.name} ${(event.data as CallModel).call_id}`);
    assert.ok(lifecycle.includes('call_ended c1-0') && lifecycle.includes('call_updated c1-2'), lifecycle.join(', '));
    assert.equal(callMachine.transition(completed.snapshot, hungUp('c1-0'), env(10_000)).type, 'ignored', "the old caller channel's end is not the call's");
    const ended = step(step(completed.snapshot, hungUp('c1-2')).snapshot, hungUp('c1-1'));
    const log = ofType(ended.effects, 'call_log.write')[0]?.['log'] as { source: { number: string } };
    assert.equal(log.source.number, '1001');
  });

  it('cancel MUST hang up the recipient, close the consult leg, stop the music, and let a new transfer start', () => {
    const { snapshot } = ringingTransfer('attended');
    const cancelled = step(snapshot, { type: 'call.handover_cancel', id: 't1' });
    assert.deepEqual(sentTo(cancelled.effects, 'c1-2'), ['channel.hangup']);
    assert.deepEqual([ofType(cancelled.effects, 'media.consult_close').length, ofType(cancelled.effects, 'media.music').map((effect) => effect['on'])], [1, [false]]);
    assert.deepEqual(handoverEvents(cancelled.effects), ['transfer_cancelled', 'transfer_ended']);
    const recipientGone = step(cancelled.snapshot, hungUp('c1-2'));
    assert.equal(recipientGone.snapshot.state, 'established');
    step(recipientGone.snapshot, { ...transfer('attended'), id: 't2' } as CallMessage);
  });

  it('the initiator hanging up while the recipient rings MUST turn it blind, and the recipient\'s answer complete it', () => {
    const { snapshot } = ringingTransfer('attended');
    const left = step(snapshot, hungUp('c1-1'));
    assert.equal(left.snapshot.handover?.type === 'transfer' ? left.snapshot.handover.status : undefined, 'blind_transferred');
    const answered = step(left.snapshot, { type: 'channel.answered', channelId: 'c1-2', sdp: 'carol' });
    assert.deepEqual(handoverEvents(answered.effects), ['transfer_answered', 'transfer_completed', 'transfer_ended']);
    assert.deepEqual(sentTo(answered.effects, 'c1-1'), [], 'no BYE to a channel already gone');
    assert.equal(answered.snapshot.answeredChannelId, 'c1-2');
  });

  it('the initiator hanging up after the recipient answered MUST complete the transfer (Asterisk\'s attended transfer by hang-up)', () => {
    const { snapshot } = ringingTransfer('attended');
    const answered = step(snapshot, { type: 'channel.answered', channelId: 'c1-2', sdp: 'carol' });
    const left = step(answered.snapshot, hungUp('c1-1'));
    assert.deepEqual(handoverEvents(left.effects), ['transfer_completed', 'transfer_ended']);
    assert.deepEqual([left.snapshot.state, left.snapshot.answeredChannelId], ['established', 'c1-2']);
  });

  it('the transferred party hanging up after the recipient answered MUST leave initiator and recipient talking', () => {
    const { snapshot } = ringingTransfer('attended');
    const answered = step(snapshot, { type: 'channel.answered', channelId: 'c1-2', sdp: 'carol' });
    const left = step(answered.snapshot, hungUp('c1-0'));
    assert.deepEqual(handoverEvents(left.effects), ['transfer_abandoned', 'transfer_ended']);
    assert.deepEqual(ofType(left.effects, 'media.consult_promote'), [{ type: 'media.consult_promote', into: 'caller' }]);
    assert.deepEqual([left.snapshot.state, left.snapshot.caller.channelId, left.snapshot.answeredChannelId], ['established', 'c1-2', 'c1-1']);
  });

  it('a recipient that does not answer in time MUST be hung up and the parties given back to each other', () => {
    const { snapshot } = ringingTransfer('attended');
    const timedOut = step(snapshot, { type: 'sys.timer.fired', name: HANDOVER_TIMEOUT });
    assert.deepEqual(sentTo(timedOut.effects, 'c1-2'), ['channel.hangup']);
    assert.deepEqual(handoverEvents(timedOut.effects), ['transfer_abandoned', 'transfer_ended']);
    assert.deepEqual([timedOut.snapshot.state, timedOut.snapshot.handover], ['established', undefined]);
  });

  it('an extension that does not route MUST abandon the transfer without touching the call', () => {
    const started = step(answeredCall(), transfer('attended'));
    const refused = step(started.snapshot, { type: 'call.routed', outcome: { type: 'refuse', cause: CAUSES.notFound } });
    assert.deepEqual(handoverEvents(refused.effects), ['transfer_abandoned', 'transfer_ended']);
    assert.deepEqual([refused.snapshot.state, refused.snapshot.handover, ofType(refused.effects, 'media.music').map((effect) => effect['on'])], ['established', undefined, [false]]);
  });

  it('an extension a call permission protects with a password MUST abandon the transfer (nobody is asked for it)', () => {
    const started = step(answeredCall(), transfer('attended'));
    const challenged = step(started.snapshot, { type: 'call.routed', outcome: { type: 'challenge', tenantUuid: 'tenant-1', request: { dialed: '1003', context: 'office' } } });
    assert.deepEqual([handoverEvents(challenged.effects), challenged.snapshot.state, challenged.snapshot.challenge], [['transfer_abandoned', 'transfer_ended'], 'established', undefined]);
  });

  it('MUST refuse a second transfer, a transfer by a channel that is not a party, a transfer of an unanswered call, and orders for another transfer', () => {
    const { snapshot } = ringingTransfer('attended');
    assert.equal(callMachine.transition(snapshot, { ...transfer('attended'), id: 't2' } as CallMessage, env(10_000)).type, 'rejected');
    assert.equal(callMachine.transition(answeredCall(), transfer('attended', 'c9-9'), env(10_000)).type, 'rejected');
    channelCounter = 0;
    const ringingCall = step(newCall('c1', { channelId: 'c1-0', name: 'A', number: '1001', context: 'office' }, '1002', { callerAnswerSdp: '', calleeOfferSdp: '' }, 0), routedTo(bob, [contact(5060)])).snapshot;
    assert.equal(callMachine.transition(ringingCall, transfer('attended', 'c1-0'), env(10_000)).type, 'rejected');
    assert.equal(callMachine.transition(snapshot, { type: 'call.handover_complete', id: 'other' }, env(10_000)).type, 'rejected');
  });
});

describe('blind transfer', () => {
  it('MUST hang up the initiator at once, keep the transferred party with music, and connect it when the recipient answers', () => {
    const { started, snapshot, dialed } = ringingTransfer('blind');
    assert.deepEqual(sentTo(started.effects, 'c1-1'), ['channel.hangup']);
    const dial = dialed.effects.find((effect) => effect.type === 'send' && (effect['message'] as { type: string }).type === 'channel.dial')?.['message'] as { caller: { number: string } };
    assert.equal(dial.caller.number, '1001', 'the recipient sees the transferred party');
    const initiatorGone = step(snapshot, hungUp('c1-1'));
    assert.equal(initiatorGone.snapshot.state, 'established');
    assert.equal(callMachine.transition(initiatorGone.snapshot, { type: 'call.handover_cancel', id: 't1' }, env(10_000)).type, 'rejected', 'a blind transfer cannot be cancelled');
    const answered = step(initiatorGone.snapshot, { type: 'channel.answered', channelId: 'c1-2', sdp: 'carol' });
    assert.deepEqual(handoverEvents(answered.effects), ['transfer_answered', 'transfer_completed', 'transfer_ended']);
    assert.deepEqual([answered.snapshot.answeredChannelId, ofType(answered.effects, 'media.consult_promote')[0]?.['into']], ['c1-2', 'callee']);
  });

  it('a recipient that does not answer MUST end the call, with one call log', () => {
    const { snapshot } = ringingTransfer('blind');
    const initiatorGone = step(snapshot, hungUp('c1-1'));
    const timedOut = step(initiatorGone.snapshot, { type: 'sys.timer.fired', name: HANDOVER_TIMEOUT });
    assert.deepEqual([timedOut.snapshot.state, sentTo(timedOut.effects, 'c1-0'), handoverEvents(timedOut.effects)], ['terminating', ['channel.hangup'], ['transfer_abandoned', 'transfer_ended']]);
    const ended = step(timedOut.snapshot, hungUp('c1-0'));
    assert.deepEqual([ended.snapshot.state, ofType(ended.effects, 'call_log.write').length], ['terminated', 1]);
  });
});

describe('relocate', () => {
  const relocate = (completions: readonly ('answer' | 'api')[]): CallMessage => ({
    type: 'call.relocate', id: 'r1', initiatorChannelId: 'c1-1', user: bob, targets: [contact(5080)], completions, ringSeconds: 30,
  });

  it('with completion answer: the user\'s new device MUST take the call when it answers and the old one be hung up', () => {
    const started = step(answeredCall(), relocate(['answer']));
    assert.deepEqual([handoverEvents(started.effects), ofType(started.effects, 'media.consult_open').length, ofType(started.effects, 'media.music').length], [['relocate_initiated'], 1, 0]);
    const dialed = step(started.snapshot, { type: 'call.consult_opened', id: 'r1', sdp: 'consult-offer' });
    assert.equal(ofType(dialed.effects, 'media.consult_bridge').length, 0, 'the conversation goes on on the old device meanwhile');
    const answered = step(dialed.snapshot, { type: 'channel.answered', channelId: 'c1-2', sdp: 'new-phone' });
    assert.deepEqual(handoverEvents(answered.effects), ['relocate_answered', 'relocate_completed', 'relocate_ended']);
    assert.deepEqual(sentTo(answered.effects, 'c1-1'), ['channel.hangup']);
    assert.deepEqual([answered.snapshot.answeredChannelId, answered.snapshot.callee?.userUuid], ['c1-2', 'u-bob']);
    const event = (ofType(answered.effects, 'event.publish') as unknown as CallEvent[]).find((each) => each.name === 'relocate_completed');
    assert.deepEqual([event?.data, event?.requiredAcl], [{ uuid: 'r1', relocated_call: 'c1-0', initiator_call: 'c1-1', recipient_call: 'c1-2', completions: ['answer'], initiator: 'u-bob' }, 'events.relocates.u-bob']);
  });

  it('with completion api: the answer MUST wait for complete; complete before the answer is refused', () => {
    const dialed = step(step(answeredCall(), relocate(['api'])).snapshot, { type: 'call.consult_opened', id: 'r1', sdp: 'consult-offer' });
    assert.equal(callMachine.transition(dialed.snapshot, { type: 'call.handover_complete', id: 'r1' }, env(10_000)).type, 'rejected');
    const answered = step(dialed.snapshot, { type: 'channel.answered', channelId: 'c1-2', sdp: 'new-phone' });
    assert.deepEqual([handoverEvents(answered.effects), answered.snapshot.answeredChannelId], [['relocate_answered'], 'c1-1']);
    const completed = step(answered.snapshot, { type: 'call.handover_complete', id: 'r1' });
    assert.deepEqual([handoverEvents(completed.effects), completed.snapshot.answeredChannelId], [['relocate_completed', 'relocate_ended'], 'c1-2']);
  });

  it('a call that ends during a relocate MUST tell relocate_ended and hang up the new device', () => {
    const dialed = step(step(answeredCall(), relocate(['answer'])).snapshot, { type: 'call.consult_opened', id: 'r1', sdp: 'consult-offer' });
    const ended = step(dialed.snapshot, hungUp('c1-0'));
    assert.deepEqual([ended.snapshot.state, sentTo(ended.effects, 'c1-2'), handoverEvents(ended.effects)], ['terminating', ['channel.hangup'], ['relocate_ended']]);
  });
});

describe('transfer model', () => {
  it('MUST name the ringing recipient channel once it is dialed', () => {
    const { dialed } = ringingTransfer('attended');
    const updated = (ofType(dialed.effects, 'event.publish') as unknown as CallEvent[]).find((event) => event.name === 'transfer_updated');
    assert.deepEqual([(updated?.data as TransferEventData).recipient_call, (updated?.data as TransferEventData).status], ['c1-2', 'ringback']);
  });
});
