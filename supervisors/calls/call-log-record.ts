/**
 * The store row of a call's log, from the log the call actor (or its supervisor after a crash)
 * computed: the two meet here because `actors/` and `store/` do not know each other.
 */
import type { call } from '../../actors/index.ts';
import type { LineId, NewCallLog, UserUuid } from '../../store/index.ts';

/** Maps a call log entry to the store's row; an internal call between two users of the node. */
export function callLogRecord(entry: call.CallLogEntry): NewCallLog {
  const participants: NonNullable<NewCallLog['participants']>[number][] = [];
  if (entry.source.userUuid !== undefined) {
    participants.push({
      userUuid: entry.source.userUuid as UserUuid,
      lineId: (entry.source.lineId ?? null) as LineId | null,
      role: 'source',
      answered: entry.answered,
      tags: [],
    });
  }
  if (entry.destination.userUuid !== undefined) {
    participants.push({ userUuid: entry.destination.userUuid as UserUuid, lineId: null, role: 'destination', answered: entry.answered, tags: [] });
  }
  return {
    callId: entry.callId,
    direction: 'internal',
    startedAtMs: entry.startMs,
    answeredAtMs: entry.answerMs ?? null,
    endedAtMs: entry.endMs,
    sourceName: entry.source.name,
    sourceExten: entry.source.number,
    requestedExten: entry.requestedExten,
    requestedContext: entry.requestedContext,
    destinationName: entry.destination.name,
    destinationExten: entry.destination.number,
    hangupSipStatus: entry.cause.sipStatus,
    hangupQ850Cause: entry.cause.q850,
    participants,
  };
}
