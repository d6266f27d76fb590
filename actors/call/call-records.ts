/**
 * What a call leaves behind and tells the world, computed purely from its snapshot: its call log
 * (seed CF-28).
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

/** The call log of an ended call. */
export function callLogOf(snapshot: CallSnapshot, endMs: number, cause: HangupCause): CallLogEntry {
  // The call log keeps who called, even when a transfer has put someone else on the caller's side.
  const caller = snapshot.firstCaller ?? snapshot.caller;
  const { callee } = snapshot;
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
    // A conference room is the destination of a call that joined it, by its name.
    destination: callee === undefined
      ? { name: snapshot.conference?.room.name ?? '', number: snapshot.dialed }
      : { name: callee.name, number: callee.number, userUuid: callee.userUuid },
    requestedExten: snapshot.dialed,
    requestedContext: caller.context,
    cause,
  };
}
