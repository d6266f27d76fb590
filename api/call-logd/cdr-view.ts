/**
 * A call log as Wazo call-logd shows a CDR: times in ISO 8601, duration in seconds, the source and
 * destination users and lines from the participants, the tags of every participant, and every
 * attribute present (null when unknown or not kept, such as recordings' details).
 */
import type { CallLogRow } from '../../store/index.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function cdrView(log: CallLogRow): Record<string, unknown> {
  const source = log.participants.find((participant) => participant.role === 'source');
  const destinations = log.participants.filter((participant) => participant.role === 'destination');
  const destination = destinations.find((participant) => participant.answered) ?? destinations[0];
  const tags = [...new Set(log.participants.flatMap((participant) => participant.tags))];
  return {
    id: log.id,
    tenant_uuid: log.tenantUuid,
    conversation_id: log.callId,
    start: iso(log.startedAtMs),
    answer: iso(log.answeredAtMs),
    end: iso(log.endedAtMs),
    answered: log.answered,
    duration: log.durationMs === null ? null : Math.round(log.durationMs / 1000),
    call_direction: log.direction,
    source_name: log.sourceName,
    source_extension: log.sourceExten,
    source_internal_extension: source === undefined ? null : log.sourceExten,
    source_internal_context: null,
    source_internal_name: source === undefined ? null : log.sourceName,
    source_line_id: source?.lineId ?? null,
    source_user_uuid: source?.userUuid ?? null,
    requested_name: null,
    requested_extension: log.requestedExten,
    requested_context: log.requestedContext,
    requested_internal_extension: log.requestedExten,
    requested_internal_context: log.requestedContext,
    destination_name: log.destinationName,
    destination_extension: log.destinationExten,
    destination_internal_extension: destination === undefined ? null : log.destinationExten,
    destination_internal_context: destination === undefined ? null : log.requestedContext,
    destination_line_id: destination?.lineId ?? null,
    destination_user_uuid: destination?.userUuid ?? null,
    tags,
    recordings: [],
  };
}
