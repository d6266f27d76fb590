import type { Queryable } from '../database.ts';
import type { EndpointSipId, LineId, TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { tenantOrDefault } from './default-tenant.ts';

/** A row of `line`, with the username of its SIP endpoint. */
export interface LineRow {
  readonly id: LineId;
  readonly tenantUuid: TenantUuid;
  /** The name of the line's context, in the line's tenant. */
  readonly context: string;
  readonly protocol: 'sip';
  /** Six digits a phone dials to take this line during auto-provisioning. */
  readonly provisioningCode: string;
  /** The line's key on the phone, from 1. */
  readonly position: number;
  readonly endpointSipId: EndpointSipId | null;
  readonly username: string | null;
}

/** A SIP line just created, with its endpoint. */
export interface SipLineRow extends LineRow {
  readonly endpointSipId: EndpointSipId;
  readonly username: string;
}

/** The fields of a new SIP line and its endpoint. */
export interface NewSipLine {
  /** The digest username; unique across tenants, since the realm is shared. */
  readonly username: string;
  readonly secret: string;
  /** The name of an existing context of the tenant. */
  readonly context: string;
  readonly position?: number;
  /** The default tenant when absent. */
  readonly tenantUuid?: TenantUuid;
}

/** Which lines `listLines` returns, in id order. */
export interface LineQuery {
  readonly tenantUuid?: TenantUuid;
  readonly limit?: number;
  readonly offset?: number;
}

const LINE_COLUMNS = `line.id, line.tenant_uuid AS "tenantUuid", line.context, line.protocol,
  line.provisioning_code AS "provisioningCode", line.position, line.endpoint_sip_id AS "endpointSipId",
  endpoint_sip.username`;

/**
 * Creates a SIP endpoint and its line in one statement, so neither exists without the other.
 *
 * @remarks
 * The provisioning code is drawn by the database among the unused ones. Refusals (username taken,
 * unknown context, bad characters) come back as a `StoreViolation`.
 */
export function createSipLine(db: Queryable, line: NewSipLine): Promise<WriteResult<SipLineRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<SipLineRow>(
      `WITH new_endpoint AS (
         INSERT INTO endpoint_sip (tenant_uuid, username, secret)
         VALUES (${tenantOrDefault('$1')}, $2, $3)
         RETURNING id, tenant_uuid, username
       ), new_line AS (
         INSERT INTO line (tenant_uuid, context, protocol, position, endpoint_sip_id)
         SELECT new_endpoint.tenant_uuid, $4, 'sip', COALESCE($5::integer, 1), new_endpoint.id FROM new_endpoint
         RETURNING *
       )
       SELECT ${LINE_COLUMNS}
       FROM new_line AS line JOIN new_endpoint AS endpoint_sip ON endpoint_sip.id = line.endpoint_sip_id`,
      [line.tenantUuid ?? null, line.username, line.secret, line.context, line.position ?? null],
    );
    return rows;
  });
}

/** Lists lines in id order, of one tenant or of all. */
export async function listLines(db: Queryable, query: LineQuery = {}): Promise<LineRow[]> {
  const { rows } = await db.query<LineRow>(
    `SELECT ${LINE_COLUMNS}
     FROM line LEFT JOIN endpoint_sip ON endpoint_sip.id = line.endpoint_sip_id
     WHERE $1::uuid IS NULL OR line.tenant_uuid = $1::uuid
     ORDER BY line.id
     LIMIT $2::integer OFFSET COALESCE($3::integer, 0)`,
    [query.tenantUuid ?? null, query.limit ?? null, query.offset ?? null],
  );
  return rows;
}
