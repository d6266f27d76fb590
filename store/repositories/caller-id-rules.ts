/**
 * The incoming caller-ID normalisation rules (the sections of the reference platform's
 * `xivo_in_callerid.conf`) and the blacklist (its AstDB family `blacklist`), per tenant.
 *
 * @remarks
 * A rule's expression is a regular expression checked by its writer (the configuration API), since
 * the database's regular expressions are not the engine's. Rules are tried in id order.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';

export interface CallerIdRuleRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly callerId: string;
  readonly strip: number;
  readonly add: string;
}

const RULE_COLUMNS = 'id, tenant_uuid::text AS "tenantUuid", name, caller_id AS "callerId", strip, add';

export function createCallerIdRule(db: Queryable, rule: Omit<CallerIdRuleRow, 'id'>): Promise<WriteResult<CallerIdRuleRow>> {
  return writeRow(async () => (await db.query<CallerIdRuleRow>(
    `INSERT INTO caller_id_rule (tenant_uuid, name, caller_id, strip, add) VALUES ($1, $2, $3, $4, $5) RETURNING ${RULE_COLUMNS}`,
    [rule.tenantUuid, rule.name, rule.callerId, rule.strip, rule.add],
  )).rows);
}

/** The rules of the tenants, in the order they are tried. */
export async function listCallerIdRules(db: Queryable, tenantUuids: readonly string[]): Promise<readonly CallerIdRuleRow[]> {
  const { rows } = await db.query<CallerIdRuleRow>(`SELECT ${RULE_COLUMNS} FROM caller_id_rule WHERE tenant_uuid = ANY($1::uuid[]) ORDER BY id`, [tenantUuids]);
  return rows;
}

export async function deleteCallerIdRule(db: Queryable, ruleId: number, tenantUuids: readonly string[]): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM caller_id_rule WHERE id = $1 AND tenant_uuid = ANY($2::uuid[])', [ruleId, tenantUuids]);
  return rowCount > 0;
}

export interface BlacklistEntry {
  readonly key: string;
  readonly reason: string;
}

/** `database put blacklist <key> "<reason>"`: adds the key or replaces its reason. */
export function putBlacklistEntry(db: Queryable, tenantUuid: TenantUuid, entry: BlacklistEntry): Promise<WriteResult<BlacklistEntry>> {
  return writeRow(async () => (await db.query<BlacklistEntry>(
    'INSERT INTO blacklist (tenant_uuid, key, reason) VALUES ($1, $2, $3) ON CONFLICT (tenant_uuid, key) DO UPDATE SET reason = EXCLUDED.reason RETURNING key, reason',
    [tenantUuid, entry.key, entry.reason],
  )).rows);
}

/** `database del blacklist <key>`; false when the key was not there. */
export async function deleteBlacklistEntry(db: Queryable, tenantUuid: TenantUuid, key: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM blacklist WHERE tenant_uuid = $1 AND key = $2', [tenantUuid, key]);
  return rowCount > 0;
}

/** The tenant's blacklist, by key. */
export async function listBlacklist(db: Queryable, tenantUuid: TenantUuid): Promise<readonly BlacklistEntry[]> {
  const { rows } = await db.query<BlacklistEntry>('SELECT key, reason FROM blacklist WHERE tenant_uuid = $1 ORDER BY key', [tenantUuid]);
  return rows;
}
