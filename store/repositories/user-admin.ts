/**
 * The users as the configuration API manages them (Wazo confd's `/users`): pages with total and
 * search, one user by id or uuid, partial updates and deletion, always within the tenants the
 * caller may see. Creation is `createUser` (users.ts).
 */
import type { Queryable } from '../database.ts';
import { isUuid, type TenantUuid } from '../ids.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowChanges, rowId } from './row-changes.ts';
import { USER_FORWARDS_JSON, USER_SERVICES_JSON, type UserCallSettings } from './user-services.ts';
import type { UserRow } from './users.ts';
import { USER_FALLBACKS_JSON, type UserFallbacks } from './user-fallbacks.ts';

/** One of a user's lines as the API shows it inside the user, main line first. */
export interface UserLineSummary {
  readonly id: number;
  readonly name: string | null;
  readonly endpointSip: { readonly uuid: string; readonly name: string } | null;
  readonly extensions: readonly { readonly id: number; readonly exten: string; readonly context: string }[];
}

/** A user with what the API shows beside its columns: music on hold, lines, services and forwards. */
export interface UserDetailRow extends UserRow {
  readonly musicOnHold: string | null;
  readonly createdAtMs: number;
  readonly lines: readonly UserLineSummary[];
  readonly services: UserCallSettings['services'];
  readonly forwards: UserCallSettings['forwards'];
  /** Where calls go when the user does not take them (confd's `/users/{id}/fallbacks`). */
  readonly fallbacks: UserFallbacks;
  /** Replaces every call-permission password for the user's calls. */
  readonly callPermissionPassword: string | null;
  /** The hook run before the dial (seed CF-24), by its registered name. */
  readonly preprocessSubroutine: string | null;
}

export type UserOrder = 'firstname' | 'lastname' | 'email' | 'id' | 'uuid';

export interface UserChanges {
  readonly firstname?: string;
  readonly lastname?: string;
  readonly email?: string | null;
  readonly callerId?: string | null;
  readonly outgoingCallerId?: string;
  readonly userfield?: string | null;
  readonly ringSeconds?: number;
  readonly simultaneousCalls?: number;
  readonly enabled?: boolean;
  readonly musicOnHold?: string | null;
  readonly callPermissionPassword?: string | null;
  readonly preprocessSubroutine?: string | null;
}

const CHANGE_COLUMNS: Readonly<Record<keyof UserChanges, string>> = {
  firstname: 'firstname', lastname: 'lastname', email: 'email', callerId: 'caller_id', outgoingCallerId: 'outgoing_caller_id',
  userfield: 'userfield', ringSeconds: 'ring_seconds', simultaneousCalls: 'simultaneous_calls', enabled: 'enabled', musicOnHold: 'music_on_hold',
  callPermissionPassword: 'call_permission_password', preprocessSubroutine: 'preprocess_subroutine',
};

const ORDER_COLUMNS: Readonly<Record<UserOrder, string>> = {
  firstname: 'users.firstname', lastname: 'users.lastname', email: 'users.email', id: 'users.id', uuid: 'users.uuid::text',
};

const COLUMNS = `users.id, users.uuid::text AS uuid, users.tenant_uuid::text AS "tenantUuid", users.firstname, users.lastname, users.email,
  users.caller_id AS "callerId", users.outgoing_caller_id AS "outgoingCallerId", users.userfield, users.ring_seconds AS "ringSeconds",
  users.simultaneous_calls AS "simultaneousCalls", users.enabled, users.music_on_hold AS "musicOnHold",
  users.call_permission_password AS "callPermissionPassword", users.preprocess_subroutine AS "preprocessSubroutine",
  round(extract(epoch FROM users.created_at) * 1000)::float8 AS "createdAtMs",
  ${USER_SERVICES_JSON} AS services, ${USER_FORWARDS_JSON} AS forwards, ${USER_FALLBACKS_JSON} AS fallbacks,
  COALESCE((SELECT json_agg(json_build_object('id', line.id, 'name', endpoint_sip.username,
      'endpointSip', CASE WHEN endpoint_sip.id IS NULL THEN NULL ELSE json_build_object('uuid', endpoint_sip.uuid, 'name', endpoint_sip.username) END,
      'extensions', COALESCE((SELECT json_agg(json_build_object('id', extension.id, 'exten', extension.exten, 'context', extension.context)
          ORDER BY line_extension.main_extension DESC, extension.id)
        FROM line_extension JOIN extension ON extension.id = line_extension.extension_id WHERE line_extension.line_id = line.id), '[]'::json))
      ORDER BY user_line.main_line DESC, line.id)
    FROM user_line JOIN line ON line.id = user_line.line_id LEFT JOIN endpoint_sip ON endpoint_sip.id = line.endpoint_sip_id
    WHERE user_line.user_id = users.id), '[]'::json) AS lines`;

/** A page of the users of some tenants, searched in names, e-mail, caller id and userfield. */
export function listUserPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: UserOrder }): Promise<Page<UserDetailRow>> {
  return selectPage<UserDetailRow>(db, {
    from: 'FROM users',
    columns: COLUMNS,
    where: ['users.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['users.firstname', 'users.lastname', `users.firstname || ' ' || users.lastname`, 'users.email', 'users.caller_id', 'users.userfield', 'users.uuid'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'users.id',
  }, query);
}

/** The SQL condition naming a user by id (digits) or uuid; undefined when the text is neither. */
function userKey(text: string, placeholder: string): { readonly condition: string; readonly value: unknown } | undefined {
  const id = rowId(text);
  if (id !== undefined) return { condition: `users.id = ${placeholder}::integer`, value: id };
  if (isUuid(text)) return { condition: `users.uuid = ${placeholder}::uuid`, value: text.toLowerCase() };
  return undefined;
}

/** Finds a user by id or uuid among some tenants' users. */
export async function findUserDetail(db: Queryable, idOrUuid: string, tenantUuids: readonly string[]): Promise<UserDetailRow | undefined> {
  const key = userKey(idOrUuid, '$1');
  if (key === undefined) return undefined;
  const { rows } = await db.query<UserDetailRow>(`SELECT ${COLUMNS} FROM users WHERE ${key.condition} AND users.tenant_uuid = ANY($2::uuid[])`, [key.value, tenantUuids]);
  return rows[0];
}

/**
 * Changes some fields of a user found by id or uuid among some tenants' users.
 *
 * @remarks
 * The database's checks apply as on creation; a refusal comes back as a `StoreViolation`, an
 * unknown user as `PBX_ERR_STORE_NOT_FOUND`.
 */
export async function updateUserDetail(db: Queryable, idOrUuid: string, tenantUuids: readonly string[], changes: UserChanges): Promise<WriteResult<UserDetailRow>> {
  const key = userKey(idOrUuid, '$1');
  const missing = notFound(`no user ${idOrUuid}`);
  if (key === undefined) return missing;
  const set = rowChanges(CHANGE_COLUMNS, changes as Record<string, unknown>, 3);
  if (set.assignments === '') {
    const found = await findUserDetail(db, idOrUuid, tenantUuids);
    return found === undefined ? missing : { type: 'ok', value: found };
  }
  return writeRow(async () => {
    const { rows } = await db.query<UserDetailRow>(
      `UPDATE users SET ${set.assignments} WHERE ${key.condition} AND users.tenant_uuid = ANY($2::uuid[]) RETURNING ${COLUMNS}`,
      [key.value, tenantUuids, ...set.values],
    );
    return rows;
  }, missing);
}

/** Deletes a user (its line associations go with it); the deleted user, or undefined when unknown. */
export async function deleteUserDetail(db: Queryable, idOrUuid: string, tenantUuids: readonly string[]): Promise<{ readonly id: number; readonly uuid: string; readonly tenantUuid: TenantUuid } | undefined> {
  const key = userKey(idOrUuid, '$1');
  if (key === undefined) return undefined;
  const { rows } = await db.query<{ id: number; uuid: string; tenantUuid: TenantUuid }>(
    `DELETE FROM users WHERE ${key.condition} AND users.tenant_uuid = ANY($2::uuid[]) RETURNING users.id, users.uuid::text AS uuid, users.tenant_uuid::text AS "tenantUuid"`,
    [key.value, tenantUuids],
  );
  return rows[0];
}
