/**
 * The routing objects of every tenant in one read, beside the dialplan snapshot (`loadDialplan`):
 * what live routing needs of incalls, outcalls, call permissions, schedules, the caller-ID rules,
 * the blacklist, and each user's outgoing caller ID, call-permission password and schedule.
 *
 * @remarks
 * Reloaded when the configuration version changes, as the dialplan is (the 0009 migration bumps it
 * on every change of these tables). Destinations and periods stay in the configuration API's JSON
 * form; the routing side reads them.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import type { CallerIdRuleRow, BlacklistEntry } from './caller-id-rules.ts';
import type { CallerIdMode, StoredDestination } from './incalls.ts';
import type { StoredPeriod } from './schedules.ts';
import { loadGroupRouting, type GroupRoutingRow } from './groups.ts';

export interface RoutingObjectsSnapshot {
  readonly incalls: readonly {
    readonly id: number; readonly tenantUuid: TenantUuid; readonly destination: StoredDestination; readonly callerIdMode: CallerIdMode | null;
    readonly callerIdName: string | null; readonly ringSeconds: number | null; readonly scheduleId: number | null;
  }[];
  readonly outcalls: readonly {
    readonly id: number; readonly tenantUuid: TenantUuid; readonly name: string; readonly enabled: boolean; readonly internalCallerId: boolean;
    readonly trunkIds: readonly number[]; readonly callPermissionIds: readonly number[]; readonly scheduleId: number | null;
    readonly patterns: readonly { readonly extensionId: number; readonly stripDigits: number; readonly prefix: string; readonly callerId: string | null }[];
  }[];
  readonly callPermissions: readonly {
    readonly id: number; readonly tenantUuid: TenantUuid; readonly name: string; readonly mode: 'allow' | 'deny'; readonly password: string | null;
    readonly enabled: boolean; readonly extensions: readonly string[]; readonly userIds: readonly number[];
  }[];
  readonly schedules: readonly {
    readonly id: number; readonly tenantUuid: TenantUuid; readonly name: string; readonly enabled: boolean; readonly timezone: string;
    readonly closedDestination: StoredDestination; readonly openPeriods: readonly StoredPeriod[]; readonly exceptionalPeriods: readonly StoredPeriod[];
  }[];
  readonly callerIdRules: readonly CallerIdRuleRow[];
  readonly blacklist: readonly (BlacklistEntry & { readonly tenantUuid: TenantUuid })[];
  readonly users: readonly { readonly id: number; readonly outgoingCallerId: string; readonly callPermissionPassword: string | null; readonly scheduleId: number | null }[];
  /** Groups (hunt groups, migration 0012); absent in snapshots built without them. */
  readonly groups?: readonly GroupRoutingRow[];
}

const QUERIES: Readonly<Record<Exclude<keyof RoutingObjectsSnapshot, 'groups'>, string>> = {
  incalls: `SELECT id, tenant_uuid::text AS "tenantUuid", destination, caller_id_mode AS "callerIdMode", caller_id_name AS "callerIdName",
    ring_seconds AS "ringSeconds", schedule_id AS "scheduleId" FROM incall ORDER BY id`,
  outcalls: `SELECT outcall.id, outcall.tenant_uuid::text AS "tenantUuid", outcall.name, outcall.enabled, outcall.internal_caller_id AS "internalCallerId",
    outcall.schedule_id AS "scheduleId",
    COALESCE((SELECT json_agg(trunk_id ORDER BY position) FROM outcall_trunk WHERE outcall_id = outcall.id), '[]'::json) AS "trunkIds",
    COALESCE((SELECT json_agg(call_permission_id ORDER BY call_permission_id) FROM outcall_call_permission WHERE outcall_id = outcall.id), '[]'::json) AS "callPermissionIds",
    COALESCE((SELECT json_agg(json_build_object('extensionId', extension_id, 'stripDigits', strip_digits, 'prefix', prefix, 'callerId', caller_id) ORDER BY extension_id)
      FROM outcall_extension WHERE outcall_id = outcall.id), '[]'::json) AS patterns
    FROM outcall ORDER BY outcall.id`,
  callPermissions: `SELECT call_permission.id, call_permission.tenant_uuid::text AS "tenantUuid", call_permission.name, call_permission.mode, call_permission.password,
    call_permission.enabled, to_json(call_permission.extensions) AS extensions,
    COALESCE((SELECT json_agg(user_id ORDER BY user_id) FROM user_call_permission WHERE call_permission_id = call_permission.id), '[]'::json) AS "userIds"
    FROM call_permission ORDER BY call_permission.id`,
  schedules: `SELECT id, tenant_uuid::text AS "tenantUuid", name, enabled, timezone, closed_destination AS "closedDestination",
    open_periods AS "openPeriods", exceptional_periods AS "exceptionalPeriods" FROM schedule ORDER BY id`,
  callerIdRules: 'SELECT id, tenant_uuid::text AS "tenantUuid", name, caller_id AS "callerId", strip, add FROM caller_id_rule ORDER BY id',
  blacklist: 'SELECT tenant_uuid::text AS "tenantUuid", key, reason FROM blacklist ORDER BY tenant_uuid, key',
  users: `SELECT users.id, users.outgoing_caller_id AS "outgoingCallerId", users.call_permission_password AS "callPermissionPassword",
    user_schedule.schedule_id AS "scheduleId" FROM users LEFT JOIN user_schedule ON user_schedule.user_id = users.id ORDER BY users.id`,
};

/** Reads every tenant's routing objects; run it in a transaction for a consistent snapshot. */
export async function loadRoutingObjects(db: Queryable): Promise<RoutingObjectsSnapshot> {
  const read = async <Key extends Exclude<keyof RoutingObjectsSnapshot, 'groups'>>(key: Key) => (await db.query<RoutingObjectsSnapshot[Key][number]>(QUERIES[key])).rows;
  return {
    incalls: await read('incalls'),
    outcalls: await read('outcalls'),
    callPermissions: await read('callPermissions'),
    schedules: await read('schedules'),
    callerIdRules: await read('callerIdRules'),
    blacklist: await read('blacklist'),
    users: await read('users'),
    groups: await loadGroupRouting(db),
  };
}
