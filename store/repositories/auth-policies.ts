/**
 * Policies (seed API-03): named lists of ACL templates, attached to users; a token's ACLs are its
 * user's policies rendered when it is issued. A tenant sees its own policies and the shared ones of
 * the tenants above it (the built-in `default-user` and `default-admin` of the root tenant).
 * Built-in policies are read-only.
 */
import type { Queryable } from '../database.ts';
import { isUuid, type TenantUuid } from '../ids.ts';
import { writeRow, type StoreViolation, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';

export interface AuthPolicyRow {
  readonly uuid: string;
  readonly tenantUuid: TenantUuid;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly acl: readonly string[];
  readonly shared: boolean;
  readonly readOnly: boolean;
}

export interface NewAuthPolicy {
  readonly tenantUuid: string;
  readonly slug: string;
  readonly name: string;
  readonly description?: string | null;
  readonly acl: readonly string[];
  readonly shared?: boolean;
}

export type AuthPolicyChanges = Partial<Pick<NewAuthPolicy, 'name' | 'description' | 'acl' | 'shared'>>;

export type AuthPolicyOrder = 'name' | 'slug' | 'description' | 'uuid';

export const BUILT_IN_POLICIES = { user: 'default-user', admin: 'default-admin' } as const;

const COLUMNS = `auth_policy.uuid::text AS uuid, auth_policy.tenant_uuid AS "tenantUuid", auth_policy.slug, auth_policy.name,
  auth_policy.description, auth_policy.acl, auth_policy.shared, auth_policy.read_only AS "readOnly"`;

/** The tenants above (and including) each visible tenant, whose shared policies are visible too. */
const VISIBLE = `(auth_policy.tenant_uuid = ANY($1::uuid[]) OR (auth_policy.shared AND auth_policy.tenant_uuid IN (
  WITH RECURSIVE above(uuid, parent_uuid) AS (
    SELECT uuid, parent_uuid FROM tenant WHERE uuid = ANY($1::uuid[])
    UNION SELECT tenant.uuid, tenant.parent_uuid FROM tenant JOIN above ON tenant.uuid = above.parent_uuid)
  SELECT uuid FROM above)))`;

const NOT_FOUND: StoreViolation = { type: 'error', code: 'PBX_ERR_STORE_NOT_FOUND', constraint: undefined, message: 'no such policy' };
const READ_ONLY: StoreViolation = { type: 'error', code: 'PBX_ERR_STORE_INVALID_VALUE', constraint: 'auth_policy_read_only', message: 'a built-in policy cannot be changed' };

export function createAuthPolicy(db: Queryable, policy: NewAuthPolicy): Promise<WriteResult<AuthPolicyRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<AuthPolicyRow>(
      `INSERT INTO auth_policy (tenant_uuid, slug, name, description, acl, shared) VALUES ($1, $2, $3, $4, $5, COALESCE($6::boolean, false))
       RETURNING ${COLUMNS}`,
      [policy.tenantUuid, policy.slug, policy.name, policy.description ?? null, [...policy.acl], policy.shared ?? null],
    );
    return rows;
  });
}

/** A policy visible from the given tenants. */
export async function findAuthPolicy(db: Queryable, uuid: string, tenantUuids: readonly string[]): Promise<AuthPolicyRow | undefined> {
  if (!isUuid(uuid)) return undefined;
  const { rows } = await db.query<AuthPolicyRow>(`SELECT ${COLUMNS} FROM auth_policy WHERE ${VISIBLE} AND uuid = $2`, [[...tenantUuids], uuid]);
  return rows[0];
}

/** A built-in policy by slug (in the root tenant). */
export async function findBuiltInPolicy(db: Queryable, slug: string): Promise<AuthPolicyRow | undefined> {
  const { rows } = await db.query<AuthPolicyRow>(
    `SELECT ${COLUMNS} FROM auth_policy JOIN tenant ON tenant.uuid = auth_policy.tenant_uuid WHERE tenant.is_default AND auth_policy.slug = $1`,
    [slug],
  );
  return rows[0];
}

const ORDER: Readonly<Record<AuthPolicyOrder, string>> = {
  name: 'lower(auth_policy.name)', slug: 'auth_policy.slug', description: 'auth_policy.description', uuid: 'auth_policy.uuid::text',
};

export function listAuthPolicies(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order?: AuthPolicyOrder }): Promise<Page<AuthPolicyRow>> {
  return selectPage<AuthPolicyRow>(db, {
    from: 'FROM auth_policy',
    columns: COLUMNS,
    where: [VISIBLE],
    params: [[...tenantUuids]],
    searchColumns: ['auth_policy.name', 'auth_policy.slug', 'auth_policy.description', 'auth_policy.uuid'],
    orderBy: ORDER[query.order ?? 'name'],
    tieBreaker: 'auth_policy.uuid',
  }, query);
}

/** Changes a policy owned by one of the given tenants (a shared policy of a tenant above is read-only below it). */
export async function updateAuthPolicy(db: Queryable, uuid: string, tenantUuids: readonly string[], changes: AuthPolicyChanges): Promise<WriteResult<AuthPolicyRow>> {
  if (!isUuid(uuid)) return NOT_FOUND;
  const current = await findAuthPolicy(db, uuid, tenantUuids);
  if (current === undefined) return NOT_FOUND;
  if (current.readOnly || !tenantUuids.includes(current.tenantUuid)) return READ_ONLY;
  const has = (name: keyof AuthPolicyChanges) => Object.hasOwn(changes, name);
  return writeRow(async () => {
    const { rows } = await db.query<AuthPolicyRow>(
      `UPDATE auth_policy SET name = CASE WHEN $2 THEN $3 ELSE name END, description = CASE WHEN $4 THEN $5 ELSE description END,
         acl = CASE WHEN $6 THEN $7::text[] ELSE acl END, shared = CASE WHEN $8 THEN $9::boolean ELSE shared END
       WHERE uuid = $1 AND NOT read_only RETURNING ${COLUMNS}`,
      [uuid, has('name'), changes.name ?? null, has('description'), changes.description ?? null, has('acl'), changes.acl === undefined ? null : [...changes.acl],
        has('shared'), changes.shared ?? null],
    );
    return rows;
  }, NOT_FOUND);
}

export async function deleteAuthPolicy(db: Queryable, uuid: string, tenantUuids: readonly string[]): Promise<'deleted' | 'not-found' | 'read-only'> {
  const current = await findAuthPolicy(db, uuid, tenantUuids);
  if (current === undefined) return 'not-found';
  if (current.readOnly || !tenantUuids.includes(current.tenantUuid)) return 'read-only';
  await db.query('DELETE FROM auth_policy WHERE uuid = $1', [uuid]);
  return 'deleted';
}

/** The policies of a user, in name order. */
export async function listUserPolicies(db: Queryable, userUuid: string): Promise<readonly AuthPolicyRow[]> {
  if (!isUuid(userUuid)) return [];
  const { rows } = await db.query<AuthPolicyRow>(
    `SELECT ${COLUMNS} FROM auth_policy JOIN auth_user_policy ON auth_user_policy.policy_uuid = auth_policy.uuid
     WHERE auth_user_policy.user_uuid = $1 ORDER BY lower(auth_policy.name), auth_policy.uuid`,
    [userUuid],
  );
  return rows;
}

export async function attachUserPolicy(db: Queryable, userUuid: string, policyUuid: string): Promise<void> {
  await db.query('INSERT INTO auth_user_policy (user_uuid, policy_uuid) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userUuid, policyUuid]);
}

export async function detachUserPolicy(db: Queryable, userUuid: string, policyUuid: string): Promise<boolean> {
  if (!isUuid(userUuid) || !isUuid(policyUuid)) return false;
  const { rows } = await db.query('DELETE FROM auth_user_policy WHERE user_uuid = $1 AND policy_uuid = $2 RETURNING user_uuid', [userUuid, policyUuid]);
  return rows.length > 0;
}
