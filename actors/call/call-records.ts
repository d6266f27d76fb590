/**
 * What a call leaves behind and tells the world, computed purely from its snapshot: its call log
 * (seed CF-28) and the data of its events (the calld call model, seed CF-33).
 */
import type { HangupCause } from '../channel/hangup-cause.ts';
import type { CallSnapshot } from './call-snapshot.ts';

/** One call log row, as the store writes it (idempotent on `callId`). */
export interface CallLogEntry {
  readonly callId: string;
  readonly startMs: number;
  readonly answerMs?: number;
  readonly endMs: number;
  readonly durationSeconds: number;
  readonly answered: boolean;
  readonly source: { readonly name: string; readonly number: string; readonly userUuid?: string; readonly lineId?: number };
  readonly destination: { readonly name: string; readonly number: string; readonly userUuid?: string };
  readonly requestedExten: string;
  readonly requestedContext: string;
  readonly cause: HangupCause;
}

/** The calld call model carried by call events (seed CF-33). */
export interface CallEventData {
  readonly call_id: string;
  readonly caller_id_name: string;
  readonly caller_id_number: string;
  readonly creation_time: string;
  readonly status: 'Ring' | 'Up' | 'Down';
  readonly talking_to: Readonly<Record<string, string>>;
  readonly user_uuid: string | null;
  readonly bridges: readonly string[];
}

/** The call log of an ended call. */
export function callLogOf(snapshot: CallSnapshot, endMs: number, cause: HangupCause): CallLogEntry {
  const { caller, callee } = snapshot;
  const answerMs = snapshot.answeredAtMs;
  return {
    callId: snapshot.callId,
    startMs: snapshot.createdAtMs,
    ...(answerMs === undefined ? {} : { answerMs }),
    endMs,
    durationSeconds: answerMs === undefined ? 0 : Math.max(0, Math.round((endMs - answerMs) / 1000)),
    answered: answerMs !== undefined,
    source: {
      name: caller.name, number: caller.number,
      ...(caller.userUuid === undefined ? {} : { userUuid: caller.userUuid }),
      ...(caller.lineId === undefined ? {} : { lineId: caller.lineId }),
    },
    destination: callee === undefined
      ? { name: '', number: snapshot.dialed }
      : { name: callee.name, number: callee.number, userUuid: callee.userUuid },
    requestedExten: snapshot.dialed,
    requestedContext: caller.context,
    cause,
  };
}

/** The data of a call event, seen from the caller's leg. */
export function callEventData(snapshot: CallSnapshot): CallEventData {
  const status = snapshot.state === 'established' ? 'Up' : snapshot.state === 'terminated' || snapshot.state === 'terminating' ? 'Down' : 'Ring';
  const talkingTo: Record<string, string> = {};
  if (snapshot.answeredChannelId !== undefined && snapshot.callee !== undefined && status === 'Up') {
    talkingTo[snapshot.answeredChannelId] = snapshot.callee.number;
  }
  return {
    call_id: snapshot.callId,
    caller_id_name: snapshot.caller.name,
    caller_id_number: snapshot.caller.number,
    creation_time: new Date(snapshot.createdAtMs).toISOString(),
    status,
    talking_to: talkingTo,
    user_uuid: snapshot.caller.userUuid ?? null,
    bridges: [],
  };
}
