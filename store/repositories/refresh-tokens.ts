/**
 * Refresh tokens (offline access, seed API-02): a client that logged in with `access_type:
 * offline` and a `client_id` gets one, and trades it later for new tokens without the password.
 * One per user and client: logging in again with the same client replaces nothing and returns it.
 */
import type { Queryable } from '../database.ts';
import { isUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';

export interface RefreshTokenRow {
  readonly token: string;
  readonly userUuid: string;
  readonly clientId: string;
  readonly mobile: boolean;
  readonly createdAtMs: number;
}

const COLUMNS = `uuid::text AS token, user_uuid::text AS "userUuid", client_id AS "clientId", mobile,
  (extract(epoch FROM created_at) * 1000)::float8 AS "createdAtMs"`;

/** The refresh token of a user and client, created on first use. */
export function ensureRefreshToken(db: Queryable, userUuid: string, clientId: string, mobile: boolean): Promise<WriteResult<RefreshTokenRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<RefreshTokenRow>(
      `INSERT INTO auth_refresh_token (user_uuid, client_id, mobile) VALUES ($1, $2, $3)
       ON CONFLICT (user_uuid, client_id) DO UPDATE SET mobile = EXCLUDED.mobile RETURNING ${COLUMNS}`,
      [userUuid, clientId, mobile],
    );
    return rows;
  });
}

/** The refresh token, when it was issued to this client. */
export async function findRefreshToken(db: Queryable, token: string, clientId: string): Promise<RefreshTokenRow | undefined> {
  if (!isUuid(token)) return undefined;
  const { rows } = await db.query<RefreshTokenRow>(`SELECT ${COLUMNS} FROM auth_refresh_token WHERE uuid = $1 AND client_id = $2`, [token, clientId]);
  return rows[0];
}

export async function listRefreshTokens(db: Queryable, userUuid: string): Promise<readonly RefreshTokenRow[]> {
  if (!isUuid(userUuid)) return [];
  const { rows } = await db.query<RefreshTokenRow>(`SELECT ${COLUMNS} FROM auth_refresh_token WHERE user_uuid = $1 ORDER BY created_at, client_id`, [userUuid]);
  return rows;
}

export async function deleteRefreshToken(db: Queryable, userUuid: string, clientId: string): Promise<boolean> {
  if (!isUuid(userUuid)) return false;
  const { rows } = await db.query('DELETE FROM auth_refresh_token WHERE user_uuid = $1 AND client_id = $2 RETURNING uuid', [userUuid, clientId]);
  return rows.length > 0;
}
