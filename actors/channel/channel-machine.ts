/**
 * The channel machine: one leg of a call, driven by its call's commands and its SIP leg's facts.
 *
 * @remarks
 * Pure (`transition(snapshot, message, env)`); the shell runs the `sip.*` effects on the leg's
 * INVITE session and delivers `send` effects to the call. A leg that ends tells its call once
 * (`channel.hung_up`) and stops. How a hang-up goes out depends on the leg's state and direction
 * (RFC 3261): an unanswered inbound leg is refused with a final response, an unanswered outbound
 * leg is cancelled (§9.1), an answered leg gets a BYE (§15).
 */
import { assertNever } from '../errors.ts';
import { assertTransition, handled, ignored, rejected, type ActorMachine, type KernelEffect, type KernelMessage, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CHANNEL_ALLOWED, isEarly, type ChannelState } from './channel-state.ts';
import type { ChannelEffect, ChannelFact, ChannelMessage, SipLegFact } from './channel-messages.ts';
import type { ChannelSnapshot } from './channel-snapshot.ts';
import { CAUSES, causeFromSip, type HangupCause } from './hangup-cause.ts';

type Env = MachineEnv<Record<never, never>>;
type Effect = ChannelEffect | KernelEffect;
type Result = Transition<ChannelSnapshot, Effect>;

function move(snapshot: ChannelSnapshot, to: ChannelState, changes: Partial<ChannelSnapshot> = {}): ChannelSnapshot {
  assertTransition('channel', CHANNEL_ALLOWED, snapshot.state, to);
  return { ...snapshot, ...changes, state: to };
}

function tell(snapshot: ChannelSnapshot, fact: ChannelFact): KernelEffect {
  return { type: 'send', to: snapshot.call, message: fact };
}

/** Ends the leg: record why, tell the call once, stop the actor after the effects. */
function end(snapshot: ChannelSnapshot, env: Env, cause: HangupCause, byRemote: boolean, sipEffects: readonly Effect[]): Result {
  const next = move(snapshot, 'hungUp', { endedAtMs: env.now, cause, endedByRemote: byRemote });
  return handled(next, [
    ...sipEffects,
    tell(next, { type: 'channel.hung_up', channelId: next.channelId, cause, byRemote }),
    { type: 'stop', reason: `hung up: ${cause.text}` },
  ]);
}

/**
 * The Reason of a CANCEL to a leg whose call another leg answered, so the phone does not list a
 * missed call: "SIP;cause=200;text=\"Call completed elsewhere\"" (RFC 3326 §2; Asterisk's
 * mark_answered_elsewhere does the same).
 */
export const ANSWERED_ELSEWHERE_REASON = 'SIP;cause=200;text="Call completed elsewhere"';

function isAnsweredElsewhere(cause: HangupCause): boolean {
  return cause.q850 === CAUSES.answeredElsewhere.q850 && cause.sipStatus === CAUSES.answeredElsewhere.sipStatus && cause.text === CAUSES.answeredElsewhere.text;
}

/** The SIP message that hangs up a leg in its current state. */
function hangupEffect(snapshot: ChannelSnapshot, cause: HangupCause): ChannelEffect {
  if (!isEarly(snapshot.state)) return { type: 'sip.bye' };
  if (snapshot.direction === 'outbound') return isAnsweredElsewhere(cause) ? { type: 'sip.cancel', reason: ANSWERED_ELSEWHERE_REASON } : { type: 'sip.cancel' };
  const status = cause.sipStatus >= 300 ? cause.sipStatus : 480;
  return { type: 'sip.reject', status, reason: cause.text };
}

function onCommand(snapshot: ChannelSnapshot, message: Exclude<ChannelMessage, SipLegFact>, env: Env): Result {
  const { state } = snapshot;
  switch (message.type) {
    case 'channel.dial':
      if (snapshot.direction !== 'outbound' || state !== 'idle') return rejected(`dial in ${state} (${snapshot.direction})`);
      return handled(move(snapshot, 'offering'), [{ type: 'sip.invite', target: message.target, caller: message.caller, sdp: message.sdp }]);
    case 'channel.progress': {
      if (snapshot.direction !== 'inbound' || !isEarly(state) || state === 'idle') return rejected(`progress in ${state}`);
      const to = message.status === 183 && message.sdp !== undefined ? 'earlyMedia' : state === 'earlyMedia' ? 'earlyMedia' : 'ringing';
      const effect: ChannelEffect = message.sdp === undefined ? { type: 'sip.provisional', status: message.status } : { type: 'sip.provisional', status: message.status, sdp: message.sdp };
      return handled(move(snapshot, to), [effect]);
    }
    case 'channel.answer':
      if (snapshot.direction !== 'inbound' || !isEarly(state) || state === 'idle') return rejected(`answer in ${state}`);
      return handled(move(snapshot, 'answered', { answeredAtMs: env.now }), [{ type: 'sip.accept', sdp: message.sdp }]);
    case 'channel.hangup':
      if (state === 'hungUp') return ignored('already hung up');
      if (state === 'idle') return end(snapshot, env, message.cause, false, []);
      return end(snapshot, env, message.cause, false, [hangupEffect(snapshot, message.cause)]);
    case 'channel.update_media':
      if (state !== 'answered' && state !== 'held') return rejected(`re-INVITE in ${state}`);
      return handled(snapshot, [{ type: 'sip.reinvite', sdp: message.sdp }]);
    case 'channel.reinvite_answer':
      if (state !== 'answered' && state !== 'held') return rejected(`re-INVITE answer in ${state}`);
      return handled(snapshot, [{ type: 'sip.answer_reinvite', sdp: message.sdp }]);
    case 'channel.send_info':
      if (state !== 'answered' && state !== 'held') return rejected(`INFO in ${state}`);
      return handled(snapshot, [{ type: 'sip.info', contentType: message.contentType, body: message.body }]);
    default:
      return assertNever(message);
  }
}

function onSipFact(snapshot: ChannelSnapshot, message: SipLegFact, env: Env): Result {
  const { state, channelId } = snapshot;
  if (state === 'hungUp') return ignored(`${message.type} after hang-up`);
  switch (message.type) {
    case 'sip.provisional': {
      if (snapshot.direction !== 'outbound' || !isEarly(state) || state === 'idle') return ignored(`provisional in ${state}`);
      if (message.status === 100) return ignored('100 Trying');
      const to: ChannelState = message.sdp !== undefined ? 'earlyMedia' : state === 'earlyMedia' ? 'earlyMedia' : 'ringing';
      const next = move(snapshot, to, message.sdp === undefined ? {} : { remoteSdp: message.sdp });
      const fact: ChannelFact = message.sdp === undefined
        ? { type: 'channel.ringing', channelId, status: message.status }
        : { type: 'channel.ringing', channelId, status: message.status, sdp: message.sdp };
      return handled(next, [tell(next, fact)]);
    }
    case 'sip.answered': {
      if (snapshot.direction !== 'outbound' || !isEarly(state) || state === 'idle') return ignored(`2xx in ${state}`);
      const next = move(snapshot, 'answered', { answeredAtMs: env.now, remoteSdp: message.sdp });
      return handled(next, [tell(next, { type: 'channel.answered', channelId, sdp: message.sdp })]);
    }
    case 'sip.confirmed':
      return handled(snapshot, []);
    case 'sip.failed':
      if (!isEarly(state)) return ignored(`final ${message.status} in ${state}`);
      return end(snapshot, env, causeFromSip(message.status, message.reason), true, []);
    case 'sip.cancelled':
      // The UA core reports a CANCEL only when it answered the INVITE 487, i.e. before any 2xx
      // left: if the call had just told this leg to answer, that 200 was refused, and the leg is over.
      return end(snapshot, env, { ...CAUSES.normal, sipStatus: 487, text: 'cancelled by the caller' }, true, []);
    case 'sip.bye_received':
      return end(snapshot, env, CAUSES.normal, true, []);
    case 'sip.reinvite_received': {
      if (state !== 'answered' && state !== 'held') return ignored(`re-INVITE in ${state}`);
      const to: ChannelState = message.hold ? 'held' : 'answered';
      const next = move(snapshot, to, { remoteSdp: message.sdp });
      const type = to === state ? 'channel.media_changed' : message.hold ? 'channel.held' : 'channel.resumed';
      return handled(next, [tell(next, { type, channelId, sdp: message.sdp })]);
    }
    case 'sip.reinvite_answered': {
      // An answer, not an offer: the call reads it against the offer it sent (RFC 3264 §8).
      const next = { ...snapshot, remoteSdp: message.sdp };
      return handled(next, [tell(next, { type: 'channel.reoffer_answered', channelId, sdp: message.sdp })]);
    }
    case 'sip.info_received':
      return handled(snapshot, [tell(snapshot, { type: 'channel.info', channelId, contentType: message.contentType, body: message.body })]);
    case 'sip.ack_timeout':
      return end(snapshot, env, { q850: 102, sipStatus: 408, text: 'no ACK for the 2xx' }, true, [{ type: 'sip.bye' }]);
    case 'sip.session_expired':
      return end(snapshot, env, { q850: 102, sipStatus: 408, text: 'session timer expired' }, true, [{ type: 'sip.bye' }]);
    default:
      return assertNever(message);
  }
}

function isSipLegFact(message: ChannelMessage): message is SipLegFact {
  return message.type.startsWith('sip.');
}

/** The channel machine. */
export const channelMachine: ActorMachine<ChannelSnapshot, ChannelMessage, ChannelEffect, Record<never, never>> = {
  transition(snapshot, message: ChannelMessage | KernelMessage, env) {
    if (message.type === 'sys.timer.fired') return ignored(`timer ${message.name}: channels keep none`);
    return isSipLegFact(message) ? onSipFact(snapshot, message, env) : onCommand(snapshot, message, env);
  },
};
