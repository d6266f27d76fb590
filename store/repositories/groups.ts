/**
 * Groups (Wazo confd's `/groups`, seed CF-22): hunt groups rung by a strategy, their members, the
 * extensions that lead to them, a no-answer fallback, a schedule and call permissions.
 *
 * @remarks
 * An extension leads to a group when its type is `group` and its `typeval` the group's id, as Wazo
 * keeps them; dissociating it or deleting the group turns it back into a free extension (`user`,
 * `0`). Every table here moves the configuration version on (migration 0012).
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import type { StoredDestination } from './incalls.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowId } from './row-changes.ts';
import { deleteRowById, insertRow, updateRowById, type RowTable } from './routing-object-rows.ts';

export type RingStrategy = 'all' | 'linear' | 'random' | 'fewest_calls' | 'least_recent' | 'weight_random' | 'memorized_round_robin';

export interface GroupMemberRow {
  readonly userId: number;
  readonly uuid: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly priority: number;
}

export interface GroupRow {
  readonly id: number;
  readonly uuid: string;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly label: string;
  readonly ringStrategy: RingStrategy;
  readonly timeout: number | null;
  readonly userTimeout: number;
  readonly retryDelay: number;
  readonly ringInUse: boolean;
  readonly ignoreForward: boolean;
  readonly callerIdMode: 'prepend' | 'append' | 'overwrite' | null;
  readonly callerIdName: string | null;
  readonly musicOnHold: string | null;
  readonly preprocessSubroutine: string | null;
  readonly enabled: boolean;
  readonly noanswerDestination: StoredDestination | null;
  readonly scheduleId: number | null;
  readonly members: readonly GroupMemberRow[];
  readonly extensions: readonly { readonly id: number; readonly exten: string; readonly context: string }[];
  readonly callPermissionIds: readonly number[];
}

export interface GroupFields {
  readonly name?: string;
  readonly label?: string;
  readonly ringStrategy?: RingStrategy;
  readonly timeout?: number | null;
  readonly userTimeout?: number;
  readonly retryDelay?: number;
  readonly ringInUse?: boolean;
  readonly ignoreForward?: boolean;
  readonly callerIdMode?: 'prepend' | 'append' | 'overwrite' | null;
  readonly callerIdName?: string | null;
  readonly musicOnHold?: string | null;
  readonly preprocessSubroutine?: string | null;
  readonly enabled?: boolean;
}

export type GroupOrder = 'id' | 'name' | 'label' | 'ring_strategy';

const COLUMNS = `hunt_group.id, hunt_group.uuid::text AS uuid, hunt_group.tenant_uuid::text AS "tenantUuid", hunt_group.name, hunt_group.label,
  hunt_group.ring_strategy AS "ringStrategy", hunt_group.timeout, hunt_group.user_timeout AS "userTimeout", hunt_group.retry_delay AS "retryDelay",
  hunt_group.ring_in_use AS "ringInUse", hunt_group.ignore_forward AS "ignoreForward", hunt_group.caller_id_mode AS "callerIdMode",
  hunt_group.caller_id_name AS "callerIdName", hunt_group.music_on_hold AS "musicOnHold", hunt_group.preprocess_subroutine AS "preprocessSubroutine",
  hunt_group.enabled, hunt_group.noanswer_destination AS "noanswerDestination", hunt_group.schedule_id AS "scheduleId",
  COALESCE((SELECT json_agg(json_build_object('userId', users.id, 'uuid', users.uuid, 'firstname', users.firstname, 'lastname', users.lastname,
    'priority', hunt_group_member.priority) ORDER BY hunt_group_member.priority, users.id)
    FROM hunt_group_member JOIN users ON users.id = hunt_group_member.user_id WHERE hunt_group_member.group_id = hunt_group.id), '[]'::json) AS members,
  COALESCE((SELECT json_agg(json_build_object('id', extension.id, 'exten', extension.exten, 'context', extension.context) ORDER BY extension.id)
    FROM extension WHERE extension.type = 'group' AND extension.typeval = hunt_group.id::text AND extension.tenant_uuid = hunt_group.tenant_uuid), '[]'::json) AS extensions,
  COALESCE((SELECT json_agg(call_permission_id ORDER BY call_permission_id) FROM hunt_group_call_permission
    WHERE hunt_group_call_permission.group_id = hunt_group.id), '[]'::json) AS "callPermissionIds"`;

const ORDER_COLUMNS: Readonly<Record<GroupOrder, string>> = { id: 'hunt_group.id', name: 'hunt_group.name', label: 'hunt_group.label', ring_strategy: 'hunt_group.ring_strategy' };

export async function findGroup(db: Queryable, groupId: string, tenantUuids: readonly string[]): Promise<GroupRow | undefined> {
  const id = rowId(groupId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<GroupRow>(`SELECT ${COLUMNS} FROM hunt_group WHERE hunt_group.id = $1 AND hunt_group.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

const TABLE: RowTable<GroupRow> = {
  table: 'hunt_group',
  resource: 'group',
  columns: {
    name: 'name', label: 'label', ringStrategy: 'ring_strategy', timeout: 'timeout', userTimeout: 'user_timeout', retryDelay: 'retry_delay',
    ringInUse: 'ring_in_use', ignoreForward: 'ignore_forward', callerIdMode: 'caller_id_mode', callerIdName: 'caller_id_name',
    musicOnHold: 'music_on_hold', preprocessSubroutine: 'preprocess_subroutine', enabled: 'enabled',
  },
  find: findGroup,
};

export function listGroupPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: GroupOrder }): Promise<Page<GroupRow>> {
  return selectPage<GroupRow>(db, {
    from: 'FROM hunt_group',
    columns: COLUMNS,
    where: ['hunt_group.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['hunt_group.name', 'hunt_group.label', 'hunt_group.ring_strategy'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'hunt_group.id',
  }, query);
}

export function createGroup(db: Queryable, tenantUuid: TenantUuid, fields: GroupFields & { readonly name: string; readonly label: string }): Promise<WriteResult<GroupRow>> {
  return insertRow(db, TABLE, tenantUuid, fields);
}

export function updateGroup(db: Queryable, groupId: string, tenantUuids: readonly string[], changes: GroupFields): Promise<WriteResult<GroupRow>> {
  return updateRowById(db, TABLE, groupId, tenantUuids, changes);
}

/** Deletes a group and frees its extensions; run it in a transaction. */
export async function deleteGroup(db: Queryable, groupId: string, tenantUuids: readonly string[]): Promise<GroupRow | undefined> {
  const group = await findGroup(db, groupId, tenantUuids);
  if (group === undefined) return undefined;
  await db.query(`UPDATE extension SET type = 'user', typeval = '0' WHERE type = 'group' AND typeval = $1`, [String(group.id)]);
  return deleteRowById(db, TABLE, groupId, tenantUuids);
}

/** Replaces the group's members (users of its tenant, by id, with their priority); run it in a transaction. */
export async function setGroupMembers(db: Queryable, group: { readonly id: number; readonly tenantUuid: string }, members: readonly { readonly userId: number; readonly priority: number }[]): Promise<WriteResult<{ readonly id: number }>> {
  await db.query('DELETE FROM hunt_group_member WHERE group_id = $1', [group.id]);
  for (const member of members) {
    const written = await writeRow(async () => (await db.query<{ id: number }>(
      'INSERT INTO hunt_group_member (group_id, user_id, tenant_uuid, priority) VALUES ($1, $2, $3, $4) RETURNING group_id AS id',
      [group.id, member.userId, group.tenantUuid, member.priority],
    )).rows);
    if (written.type === 'error') return written;
  }
  return { type: 'ok', value: { id: group.id } };
}

/**
 * Points a free extension (a `user` extension no line uses, or one of this group already) at the
 * group; `in-use` when something else holds it.
 */
export async function associateGroupExtension(db: Queryable, groupId: number, extensionId: number): Promise<'associated' | 'in-use'> {
  const { rowCount } = await db.query(
    `UPDATE extension SET type = 'group', typeval = $2
     WHERE id = $1 AND ((type = 'user' AND NOT EXISTS (SELECT 1 FROM line_extension WHERE line_extension.extension_id = extension.id)) OR (type = 'group' AND typeval = $2))`,
    [extensionId, String(groupId)],
  );
  return rowCount > 0 ? 'associated' : 'in-use';
}

/** Frees an extension of the group; false when it was not one. */
export async function dissociateGroupExtension(db: Queryable, groupId: number, extensionId: number): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE extension SET type = 'user', typeval = '0' WHERE id = $1 AND type = 'group' AND typeval = $2`, [extensionId, String(groupId)]);
  return rowCount > 0;
}

/** Sets (or, with null, removes) the group's no-answer fallback destination. */
export function setGroupFallback(db: Queryable, groupId: number, destination: StoredDestination | null): Promise<WriteResult<{ readonly id: number }>> {
  return writeRow(async () => (await db.query<{ id: number }>('UPDATE hunt_group SET noanswer_destination = $2 WHERE id = $1 RETURNING id',
    [groupId, destination === null ? null : JSON.stringify(destination)])).rows, notFound(`no group ${groupId}`));
}

/** Sets (or, with null, removes) the group's schedule; a schedule of another tenant is a broken reference. */
export function setGroupSchedule(db: Queryable, groupId: number, scheduleId: number | null): Promise<WriteResult<{ readonly id: number }>> {
  return writeRow(async () => (await db.query<{ id: number }>('UPDATE hunt_group SET schedule_id = $2 WHERE id = $1 RETURNING id', [groupId, scheduleId])).rows, notFound(`no group ${groupId}`));
}

/** Attaches a call permission to a group (both of `tenantUuid`). */
export function associateGroupCallPermission(db: Queryable, groupId: number, callPermissionId: number, tenantUuid: string): Promise<WriteResult<{ readonly id: number }>> {
  return writeRow(async () => (await db.query<{ id: number }>(
    `INSERT INTO hunt_group_call_permission (group_id, call_permission_id, tenant_uuid) VALUES ($1, $2, $3)
     ON CONFLICT (group_id, call_permission_id) DO UPDATE SET tenant_uuid = EXCLUDED.tenant_uuid RETURNING group_id AS id`,
    [groupId, callPermissionId, tenantUuid],
  )).rows);
}

/** Detaches a call permission from a group; false when it was not attached. */
export async function dissociateGroupCallPermission(db: Queryable, groupId: number, callPermissionId: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM hunt_group_call_permission WHERE group_id = $1 AND call_permission_id = $2', [groupId, callPermissionId]);
  return rowCount > 0;
}

/** What live routing reads of every group (beside `loadRoutingObjects`): the row without what only confd shows. */
export type GroupRoutingRow = Omit<GroupRow, 'preprocessSubroutine' | 'extensions' | 'members'> & {
  readonly members: readonly { readonly userId: number; readonly priority: number }[];
};

/** Every tenant's groups, as routing reads them. */
export async function loadGroupRouting(db: Queryable): Promise<readonly GroupRoutingRow[]> {
  const { rows } = await db.query<GroupRoutingRow>(`SELECT ${COLUMNS} FROM hunt_group ORDER BY hunt_group.id`);
  return rows.map((row) => ({ ...row, members: row.members.map((member) => ({ userId: member.userId, priority: member.priority })) }));
}
