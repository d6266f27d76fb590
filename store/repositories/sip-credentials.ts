import type { Queryable } from '../database.ts';
import type { LineId, TenantUuid } from '../ids.ts';

/** What the registrar needs to check a digest response for a username. */
export interface SipCredentials {
  readonly lineId: LineId;
  readonly username: string;
  /** The shared secret, from which the registrar computes the expected digest. */
  readonly secret: string;
  /** The context calls from this line start in. */
  readonly context: string;
  readonly tenantUuid: TenantUuid;
}

/**
 * The usernames an endpoint may have: a SIP user part without escapes, 1 to 64 characters.
 *
 * @remarks
 * The same rule as the `endpoint_sip_username_check` constraint
 * (https://www.rfc-editor.org/rfc/rfc3261#section-25.1).
 */
export const SIP_USERNAME_PATTERN = /^[A-Za-z0-9_.!~*()&=+$,;?/-]{1,64}$/;

/**
 * Finds the credentials of the SIP line with this digest username.
 *
 * @remarks
 * The username is compared case-sensitively, as the user part of a SIP URI is
 * (https://www.rfc-editor.org/rfc/rfc3261#section-19.1.4). A username no endpoint could have is
 * answered without a round trip to the database, which matters under a flood of REGISTERs with
 * forged usernames. An endpoint without a line has no credentials.
 */
export async function findSipCredentials(db: Queryable, username: string): Promise<SipCredentials | undefined> {
  if (!SIP_USERNAME_PATTERN.test(username)) return undefined;
  const { rows } = await db.query<SipCredentials>(
    `SELECT line.id AS "lineId", endpoint_sip.username, endpoint_sip.secret, line.context, line.tenant_uuid AS "tenantUuid"
     FROM endpoint_sip JOIN line ON line.endpoint_sip_id = endpoint_sip.id
     WHERE endpoint_sip.username = $1`,
    [username],
  );
  return rows[0];
}

/** What the digest check needs of a `host: dynamic` trunk's endpoint. */
export interface TrunkSipCredentials {
  readonly trunkId: number;
  readonly username: string;
  readonly secret: string;
  readonly tenantUuid: TenantUuid;
}

/**
 * Finds the credentials of the `host: dynamic` trunk endpoint with this digest username: the peer
 * that registers to us and authenticates its calls with them (the seed's Wazo-to-Wazo side B).
 *
 * @remarks An endpoint belongs to a line or a trunk, never both, and usernames are unique among
 * endpoints, so a username names at most one of {@link findSipCredentials} and this.
 */
export async function findTrunkSipCredentials(db: Queryable, username: string): Promise<TrunkSipCredentials | undefined> {
  if (!SIP_USERNAME_PATTERN.test(username)) return undefined;
  const { rows } = await db.query<TrunkSipCredentials>(
    `SELECT trunk.id AS "trunkId", endpoint_sip.username, endpoint_sip.secret, trunk.tenant_uuid AS "tenantUuid"
     FROM endpoint_sip JOIN trunk ON trunk.endpoint_sip_id = endpoint_sip.id
     WHERE endpoint_sip.username = $1 AND endpoint_sip.host = 'dynamic'`,
    [username],
  );
  return rows[0];
}
