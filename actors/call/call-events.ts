/**
 * The events a call tells the world, one per channel as the calld call model has it (seed CF-33):
 * every channel of the call (the caller's inbound leg, each outbound leg) gets its own
 * `call_created`, `call_updated` and `call_ended`, with its own `call_id` and `user_uuid`, so each
 * user sees the calls of their own phones. `call_held` / `call_resumed` name the channel that put
 * the call on hold.
 *
 * @remarks
 * Pure. Lifecycle events are derived from the difference between two snapshots
 * ({@link channelLifecycleEvents}): a leg that appears is created, a leg that starts ringing or
 * answers is updated, a leg that is gone is ended, and a call that terminates ends whatever did
 * not report. So no path of the machine can forget an event or send one twice.
 */
import type { CallSnapshot, OutboundLeg } from './call-snapshot.ts';
import type { HandoverEventData, HandoverEventName } from './call-handover-events.ts';

/** A call event with the seed's names (CF-33). */
export type CallEventName = 'call_created' | 'call_updated' | 'call_ended' | 'call_held' | 'call_resumed' | HandoverEventName;

/** The states calld reports (Asterisk channel states). */
export type ChannelStatus = 'Down' | 'Ring' | 'Ringing' | 'Up';

/** The calld call model of one channel (seed CF-33; calld's CallSchema field names). */
export interface CallModel {
  readonly call_id: string;
  readonly conversation_id: string;
  readonly bridges: readonly string[];
  readonly caller_id_name: string;
  readonly caller_id_number: string;
  readonly peer_caller_id_name: string;
  readonly peer_caller_id_number: string;
  readonly creation_time: string;
  readonly answer_time: string | null;
  readonly hangup_time: string | null;
  readonly status: ChannelStatus;
  readonly on_hold: boolean;
  readonly muted: boolean;
  readonly record_state: 'inactive';
  readonly talking_to: Readonly<Record<string, string>>;
  readonly user_uuid: string | null;
  readonly line_id: number | null;
  readonly is_caller: boolean;
  readonly is_video: boolean;
  readonly dialed_extension: string;
  readonly sip_call_id: string | null;
  readonly direction: 'internal' | 'outbound';
  readonly parked: boolean;
}

/** What `call_held` and `call_resumed` carry. */
export interface HoldEventData {
  readonly call_id: string;
}

export type CallEventData = CallModel | HoldEventData | HandoverEventData;

/** One event to publish, with the user whose ACL (`events.calls.<user_uuid>`) it needs. */
export interface CallEvent {
  readonly type: 'event.publish';
  readonly name: CallEventName;
  readonly userUuid: string | null;
  readonly data: CallEventData;
  /** The ACL a token needs to receive it, when not the call events' `events.calls.<user_uuid>`. */
  readonly requiredAcl?: string;
}

/** calld's time format: ISO 8601 with a numeric offset (`2016-02-10T16:57:02.592+0000`). */
export function calldTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

const optionalTime = (ms: number | undefined): string | null => (ms === undefined ? null : calldTime(ms));

/** The bridge of an answered call: one per call, named after it. */
const bridgesOf = (snapshot: CallSnapshot): string[] => (snapshot.answeredChannelId === undefined ? [] : [snapshot.callId]);

/** The model of the caller's inbound channel. */
export function callerChannelModel(snapshot: CallSnapshot, hangupMs?: number): CallModel {
  const { caller, callee } = snapshot;
  const answered = snapshot.answeredChannelId;
  const up = answered !== undefined && hangupMs === undefined;
  return {
    call_id: caller.channelId,
    conversation_id: snapshot.callId,
    bridges: bridgesOf(snapshot),
    caller_id_name: caller.name,
    caller_id_number: caller.number,
    peer_caller_id_name: callee?.name ?? '',
    // calld shows the dialed extension until the peer is known.
    peer_caller_id_number: callee?.number ?? snapshot.dialed,
    creation_time: calldTime(snapshot.createdAtMs),
    answer_time: optionalTime(snapshot.answeredAtMs),
    hangup_time: optionalTime(hangupMs),
    status: hangupMs !== undefined ? 'Down' : up || snapshot.originate?.sourceAnswered === true || snapshot.state === 'conference' || (snapshot.state === 'queued' && snapshot.callerAnswered === true) ? 'Up' : snapshot.originate !== undefined ? 'Ringing' : 'Ring',
    on_hold: snapshot.held.includes('callee'),
    muted: snapshot.muted?.includes(caller.channelId) ?? false,
    record_state: 'inactive',
    talking_to: up && answered !== undefined ? { [answered]: callee?.userUuid ?? '' } : {},
    user_uuid: caller.userUuid ?? null,
    line_id: caller.lineId ?? null,
    is_caller: true,
    is_video: false,
    dialed_extension: snapshot.dialed,
    sip_call_id: caller.sipCallId ?? null,
    direction: 'internal',
    parked: false,
  };
}

/** The model of an outbound channel: the callee's phone shows the caller. */
export function legChannelModel(snapshot: CallSnapshot, leg: OutboundLeg, hangupMs?: number): CallModel {
  const { caller, callee } = snapshot;
  const answered = snapshot.answeredChannelId === leg.channelId;
  const up = answered && hangupMs === undefined;
  const status: ChannelStatus = hangupMs !== undefined ? 'Down' : up ? 'Up' : leg.status === 'ringing' ? 'Ringing' : 'Down';
  return {
    call_id: leg.channelId,
    conversation_id: snapshot.callId,
    bridges: answered ? bridgesOf(snapshot) : [],
    caller_id_name: caller.name,
    caller_id_number: caller.number,
    peer_caller_id_name: caller.name,
    peer_caller_id_number: caller.number,
    creation_time: calldTime(leg.createdAtMs),
    answer_time: answered ? optionalTime(snapshot.answeredAtMs) : null,
    hangup_time: optionalTime(hangupMs),
    status,
    on_hold: answered && snapshot.held.includes('caller'),
    muted: snapshot.muted?.includes(leg.channelId) ?? false,
    record_state: 'inactive',
    talking_to: up ? { [caller.channelId]: caller.userUuid ?? '' } : {},
    user_uuid: (leg.user ?? callee)?.userUuid ?? null,
    line_id: null,
    is_caller: false,
    is_video: false,
    dialed_extension: snapshot.dialed,
    sip_call_id: null,
    direction: 'internal',
    parked: false,
  };
}

/** An event about one channel. */
export function channelEvent(name: CallEventName, model: CallModel): CallEvent {
  return { type: 'event.publish', name, userUuid: model.user_uuid, data: model };
}

/** `call_held` / `call_resumed` for the channel that put the call on hold (or took it off). */
export function holdEvent(snapshot: CallSnapshot, holderChannelId: string, on: boolean): CallEvent {
  const holderIsCaller = holderChannelId === snapshot.caller.channelId;
  const userUuid = holderIsCaller ? snapshot.caller.userUuid ?? null : snapshot.callee?.userUuid ?? null;
  return { type: 'event.publish', name: on ? 'call_held' : 'call_resumed', userUuid, data: { call_id: holderChannelId } };
}

/**
 * The lifecycle events between two snapshots of a call: created for a leg that appeared, updated
 * for a leg that rings or answers (the caller's channel too when it answers), ended for a channel
 * that is gone, and, when the call terminates, ended for every channel that never reported.
 */
export function channelLifecycleEvents(before: CallSnapshot, after: CallSnapshot, nowMs: number): CallEvent[] {
  const events: CallEvent[] = [];
  const terminated = after.state === 'terminated' && before.state !== 'terminated';
  const beforeLegs = new Map(before.legs.map((leg) => [leg.channelId, leg]));
  for (const leg of after.legs) {
    const previous = beforeLegs.get(leg.channelId);
    if (previous === undefined) events.push(channelEvent('call_created', legChannelModel(after, leg)));
    const previousStatus = previous?.status ?? 'dialing';
    if (leg.status === previousStatus) continue;
    if (leg.status === 'ringing' || leg.status === 'answered') events.push(channelEvent('call_updated', legChannelModel(after, leg)));
    if (leg.status === 'answered') events.push(channelEvent('call_updated', callerChannelModel(after)));
    if (leg.status === 'gone') events.push(channelEvent('call_ended', legChannelModel(after, leg, nowMs)));
  }
  const afterIds = new Set(after.legs.map((leg) => leg.channelId));
  for (const leg of before.legs) {
    // A leg that became the caller's side (a handover) goes on as the caller's channel.
    const nowCaller = leg.channelId === after.caller.channelId;
    if (!afterIds.has(leg.channelId) && leg.status !== 'gone' && !nowCaller) events.push(channelEvent('call_ended', legChannelModel(after, leg, nowMs)));
  }
  const callerChanged = before.caller.channelId !== after.caller.channelId;
  if (callerChanged && before.callerLive) events.push(channelEvent('call_ended', callerChannelModel(before, nowMs)));
  if (callerChanged && after.callerLive && !terminated) events.push(channelEvent('call_updated', callerChannelModel(after)));
  if (terminated) {
    for (const leg of after.legs) if (leg.status !== 'gone') events.push(channelEvent('call_ended', legChannelModel(after, leg, nowMs)));
  }
  const callerEnded = callerChanged ? terminated && after.callerLive : (before.callerLive && !after.callerLive) || (terminated && after.callerLive);
  if (callerEnded) events.push(channelEvent('call_ended', callerChannelModel(after, nowMs)));
  return events;
}
