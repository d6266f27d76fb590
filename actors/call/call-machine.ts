/**
 * The call machine: routes the dialed number, rings the callee's contacts in parallel, bridges the
 * leg that answers, follows the no-answer and busy forwards, and ends once every leg is gone with
 * exactly one call log.
 *
 * @remarks
 * Pure. The shell resolves `route.resolve` (dialplan, registrar, busy state) and answers with
 * `call.routed`; it spawns outbound channels on `channel.spawn`; media and records go to their
 * ports. Ringing is bounded by the callee's `ring_seconds` (seed CF-04), after which the caller gets
 * the no-answer forward or 480 (Asterisk's NOANSWER).
 */
import { assertNever } from '../errors.ts';
import { handled, ignored, rejected, type ActorMachine, type KernelEffect, type KernelMessage, type MachineEnv, type Transition } from '../kernel/index.ts';
import type { ChannelFact } from '../channel/channel-messages.ts';
import { CAUSES, type HangupCause } from '../channel/hangup-cause.ts';
import type { CallEffect, CallEnv, CallMessage, RouteOutcome, RouteReason } from './call-messages.ts';

export type { CallEnv } from './call-messages.ts';
import type { CallSnapshot } from './call-snapshot.ts';
import { finish, HANDOVER_TIMEOUT, move, RING_TIMEOUT, terminate, TERMINATE_GRACE } from './call-ending.ts';
import { dialTrunk, triesNextTrunk } from './call-trunks.ts';
import { onHuntLegGone, onHuntTimer, startHunt } from './call-hunt.ts';
import { abandon, onCancel, onComplete, onConsultOpened, onHandoverLegFact, onHandoverRouted, onHandoverTimeout, onPartyHungUp, startHandover } from './call-handover-machine.ts';
import { callerChannelModel, channelEvent, channelLifecycleEvents } from './call-events.ts';
import { enterIvr, ivrTimerId, onIvrInput } from './call-ivr.ts';
import { enterAnnouncement, onAnnouncementPlayed } from './call-announcement.ts';
import { enterVoicemail, onVoicemailDigit, onVoicemailPlayed, onVoicemailRecorded } from './call-voicemail.ts';
import { consultTimerId, enterMailboxConsult, onMailboxConsultInput } from './call-mailbox-consult.ts';
import { challengeTimerId, enterChallenge, onChallengeInput, onChallengeRouted } from './call-challenge.ts';
import { enterConference, onConferenceDigit, onConferencePlayed, onConferenceUpdate } from './call-conference.ts';
import { enterQueue, onQueueLegAnswered, onQueueLegGone, onQueueLegRinging, onQueueUpdate } from './call-queue.ts';
import { onSourceAnswered, startOriginate } from './call-originate.ts';
import { onHold, onMute } from './call-party-controls.ts';
import { fallbackCaseOf, followFallback } from './call-fallback.ts';
import type { FallbackCase } from './hunt-plan.ts';
import { command, everyChannelGone, failedAttemptCause, findLeg, hangUpLegs, liveLegs, withLeg } from './call-legs.ts';

export { RING_TIMEOUT, TERMINATE_GRACE, TERMINATE_GRACE_MS } from './call-ending.ts';
/** Busy and no-answer forwards a call follows at most (Wazo's XIVO_MAX_FWD_COUNT, docs/decisions.md D-015). */
export const MAX_FORWARDS = 10;


type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/**
 * Follows the callee's forward of the case, else its fallback of the case (`fallbackCase`), or ends
 * the call with `cause` when there is neither (or too many forwards were followed).
 *
 * @remarks
 * An enabled forward wins over the fallback, as Wazo's user dialplan takes the forward's extension
 * before the user's dialaction (docs/decisions.md). The fallbacks are used up here: the route that
 * follows brings the next callee's own.
 */
function forwardOr(snapshot: CallSnapshot, forward: string | undefined, reason: RouteReason, cause: HangupCause, env: Env, fallbackCase?: FallbackCase): Result {
  const { fallbacks, ...rest } = snapshot;
  const used: CallSnapshot = rest;
  if (snapshot.forwards >= MAX_FORWARDS) return terminate(snapshot, cause, env);
  if (forward === undefined) {
    const fallback = fallbackCase === undefined ? undefined : fallbacks?.[fallbackCase];
    return fallback === undefined ? terminate(snapshot, cause, env) : followFallback(used, fallback, reason, env);
  }
  const next: CallSnapshot = { ...used, dialed: forward, forwards: snapshot.forwards + 1 };
  // As Asterisk's forwards in Wazo: the forwarding user's destination is dialed in that user's context.
  return handled(next, [{ type: 'route.resolve', dialed: forward, context: snapshot.callee?.context ?? snapshot.caller.context, reason }]);
}

function onRouted(snapshot: CallSnapshot, outcome: RouteOutcome, env: Env): Result {
  if (outcome.type === 'refuse') return terminate(snapshot, outcome.cause, env);
  if (outcome.type === 'ivr') return enterIvr(snapshot, outcome, env);
  if (outcome.type === 'feature') return enterAnnouncement(snapshot, outcome, env);
  if (outcome.type === 'voicemail') return enterVoicemail(snapshot, outcome, env);
  if (outcome.type === 'mailbox') return enterMailboxConsult(snapshot, outcome, env);
  if (outcome.type === 'challenge') return enterChallenge(snapshot, outcome, env);
  if (outcome.type === 'hunt') return startHunt(snapshot, outcome.plan, env);
  if (outcome.type === 'conference') return enterConference(snapshot, outcome, env);
  if (outcome.type === 'queue') return enterQueue(snapshot, outcome);
  if (outcome.type === 'trunks') {
    const [first, ...rest] = outcome.attempts;
    return first === undefined ? terminate(snapshot, CAUSES.congestion, env) : dialTrunk(snapshot, [first, ...rest], outcome.ringSeconds, env);
  }
  // The user reached brings their own forwards and fallbacks: those of a user rung before do not apply to them.
  const { noAnswerForward: _noAnswer, busyForward: _busy, fallbacks: _fallbacks, ...before } = snapshot;
  const routed: CallSnapshot = {
    ...before, callee: outcome.user,
    ...(outcome.noAnswerForward === undefined ? {} : { noAnswerForward: outcome.noAnswerForward }),
    ...(outcome.busyForward === undefined ? {} : { busyForward: outcome.busyForward }),
    ...(outcome.fallbacks === undefined ? {} : { fallbacks: outcome.fallbacks }),
  };
  if (outcome.busy) return forwardOr(routed, outcome.busyForward, 'busy', CAUSES.busy, env, 'busy');
  if (outcome.contacts.length === 0) return forwardOr(routed, outcome.noAnswerForward, 'unavailable', CAUSES.noAnswer, env, 'fail');
  const legs = outcome.contacts.map((target) => ({ channelId: env.newChannelId(), target, status: 'dialing' as const, createdAtMs: env.now }));
  const next = snapshot.state === 'initial' || snapshot.state === 'ivr' || snapshot.state === 'challenge'
    ? move(routed, 'establishing', { legs: [...snapshot.legs, ...legs] })
    : { ...routed, legs: [...snapshot.legs, ...legs] };
  const caller = { name: snapshot.caller.name, number: snapshot.caller.number };
  const dials = legs.flatMap((leg): Effect[] => [
    { type: 'channel.spawn', channelId: leg.channelId, target: leg.target },
    command(leg.channelId, { type: 'channel.dial', target: leg.target, caller, sdp: snapshot.media.calleeOfferSdp }),
  ]);
  return handled(next, [...dials, { type: 'timer.start', name: RING_TIMEOUT, delayMs: outcome.ringSeconds * 1000 }]);
}

function onLegFact(snapshot: CallSnapshot, fact: ChannelFact, env: Env): Result {
  const fromCaller = fact.channelId === snapshot.caller.channelId;
  const leg = findLeg(snapshot, fact.channelId);
  if (!fromCaller && leg === undefined) return ignored(`${fact.type} from unknown channel ${fact.channelId}`);
  // A leg the call has given up on (ring timeout, answered elsewhere) is being hung up: what it
  // still reports before its hang-up (a late 180 or 200) must not bring it back.
  if (leg?.status === 'gone' && fact.type !== 'channel.hung_up') return ignored(`${fact.type} from a leg being hung up`);
  if (leg?.role === 'handover' && snapshot.handover !== undefined) return onHandoverLegFact(snapshot, snapshot.handover, fact, env);
  switch (fact.type) {
    case 'channel.ringing': {
      if (snapshot.state === 'queued' && !fromCaller) return onQueueLegRinging(snapshot, fact.channelId);
      if (snapshot.state !== 'establishing' || fromCaller) return ignored(`ringing in ${snapshot.state}`);
      const next = withLeg({ ...snapshot, ringingSent: true }, fact.channelId, { status: 'ringing' });
      const early = fact.sdp !== undefined;
      const effects: Effect[] = early ? [{ type: 'media.connect_callee', channelId: fact.channelId, sdp: fact.sdp ?? '' }] : [];
      // An originated call's caller is an answered outbound leg, an IVR's caller was answered by the
      // node: there is no INVITE of theirs to answer provisionally.
      if (callerIsUp(snapshot)) return handled(next, effects);
      if (early) effects.push(command(snapshot.caller.channelId, { type: 'channel.progress', status: 183, sdp: snapshot.media.callerAnswerSdp }));
      else if (!snapshot.ringingSent) effects.push(command(snapshot.caller.channelId, { type: 'channel.progress', status: 180 }));
      return handled(next, effects);
    }
    case 'channel.answered': {
      if (fromCaller && snapshot.originate !== undefined && !snapshot.originate.sourceAnswered && snapshot.state === 'initial') return onSourceAnswered(snapshot, fact.sdp);
      if (snapshot.state === 'queued' && !fromCaller) return onQueueLegAnswered(snapshot, fact.channelId, fact.sdp, env);
      if (snapshot.state !== 'establishing' || fromCaller) return ignored(`answer in ${snapshot.state}`);
      // A caller the node answered (an IVR) keeps that answer time, as Asterisk's CDR does.
      const answeredAtMs = snapshot.callerAnswered === true ? snapshot.answeredAtMs ?? env.now : env.now;
      // A group's member who answers becomes the callee (events and the call log name them).
      const next = move(withLeg(snapshot, fact.channelId, { status: 'answered' }), 'established', { answeredChannelId: fact.channelId, answeredAtMs, ...(leg?.user === undefined ? {} : { callee: leg.user }) });
      return handled(next, [
        { type: 'timer.cancel', name: RING_TIMEOUT },
        ...hangUpLegs(snapshot, CAUSES.answeredElsewhere, fact.channelId),
        { type: 'media.connect_callee', channelId: fact.channelId, sdp: fact.sdp ?? '' },
        ...(callerIsUp(snapshot) ? [] : [command(snapshot.caller.channelId, { type: 'channel.answer', sdp: snapshot.media.callerAnswerSdp })]),
      ]);
    }
    case 'channel.hung_up':
      return onHungUp(snapshot, fact, fromCaller, env);
    case 'channel.held':
    case 'channel.resumed':
      return onHold(snapshot, fact.channelId, fact.type === 'channel.held', fact.sdp);
    case 'channel.media_changed':
      if (snapshot.state !== 'established') return ignored(`media change in ${snapshot.state}`);
      return handled(snapshot, [{ type: 'media.reinvite', channelId: fact.channelId, party: fromCaller ? 'caller' : 'callee', sdp: fact.sdp }]);
    case 'channel.reoffer_answered':
      if (snapshot.state !== 'established') return ignored(`re-offer answer in ${snapshot.state}`);
      return handled(snapshot, [{ type: 'media.reoffer_answered', channelId: fact.channelId, party: fromCaller ? 'caller' : 'callee', sdp: fact.sdp }]);
    case 'channel.info': {
      const other = fromCaller ? snapshot.answeredChannelId : snapshot.caller.channelId;
      if (snapshot.state !== 'established' || other === undefined) return ignored(`INFO in ${snapshot.state}`);
      return handled(snapshot, [command(other, { type: 'channel.send_info', contentType: fact.contentType, body: fact.body })]);
    }
    default:
      return assertNever(fact);
  }
}

/** Whether the caller's channel is already up: an originated call's source, or a caller an IVR answered. */
function callerIsUp(snapshot: CallSnapshot): boolean {
  return snapshot.originate !== undefined || snapshot.callerAnswered === true;
}

function onHungUp(snapshot: CallSnapshot, fact: Extract<ChannelFact, { type: 'channel.hung_up' }>, fromCaller: boolean, env: Env): Result {
  const next: CallSnapshot = fromCaller ? { ...snapshot, callerLive: false } : withLeg(snapshot, fact.channelId, { status: 'gone', cause: fact.cause });
  switch (snapshot.state) {
    case 'initial':
      return fromCaller ? terminate(next, fact.cause, env) : ignored('leg before routing');
    case 'ivr':
    case 'announcing':
    case 'challenge':
    case 'conference':
      return fromCaller ? terminate(next, fact.cause, env) : handled(next, []);
    case 'queued':
      return fromCaller ? terminate(next, fact.cause, env) : onQueueLegGone(snapshot, next, fact.channelId);
    case 'establishing': {
      if (fromCaller) return terminate(next, fact.cause, env);
      // A leg the call stopped itself (its ring time or a group's step was over) has nothing left to decide.
      if (findLeg(snapshot, fact.channelId)?.status === 'gone') return handled(next, []);
      if (snapshot.hunt !== undefined) return onHuntLegGone(snapshot, next, fact.channelId, env);
      if (liveLegs(next).length > 0) return handled(next, []);
      const cause = failedAttemptCause(next) ?? CAUSES.noAnswer;
      const [nextTrunk, ...laterTrunks] = next.trunkAttempts ?? [];
      if (nextTrunk !== undefined && triesNextTrunk(cause)) return dialTrunk({ ...next, legs: [] }, [nextTrunk, ...laterTrunks], next.trunkRingSeconds ?? 0, env);
      const busy = cause.q850 === CAUSES.busy.q850;
      return forwardOr({ ...next, legs: [] }, busy ? next.busyForward : next.noAnswerForward, busy ? 'busy' : 'noanswer', cause, env, fallbackCaseOf(cause));
    }
    case 'established':
      if (!fromCaller && fact.channelId !== snapshot.answeredChannelId) return handled(next, []);
      if (snapshot.handover !== undefined) return onPartyHungUp(snapshot, snapshot.handover, fact.channelId, fact.cause, env);
      return terminate(next, fact.cause, env);
    case 'terminating':
      return everyChannelGone(next) ? finish(next, [], env.now) : handled(next, []);
    case 'terminated':
      return ignored('hang-up after the end');
    default:
      return assertNever(snapshot.state);
  }
}

function onTimer(snapshot: CallSnapshot, name: string, env: Env): Result {
  const hunted = onHuntTimer(snapshot, name, env);
  if (hunted !== undefined) return hunted;
  if (name === RING_TIMEOUT && snapshot.state === 'establishing') {
    const effects = hangUpLegs(snapshot, CAUSES.noAnswer);
    const stopped: CallSnapshot = { ...snapshot, legs: snapshot.legs.map((leg) => ({ ...leg, status: 'gone' as const })) };
    const result = forwardOr(stopped, snapshot.noAnswerForward, 'noanswer', CAUSES.noAnswer, env, 'noanswer');
    return result.type === 'handled' ? handled(result.snapshot, [...effects, ...result.effects]) : result;
  }
  if (name === TERMINATE_GRACE && snapshot.state === 'terminating') return finish(snapshot, [], env.now);
  const ivrTimer = ivrTimerId(name);
  if (ivrTimer !== undefined) return onIvrInput(snapshot, { type: 'timer.fired', timerId: ivrTimer }, env);
  const challengeTimer = challengeTimerId(name);
  if (challengeTimer !== undefined) return onChallengeInput(snapshot, { type: 'timer.fired', timerId: challengeTimer }, env);
  const consultTimer = consultTimerId(name);
  if (consultTimer !== undefined) return onMailboxConsultInput(snapshot, { type: 'timer.fired', timerId: consultTimer }, env);
  if (name === HANDOVER_TIMEOUT && snapshot.handover !== undefined) return onHandoverTimeout(snapshot, snapshot.handover, env);
  if (name === RING_TIMEOUT && snapshot.state === 'initial' && snapshot.originate !== undefined) return terminate(snapshot, CAUSES.noAnswer, env);
  return ignored(`timer ${name} in ${snapshot.state}`);
}

/** An order about the handover in progress, which must be the one it names. */
function onHandoverOrder(snapshot: CallSnapshot, message: Extract<CallMessage, { type: 'call.handover_complete' | 'call.handover_cancel' | 'call.consult_opened' | 'call.consult_failed' }>, env: Env): Result {
  const { handover } = snapshot;
  if (handover === undefined || handover.id !== message.id || snapshot.state !== 'established') return rejected(`no handover ${message.id} in progress`);
  switch (message.type) {
    case 'call.handover_complete':
      return onComplete(snapshot, handover);
    case 'call.handover_cancel':
      return onCancel(snapshot, handover);
    case 'call.consult_opened':
      return handover.consultOfferSdp === undefined ? onConsultOpened(snapshot, handover, message.sdp, env) : ignored('consult leg opened twice');
    case 'call.consult_failed':
      return abandon(snapshot, handover, { q850: 41, sipStatus: 503, text: `no media for the transfer: ${message.reason}` }, env);
    default:
      return assertNever(message);
  }
}

function dispatch(snapshot: CallSnapshot, message: CallMessage | KernelMessage, env: Env): Result {
  switch (message.type) {
    case 'sys.timer.fired':
      return onTimer(snapshot, message.name, env);
    case 'call.start':
      if (snapshot.state !== 'initial') return rejected(`start in ${snapshot.state}`);
      if (snapshot.originate !== undefined) return startOriginate(snapshot, snapshot.originate.source);
      return handled(snapshot, [channelEvent('call_created', callerChannelModel(snapshot)), { type: 'route.resolve', dialed: snapshot.dialed, context: snapshot.caller.context, reason: 'dialed' }]);
    case 'call.routed':
      if (snapshot.state === 'established' && snapshot.handover !== undefined) return onHandoverRouted(snapshot, snapshot.handover, message.outcome, env);
      if (snapshot.state === 'ivr' && snapshot.ivr?.machine.phase.type !== 'finished') return ignored('routed while the IVR runs');
      if (snapshot.state === 'challenge' && snapshot.challenge?.machine.phase.type !== 'finished') return onChallengeRouted(snapshot, message.outcome, env, onRouted);
      if (snapshot.state !== 'initial' && snapshot.state !== 'establishing' && snapshot.state !== 'ivr' && snapshot.state !== 'challenge') return ignored(`routed in ${snapshot.state}`);
      return onRouted(snapshot, message.outcome, env);
    case 'call.play_finished':
      if (snapshot.state === 'announcing' && snapshot.mailboxConsult !== undefined) return onMailboxConsultInput(snapshot, { type: 'play.finished', playId: message.playId }, env);
      if (snapshot.state === 'announcing') return snapshot.voicemail === undefined ? onAnnouncementPlayed(snapshot, message.playId, env) : onVoicemailPlayed(snapshot, message.playId);
      if (snapshot.state === 'challenge') return onChallengeInput(snapshot, { type: 'play.finished', playId: message.playId }, env);
      if (snapshot.state === 'conference') return onConferencePlayed(snapshot, message.playId, env);
      return onIvrInput(snapshot, { type: 'play.finished', playId: message.playId }, env);
    case 'call.dtmf':
      if (message.party !== 'caller') return ignored('DTMF from the callee');
      if (snapshot.state === 'announcing' && snapshot.mailboxConsult !== undefined) return onMailboxConsultInput(snapshot, { type: 'digit', digit: message.digit }, env);
      if (snapshot.state === 'announcing') return onVoicemailDigit(snapshot, message.digit);
      if (snapshot.state === 'conference') return onConferenceDigit(snapshot, message.digit);
      return snapshot.state === 'challenge' ? onChallengeInput(snapshot, { type: 'digit', digit: message.digit }, env) : onIvrInput(snapshot, { type: 'digit', digit: message.digit }, env);
    case 'call.conference_update':
      return onConferenceUpdate(snapshot, message.conferenceId, message.update);
    case 'call.queue_update':
      return onQueueUpdate(snapshot, message.queueId, message.update, env);
    case 'call.record_finished':
      return onVoicemailRecorded(snapshot, env);
    case 'call.hold':
      return onHold(snapshot, message.channelId, message.on, undefined);
    case 'call.mute':
      return onMute(snapshot, message.channelId, message.on);
    case 'call.transfer':
    case 'call.relocate':
      return startHandover(snapshot, message);
    case 'call.handover_complete':
    case 'call.handover_cancel':
    case 'call.consult_opened':
    case 'call.consult_failed':
      return onHandoverOrder(snapshot, message, env);
    case 'call.hangup':
      if (snapshot.state === 'terminating' || snapshot.state === 'terminated') return ignored(`hang-up in ${snapshot.state}`);
      return terminate(snapshot, message.cause, env);
    default:
      return onLegFact(snapshot, message, env);
  }
}

/** The call machine: each transition also tells the channel lifecycle events it implies, before the actor stops. */
export const callMachine: ActorMachine<CallSnapshot, CallMessage, CallEffect, CallEnv> = {
  transition(snapshot, message: CallMessage | KernelMessage, env): Result {
    const result = dispatch(snapshot, message, env);
    if (result.type !== 'handled') return result;
    const events = channelLifecycleEvents(snapshot, result.snapshot, env.now);
    if (events.length === 0) return result;
    const stopAt = result.effects.findIndex((effect) => effect.type === 'stop');
    const effects = stopAt < 0 ? [...result.effects, ...events] : [...result.effects.slice(0, stopAt), ...events, ...result.effects.slice(stopAt)];
    return handled(result.snapshot, effects);
  },
};
