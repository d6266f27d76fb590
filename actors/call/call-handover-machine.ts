/**
 * The transitions of a handover (transfer or relocate, see `call-handover.ts`) inside an answered
 * call: start, routing of the transfer's extension, the consult leg, the new channel's facts, the
 * parties hanging up, complete and cancel.
 *
 * @remarks
 * Pure, like the call machine that delegates here. The rules where calld and Asterisk leave a
 * choice are docs/decisions.md's: an attended transfer whose initiator hangs up (or completes)
 * before the recipient answers goes on as a blind transfer; a transferred party that hangs up
 * after the recipient answered leaves initiator and recipient talking; a blind transfer whose
 * recipient does not answer ends the call.
 */
import { handled, ignored, rejected, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import type { ChannelFact } from '../channel/channel-messages.ts';
import { CAUSES, type HangupCause } from '../channel/hangup-cause.ts';
import { DEFAULT_MUSIC_ON_HOLD, type CallSnapshot, type CalledUser, type OutboundLeg } from './call-snapshot.ts';
import type { CallEffect, CallEnv, HandoverMessage, RouteOutcome } from './call-messages.ts';
import { channelEvent, callerChannelModel, legChannelModel } from './call-events.ts';
import { HANDOVER_TIMEOUT, queueMemberTransferredAway, terminate } from './call-ending.ts';
import { command, findLeg, withLeg } from './call-legs.ts';
import {
  channelOfParty, identityShownToRecipient, otherParty, partyOfChannel, recipientUser,
  type Handover, type Party, type RelocateHandover, type TransferHandover,
} from './call-handover.ts';
import { handoverEvent, relocateEvent, transferEvent } from './call-handover-events.ts';

type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/** Why the legs of a handover that is given up are hung up (the initiator cancelled). */
const HANDOVER_CANCELLED: HangupCause = { q850: 16, sipStatus: 487, text: 'transfer cancelled' };

const handoverLegs = (snapshot: CallSnapshot): readonly OutboundLeg[] => snapshot.legs.filter((leg) => leg.role === 'handover' && leg.status !== 'gone');
const ringingLeg = (snapshot: CallSnapshot): string | undefined => handoverLegs(snapshot)[0]?.channelId;
const hangUpHandoverLegs = (snapshot: CallSnapshot, cause: HangupCause, keep?: string): Effect[] =>
  handoverLegs(snapshot).filter((leg) => leg.channelId !== keep).map((leg) => command(leg.channelId, { type: 'channel.hangup', cause }));
const music = (snapshot: CallSnapshot, party: Party, on: boolean): Effect => ({
  type: 'media.music', party, on,
  // The waiting party hears the initiator's class, as when the initiator holds the call.
  music: (otherParty(party) === 'caller' ? snapshot.caller.musicOnHold : snapshot.callee?.musicOnHold) ?? DEFAULT_MUSIC_ON_HOLD,
});
const withHandover = (snapshot: CallSnapshot, handover: Handover): CallSnapshot => ({ ...snapshot, handover });
const withoutHandover = (snapshot: CallSnapshot): CallSnapshot => {
  const { handover: _dropped, ...rest } = snapshot;
  return rest;
};

/** Starts a transfer or a relocate. */
export function startHandover(snapshot: CallSnapshot, message: Extract<HandoverMessage, { type: 'call.transfer' | 'call.relocate' }>): Result {
  if (snapshot.state !== 'established') return rejected(`handover in ${snapshot.state}: only an answered call can be transferred`);
  if (snapshot.handover !== undefined) return rejected(`a ${snapshot.handover.type} is already in progress`);
  const leaving = partyOfChannel(snapshot, message.initiatorChannelId);
  const staying = leaving === undefined ? undefined : channelOfParty(snapshot, otherParty(leaving));
  if (leaving === undefined || staying === undefined) return rejected(`${message.initiatorChannelId} is not a party of the call`);
  const sides = { id: message.id, leaving, leavingChannelId: message.initiatorChannelId, stayingChannelId: staying };
  if (message.type === 'call.relocate') {
    const handover: RelocateHandover = { ...sides, type: 'relocate', userUuid: message.user.userUuid, user: message.user, completions: message.completions, targets: message.targets, ringSeconds: message.ringSeconds };
    return handled(withHandover(snapshot, handover), [relocateEvent('initiated', handover), { type: 'media.consult_open', handoverId: message.id }]);
  }
  const handover: TransferHandover = {
    ...sides, type: 'transfer', flow: message.flow, status: 'starting', initiatorUuid: message.initiatorUuid, initiatorTenantUuid: message.initiatorTenantUuid,
    exten: message.exten, context: message.context, ringSeconds: 0, ...(message.timeoutSeconds === undefined ? {} : { timeoutSeconds: message.timeoutSeconds }),
  };
  const blind: Effect[] = message.flow === 'blind' ? [command(message.initiatorChannelId, { type: 'channel.hangup', cause: CAUSES.normal })] : [];
  // A blind transfer's initiator leaves at once; the transferred party waits for the recipient.
  return handled(withHandover(snapshot, message.flow === 'blind' ? { ...handover, status: 'blind_transferred', leavingGone: true } : handover), [
    transferEvent('created', handover),
    music(snapshot, otherParty(leaving), true),
    ...blind,
    { type: 'route.resolve', dialed: message.exten, context: message.context, reason: 'transfer' },
  ]);
}

/** The transfer's extension is routed: open the consult leg, or give the transfer up. */
export function onHandoverRouted(snapshot: CallSnapshot, handover: Handover, outcome: RouteOutcome, env: Env): Result {
  if (handover.type !== 'transfer' || handover.targets !== undefined) return ignored('a route nobody asked for');
  if (outcome.type === 'refuse') return abandon(snapshot, handover, outcome.cause, env);
  if (outcome.type === 'trunks') {
    // An outside number: its first trunk (a transfer does not fail over, docs/decisions.md).
    const first = outcome.attempts[0];
    if (first === undefined) return abandon(snapshot, handover, CAUSES.congestion, env);
    return handled(withHandover(snapshot, { ...handover, ringSeconds: handover.timeoutSeconds ?? outcome.ringSeconds, targets: [first.target] }), [{ type: 'media.consult_open', handoverId: handover.id }]);
  }
  // A transfer to an IVR would need a second media path for the prompts: not supported yet (docs/decisions.md).
  // A transfer is not the caller's own call: a password cannot be asked of anyone, so it is refused (D-084).
  if (outcome.type === 'challenge') return abandon(snapshot, handover, { q850: 21, sipStatus: 403, text: 'transfer to a password-protected number' }, env);
  if (outcome.type === 'ivr') return abandon(snapshot, handover, { q850: 79, sipStatus: 501, text: 'transfer to an IVR is not supported' }, env);
  if (outcome.type === 'feature') return abandon(snapshot, handover, { q850: 79, sipStatus: 501, text: 'transfer to a feature code is not supported' }, env);
  // A transfer to a group would ring several recipients through one consult leg: not supported yet (docs/decisions.md).
  if (outcome.type === 'hunt') return abandon(snapshot, handover, { q850: 79, sipStatus: 501, text: 'transfer to a group is not supported' }, env);
  // A transfer to a mailbox would record through the consult leg: not supported yet (docs/decisions.md).
  if (outcome.type === 'voicemail') return abandon(snapshot, handover, { q850: 79, sipStatus: 501, text: 'transfer to a voicemail is not supported' }, env);
  if (outcome.type === 'mailbox') return abandon(snapshot, handover, { q850: 79, sipStatus: 501, text: 'transfer to a mailbox consultation is not supported' }, env);
  if (outcome.type === 'conference') return abandon(snapshot, handover, { q850: 79, sipStatus: 501, text: 'transfer to a conference is not supported' }, env);
  // A transfer to a queue would wait through the consult leg: not supported yet (docs/decisions.md).
  if (outcome.type === 'queue') return abandon(snapshot, handover, { q850: 79, sipStatus: 501, text: 'transfer to a queue is not supported' }, env);
  if (outcome.busy) return abandon(snapshot, handover, CAUSES.busy, env);
  if (outcome.contacts.length === 0) return abandon(snapshot, handover, CAUSES.noAnswer, env);
  const routed: TransferHandover = { ...handover, recipient: outcome.user, ringSeconds: handover.timeoutSeconds ?? outcome.ringSeconds, targets: outcome.contacts };
  return handled(withHandover(snapshot, routed), [{ type: 'media.consult_open', handoverId: handover.id }]);
}

/** The consult leg is open: dial the new channel(s) with its offer. */
export function onConsultOpened(snapshot: CallSnapshot, handover: Handover, sdp: string, env: Env): Result {
  const targets = handover.targets ?? [];
  const user = recipientUser(handover);
  const legs: OutboundLeg[] = targets.map((target) => ({
    channelId: env.newChannelId(), target, status: 'dialing', createdAtMs: env.now, role: 'handover', ...(user === undefined ? {} : { user }),
  }));
  const shown = identityShownToRecipient(snapshot, handover);
  const next: Handover = handover.type === 'transfer' && handover.status === 'starting' ? { ...handover, consultOfferSdp: sdp, status: 'ringback' } : { ...handover, consultOfferSdp: sdp };
  const dials = legs.flatMap((leg): Effect[] => [
    { type: 'channel.spawn', channelId: leg.channelId, target: leg.target },
    command(leg.channelId, { type: 'channel.dial', target: leg.target, caller: shown, sdp }),
  ]);
  const consulting = next.type === 'transfer' && next.flow === 'attended' && next.status === 'ringback';
  const after = withHandover({ ...snapshot, legs: [...snapshot.legs, ...legs] }, next);
  return handled(after, [
    ...dials,
    ...(consulting ? [{ type: 'media.consult_bridge' as const, with: handover.leaving }] : []),
    { type: 'timer.start', name: HANDOVER_TIMEOUT, delayMs: next.ringSeconds * 1000 },
    ...(next.type === 'transfer' ? [transferEvent('updated', next, ringingLeg(after))] : []),
  ]);
}

/** A fact from one of the handover's new channels. */
export function onHandoverLegFact(snapshot: CallSnapshot, handover: Handover, fact: ChannelFact, env: Env): Result {
  switch (fact.type) {
    case 'channel.ringing': {
      const next = withLeg(snapshot, fact.channelId, { status: 'ringing' });
      return handled(next, fact.sdp === undefined || handover.recipientChannelId !== undefined ? [] : [{ type: 'media.consult_answered', channelId: fact.channelId, sdp: fact.sdp }]);
    }
    case 'channel.answered': {
      if (handover.recipientChannelId !== undefined) return ignored('a second answer to a handover');
      const answered: Handover = handover.type === 'transfer' && handover.status === 'ringback' ? { ...handover, recipientChannelId: fact.channelId, status: 'answered' } : { ...handover, recipientChannelId: fact.channelId };
      const next = withHandover(withLeg(snapshot, fact.channelId, { status: 'answered' }), answered);
      const effects: Effect[] = [
        { type: 'timer.cancel', name: HANDOVER_TIMEOUT },
        ...hangUpHandoverLegs(snapshot, CAUSES.answeredElsewhere, fact.channelId),
        { type: 'media.consult_answered', channelId: fact.channelId, sdp: fact.sdp ?? '' },
        handoverEvent('answered', answered),
      ];
      const completeNow = answered.leavingGone === true || (answered.type === 'relocate' && answered.completions.includes('answer'));
      if (!completeNow) return handled(next, effects);
      const completed = complete(next, answered);
      return handled(completed.snapshot, [...effects, ...completed.effects]);
    }
    case 'channel.hung_up': {
      const next = withLeg(snapshot, fact.channelId, { status: 'gone', cause: fact.cause });
      const recipientLeft = fact.channelId === handover.recipientChannelId;
      if (!recipientLeft && handoverLegs(next).length > 0) return handled(next, []);
      return abandon(next, handover, fact.cause, env);
    }
    default:
      // Hold, re-INVITEs and INFO of a channel still being handed over wait for the handover to end.
      return ignored(`${fact.type} from a handover channel`);
  }
}

/** A party of the call hung up during a handover. */
export function onPartyHungUp(snapshot: CallSnapshot, handover: Handover, channelId: string, cause: HangupCause, env: Env): Result {
  const leavingLeft = channelId === handover.leavingChannelId;
  const next = channelId === snapshot.caller.channelId ? { ...snapshot, callerLive: false } : withLeg(snapshot, channelId, { status: 'gone', cause });
  if (leavingLeft && handover.type === 'transfer') {
    // The initiator hung up: an answered consultation completes, a ringing one goes on blind.
    const left: TransferHandover = { ...handover, leavingGone: true, ...(handover.status === 'answered' ? {} : { status: 'blind_transferred' as const }) };
    if (handover.status === 'answered') {
      const completed = complete(withHandover(next, left), left);
      return handled(completed.snapshot, completed.effects);
    }
    return handled(withHandover(next, left), handover.status === 'blind_transferred' ? [] : [transferEvent('updated', left, ringingLeg(next))]);
  }
  if (!leavingLeft && handover.type === 'transfer' && handover.status === 'answered' && handover.recipientChannelId !== undefined) {
    // The transferred party left: the initiator and the recipient go on talking.
    const kept = promote(next, handover, otherParty(handover.leaving), handover.recipientChannelId);
    return handled(withoutHandover(kept.snapshot), [...kept.effects, transferEvent('abandoned', handover), transferEvent('ended', handover)]);
  }
  return terminate(next, cause, env);
}

/** The handover's new channel did not answer in time. */
export function onHandoverTimeout(snapshot: CallSnapshot, handover: Handover, env: Env): Result {
  if (handover.recipientChannelId !== undefined) return ignored('handover timer after the answer');
  const gone: CallSnapshot = { ...snapshot, legs: snapshot.legs.map((leg) => (leg.role === 'handover' ? { ...leg, status: 'gone' as const } : leg)) };
  const result = abandon(gone, handover, CAUSES.noAnswer, env);
  return result.type === 'handled' ? handled(result.snapshot, [...hangUpHandoverLegs(snapshot, CAUSES.noAnswer), ...result.effects]) : result;
}

/** The API completes the handover. */
export function onComplete(snapshot: CallSnapshot, handover: Handover): Result {
  if (handover.type === 'relocate') {
    if (handover.recipientChannelId === undefined) return rejected('the relocated call has not been answered on the new device yet');
    const completed = complete(snapshot, handover);
    return handled(completed.snapshot, completed.effects);
  }
  if (handover.status === 'blind_transferred') return rejected('a blind transfer completes when its recipient answers');
  if (handover.status === 'answered') {
    const completed = complete(snapshot, handover);
    return handled(completed.snapshot, completed.effects);
  }
  // Completed while the recipient still rings: the initiator leaves and the transfer goes on blind (calld does the same).
  const blind: TransferHandover = { ...handover, status: 'blind_transferred', leavingGone: true };
  return handled(withHandover(snapshot, blind), [command(handover.leavingChannelId, { type: 'channel.hangup', cause: CAUSES.normal }), transferEvent('updated', blind, ringingLeg(snapshot))]);
}

/** The API cancels the handover: the new channel is hung up and the parties talk again. */
export function onCancel(snapshot: CallSnapshot, handover: Handover): Result {
  if (handover.leavingGone === true) return rejected('the initiator has left: the transfer can no longer be cancelled');
  const restored = restore(snapshot, handover);
  return handled(restored.snapshot, [...hangUpHandoverLegs(snapshot, HANDOVER_CANCELLED), ...restored.effects, ...endEvents(snapshot, handover, 'cancelled')]);
}

/** Gives the handover up (its new channel failed, refused, timed out or hung up). */
export function abandon(snapshot: CallSnapshot, handover: Handover, cause: HangupCause, env: Env): Result {
  if (handover.leavingGone === true) return terminate(snapshot, cause, env);
  const restored = restore(snapshot, handover);
  return handled(restored.snapshot, [...hangUpHandoverLegs(snapshot, cause), ...restored.effects, ...endEvents(snapshot, handover, 'abandoned')]);
}

/** The parties as before the handover: the consult leg closed, no more music. */
function restore(snapshot: CallSnapshot, handover: Handover): { snapshot: CallSnapshot; effects: Effect[] } {
  const waiting: Effect[] = handover.type === 'transfer' ? [music(snapshot, otherParty(handover.leaving), false)] : [];
  return { snapshot: withoutHandover(snapshot), effects: [{ type: 'timer.cancel', name: HANDOVER_TIMEOUT }, { type: 'media.consult_close' }, ...waiting] };
}

export function endEvents(snapshot: CallSnapshot, handover: Handover, why: 'cancelled' | 'abandoned'): Effect[] {
  if (handover.type === 'relocate') return [relocateEvent('ended', handover, ringingLeg(snapshot))];
  return [transferEvent(why, handover, ringingLeg(snapshot)), transferEvent('ended', handover, ringingLeg(snapshot))];
}

/** The new channel takes the leaving party's place; the leaving channel is hung up. */
function complete(snapshot: CallSnapshot, handover: Handover): { snapshot: CallSnapshot; effects: Effect[] } {
  if (handover.recipientChannelId === undefined) return { snapshot, effects: [] };
  const moved = promote(snapshot, handover, handover.leaving, handover.recipientChannelId);
  const bye: Effect[] = handover.leavingGone === true ? [] : [command(handover.leavingChannelId, { type: 'channel.hangup', cause: CAUSES.normal })];
  const waiting: Effect[] = handover.type === 'transfer' ? [music(snapshot, otherParty(handover.leaving), false)] : [];
  // A queue's member who transfers the caller away is done with the queue's call.
  const away = handover.type === 'transfer' && handover.leaving === 'callee' ? queueMemberTransferredAway(moved.snapshot) : { snapshot: moved.snapshot, effects: [] };
  return { snapshot: withoutHandover(away.snapshot), effects: [...moved.effects, ...bye, ...waiting, ...away.effects, handoverEvent('completed', handover), handoverEvent('ended', handover)] };
}

/** Puts the answered new channel on `into`'s side of the call (and the consult leg in its media slot). */
function promote(snapshot: CallSnapshot, handover: Handover, into: Party, recipientChannelId: string): { snapshot: CallSnapshot; effects: Effect[] } {
  const leg = findLeg(snapshot, recipientChannelId);
  const user: CalledUser | undefined = leg?.user ?? recipientUser(handover);
  const effects: Effect[] = [{ type: 'timer.cancel', name: HANDOVER_TIMEOUT }, { type: 'media.consult_promote', into }];
  if (into === 'callee') {
    const legs = snapshot.legs.map((each) => (each.channelId === recipientChannelId ? { channelId: each.channelId, target: each.target, status: each.status, createdAtMs: each.createdAtMs } : each));
    const next: CallSnapshot = { ...snapshot, legs, answeredChannelId: recipientChannelId, ...(user === undefined ? {} : { callee: user }) };
    const updated = legs.find((each) => each.channelId === recipientChannelId);
    return { snapshot: next, effects: [...effects, ...(updated === undefined ? [] : [channelEvent('call_updated', legChannelModel(next, updated))]), channelEvent('call_updated', callerChannelModel(next))] };
  }
  const caller = {
    channelId: recipientChannelId, name: user?.name ?? '', number: user?.number ?? '', context: user?.context ?? snapshot.caller.context,
    ...(user === undefined ? {} : { userUuid: user.userUuid }), ...(user?.musicOnHold === undefined ? {} : { musicOnHold: user.musicOnHold }),
  };
  const next: CallSnapshot = { ...snapshot, caller, callerLive: true, firstCaller: snapshot.firstCaller ?? snapshot.caller, legs: snapshot.legs.filter((each) => each.channelId !== recipientChannelId) };
  const staying = snapshot.answeredChannelId === undefined ? undefined : findLeg(next, snapshot.answeredChannelId);
  return { snapshot: next, effects: [...effects, ...(staying === undefined ? [] : [channelEvent('call_updated', legChannelModel(next, staying))])] };
}
