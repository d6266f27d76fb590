/**
 * A call in a queue (seed CC-02..CC-06), as Asterisk's Queue() runs it from Wazo's dialplan: the
 * call asks the queue to take it, waits there with the queue's music, rings the members the queue
 * reserves for it, and is bridged to the first one who answers; or it leaves for the queue's
 * destination of the case (refused, diverted, timed out, emptied), else it ends.
 *
 * @remarks
 * Pure. The queue is an actor of its own and keeps every timer of the queue (its timeout, the
 * members' ring time, the retry pause): the call only follows what the queue tells it
 * (`call.queue_update`) and reports what its legs do (a member answered or failed, the caller
 * abandoned, the call a member took ended). The caller hears the music while members ring, as
 * Queue() plays music on hold unless told to ring (its `r` option, which Wazo does not set).
 * Leaving the queue for a destination is following a fallback, bounded as a group's fallbacks are
 * (MAX_HUNT_FALLBACKS). The abandon and the end of a connected call are reported by `terminate`
 * (call-ending.ts), so every way a call ends reports them once.
 */
import { handled, ignored, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CAUSES, type HangupCause } from '../channel/hangup-cause.ts';
import type { CallEffect, CallEnv, RouteOutcome, RouteReason } from './call-messages.ts';
import type { CallSnapshot, OutboundLeg } from './call-snapshot.ts';
import type { HuntFallback } from './hunt-plan.ts';
import type { CallQueue, QueueRefusal, QueueRingMember, QueueRoute, QueueUpdate } from './queue-route.ts';
import { command, findLeg, hangUpLegs, liveLegs } from './call-legs.ts';
import { move, RING_TIMEOUT, terminate } from './call-ending.ts';
import { followFallback } from './call-fallback.ts';
import { MAX_HUNT_FALLBACKS, shownName } from './call-hunt.ts';
import { answerCallerOnce } from './caller-answer.ts';
import { callerChannelModel, channelEvent } from './call-events.ts';

type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/** Where a refused call goes, and how it ends without a destination (Wazo's queue dialplan after Queue() returns). */
const REFUSALS: Readonly<Record<QueueRefusal, { readonly destination: (route: QueueRoute) => HuntFallback | undefined; readonly cause: HangupCause }>> = {
  divert_waittime: { destination: (route) => route.diversions.waitTime, cause: CAUSES.noAnswer },
  divert_ca_ratio: { destination: (route) => route.diversions.waitRatio, cause: CAUSES.noAnswer },
  full: { destination: (route) => route.fallbacks.congestion, cause: CAUSES.congestion },
  joinempty: { destination: (route) => route.fallbacks.fail, cause: CAUSES.noAnswer },
  unavailable: { destination: (route) => route.fallbacks.fail, cause: CAUSES.noAnswer },
};

function withQueue(snapshot: CallSnapshot, queue: CallQueue): CallSnapshot {
  return { ...snapshot, queue };
}

function music(queue: CallQueue, on: boolean): Effect[] {
  return queue.music === on ? [] : [{ type: 'media.music', party: 'caller', on, music: queue.route.musicOnHold }];
}

/** The call reached a queue: it asks to enter, and is not answered until the queue takes it. */
export function enterQueue(snapshot: CallSnapshot, outcome: Extract<RouteOutcome, { type: 'queue' }>): Result {
  // A user rung before (a forward, a fallback) does not bring their forwards into the queue.
  const { noAnswerForward: _noAnswer, busyForward: _busy, fallbacks: _fallbacks, hunt: _hunt, ...before } = snapshot;
  const queue: CallQueue = { route: outcome.queue, phase: 'entering', music: false };
  const next = move(before, 'queued', { queue });
  // A user rung before keeps no ring time running: the queue owns the call's time from now on.
  return handled(next, [
    { type: 'timer.cancel', name: RING_TIMEOUT },
    { type: 'queue.enter', queue: outcome.queue, caller: { name: snapshot.caller.name, number: snapshot.caller.number } },
  ]);
}

/** What the queue tells the call; an update of another queue, or of a call no longer waiting, is ignored. */
export function onQueueUpdate(snapshot: CallSnapshot, queueId: number, update: QueueUpdate, env: Env): Result {
  const { queue } = snapshot;
  if (snapshot.state !== 'queued' || queue === undefined || queue.route.queueId !== queueId) return ignored(`queue ${queueId} ${update.type} in ${snapshot.state}`);
  switch (update.type) {
    case 'entered':
      return queue.phase === 'entering' ? onEntered(snapshot, queue, env) : ignored(`entered while ${queue.phase}`);
    case 'not_entered': {
      if (queue.phase !== 'entering') return ignored(`not entered while ${queue.phase}`);
      const refusal = REFUSALS[update.status];
      return leaveQueue(snapshot, refusal.destination(queue.route), 'unavailable', refusal.cause, [], env);
    }
    case 'ring':
      return queue.phase === 'waiting' ? ringMembers(snapshot, queue, update.offerId, update.members, env) : ignored(`ring while ${queue.phase}`);
    case 'stop_ringing':
      return stopMembers(snapshot, update.offerId, update.memberIds);
    case 'exit': {
      if (queue.phase !== 'waiting') return ignored(`exit while ${queue.phase}`);
      const stopped = stopLegs(snapshot, (leg) => leg.queueMember !== undefined);
      const fallback = update.status === 'timeout' ? queue.route.fallbacks.noanswer : queue.route.fallbacks.fail;
      return leaveQueue(stopped.snapshot, fallback, update.status === 'timeout' ? 'noanswer' : 'unavailable', CAUSES.noAnswer, [...music(queue, false), ...stopped.effects], env);
    }
    default:
      return update satisfies never;
  }
}

/** The queue took the call: the caller is answered (once) and hears the queue's music. */
function onEntered(snapshot: CallSnapshot, queue: CallQueue, env: Env): Result {
  const waiting: CallQueue = { ...queue, phase: 'waiting', music: true };
  const { snapshot: answered, effects: answering } = answerCallerOnce(withQueue(snapshot, waiting), env.now);
  return handled(answered, [...(answering.length > 0 ? answering : [channelEvent('call_updated', callerChannelModel(answered))]), ...music(queue, true)]);
}

/** Rings the members of an offer: one leg per phone, each naming its member and the offer; a member without phones failed at once. */
function ringMembers(snapshot: CallSnapshot, queue: CallQueue, offerId: string, members: readonly QueueRingMember[], env: Env): Result {
  const legs: OutboundLeg[] = members.flatMap((member) => member.contacts.map((target) => ({
    channelId: env.newChannelId(), target, status: 'dialing' as const, createdAtMs: env.now, user: member.user, queueMember: { offerId, memberId: member.memberId },
  })));
  const caller = { name: shownName(snapshot.caller.name, queue.route.callerIdName), number: snapshot.caller.number };
  const dials = legs.flatMap((leg): Effect[] => [
    { type: 'channel.spawn', channelId: leg.channelId, target: leg.target },
    command(leg.channelId, { type: 'channel.dial', target: leg.target, caller, sdp: snapshot.media.calleeOfferSdp }),
  ]);
  const failed = members.filter((member) => member.contacts.length === 0).map((member): Effect => memberFailed(queue, offerId, member.memberId));
  return handled({ ...snapshot, queue: { ...queue, offerId }, legs: [...snapshot.legs, ...legs] }, [...dials, ...failed]);
}

function memberFailed(queue: CallQueue, offerId: string, memberId: string): Effect {
  return { type: 'queue.member_failed', queueId: queue.route.queueId, offerId, memberId };
}

/** Hangs up (not answered) the live legs `which` selects, and marks them stopped. */
function stopLegs(snapshot: CallSnapshot, which: (leg: OutboundLeg) => boolean): { readonly snapshot: CallSnapshot; readonly effects: Effect[] } {
  const stopping = liveLegs(snapshot).filter(which).map((leg) => leg.channelId);
  const effects = stopping.map((channelId): Effect => command(channelId, { type: 'channel.hangup', cause: CAUSES.noAnswer }));
  const legs = snapshot.legs.map((leg) => (stopping.includes(leg.channelId) ? { ...leg, status: 'gone' as const } : leg));
  return { snapshot: { ...snapshot, legs }, effects };
}

/** The queue withdrew members from an offer: their phones stop ringing. */
function stopMembers(snapshot: CallSnapshot, offerId: string, memberIds: readonly string[]): Result {
  const stopped = stopLegs(snapshot, (leg) => leg.queueMember?.offerId === offerId && memberIds.includes(leg.queueMember.memberId));
  return handled(stopped.snapshot, stopped.effects);
}

/**
 * Leaves the queue for `fallback` (routed as a group's fallback, from `establishing`), or ends the
 * call: with `cause` when the caller was never answered, else with normal clearing.
 */
function leaveQueue(snapshot: CallSnapshot, fallback: HuntFallback | undefined, reason: RouteReason, cause: HangupCause, effects: readonly Effect[], env: Env): Result {
  const { queue: _left, ...rest } = snapshot;
  const without: CallSnapshot = rest;
  const left = fallback === undefined || without.forwards >= MAX_HUNT_FALLBACKS
    ? terminate(without, without.callerAnswered === true ? CAUSES.normal : cause, env)
    : followFallback(move(without, 'establishing'), fallback, reason, env);
  return left.type === 'handled' ? handled(left.snapshot, [...effects, ...left.effects]) : left;
}

/** A member's phone rings: recorded for the events; the caller keeps hearing the queue's music. */
export function onQueueLegRinging(snapshot: CallSnapshot, channelId: string): Result {
  return handled({ ...snapshot, legs: snapshot.legs.map((leg) => (leg.channelId === channelId ? { ...leg, status: 'ringing' as const } : leg)) }, []);
}

/**
 * A member's phone answered: the music stops, the member is bridged and becomes the callee (with
 * the queue's music when they hold the caller, seed CC-06), every other phone is CANCELled as
 * answered elsewhere and the queue is told. A phone of an older offer the queue no longer makes
 * is hung up unreported: the queue would refuse its answer.
 */
export function onQueueLegAnswered(snapshot: CallSnapshot, channelId: string, sdp: string | undefined, env: Env): Result {
  const { queue } = snapshot;
  const leg = findLeg(snapshot, channelId);
  if (queue === undefined || leg?.queueMember === undefined || leg.user === undefined) return ignored(`answer of ${channelId}, not a member's phone`);
  if (queue.phase !== 'waiting' || leg.queueMember.offerId !== queue.offerId) {
    const stopped = stopLegs(snapshot, (candidate) => candidate.channelId === channelId);
    return handled(stopped.snapshot, stopped.effects);
  }
  const { memberId } = leg.queueMember;
  const { snapshot: answered, effects: answering } = answerCallerOnce(snapshot, env.now);
  const connected: CallQueue = { ...queue, phase: 'connected', memberId, music: false };
  const legs = answered.legs.map((other) => (other.channelId === channelId ? { ...other, status: 'answered' as const } : other.status === 'gone' ? other : { ...other, status: 'gone' as const }));
  const next = move({ ...answered, legs }, 'established', {
    answeredChannelId: channelId, answeredAtMs: answered.answeredAtMs ?? env.now, queue: connected,
    callee: { ...leg.user, musicOnHold: queue.route.musicOnHold },
  });
  return handled(next, [
    ...music(queue, false),
    ...answering,
    ...hangUpLegs(snapshot, CAUSES.answeredElsewhere, channelId),
    { type: 'media.connect_callee', channelId, sdp: sdp ?? '' },
    { type: 'queue.member_answered', queueId: queue.route.queueId, offerId: leg.queueMember.offerId, memberId },
  ]);
}

/**
 * A member's phone ended by itself (busy, declined, unreachable): when it was the member's last
 * phone of the offer still up, the queue is told the member failed. A phone the call stopped
 * (withdrawn, answered elsewhere) reports nothing.
 */
export function onQueueLegGone(before: CallSnapshot, after: CallSnapshot, channelId: string): Result {
  const leg = findLeg(before, channelId);
  const { queue } = after;
  if (queue === undefined || leg?.queueMember === undefined || leg.status === 'gone') return handled(after, []);
  const { offerId, memberId } = leg.queueMember;
  const stillUp = liveLegs(after).some((other) => other.queueMember?.offerId === offerId && other.queueMember.memberId === memberId);
  return handled(after, stillUp ? [] : [memberFailed(queue, offerId, memberId)]);
}
