/**
 * Schedules (Wazo confd's `/schedules`): opening periods, exceptional periods with their
 * destinations, the closed destination, in a time zone; used by incalls, outcalls and users.
 *
 * @remarks
 * Periods and destinations are JSON values in the configuration API's shape (`hours_start`,
 * `week_days`, …), validated by the API before they are written.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import type { StoredDestination } from './incalls.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowId } from './row-changes.ts';
import { deleteRowById, insertRow, updateRowById, type RowTable } from './routing-object-rows.ts';

/** A period as the configuration API writes it. */
export type StoredPeriod = Readonly<Record<string, unknown>>;

export interface ScheduleRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly timezone: string;
  readonly enabled: boolean;
  readonly closedDestination: StoredDestination;
  readonly openPeriods: readonly StoredPeriod[];
  readonly exceptionalPeriods: readonly StoredPeriod[];
  readonly incalls: readonly { readonly id: number }[];
  readonly outcalls: readonly { readonly id: number; readonly name: string }[];
  readonly users: readonly { readonly id: number; readonly uuid: string }[];
}

export interface ScheduleFields {
  readonly name?: string;
  readonly timezone?: string;
  readonly enabled?: boolean;
  readonly closedDestination?: StoredDestination;
  readonly openPeriods?: readonly StoredPeriod[];
  readonly exceptionalPeriods?: readonly StoredPeriod[];
}

export type ScheduleOrder = 'id' | 'name' | 'timezone';

const COLUMNS = `schedule.id, schedule.tenant_uuid::text AS "tenantUuid", schedule.name, schedule.timezone, schedule.enabled,
  schedule.closed_destination AS "closedDestination", schedule.open_periods AS "openPeriods", schedule.exceptional_periods AS "exceptionalPeriods",
  COALESCE((SELECT json_agg(json_build_object('id', incall.id) ORDER BY incall.id) FROM incall WHERE incall.schedule_id = schedule.id), '[]'::json) AS incalls,
  COALESCE((SELECT json_agg(json_build_object('id', outcall.id, 'name', outcall.name) ORDER BY outcall.id) FROM outcall WHERE outcall.schedule_id = schedule.id), '[]'::json) AS outcalls,
  COALESCE((SELECT json_agg(json_build_object('id', users.id, 'uuid', users.uuid) ORDER BY users.id)
    FROM user_schedule JOIN users ON users.id = user_schedule.user_id WHERE user_schedule.schedule_id = schedule.id), '[]'::json) AS users`;

const ORDER_COLUMNS: Readonly<Record<ScheduleOrder, string>> = { id: 'schedule.id', name: 'schedule.name', timezone: 'schedule.timezone' };

export async function findSchedule(db: Queryable, scheduleId: string, tenantUuids: readonly string[]): Promise<ScheduleRow | undefined> {
  const id = rowId(scheduleId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<ScheduleRow>(`SELECT ${COLUMNS} FROM schedule WHERE schedule.id = $1 AND schedule.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

const TABLE: RowTable<ScheduleRow> = {
  table: 'schedule',
  resource: 'schedule',
  columns: { name: 'name', timezone: 'timezone', enabled: 'enabled', closedDestination: 'closed_destination', openPeriods: 'open_periods', exceptionalPeriods: 'exceptional_periods' },
  jsonColumns: ['closed_destination', 'open_periods', 'exceptional_periods'],
  find: findSchedule,
};

export function listSchedulePage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: ScheduleOrder }): Promise<Page<ScheduleRow>> {
  return selectPage<ScheduleRow>(db, {
    from: 'FROM schedule',
    columns: COLUMNS,
    where: ['schedule.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['schedule.name', 'schedule.timezone'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'schedule.id',
  }, query);
}

export function createSchedule(db: Queryable, tenantUuid: TenantUuid, fields: ScheduleFields & { readonly name: string }): Promise<WriteResult<ScheduleRow>> {
  return insertRow(db, TABLE, tenantUuid, fields);
}

export function updateSchedule(db: Queryable, scheduleId: string, tenantUuids: readonly string[], changes: ScheduleFields): Promise<WriteResult<ScheduleRow>> {
  return updateRowById(db, TABLE, scheduleId, tenantUuids, changes);
}

/** Deletes a schedule; the incalls and outcalls using it lose it, users' associations go. */
export function deleteSchedule(db: Queryable, scheduleId: string, tenantUuids: readonly string[]): Promise<ScheduleRow | undefined> {
  return deleteRowById(db, TABLE, scheduleId, tenantUuids);
}

/** Sets (or, with null, removes) a user's schedule; the schedule must be of the user's tenant. */
export async function setUserSchedule(db: Queryable, user: { readonly id: number; readonly tenantUuid: string }, scheduleId: number | null): Promise<WriteResult<{ readonly userId: number }>> {
  if (scheduleId === null) {
    await db.query('DELETE FROM user_schedule WHERE user_id = $1', [user.id]);
    return { type: 'ok', value: { userId: user.id } };
  }
  return writeRow(async () => (await db.query<{ userId: number }>(
    `INSERT INTO user_schedule (user_id, schedule_id, tenant_uuid) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET schedule_id = EXCLUDED.schedule_id RETURNING user_id AS "userId"`,
    [user.id, scheduleId, user.tenantUuid],
  )).rows);
}
