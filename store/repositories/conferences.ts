/**
 * Conferences (Wazo confd's `/conferences`, seed CF-17): a tenant's conference rooms, the
 * extensions that lead to them and the incalls whose destination they are.
 *
 * @remarks
 * An extension leads to a room when its type is `conference` and its `typeval` the room's id, as
 * Wazo keeps them; dissociating it or deleting the room turns it back into a free extension
 * (`user`, `0`). The table moves the configuration version on (migration 0016).
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import type { WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowId } from './row-changes.ts';
import { deleteRowById, insertRow, updateRowById, type RowTable } from './routing-object-rows.ts';

interface ExtensionRef {
  readonly id: number;
  readonly exten: string;
  readonly context: string;
}

export interface ConferenceRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly name: string | null;
  readonly preprocessSubroutine: string | null;
  readonly maxUsers: number;
  readonly record: boolean;
  readonly pin: string | null;
  readonly adminPin: string | null;
  readonly quietJoin: boolean;
  readonly announceJoinLeave: boolean;
  readonly announceUserCount: boolean;
  readonly announceOnlyUser: boolean;
  readonly musicOnHold: string | null;
  readonly extensions: readonly ExtensionRef[];
  readonly incalls: readonly { readonly id: number; readonly extensions: readonly ExtensionRef[] }[];
}

export interface ConferenceFields {
  readonly name?: string | null;
  readonly preprocessSubroutine?: string | null;
  readonly maxUsers?: number;
  readonly record?: boolean;
  readonly pin?: string | null;
  readonly adminPin?: string | null;
  readonly quietJoin?: boolean;
  readonly announceJoinLeave?: boolean;
  readonly announceUserCount?: boolean;
  readonly announceOnlyUser?: boolean;
  readonly musicOnHold?: string | null;
}

export type ConferenceOrder = 'id' | 'name' | 'preprocess_subroutine' | 'max_users';

const COLUMNS = `conference.id, conference.tenant_uuid::text AS "tenantUuid", conference.name, conference.preprocess_subroutine AS "preprocessSubroutine",
  conference.max_users AS "maxUsers", conference.record, conference.pin, conference.admin_pin AS "adminPin", conference.quiet_join AS "quietJoin",
  conference.announce_join_leave AS "announceJoinLeave", conference.announce_user_count AS "announceUserCount",
  conference.announce_only_user AS "announceOnlyUser", conference.music_on_hold AS "musicOnHold",
  COALESCE((SELECT json_agg(json_build_object('id', extension.id, 'exten', extension.exten, 'context', extension.context) ORDER BY extension.id)
    FROM extension WHERE extension.type = 'conference' AND extension.typeval = conference.id::text AND extension.tenant_uuid = conference.tenant_uuid), '[]'::json) AS extensions,
  COALESCE((SELECT json_agg(json_build_object('id', incall.id, 'extensions', COALESCE((SELECT json_agg(json_build_object('id', did.id, 'exten', did.exten, 'context', did.context) ORDER BY did.id)
      FROM extension did WHERE did.type = 'incall' AND did.typeval = incall.id::text AND did.tenant_uuid = incall.tenant_uuid), '[]'::json)) ORDER BY incall.id)
    FROM incall WHERE incall.tenant_uuid = conference.tenant_uuid AND incall.destination->>'type' = 'conference'
      AND incall.destination->>'conference_id' = conference.id::text), '[]'::json) AS incalls`;

const ORDER_COLUMNS: Readonly<Record<ConferenceOrder, string>> = {
  id: 'conference.id', name: 'conference.name', preprocess_subroutine: 'conference.preprocess_subroutine', max_users: 'conference.max_users',
};

export async function findConference(db: Queryable, conferenceId: string, tenantUuids: readonly string[]): Promise<ConferenceRow | undefined> {
  const id = rowId(conferenceId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<ConferenceRow>(`SELECT ${COLUMNS} FROM conference WHERE conference.id = $1 AND conference.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

const TABLE: RowTable<ConferenceRow> = {
  table: 'conference',
  resource: 'conference',
  columns: {
    name: 'name', preprocessSubroutine: 'preprocess_subroutine', maxUsers: 'max_users', record: 'record', pin: 'pin', adminPin: 'admin_pin',
    quietJoin: 'quiet_join', announceJoinLeave: 'announce_join_leave', announceUserCount: 'announce_user_count', announceOnlyUser: 'announce_only_user',
    musicOnHold: 'music_on_hold',
  },
  find: findConference,
};

export function listConferencePage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: ConferenceOrder }): Promise<Page<ConferenceRow>> {
  return selectPage<ConferenceRow>(db, {
    from: 'FROM conference',
    columns: COLUMNS,
    where: ['conference.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ["COALESCE(conference.name, '')", "COALESCE(conference.preprocess_subroutine, '')"],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'conference.id',
  }, query);
}

export function createConference(db: Queryable, tenantUuid: TenantUuid, fields: ConferenceFields): Promise<WriteResult<ConferenceRow>> {
  return insertRow(db, TABLE, tenantUuid, fields);
}

export function updateConference(db: Queryable, conferenceId: string, tenantUuids: readonly string[], changes: ConferenceFields): Promise<WriteResult<ConferenceRow>> {
  return updateRowById(db, TABLE, conferenceId, tenantUuids, changes);
}

/** Deletes a room and frees its extensions; run it in a transaction. */
export async function deleteConference(db: Queryable, conferenceId: string, tenantUuids: readonly string[]): Promise<ConferenceRow | undefined> {
  const conference = await findConference(db, conferenceId, tenantUuids);
  if (conference === undefined) return undefined;
  await db.query(`UPDATE extension SET type = 'user', typeval = '0' WHERE type = 'conference' AND typeval = $1 AND tenant_uuid = $2`, [String(conference.id), conference.tenantUuid]);
  return deleteRowById(db, TABLE, conferenceId, tenantUuids);
}

/**
 * Points a free extension (a `user` extension no line uses, or one of this room already) at the
 * room; `in-use` when something else holds it.
 */
export async function associateConferenceExtension(db: Queryable, conferenceId: number, extensionId: number): Promise<'associated' | 'in-use'> {
  const { rowCount } = await db.query(
    `UPDATE extension SET type = 'conference', typeval = $2
     WHERE id = $1 AND ((type = 'user' AND NOT EXISTS (SELECT 1 FROM line_extension WHERE line_extension.extension_id = extension.id)) OR (type = 'conference' AND typeval = $2))`,
    [extensionId, String(conferenceId)],
  );
  return rowCount > 0 ? 'associated' : 'in-use';
}

/** Frees an extension of the room; false when it was not one. */
export async function dissociateConferenceExtension(db: Queryable, conferenceId: number, extensionId: number): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE extension SET type = 'user', typeval = '0' WHERE id = $1 AND type = 'conference' AND typeval = $2`, [extensionId, String(conferenceId)]);
  return rowCount > 0;
}

/** The ids of the tenant's rooms among `conferenceIds` (a destination must name one of them). */
export async function existingConferenceIds(db: Queryable, tenantUuid: string, conferenceIds: readonly number[]): Promise<ReadonlySet<number>> {
  if (conferenceIds.length === 0) return new Set();
  const { rows } = await db.query<{ id: number }>('SELECT id FROM conference WHERE tenant_uuid = $1 AND id = ANY($2::integer[])', [tenantUuid, conferenceIds]);
  return new Set(rows.map((row) => Number(row.id)));
}

/** A room as routing reaches it (by id, from an extension or a destination), PINs included: undefined when it is gone. */
export async function findConferenceForRouting(db: Queryable, conferenceId: number): Promise<ConferenceRow | undefined> {
  const { rows } = await db.query<ConferenceRow>(`SELECT ${COLUMNS} FROM conference WHERE conference.id = $1`, [conferenceId]);
  return rows[0];
}
