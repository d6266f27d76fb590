/**
 * Voicemails (Wazo confd's `/voicemails`, seed CF-18): a tenant's mailboxes, numbered in one of
 * its contexts, and the users each serves (a user has one at most).
 *
 * @remarks
 * Deleting a mailbox deletes its messages (the database cascades); deleting a user dissociates.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowId } from './row-changes.ts';
import { deleteRowById, insertRow, updateRowById, type RowTable } from './routing-object-rows.ts';

export interface VoicemailRow {
  readonly id: number;
  readonly uuid: string;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly number: string;
  readonly context: string;
  readonly password: string | null;
  readonly email: string | null;
  readonly language: string | null;
  readonly timezone: string | null;
  readonly maxMessages: number | null;
  readonly attachAudio: boolean | null;
  readonly deleteMessages: boolean;
  readonly askPassword: boolean;
  readonly enabled: boolean;
  readonly options: readonly (readonly [string, string])[];
  readonly users: readonly { readonly id: number; readonly uuid: string; readonly firstname: string; readonly lastname: string }[];
}

export interface VoicemailFields {
  readonly name?: string;
  readonly number?: string;
  readonly context?: string;
  readonly password?: string | null;
  readonly email?: string | null;
  readonly language?: string | null;
  readonly timezone?: string | null;
  readonly maxMessages?: number | null;
  readonly attachAudio?: boolean | null;
  readonly deleteMessages?: boolean;
  readonly askPassword?: boolean;
  readonly enabled?: boolean;
  readonly options?: readonly (readonly [string, string])[];
}

export type VoicemailOrder = 'id' | 'name' | 'number' | 'context' | 'email' | 'language' | 'timezone';

const COLUMNS = `voicemail.id, voicemail.uuid::text AS uuid, voicemail.tenant_uuid::text AS "tenantUuid", voicemail.name, voicemail.number,
  voicemail.context, voicemail.password, voicemail.email, voicemail.language, voicemail.timezone, voicemail.max_messages AS "maxMessages",
  voicemail.attach_audio AS "attachAudio", voicemail.delete_messages AS "deleteMessages", voicemail.ask_password AS "askPassword",
  voicemail.enabled, voicemail.options,
  COALESCE((SELECT json_agg(json_build_object('id', users.id, 'uuid', users.uuid, 'firstname', users.firstname, 'lastname', COALESCE(users.lastname, '')) ORDER BY users.id)
    FROM user_voicemail JOIN users ON users.id = user_voicemail.user_id WHERE user_voicemail.voicemail_id = voicemail.id), '[]'::json) AS users`;

const ORDER_COLUMNS: Readonly<Record<VoicemailOrder, string>> = {
  id: 'voicemail.id', name: 'voicemail.name', number: 'voicemail.number', context: 'voicemail.context',
  email: 'voicemail.email', language: 'voicemail.language', timezone: 'voicemail.timezone',
};

export async function findVoicemail(db: Queryable, voicemailId: string, tenantUuids: readonly string[]): Promise<VoicemailRow | undefined> {
  const id = rowId(voicemailId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<VoicemailRow>(`SELECT ${COLUMNS} FROM voicemail WHERE voicemail.id = $1 AND voicemail.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

/** The mailbox of a user, if any. */
export async function findUserVoicemail(db: Queryable, userId: number): Promise<VoicemailRow | undefined> {
  const { rows } = await db.query<VoicemailRow>(
    `SELECT ${COLUMNS} FROM voicemail JOIN user_voicemail ON user_voicemail.voicemail_id = voicemail.id WHERE user_voicemail.user_id = $1`, [userId]);
  return rows[0];
}

const TABLE: RowTable<VoicemailRow> = {
  table: 'voicemail',
  resource: 'voicemail',
  columns: {
    name: 'name', number: 'number', context: 'context', password: 'password', email: 'email', language: 'language', timezone: 'timezone',
    maxMessages: 'max_messages', attachAudio: 'attach_audio', deleteMessages: 'delete_messages', askPassword: 'ask_password', enabled: 'enabled', options: 'options',
  },
  jsonColumns: ['options'],
  find: findVoicemail,
};

export function listVoicemailPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: VoicemailOrder }): Promise<Page<VoicemailRow>> {
  return selectPage<VoicemailRow>(db, {
    from: 'FROM voicemail',
    columns: COLUMNS,
    where: ['voicemail.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['voicemail.name', 'voicemail.number', 'voicemail.context', "COALESCE(voicemail.email, '')"],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'voicemail.id',
  }, query);
}

export function createVoicemail(db: Queryable, tenantUuid: TenantUuid, fields: VoicemailFields & { readonly name: string; readonly number: string; readonly context: string }): Promise<WriteResult<VoicemailRow>> {
  return insertRow(db, TABLE, tenantUuid, fields);
}

export function updateVoicemail(db: Queryable, voicemailId: string, tenantUuids: readonly string[], changes: VoicemailFields): Promise<WriteResult<VoicemailRow>> {
  return updateRowById(db, TABLE, voicemailId, tenantUuids, changes);
}

/** Deletes a mailbox with its messages (their files are the caller's to remove); users lose it. */
export function deleteVoicemail(db: Queryable, voicemailId: string, tenantUuids: readonly string[]): Promise<VoicemailRow | undefined> {
  return deleteRowById(db, TABLE, voicemailId, tenantUuids);
}

/** Associates a user with a mailbox of its tenant; a user that already has one is a duplicate (Wazo answers 400). */
export function associateUserVoicemail(db: Queryable, user: { readonly id: number; readonly tenantUuid: string }, voicemailId: number): Promise<WriteResult<{ readonly userId: number }>> {
  return writeRow(async () => (await db.query<{ userId: number }>(
    'INSERT INTO user_voicemail (user_id, voicemail_id, tenant_uuid) VALUES ($1, $2, $3) RETURNING user_id AS "userId"',
    [user.id, voicemailId, user.tenantUuid],
  )).rows);
}

/** Removes a user's association with a mailbox; true when there was one. */
export async function dissociateUserVoicemail(db: Queryable, userId: number, voicemailId: number): Promise<boolean> {
  const { rows } = await db.query<{ userId: number }>('DELETE FROM user_voicemail WHERE user_id = $1 AND voicemail_id = $2 RETURNING user_id AS "userId"', [userId, voicemailId]);
  return rows.length > 0;
}

/** A mailbox as routing reaches it (by id, from an incall or a forward): undefined when absent or disabled. */
export async function findEnabledVoicemail(db: Queryable, voicemailId: number): Promise<VoicemailRow | undefined> {
  const { rows } = await db.query<VoicemailRow>(`SELECT ${COLUMNS} FROM voicemail WHERE voicemail.id = $1 AND voicemail.enabled`, [voicemailId]);
  return rows[0];
}

/** The enabled mailbox numbered `number` in `context` of `tenantUuid` (what `*99<number>` opens). */
export async function findEnabledVoicemailByNumber(db: Queryable, tenantUuid: string, context: string, number: string): Promise<VoicemailRow | undefined> {
  const { rows } = await db.query<VoicemailRow>(
    `SELECT ${COLUMNS} FROM voicemail WHERE voicemail.tenant_uuid = $1 AND voicemail.context = $2 AND voicemail.number = $3 AND voicemail.enabled`, [tenantUuid, context, number]);
  return rows[0];
}
