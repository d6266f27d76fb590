/**
 * The trunks as the configuration API manages them (Wazo confd's `/trunks`): pages with total and
 * search, one trunk, creation, partial updates, deletion, and the association of a trunk with its
 * SIP endpoint and its outbound registration; always within the tenants the caller may see.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { missingReference, notFound, writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowChanges, rowId } from './row-changes.ts';

export type OutgoingCallerIdFormat = '+E164' | 'E164' | 'national';

/** A trunk with the names of what it is associated with. */
export interface TrunkRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly context: string | null;
  readonly description: string;
  readonly outgoingCallerIdFormat: OutgoingCallerIdFormat;
  readonly endpointSip: { readonly id: number; readonly uuid: string; readonly username: string } | null;
  readonly registerSip: { readonly id: number } | null;
}

export type TrunkOrder = 'id' | 'context' | 'description' | 'name';

export interface NewTrunk {
  readonly tenantUuid: TenantUuid;
  readonly context?: string | null;
  readonly description?: string;
  readonly outgoingCallerIdFormat?: OutgoingCallerIdFormat;
}

export interface TrunkChanges {
  readonly context?: string | null;
  readonly description?: string;
  readonly outgoingCallerIdFormat?: OutgoingCallerIdFormat;
}

const CHANGE_COLUMNS: Readonly<Record<keyof TrunkChanges, string>> = {
  context: 'context', description: 'description', outgoingCallerIdFormat: 'outgoing_caller_id_format',
};

const ORDER_COLUMNS: Readonly<Record<TrunkOrder, string>> = {
  id: 'trunk.id', context: 'trunk.context', description: 'trunk.description', name: 'endpoint_sip.username',
};

const COLUMNS = `trunk.id, trunk.tenant_uuid::text AS "tenantUuid", trunk.context, trunk.description,
  trunk.outgoing_caller_id_format AS "outgoingCallerIdFormat",
  CASE WHEN endpoint_sip.id IS NULL THEN NULL ELSE json_build_object('id', endpoint_sip.id, 'uuid', endpoint_sip.uuid, 'username', endpoint_sip.username) END AS "endpointSip",
  CASE WHEN trunk.register_sip_id IS NULL THEN NULL ELSE json_build_object('id', trunk.register_sip_id) END AS "registerSip"`;

const FROM = 'FROM trunk LEFT JOIN endpoint_sip ON endpoint_sip.id = trunk.endpoint_sip_id';

export function listTrunkPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: TrunkOrder }): Promise<Page<TrunkRow>> {
  return selectPage<TrunkRow>(db, {
    from: FROM,
    columns: COLUMNS,
    where: ['trunk.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['trunk.context', 'trunk.description', 'endpoint_sip.username'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'trunk.id',
  }, query);
}

export async function findTrunk(db: Queryable, trunkId: string, tenantUuids: readonly string[]): Promise<TrunkRow | undefined> {
  const id = rowId(trunkId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<TrunkRow>(`SELECT ${COLUMNS} ${FROM} WHERE trunk.id = $1 AND trunk.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

/** Creates a trunk without endpoint or registration (Wazo's `POST /trunks`). */
export async function createTrunk(db: Queryable, trunk: NewTrunk): Promise<WriteResult<TrunkRow>> {
  const created = await writeRow(async () => {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO trunk (tenant_uuid, context, description, outgoing_caller_id_format)
       VALUES ($1, $2, COALESCE($3::text, ''), COALESCE($4::text, '+E164')) RETURNING id`,
      [trunk.tenantUuid, trunk.context ?? null, trunk.description ?? null, trunk.outgoingCallerIdFormat ?? null],
    );
    return rows;
  });
  if (created.type === 'error') return created;
  return found(await findTrunk(db, String(created.value.id), [trunk.tenantUuid]), created.value.id);
}

export async function updateTrunk(db: Queryable, trunkId: string, tenantUuids: readonly string[], changes: TrunkChanges): Promise<WriteResult<TrunkRow>> {
  const id = rowId(trunkId);
  if (id === undefined) return notFound(`no trunk ${trunkId}`);
  const set = rowChanges(CHANGE_COLUMNS, changes as Record<string, unknown>, 3);
  if (set.assignments !== '') {
    const updated = await writeRow(async () => {
      const { rows } = await db.query<{ id: number }>(`UPDATE trunk SET ${set.assignments} WHERE id = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING id`, [id, tenantUuids, ...set.values]);
      return rows;
    }, notFound(`no trunk ${trunkId}`));
    if (updated.type === 'error') return updated;
  }
  return found(await findTrunk(db, trunkId, tenantUuids), id);
}

/**
 * Deletes a trunk and its SIP endpoint (as deleting a line deletes its endpoint); its outbound
 * registration stays, without trunk.
 */
export async function deleteTrunk(db: Queryable, trunkId: string, tenantUuids: readonly string[]): Promise<TrunkRow | undefined> {
  const trunk = await findTrunk(db, trunkId, tenantUuids);
  if (trunk === undefined) return undefined;
  await db.query('DELETE FROM trunk WHERE id = $1', [trunk.id]);
  if (trunk.endpointSip !== null) await db.query('DELETE FROM endpoint_sip WHERE id = $1', [trunk.endpointSip.id]);
  return trunk;
}

/**
 * Gives a trunk its SIP endpoint (`PUT /trunks/{id}/endpoints/sip/{uuid}`).
 *
 * @remarks
 * One endpoint per trunk and one owner per endpoint: a trunk that has another endpoint is refused
 * (`trunk_endpoint_sip_id_key`), so is an endpoint another trunk has (the same constraint) or a
 * line has (`endpoint_sip_owner_key`).
 */
export function associateTrunkEndpointSip(db: Queryable, trunkId: number, endpointSipId: number): Promise<WriteResult<{ readonly trunkId: number }>> {
  return writeRow(async () => {
    const { rows } = await db.query<{ trunkId: number }>(
      `UPDATE trunk SET endpoint_sip_id = $2 WHERE id = $1 AND (endpoint_sip_id IS NULL OR endpoint_sip_id = $2) RETURNING id AS "trunkId"`,
      [trunkId, endpointSipId],
    );
    return rows;
  }, missingReference('trunk_endpoint_sip_id_key', `trunk ${trunkId} already has another endpoint`));
}

/** Takes its SIP endpoint from a trunk; false when the trunk did not have this one. */
export async function dissociateTrunkEndpointSip(db: Queryable, trunkId: number, endpointSipId: number): Promise<boolean> {
  const { rows } = await db.query('UPDATE trunk SET endpoint_sip_id = NULL WHERE id = $1 AND endpoint_sip_id = $2 RETURNING id', [trunkId, endpointSipId]);
  return rows.length > 0;
}

/** Gives a trunk its outbound registration (`PUT /trunks/{id}/registers/sip/{id}`); same rules as the endpoint. */
export function associateTrunkRegisterSip(db: Queryable, trunkId: number, registerSipId: number): Promise<WriteResult<{ readonly trunkId: number }>> {
  return writeRow(async () => {
    const { rows } = await db.query<{ trunkId: number }>(
      `UPDATE trunk SET register_sip_id = $2 WHERE id = $1 AND (register_sip_id IS NULL OR register_sip_id = $2) RETURNING id AS "trunkId"`,
      [trunkId, registerSipId],
    );
    return rows;
  }, missingReference('trunk_register_sip_id_key', `trunk ${trunkId} already has another registration`));
}

/** Takes its outbound registration from a trunk; false when the trunk did not have this one. */
export async function dissociateTrunkRegisterSip(db: Queryable, trunkId: number, registerSipId: number): Promise<boolean> {
  const { rows } = await db.query('UPDATE trunk SET register_sip_id = NULL WHERE id = $1 AND register_sip_id = $2 RETURNING id', [trunkId, registerSipId]);
  return rows.length > 0;
}

function found(trunk: TrunkRow | undefined, id: number): WriteResult<TrunkRow> {
  return trunk === undefined ? notFound(`no trunk ${id}`) : { type: 'ok', value: trunk };
}
