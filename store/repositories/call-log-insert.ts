import type { Queryable } from '../database.ts';
import type { CallLogId } from '../ids.ts';
import { writeRow, type StoreViolation, type WriteResult } from '../write-result.ts';
import type { CallLogInsert, CallLogParticipant, NewCallLog } from './call-log.ts';
import { toCallLogTags, toCallLogText } from './call-log-text.ts';
import { tenantOrDefault } from './default-tenant.ts';

const TEXT_FIELDS = [
  'sourceName',
  'sourceExten',
  'sourceLineIdentity',
  'requestedExten',
  'requestedContext',
  'destinationName',
  'destinationExten',
  'destinationLineIdentity',
  'userField',
] as const;

const INSERT_SQL = `
  WITH new_log AS (
    INSERT INTO call_log (call_id, tenant_uuid, date, date_answer, date_end, direction, hangup_sip_status, hangup_q850_cause,
                          source_name, source_exten, source_line_identity, requested_exten, requested_context,
                          destination_name, destination_exten, destination_line_identity, user_field)
    VALUES ($1, ${tenantOrDefault('$2')}, to_timestamp($3::float8 / 1000), to_timestamp($4::float8 / 1000),
            to_timestamp($5::float8 / 1000), $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
    ON CONFLICT ON CONSTRAINT call_log_call_id_key DO NOTHING
    RETURNING id
  ), new_participants AS (
    INSERT INTO call_log_participant (call_log_id, user_uuid, line_id, role, answered, tags)
    SELECT new_log.id, participant.user_uuid, participant.line_id, participant.role, participant.answered, participant.tags
    FROM new_log,
         json_to_recordset($18::json)
           AS participant(position integer, user_uuid uuid, line_id integer, role text, answered boolean, tags text[])
    ORDER BY participant.position
  )
  SELECT id::float8 AS id FROM new_log`;

/**
 * Writes the log of a call and its participants, once per call id.
 *
 * @remarks
 * Idempotent on `callId` (`call_log_call_id_key`): when a log of the call exists, because the
 * call's actor and, after a crash, its supervisor both wrote it, or a retry follows a lost
 * answer, nothing is written and the answer is `created: false` with the existing log's id. The
 * first writer wins; concurrent writers of one call wait for each other in the database. The
 * log and its participants are one statement, so neither is written without the other.
 *
 * Names, numbers and tags pass through `toCallLogText`: a hostile display name is made safe,
 * not refused. Times out of order (`call_log_date_answer_check`, `call_log_date_end_check`), an
 * unknown direction or a malformed call id come back as a `StoreViolation`.
 */
export async function insertCallLog(db: Queryable, log: NewCallLog): Promise<WriteResult<CallLogInsert>> {
  const alreadyWritten: StoreViolation = {
    type: 'error',
    code: 'PBX_ERR_STORE_DUPLICATE',
    constraint: 'call_log_call_id_key',
    message: `call ${log.callId} already has a log`,
  };
  const written = await writeRow(
    async () => (await db.query<{ id: CallLogId }>(INSERT_SQL, insertParameters(log))).rows,
    alreadyWritten,
  );
  if (written.type === 'ok') return { type: 'ok', value: { created: true, id: written.value.id } };
  if (written !== alreadyWritten) return written;
  return { type: 'ok', value: { created: false, id: await existingLogId(db, log.callId) } };
}

function insertParameters(log: NewCallLog): unknown[] {
  return [
    log.callId,
    log.tenantUuid ?? null,
    log.startedAtMs,
    log.answeredAtMs ?? null,
    log.endedAtMs ?? null,
    log.direction,
    log.hangupSipStatus ?? null,
    log.hangupQ850Cause ?? null,
    ...TEXT_FIELDS.map((field) => toCallLogText(log[field])),
    JSON.stringify(mergeParticipants(log.participants ?? []).map(participantRecord)),
  ];
}

/**
 * Merges the entries of one user in one role (a user whose two lines rang) into one: answered
 * if either answered, the first known line, the tags of both.
 *
 * @remarks
 * `call_log_participant_user_role_key` would otherwise refuse the whole log.
 */
function mergeParticipants(participants: readonly CallLogParticipant[]): CallLogParticipant[] {
  const merged = new Map<string, CallLogParticipant>();
  for (const participant of participants) {
    const key = `${participant.role} ${participant.userUuid}`;
    const previous = merged.get(key);
    merged.set(
      key,
      previous === undefined
        ? participant
        : {
            ...previous,
            lineId: previous.lineId ?? participant.lineId,
            answered: previous.answered || participant.answered,
            tags: [...previous.tags, ...participant.tags],
          },
    );
  }
  return [...merged.values()];
}

function participantRecord(participant: CallLogParticipant, position: number): Record<string, unknown> {
  return {
    position,
    user_uuid: participant.userUuid,
    line_id: participant.lineId,
    role: participant.role,
    answered: participant.answered,
    tags: toCallLogTags(participant.tags),
  };
}

async function existingLogId(db: Queryable, callId: string): Promise<CallLogId> {
  const { rows } = await db.query<{ id: CallLogId }>('SELECT id::float8 AS id FROM call_log WHERE call_id = $1', [callId]);
  const [row] = rows;
  if (row === undefined) throw new Error(`the log of call ${callId} conflicted on insert but cannot be read`);
  return row.id;
}
