/**
 * The messages left in voicemails (seed CF-18): one row per recording, with Asterisk's message id
 * `<epoch>-<8-digit sequence>`, the caller, the time, the duration and the folder.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';

/** The folders a message can be in (Asterisk's INBOX, Old, Urgent), as the reference calld names them. */
export type VoicemailFolder = 'inbox' | 'old' | 'urgent';

export interface VoicemailMessageRow {
  readonly id: string;
  readonly voicemailId: number;
  readonly tenantUuid: TenantUuid;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  /** Epoch seconds. */
  readonly timestamp: number;
  /** Seconds. */
  readonly duration: number;
  readonly folder: VoicemailFolder;
  readonly file: string;
}

export type NewVoicemailMessage = Omit<VoicemailMessageRow, 'id'>;

const COLUMNS = `id, voicemail_id AS "voicemailId", tenant_uuid::text AS "tenantUuid", caller_id_num AS "callerIdNum", caller_id_name AS "callerIdName",
  timestamp::float8 AS timestamp, duration, folder, file`;

/** Stores a message under a fresh id made of its timestamp and the database's message sequence. */
export async function insertVoicemailMessage(db: Queryable, message: NewVoicemailMessage): Promise<VoicemailMessageRow> {
  const { rows } = await db.query<VoicemailMessageRow>(
    `INSERT INTO voicemail_message (id, voicemail_id, tenant_uuid, caller_id_num, caller_id_name, timestamp, duration, folder, file)
     VALUES ($1::text || '-' || lpad((nextval('voicemail_message_seq') % 100000000)::text, 8, '0'), $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING ${COLUMNS}`,
    [String(message.timestamp), message.voicemailId, message.tenantUuid, message.callerIdNum, message.callerIdName, message.timestamp, message.duration, message.folder, message.file],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('voicemail message insert returned no row');
  return row;
}

/** A mailbox's messages, oldest first. */
export async function listVoicemailMessages(db: Queryable, voicemailId: number): Promise<readonly VoicemailMessageRow[]> {
  const { rows } = await db.query<VoicemailMessageRow>(`SELECT ${COLUMNS} FROM voicemail_message WHERE voicemail_id = $1 ORDER BY timestamp, id`, [voicemailId]);
  return rows;
}

/** One message of a mailbox. */
export async function findVoicemailMessage(db: Queryable, voicemailId: number, messageId: string): Promise<VoicemailMessageRow | undefined> {
  const { rows } = await db.query<VoicemailMessageRow>(`SELECT ${COLUMNS} FROM voicemail_message WHERE voicemail_id = $1 AND id = $2`, [voicemailId, messageId]);
  return rows[0];
}

/** Deletes one message of a mailbox; returns it as it was (its file is the caller's to remove). */
export async function deleteVoicemailMessage(db: Queryable, voicemailId: number, messageId: string): Promise<VoicemailMessageRow | undefined> {
  const { rows } = await db.query<VoicemailMessageRow>(`DELETE FROM voicemail_message WHERE voicemail_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [voicemailId, messageId]);
  return rows[0];
}

/** Moves one message of a mailbox to `folder` (a message listened to goes to `old`); returns it as it is now. */
export async function moveVoicemailMessage(db: Queryable, voicemailId: number, messageId: string, folder: VoicemailFolder): Promise<VoicemailMessageRow | undefined> {
  const { rows } = await db.query<VoicemailMessageRow>(`UPDATE voicemail_message SET folder = $3 WHERE voicemail_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [voicemailId, messageId, folder]);
  return rows[0];
}

/** How many new (inbox and urgent) and old messages a mailbox holds: what message-waiting indication tells. */
export async function countVoicemailMessages(db: Queryable, voicemailId: number): Promise<{ readonly newCount: number; readonly oldCount: number }> {
  const { rows } = await db.query<{ newCount: number; oldCount: number }>(
    `SELECT count(*) FILTER (WHERE folder <> 'old')::integer AS "newCount", count(*) FILTER (WHERE folder = 'old')::integer AS "oldCount"
     FROM voicemail_message WHERE voicemail_id = $1`, [voicemailId]);
  return rows[0] ?? { newCount: 0, oldCount: 0 };
}

/** The enabled mailbox of the user whose line registers as SIP `username`, if any. */
export async function findMailboxOfSipUsername(db: Queryable, username: string): Promise<{ readonly voicemailId: number; readonly number: string } | undefined> {
  const { rows } = await db.query<{ voicemailId: number; number: string }>(
    `SELECT voicemail.id AS "voicemailId", voicemail.number FROM endpoint_sip
     JOIN line ON line.endpoint_sip_id = endpoint_sip.id JOIN user_line ON user_line.line_id = line.id
     JOIN user_voicemail ON user_voicemail.user_id = user_line.user_id JOIN voicemail ON voicemail.id = user_voicemail.voicemail_id
     WHERE endpoint_sip.username = $1 AND voicemail.enabled ORDER BY user_line.main_line DESC LIMIT 1`, [username]);
  return rows[0];
}
