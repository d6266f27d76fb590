/**
 * Incalls (Wazo confd's `/incalls`): a destination for calls from trunks, the DIDs (extensions of an
 * incall context) that lead to it, the caller-ID mode, a ring time and a schedule.
 *
 * @remarks
 * A DID is an `extension` row of type `incall` whose `typeval` is the incall's id; dissociating it
 * or deleting the incall turns it back into a free extension (`user`, `0`), as Wazo does.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowId } from './row-changes.ts';
import { deleteRowById, insertRow, setExtensionTarget, updateRowById, type RowTable } from './routing-object-rows.ts';

/** A destination as the configuration API writes it (`{"type": "user", "user_id": 1}`). */
export type StoredDestination = Readonly<Record<string, unknown>> & { readonly type: string };

export type CallerIdMode = 'prepend' | 'append' | 'overwrite';

export interface IncallRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly destination: StoredDestination;
  readonly callerIdMode: CallerIdMode | null;
  readonly callerIdName: string | null;
  readonly ringSeconds: number | null;
  readonly description: string;
  readonly scheduleId: number | null;
  /** The hook run before the dial (seed CF-24), by its registered name. */
  readonly preprocessSubroutine: string | null;
  readonly extensions: readonly { readonly id: number; readonly exten: string; readonly context: string }[];
}

export interface IncallFields {
  readonly destination?: StoredDestination;
  readonly callerIdMode?: CallerIdMode | null;
  readonly callerIdName?: string | null;
  readonly ringSeconds?: number | null;
  readonly description?: string;
  readonly preprocessSubroutine?: string | null;
}

export type IncallOrder = 'id' | 'description' | 'exten';

const COLUMNS = `incall.id, incall.tenant_uuid::text AS "tenantUuid", incall.destination, incall.caller_id_mode AS "callerIdMode",
  incall.caller_id_name AS "callerIdName", incall.ring_seconds AS "ringSeconds", incall.description, incall.schedule_id AS "scheduleId", incall.preprocess_subroutine AS "preprocessSubroutine",
  COALESCE((SELECT json_agg(json_build_object('id', extension.id, 'exten', extension.exten, 'context', extension.context) ORDER BY extension.id)
    FROM extension WHERE extension.type = 'incall' AND extension.typeval = incall.id::text AND extension.tenant_uuid = incall.tenant_uuid), '[]'::json) AS extensions`;

const FIRST_EXTEN = `(SELECT min(extension.exten) FROM extension WHERE extension.type = 'incall' AND extension.typeval = incall.id::text AND extension.tenant_uuid = incall.tenant_uuid)`;
const ORDER_COLUMNS: Readonly<Record<IncallOrder, string>> = { id: 'incall.id', description: 'incall.description', exten: FIRST_EXTEN };

export async function findIncall(db: Queryable, incallId: string, tenantUuids: readonly string[]): Promise<IncallRow | undefined> {
  const id = rowId(incallId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<IncallRow>(`SELECT ${COLUMNS} FROM incall WHERE incall.id = $1 AND incall.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

const TABLE: RowTable<IncallRow> = {
  table: 'incall',
  resource: 'incall',
  columns: { destination: 'destination', callerIdMode: 'caller_id_mode', callerIdName: 'caller_id_name', ringSeconds: 'ring_seconds', description: 'description', preprocessSubroutine: 'preprocess_subroutine' },
  jsonColumns: ['destination'],
  find: findIncall,
};

export function listIncallPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: IncallOrder }): Promise<Page<IncallRow>> {
  return selectPage<IncallRow>(db, {
    from: 'FROM incall',
    columns: COLUMNS,
    where: ['incall.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['incall.description', 'incall.caller_id_name', FIRST_EXTEN],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'incall.id',
  }, query);
}

export function createIncall(db: Queryable, tenantUuid: TenantUuid, fields: IncallFields): Promise<WriteResult<IncallRow>> {
  return insertRow(db, TABLE, tenantUuid, fields);
}

export function updateIncall(db: Queryable, incallId: string, tenantUuids: readonly string[], changes: IncallFields): Promise<WriteResult<IncallRow>> {
  return updateRowById(db, TABLE, incallId, tenantUuids, changes);
}

/** Deletes an incall and frees its DIDs; run it in a transaction. */
export async function deleteIncall(db: Queryable, incallId: string, tenantUuids: readonly string[]): Promise<IncallRow | undefined> {
  const incall = await findIncall(db, incallId, tenantUuids);
  if (incall === undefined) return undefined;
  for (const extension of incall.extensions) await setExtensionTarget(db, extension.id, 'incall', null);
  return deleteRowById(db, TABLE, incallId, tenantUuids);
}

/** Makes an extension a DID of the incall (the caller checks that it is free and of the incall's tenant). */
export async function associateIncallExtension(db: Queryable, incallId: number, extensionId: number): Promise<void> {
  await setExtensionTarget(db, extensionId, 'incall', incallId);
}

/** Frees a DID of the incall; false when it was not one. */
export async function dissociateIncallExtension(db: Queryable, incallId: number, extensionId: number): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE extension SET type = 'user', typeval = '0' WHERE id = $1 AND type = 'incall' AND typeval = $2`, [extensionId, String(incallId)]);
  return rowCount > 0;
}

/** Sets (or, with null, removes) the incall's schedule; a schedule of another tenant is a broken reference. */
export function setIncallSchedule(db: Queryable, incallId: number, scheduleId: number | null): Promise<WriteResult<{ readonly id: number }>> {
  return setScheduleOf(db, 'incall', incallId, scheduleId);
}

/** Sets the `schedule_id` of an incall or outcall row (the composite key refuses another tenant's schedule). */
export function setScheduleOf(db: Queryable, table: 'incall' | 'outcall', id: number, scheduleId: number | null): Promise<WriteResult<{ readonly id: number }>> {
  return writeRow(async () => (await db.query<{ id: number }>(`UPDATE ${table} SET schedule_id = $2 WHERE id = $1 RETURNING id`, [id, scheduleId])).rows, notFound(`no ${table} ${id}`));
}
