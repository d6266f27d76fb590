/**
 * The users who log in (seed API-02): a username unique whatever its case, a scrypt password
 * hash (hashed by the caller, never stored in clear), a purpose (`user`, `internal`,
 * `external_api`), and the policies that make their tokens' ACLs. A PBX user who logs in has an
 * auth user of the same uuid.
 */
import type { Queryable } from '../database.ts';
import { isUuid, type TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { tenantOrDefault } from './default-tenant.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { deleteAuthTokensOf } from './auth-tokens.ts';

export type AuthUserPurpose = 'user' | 'internal' | 'external_api';

export interface AuthUserRow {
  readonly uuid: string;
  readonly tenantUuid: TenantUuid;
  readonly username: string;
  readonly firstname: string | null;
  readonly lastname: string | null;
  readonly email: string | null;
  readonly purpose: AuthUserPurpose;
  readonly enabled: boolean;
}

/** A user with what logging in needs. */
export interface AuthUserCredentials extends AuthUserRow {
  readonly passwordHash: string | null;
}

export interface NewAuthUser {
  /** Given for a PBX user, so both share one uuid. */
  readonly uuid?: string;
  readonly tenantUuid?: TenantUuid;
  readonly username: string;
  readonly passwordHash?: string;
  readonly firstname?: string;
  readonly lastname?: string;
  readonly email?: string;
  readonly purpose?: AuthUserPurpose;
  readonly enabled?: boolean;
}

export type AuthUserChanges = Partial<Pick<NewAuthUser, 'username' | 'firstname' | 'lastname' | 'email' | 'purpose' | 'enabled'>>;

export type AuthUserOrder = 'username' | 'firstname' | 'lastname' | 'email' | 'purpose' | 'uuid';

const COLUMNS = `auth_user.uuid::text AS uuid, auth_user.tenant_uuid AS "tenantUuid", auth_user.username, auth_user.firstname,
  auth_user.lastname, auth_user.email, auth_user.purpose, auth_user.enabled`;

const NOT_FOUND = { type: 'error', code: 'PBX_ERR_STORE_NOT_FOUND', constraint: undefined, message: 'no such user' } as const;

export function createAuthUser(db: Queryable, user: NewAuthUser): Promise<WriteResult<AuthUserRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<AuthUserRow>(
      `INSERT INTO auth_user (uuid, tenant_uuid, username, password_hash, firstname, lastname, email, purpose, enabled)
       VALUES (COALESCE($1::uuid, gen_random_uuid()), ${tenantOrDefault('$2')}, $3, $4, $5, $6, $7, COALESCE($8::text, 'user'), COALESCE($9::boolean, true))
       RETURNING ${COLUMNS}`,
      [user.uuid ?? null, user.tenantUuid ?? null, user.username, user.passwordHash ?? null, user.firstname ?? null, user.lastname ?? null,
        user.email ?? null, user.purpose ?? null, user.enabled ?? null],
    );
    return rows;
  });
}

/** The user of a username (whatever its case) with its password hash, for logging in. */
export async function findAuthUserCredentials(db: Queryable, username: string): Promise<AuthUserCredentials | undefined> {
  const { rows } = await db.query<AuthUserCredentials>(
    `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM auth_user WHERE lower(username) = lower($1)`,
    [username],
  );
  return rows[0];
}

/** A user by uuid, within the given tenants (every tenant when absent). */
export async function findAuthUser(db: Queryable, uuid: string, tenantUuids?: readonly string[]): Promise<AuthUserRow | undefined> {
  if (!isUuid(uuid)) return undefined;
  const { rows } = await db.query<AuthUserRow>(
    `SELECT ${COLUMNS} FROM auth_user WHERE uuid = $1 AND ($2::uuid[] IS NULL OR tenant_uuid = ANY($2::uuid[]))`,
    [uuid, tenantUuids === undefined ? null : [...tenantUuids]],
  );
  return rows[0];
}

export async function findAuthUserPasswordHash(db: Queryable, uuid: string): Promise<string | null | undefined> {
  if (!isUuid(uuid)) return undefined;
  const { rows } = await db.query<{ hash: string | null }>('SELECT password_hash AS hash FROM auth_user WHERE uuid = $1', [uuid]);
  return rows[0] === undefined ? undefined : rows[0].hash;
}

const ORDER: Readonly<Record<AuthUserOrder, string>> = {
  username: 'lower(auth_user.username)',
  firstname: 'auth_user.firstname',
  lastname: 'auth_user.lastname',
  email: 'auth_user.email',
  purpose: 'auth_user.purpose',
  uuid: 'auth_user.uuid::text',
};

export function listAuthUsers(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order?: AuthUserOrder }): Promise<Page<AuthUserRow>> {
  return selectPage<AuthUserRow>(db, {
    from: 'FROM auth_user',
    columns: COLUMNS,
    where: ['auth_user.tenant_uuid = ANY($1::uuid[])'],
    params: [[...tenantUuids]],
    searchColumns: ['auth_user.username', 'auth_user.firstname', 'auth_user.lastname', 'auth_user.email', 'auth_user.uuid'],
    orderBy: ORDER[query.order ?? 'username'],
    tieBreaker: 'auth_user.uuid',
  }, query);
}

/** Changes the given fields of a user of the given tenants. */
export function updateAuthUser(db: Queryable, uuid: string, tenantUuids: readonly string[], changes: AuthUserChanges): Promise<WriteResult<AuthUserRow>> {
  if (!isUuid(uuid)) return Promise.resolve(NOT_FOUND);
  const has = (name: keyof AuthUserChanges) => Object.hasOwn(changes, name);
  return writeRow(async () => {
    const { rows } = await db.query<AuthUserRow>(
      `UPDATE auth_user SET
         username = CASE WHEN $3 THEN $4 ELSE username END,
         firstname = CASE WHEN $5 THEN $6 ELSE firstname END,
         lastname = CASE WHEN $7 THEN $8 ELSE lastname END,
         email = CASE WHEN $9 THEN $10 ELSE email END,
         purpose = CASE WHEN $11 THEN $12 ELSE purpose END,
         enabled = CASE WHEN $13 THEN $14::boolean ELSE enabled END
       WHERE uuid = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING ${COLUMNS}`,
      [uuid, [...tenantUuids], has('username'), changes.username ?? null, has('firstname'), changes.firstname ?? null, has('lastname'), changes.lastname ?? null,
        has('email'), changes.email ?? null, has('purpose'), changes.purpose ?? null, has('enabled'), changes.enabled ?? null],
    );
    return rows;
  }, NOT_FOUND);
}

export async function setAuthUserPasswordHash(db: Queryable, uuid: string, passwordHash: string | null): Promise<boolean> {
  if (!isUuid(uuid)) return false;
  const { rows } = await db.query('UPDATE auth_user SET password_hash = $2 WHERE uuid = $1 RETURNING uuid', [uuid, passwordHash]);
  return rows.length > 0;
}

/** Deletes a user of the given tenants with its policy links and refresh tokens; revokes its tokens and returns them (undefined: no such user). */
export async function deleteAuthUser(db: Queryable, uuid: string, tenantUuids: readonly string[]): Promise<readonly string[] | undefined> {
  if (!isUuid(uuid)) return undefined;
  const { rows } = await db.query('DELETE FROM auth_user WHERE uuid = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING uuid', [uuid, [...tenantUuids]]);
  if (rows.length === 0) return undefined;
  return deleteAuthTokensOf(db, uuid);
}

/** Whether any user has this username (whatever its case): the first start creates `admin` once. */
export async function authUserExists(db: Queryable, username: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM auth_user WHERE lower(username) = lower($1)', [username]);
  return rows.length > 0;
}
