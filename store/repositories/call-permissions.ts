/**
 * Call permissions (Wazo confd's `/callpermissions`): extensions and patterns allowed or denied,
 * with an optional password, attached to users and outcalls (groups when they exist).
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { isUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowId } from './row-changes.ts';
import { deleteRowById, insertRow, updateRowById, type RowTable } from './routing-object-rows.ts';

export type CallPermissionMode = 'allow' | 'deny';

export interface CallPermissionRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly mode: CallPermissionMode;
  readonly password: string | null;
  readonly description: string;
  readonly enabled: boolean;
  readonly extensions: readonly string[];
  readonly users: readonly { readonly id: number; readonly uuid: string; readonly firstname: string; readonly lastname: string }[];
  readonly outcalls: readonly { readonly id: number; readonly name: string }[];
}

export interface CallPermissionFields {
  readonly name?: string;
  readonly mode?: CallPermissionMode;
  readonly password?: string | null;
  readonly description?: string;
  readonly enabled?: boolean;
  readonly extensions?: readonly string[];
}

export type CallPermissionOrder = 'id' | 'name' | 'description' | 'mode';

const COLUMNS = `call_permission.id, call_permission.tenant_uuid::text AS "tenantUuid", call_permission.name, call_permission.mode, call_permission.password,
  call_permission.description, call_permission.enabled, to_json(call_permission.extensions) AS extensions,
  COALESCE((SELECT json_agg(json_build_object('id', users.id, 'uuid', users.uuid, 'firstname', users.firstname, 'lastname', users.lastname) ORDER BY users.id)
    FROM user_call_permission JOIN users ON users.id = user_call_permission.user_id WHERE user_call_permission.call_permission_id = call_permission.id), '[]'::json) AS users,
  COALESCE((SELECT json_agg(json_build_object('id', outcall.id, 'name', outcall.name) ORDER BY outcall.id)
    FROM outcall_call_permission JOIN outcall ON outcall.id = outcall_call_permission.outcall_id WHERE outcall_call_permission.call_permission_id = call_permission.id), '[]'::json) AS outcalls`;

const ORDER_COLUMNS: Readonly<Record<CallPermissionOrder, string>> = { id: 'call_permission.id', name: 'call_permission.name', description: 'call_permission.description', mode: 'call_permission.mode' };

export async function findCallPermission(db: Queryable, permissionId: string, tenantUuids: readonly string[]): Promise<CallPermissionRow | undefined> {
  const id = rowId(permissionId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<CallPermissionRow>(`SELECT ${COLUMNS} FROM call_permission WHERE call_permission.id = $1 AND call_permission.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

const TABLE: RowTable<CallPermissionRow> = {
  table: 'call_permission',
  resource: 'call permission',
  columns: { name: 'name', mode: 'mode', password: 'password', description: 'description', enabled: 'enabled', extensions: 'extensions' },
  find: findCallPermission,
};

export function listCallPermissionPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: CallPermissionOrder }): Promise<Page<CallPermissionRow>> {
  return selectPage<CallPermissionRow>(db, {
    from: 'FROM call_permission',
    columns: COLUMNS,
    where: ['call_permission.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['call_permission.name', 'call_permission.description', 'call_permission.mode'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'call_permission.id',
  }, query);
}

export function createCallPermission(db: Queryable, tenantUuid: TenantUuid, fields: CallPermissionFields & { readonly name: string }): Promise<WriteResult<CallPermissionRow>> {
  return insertRow(db, TABLE, tenantUuid, fields);
}

export function updateCallPermission(db: Queryable, permissionId: string, tenantUuids: readonly string[], changes: CallPermissionFields): Promise<WriteResult<CallPermissionRow>> {
  return updateRowById(db, TABLE, permissionId, tenantUuids, changes);
}

export function deleteCallPermission(db: Queryable, permissionId: string, tenantUuids: readonly string[]): Promise<CallPermissionRow | undefined> {
  return deleteRowById(db, TABLE, permissionId, tenantUuids);
}

/** Attaches a call permission to a user (idempotent); both must be of `tenantUuid`. */
export function associateUserCallPermission(db: Queryable, userId: number, callPermissionId: number, tenantUuid: string): Promise<WriteResult<{ readonly userId: number }>> {
  return writeRow(async () => (await db.query<{ userId: number }>(
    `INSERT INTO user_call_permission (user_id, call_permission_id, tenant_uuid) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, call_permission_id) DO UPDATE SET tenant_uuid = EXCLUDED.tenant_uuid RETURNING user_id AS "userId"`,
    [userId, callPermissionId, tenantUuid],
  )).rows);
}

/** Detaches a call permission from a user; false when it was not attached. */
export async function dissociateUserCallPermission(db: Queryable, userId: number, callPermissionId: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM user_call_permission WHERE user_id = $1 AND call_permission_id = $2', [userId, callPermissionId]);
  return rowCount > 0;
}

/** The call permissions attached to a user (by uuid), in id order. */
export async function listUserCallPermissions(db: Queryable, userUuid: string): Promise<readonly CallPermissionRow[]> {
  if (!isUuid(userUuid)) return [];
  const { rows } = await db.query<CallPermissionRow>(
    `SELECT ${COLUMNS} FROM call_permission JOIN user_call_permission ON user_call_permission.call_permission_id = call_permission.id
     JOIN users ON users.id = user_call_permission.user_id WHERE users.uuid = $1 ORDER BY call_permission.id`,
    [userUuid],
  );
  return rows;
}
