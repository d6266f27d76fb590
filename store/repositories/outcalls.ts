/**
 * Outcalls (Wazo confd's `/outcalls`): a name, the trunks tried in order, the outgoing patterns
 * (extensions of an outcall context, each with `strip_digits`, `prefix` and `caller_id`), the call
 * permissions and a schedule.
 *
 * @remarks
 * Trunk ids are kept as given, without a foreign key to the trunks table yet (see the 0009
 * migration). A pattern is an `extension` row of type `outcall` whose `typeval` is the outcall's id,
 * plus its `outcall_extension` row; dissociating it or deleting the outcall frees the extension.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { setScheduleOf } from './incalls.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowId } from './row-changes.ts';
import { deleteRowById, insertRow, setExtensionTarget, updateRowById, type RowTable } from './routing-object-rows.ts';

export interface OutcallExtensionRow {
  readonly id: number;
  readonly exten: string;
  readonly context: string;
  readonly stripDigits: number;
  readonly prefix: string;
  readonly callerId: string | null;
}

export interface OutcallRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly internalCallerId: boolean;
  readonly enabled: boolean;
  readonly description: string;
  readonly ringSeconds: number | null;
  readonly scheduleId: number | null;
  /** The hook run before the dial (seed CF-24), by its registered name. */
  readonly preprocessSubroutine: string | null;
  /** In the order they are tried. */
  readonly trunkIds: readonly number[];
  readonly extensions: readonly OutcallExtensionRow[];
  readonly callPermissions: readonly { readonly id: number; readonly name: string }[];
}

export interface OutcallFields {
  readonly name?: string;
  readonly internalCallerId?: boolean;
  readonly enabled?: boolean;
  readonly description?: string;
  readonly ringSeconds?: number | null;
  readonly preprocessSubroutine?: string | null;
}

export type OutcallOrder = 'id' | 'name' | 'description';

const COLUMNS = `outcall.id, outcall.tenant_uuid::text AS "tenantUuid", outcall.name, outcall.internal_caller_id AS "internalCallerId", outcall.enabled,
  outcall.description, outcall.ring_seconds AS "ringSeconds", outcall.schedule_id AS "scheduleId", outcall.preprocess_subroutine AS "preprocessSubroutine",
  COALESCE((SELECT json_agg(outcall_trunk.trunk_id ORDER BY outcall_trunk.position) FROM outcall_trunk WHERE outcall_trunk.outcall_id = outcall.id), '[]'::json) AS "trunkIds",
  COALESCE((SELECT json_agg(json_build_object('id', extension.id, 'exten', extension.exten, 'context', extension.context, 'stripDigits', outcall_extension.strip_digits,
      'prefix', outcall_extension.prefix, 'callerId', outcall_extension.caller_id) ORDER BY extension.id)
    FROM outcall_extension JOIN extension ON extension.id = outcall_extension.extension_id WHERE outcall_extension.outcall_id = outcall.id), '[]'::json) AS extensions,
  COALESCE((SELECT json_agg(json_build_object('id', call_permission.id, 'name', call_permission.name) ORDER BY call_permission.id)
    FROM outcall_call_permission JOIN call_permission ON call_permission.id = outcall_call_permission.call_permission_id
    WHERE outcall_call_permission.outcall_id = outcall.id), '[]'::json) AS "callPermissions"`;

const ORDER_COLUMNS: Readonly<Record<OutcallOrder, string>> = { id: 'outcall.id', name: 'outcall.name', description: 'outcall.description' };

export async function findOutcall(db: Queryable, outcallId: string, tenantUuids: readonly string[]): Promise<OutcallRow | undefined> {
  const id = rowId(outcallId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<OutcallRow>(`SELECT ${COLUMNS} FROM outcall WHERE outcall.id = $1 AND outcall.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

const TABLE: RowTable<OutcallRow> = {
  table: 'outcall',
  resource: 'outcall',
  columns: { name: 'name', internalCallerId: 'internal_caller_id', enabled: 'enabled', description: 'description', ringSeconds: 'ring_seconds', preprocessSubroutine: 'preprocess_subroutine' },
  find: findOutcall,
};

export function listOutcallPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: OutcallOrder }): Promise<Page<OutcallRow>> {
  return selectPage<OutcallRow>(db, {
    from: 'FROM outcall',
    columns: COLUMNS,
    where: ['outcall.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['outcall.name', 'outcall.description'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'outcall.id',
  }, query);
}

export function createOutcall(db: Queryable, tenantUuid: TenantUuid, fields: OutcallFields & { readonly name: string }): Promise<WriteResult<OutcallRow>> {
  return insertRow(db, TABLE, tenantUuid, fields);
}

export function updateOutcall(db: Queryable, outcallId: string, tenantUuids: readonly string[], changes: OutcallFields): Promise<WriteResult<OutcallRow>> {
  return updateRowById(db, TABLE, outcallId, tenantUuids, changes);
}

/** Deletes an outcall and frees its patterns; run it in a transaction. */
export async function deleteOutcall(db: Queryable, outcallId: string, tenantUuids: readonly string[]): Promise<OutcallRow | undefined> {
  const outcall = await findOutcall(db, outcallId, tenantUuids);
  if (outcall === undefined) return undefined;
  for (const extension of outcall.extensions) await setExtensionTarget(db, extension.id, 'outcall', null);
  return deleteRowById(db, TABLE, outcallId, tenantUuids);
}

/** Replaces the outcall's trunks by `trunkIds`, tried in that order; run it in a transaction. */
export async function setOutcallTrunks(db: Queryable, outcallId: number, trunkIds: readonly number[]): Promise<WriteResult<{ readonly trunkIds: readonly number[] }>> {
  await db.query('DELETE FROM outcall_trunk WHERE outcall_id = $1', [outcallId]);
  for (const [position, trunkId] of trunkIds.entries()) {
    const written = await writeRow(async () => (await db.query<{ trunkId: number }>('INSERT INTO outcall_trunk (outcall_id, trunk_id, position) VALUES ($1, $2, $3) RETURNING trunk_id AS "trunkId"', [outcallId, trunkId, position])).rows);
    if (written.type === 'error') return written;
  }
  return { type: 'ok', value: { trunkIds } };
}

/** An outgoing pattern's settings (`PUT /outcalls/{id}/extensions/{extension_id}`). */
export interface OutcallExtensionSettings {
  readonly stripDigits: number;
  readonly prefix: string;
  readonly callerId: string | null;
}

/**
 * Makes an extension an outgoing pattern of the outcall, or changes the settings of one it already
 * is; run it in a transaction. The caller checks that the extension is free or already this
 * outcall's, in an outcall context of the outcall's tenant.
 */
export async function associateOutcallExtension(db: Queryable, outcall: { readonly id: number; readonly tenantUuid: string }, extensionId: number, settings: OutcallExtensionSettings): Promise<WriteResult<{ readonly extensionId: number }>> {
  const written = await writeRow(async () => (await db.query<{ extensionId: number }>(
    `INSERT INTO outcall_extension (outcall_id, extension_id, tenant_uuid, strip_digits, prefix, caller_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (outcall_id, extension_id) DO UPDATE SET strip_digits = EXCLUDED.strip_digits, prefix = EXCLUDED.prefix, caller_id = EXCLUDED.caller_id
     RETURNING extension_id AS "extensionId"`,
    [outcall.id, extensionId, outcall.tenantUuid, settings.stripDigits, settings.prefix, settings.callerId],
  )).rows);
  if (written.type === 'error') return written;
  await setExtensionTarget(db, extensionId, 'outcall', outcall.id);
  return written;
}

/** Frees an outgoing pattern of the outcall; false when it was not one. */
export async function dissociateOutcallExtension(db: Queryable, outcallId: number, extensionId: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM outcall_extension WHERE outcall_id = $1 AND extension_id = $2', [outcallId, extensionId]);
  if (rowCount === 0) return false;
  await setExtensionTarget(db, extensionId, 'outcall', null);
  return true;
}

/** Attaches a call permission to the outcall (idempotent). */
export function associateOutcallCallPermission(db: Queryable, outcall: { readonly id: number; readonly tenantUuid: string }, callPermissionId: number): Promise<WriteResult<{ readonly outcallId: number }>> {
  return writeRow(async () => (await db.query<{ outcallId: number }>(
    `INSERT INTO outcall_call_permission (outcall_id, call_permission_id, tenant_uuid) VALUES ($1, $2, $3)
     ON CONFLICT (outcall_id, call_permission_id) DO UPDATE SET tenant_uuid = EXCLUDED.tenant_uuid RETURNING outcall_id AS "outcallId"`,
    [outcall.id, callPermissionId, outcall.tenantUuid],
  )).rows);
}

/** Detaches a call permission from the outcall; false when it was not attached. */
export async function dissociateOutcallCallPermission(db: Queryable, outcallId: number, callPermissionId: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM outcall_call_permission WHERE outcall_id = $1 AND call_permission_id = $2', [outcallId, callPermissionId]);
  return rowCount > 0;
}

/** Sets (or, with null, removes) the outcall's schedule. */
export function setOutcallSchedule(db: Queryable, outcallId: number, scheduleId: number | null): Promise<WriteResult<{ readonly id: number }>> {
  return setScheduleOf(db, 'outcall', outcallId, scheduleId);
}
