import type { Queryable } from '../database.ts';
import { isUuid, type TenantUuid, type UserId, type UserUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { tenantOrDefault } from './default-tenant.ts';

/** A row of `users` (Wazo's `userfeatures`). */
export interface UserRow {
  readonly id: UserId;
  readonly uuid: UserUuid;
  readonly tenantUuid: TenantUuid;
  readonly firstname: string;
  readonly lastname: string;
  readonly email: string | null;
  /** Shown to the callee of an internal call, `"Name" <number>`. */
  readonly callerId: string | null;
  /** Presented on calls through a trunk: `default` (the outcall's), `anonymous`, or a caller id. */
  readonly outgoingCallerId: string;
  /** Copied into the tags of the user's call logs; comma separated. */
  readonly userfield: string | null;
  /** How long the user's phones ring before the call goes elsewhere; a multiple of 5. */
  readonly ringSeconds: number;
  /** How many calls the user may have at once. */
  readonly simultaneousCalls: number;
  readonly enabled: boolean;
}

/** The fields of a new user; absent ones take the column defaults. */
export interface NewUser {
  readonly firstname: string;
  readonly lastname?: string;
  readonly email?: string;
  readonly callerId?: string;
  readonly outgoingCallerId?: string;
  readonly userfield?: string;
  readonly ringSeconds?: number;
  readonly simultaneousCalls?: number;
  readonly enabled?: boolean;
  /** The name of a music-on-hold class of the user's tenant (`users_music_on_hold_fkey`). */
  readonly musicOnHold?: string;
  /** The default tenant when absent. */
  readonly tenantUuid?: TenantUuid;
}

const USER_COLUMNS = `id, uuid, tenant_uuid AS "tenantUuid", firstname, lastname, email, caller_id AS "callerId",
  outgoing_caller_id AS "outgoingCallerId", userfield, ring_seconds AS "ringSeconds", simultaneous_calls AS "simultaneousCalls", enabled`;

/**
 * Creates a user.
 *
 * @remarks
 * The database enforces the seed's rules: `ring_seconds` positive and a multiple of 5,
 * `simultaneous_calls` positive, e-mail unique regardless of case, no control characters in
 * names and caller id (they end up in SIP headers). A refusal comes back as a `StoreViolation`.
 */
export function createUser(db: Queryable, user: NewUser): Promise<WriteResult<UserRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<UserRow>(
      `INSERT INTO users (tenant_uuid, firstname, lastname, email, caller_id, ring_seconds, simultaneous_calls, enabled,
                          outgoing_caller_id, userfield, music_on_hold)
       VALUES (${tenantOrDefault('$1')}, $2, COALESCE($3::text, ''), $4, $5,
               COALESCE($6::integer, 30), COALESCE($7::integer, 5), COALESCE($8::boolean, true),
               COALESCE($9::text, 'default'), $10, $11)
       RETURNING ${USER_COLUMNS}`,
      [
        user.tenantUuid ?? null,
        user.firstname,
        user.lastname ?? null,
        user.email ?? null,
        user.callerId ?? null,
        user.ringSeconds ?? null,
        user.simultaneousCalls ?? null,
        user.enabled ?? null,
        user.outgoingCallerId ?? null,
        user.userfield ?? null,
        user.musicOnHold ?? null,
      ],
    );
    return rows;
  });
}

/** Counts the users of every tenant. */
export async function countUsers(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::integer AS count FROM users');
  return rows[0]?.count ?? 0;
}

/** The tenant of each of `uuids` that names a user (calld scopes calls by their users' tenants). */
export async function findUserTenants(db: Queryable, uuids: readonly string[]): Promise<ReadonlyMap<string, string>> {
  const wellFormed = uuids.filter((uuid) => isUuid(uuid));
  if (wellFormed.length === 0) return new Map();
  const result = await db.query<{ uuid: string; tenant_uuid: string }>('SELECT uuid, tenant_uuid FROM users WHERE uuid = ANY($1::uuid[])', [wellFormed]);
  return new Map(result.rows.map((row) => [row.uuid, row.tenant_uuid]));
}
