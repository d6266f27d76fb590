/**
 * Authentication tokens (seed API-02): issued with an expiration in seconds, valid until then,
 * revoked by deletion, and swept once lapsed. A token is its uuid; a string that is not a uuid is
 * no token (never an error reaching the database).
 */
import type { Queryable } from '../database.ts';
import { isUuid, type TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { tenantOrDefault } from './default-tenant.ts';

export interface AuthTokenRow {
  readonly token: string;
  readonly tenantUuid: TenantUuid;
  readonly authId: string;
  readonly pbxUserUuid: string | null;
  readonly acl: readonly string[];
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

export interface NewAuthToken {
  readonly authId: string;
  readonly pbxUserUuid?: string;
  /** The default tenant when absent. */
  readonly tenantUuid?: TenantUuid;
  readonly acl: readonly string[];
  /** Lifetime in seconds (the request's `expiration`). */
  readonly expirationS: number;
  readonly nowMs: number;
  /** The client's User-Agent and address, shown among the user's sessions. */
  readonly userAgent?: string;
  readonly remoteAddr?: string;
}

const COLUMNS = `uuid::text AS token, tenant_uuid AS "tenantUuid", auth_id AS "authId", pbx_user_uuid::text AS "pbxUserUuid", acl,
  (extract(epoch FROM issued_at) * 1000)::float8 AS "issuedAtMs", (extract(epoch FROM expires_at) * 1000)::float8 AS "expiresAtMs"`;

/** Issues a token; an invalid value (an empty auth id, a lifetime that is not positive) is a violation. */
export function createAuthToken(db: Queryable, token: NewAuthToken): Promise<WriteResult<AuthTokenRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<AuthTokenRow>(
      `INSERT INTO auth_token (tenant_uuid, auth_id, pbx_user_uuid, acl, issued_at, expires_at, user_agent, remote_addr)
       VALUES (${tenantOrDefault('$1')}, $2, $3, $4, to_timestamp($5::float8 / 1000), to_timestamp($5::float8 / 1000) + make_interval(secs => $6), $7, $8)
       RETURNING ${COLUMNS}`,
      [token.tenantUuid ?? null, token.authId, token.pbxUserUuid ?? null, [...token.acl], token.nowMs, token.expirationS,
        (token.userAgent ?? '').slice(0, 512), (token.remoteAddr ?? '').slice(0, 64)],
    );
    return rows;
  });
}

/** The token, while it is valid at `nowMs`; undefined for an unknown, expired or malformed one. */
export async function findAuthToken(db: Queryable, token: string, nowMs: number): Promise<AuthTokenRow | undefined> {
  if (!isUuid(token)) return undefined;
  const { rows } = await db.query<AuthTokenRow>(`SELECT ${COLUMNS} FROM auth_token WHERE uuid = $1 AND expires_at > to_timestamp($2::float8 / 1000)`, [token, nowMs]);
  return rows[0];
}

/** Revokes a token; whether it existed. */
export async function deleteAuthToken(db: Queryable, token: string): Promise<boolean> {
  if (!isUuid(token)) return false;
  const { rows } = await db.query<{ uuid: string }>('DELETE FROM auth_token WHERE uuid = $1 RETURNING uuid', [token]);
  return rows.length > 0;
}

/** Deletes the tokens lapsed at `nowMs`; returns how many. */
export async function deleteExpiredAuthTokens(db: Queryable, nowMs: number): Promise<number> {
  const { rows } = await db.query<{ uuid: string }>('DELETE FROM auth_token WHERE expires_at <= to_timestamp($1::float8 / 1000) RETURNING uuid', [nowMs]);
  return rows.length;
}

/** Revokes every token of an auth user (disabled or deleted); returns them. */
export async function deleteAuthTokensOf(db: Queryable, authId: string): Promise<readonly string[]> {
  const { rows } = await db.query<{ token: string }>('DELETE FROM auth_token WHERE auth_id = $1 RETURNING uuid::text AS token', [authId]);
  return rows.map((row) => row.token);
}
