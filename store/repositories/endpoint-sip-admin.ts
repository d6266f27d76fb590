/**
 * The SIP endpoints as the configuration API manages them (Wazo confd's `/endpoints/sip`): the
 * digest username and secret a phone registers with, and the line that uses them; always within
 * the tenants the caller may see. A secret is written, never listed in a search. A trunk's endpoint
 * also has a host, a chan_sip type and options (migration 0008), and names its trunk.
 */
import type { Queryable } from '../database.ts';
import { isUuid, type TenantUuid } from '../ids.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowChanges } from './row-changes.ts';

export interface EndpointSipRow {
  readonly id: number;
  readonly uuid: string;
  readonly tenantUuid: TenantUuid;
  readonly username: string;
  readonly secret: string;
  readonly lineId: number | null;
  /** `dynamic`, or the host[:port] a trunk sends to. */
  readonly host: string;
  readonly type: EndpointSipType;
  /** The seed's `options`: [name, value] pairs, in order. */
  readonly options: readonly (readonly [string, string])[];
  readonly trunkId: number | null;
}

export type EndpointSipType = 'peer' | 'friend' | 'user';

export type EndpointSipOrder = 'name' | 'uuid';

export interface EndpointSipChanges {
  readonly username?: string;
  readonly secret?: string;
  readonly host?: string;
  readonly type?: EndpointSipType;
  readonly options?: readonly (readonly [string, string])[];
}

/** What a new endpoint is made of; host, type and options default to a line's (`dynamic`, `friend`, none). */
export interface NewEndpointSip {
  readonly tenantUuid: TenantUuid;
  readonly username: string;
  readonly secret: string;
  readonly host?: string;
  readonly type?: EndpointSipType;
  readonly options?: readonly (readonly [string, string])[];
}

const COLUMNS = `endpoint_sip.id, endpoint_sip.uuid::text AS uuid, endpoint_sip.tenant_uuid::text AS "tenantUuid", endpoint_sip.username,
  endpoint_sip.secret, (SELECT line.id FROM line WHERE line.endpoint_sip_id = endpoint_sip.id) AS "lineId",
  endpoint_sip.host, endpoint_sip.type, endpoint_sip.options, (SELECT trunk.id FROM trunk WHERE trunk.endpoint_sip_id = endpoint_sip.id) AS "trunkId"`;

export function listEndpointSipPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: EndpointSipOrder }): Promise<Page<EndpointSipRow>> {
  return selectPage<EndpointSipRow>(db, {
    from: 'FROM endpoint_sip',
    columns: COLUMNS,
    where: ['endpoint_sip.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['endpoint_sip.username'],
    orderBy: query.order === 'uuid' ? 'endpoint_sip.uuid::text' : 'endpoint_sip.username',
    tieBreaker: 'endpoint_sip.id',
  }, query);
}

export async function findEndpointSip(db: Queryable, uuid: string, tenantUuids: readonly string[]): Promise<EndpointSipRow | undefined> {
  if (!isUuid(uuid)) return undefined;
  const { rows } = await db.query<EndpointSipRow>(`SELECT ${COLUMNS} FROM endpoint_sip WHERE uuid = $1 AND tenant_uuid = ANY($2::uuid[])`, [uuid.toLowerCase(), tenantUuids]);
  return rows[0];
}

/** Creates an endpoint; the username is unique across tenants (`endpoint_sip_username_key`). */
export function createEndpointSip(db: Queryable, endpoint: NewEndpointSip): Promise<WriteResult<EndpointSipRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<EndpointSipRow>(
      `INSERT INTO endpoint_sip (tenant_uuid, username, secret, host, type, options)
       VALUES ($1, $2, $3, COALESCE($4::text, 'dynamic'), COALESCE($5::text, 'friend'), COALESCE($6::jsonb, '[]'::jsonb)) RETURNING ${COLUMNS}`,
      [endpoint.tenantUuid, endpoint.username, endpoint.secret, endpoint.host ?? null, endpoint.type ?? null, endpoint.options === undefined ? null : JSON.stringify(endpoint.options)],
    );
    return rows;
  });
}

export async function updateEndpointSip(db: Queryable, uuid: string, tenantUuids: readonly string[], changes: EndpointSipChanges): Promise<WriteResult<EndpointSipRow>> {
  const missing = notFound(`no SIP endpoint ${uuid}`);
  if (!isUuid(uuid)) return missing;
  const set = rowChanges(
    { username: 'username', secret: 'secret', host: 'host', type: 'type', options: 'options' },
    { ...changes, ...(changes.options === undefined ? {} : { options: JSON.stringify(changes.options) }) },
    3,
  );
  if (set.assignments === '') {
    const row = await findEndpointSip(db, uuid, tenantUuids);
    return row === undefined ? missing : { type: 'ok', value: row };
  }
  return writeRow(async () => {
    const { rows } = await db.query<EndpointSipRow>(
      `UPDATE endpoint_sip SET ${set.assignments} WHERE uuid = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING ${COLUMNS}`,
      [uuid.toLowerCase(), tenantUuids, ...set.values],
    );
    return rows;
  }, missing);
}

/** Deletes an endpoint; its line, if any, stays without endpoint. */
export async function deleteEndpointSip(db: Queryable, uuid: string, tenantUuids: readonly string[]): Promise<EndpointSipRow | undefined> {
  if (!isUuid(uuid)) return undefined;
  const { rows } = await db.query<EndpointSipRow>(
    `DELETE FROM endpoint_sip WHERE uuid = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING id, uuid::text AS uuid, tenant_uuid::text AS "tenantUuid", username, secret, NULL::integer AS "lineId",
       host, type, options, NULL::integer AS "trunkId"`,
    [uuid.toLowerCase(), tenantUuids],
  );
  return rows[0];
}
