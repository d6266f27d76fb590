/**
 * Tenants (seed API-04) as a tree: the default tenant is its root (the reference platform's master
 * tenant) and every other tenant has a parent. A token of a tenant sees that tenant and the ones
 * below it. A tenant with tenants below it, and the root, cannot be deleted.
 */
import type { Queryable } from '../database.ts';
import { isUuid, type TenantUuid } from '../ids.ts';
import { writeRow, type StoreViolation, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';

export interface TenantRow {
  readonly uuid: TenantUuid;
  readonly name: string;
  readonly parentUuid: TenantUuid | null;
  readonly isDefault: boolean;
}

export type TenantOrder = 'name' | 'uuid';

const COLUMNS = `tenant.uuid::text AS uuid, tenant.name, tenant.parent_uuid::text AS "parentUuid", tenant.is_default AS "isDefault"`;

const NOT_FOUND: StoreViolation = { type: 'error', code: 'PBX_ERR_STORE_NOT_FOUND', constraint: undefined, message: 'no such tenant' };

/** The root tenant (the default one). */
export async function findRootTenant(db: Queryable): Promise<TenantRow> {
  const { rows } = await db.query<TenantRow>(`SELECT ${COLUMNS} FROM tenant WHERE is_default`);
  if (rows[0] === undefined) throw new Error('the default tenant is missing');
  return rows[0];
}

/** A tenant and every tenant below it. */
export async function tenantSubtree(db: Queryable, tenantUuid: string): Promise<readonly TenantUuid[]> {
  if (!isUuid(tenantUuid)) return [];
  const { rows } = await db.query<{ uuid: TenantUuid }>(
    `WITH RECURSIVE below(uuid) AS (SELECT uuid FROM tenant WHERE uuid = $1 UNION SELECT tenant.uuid FROM tenant JOIN below ON tenant.parent_uuid = below.uuid)
     SELECT uuid::text AS uuid FROM below`,
    [tenantUuid],
  );
  return rows.map((row) => row.uuid);
}

export function createTenant(db: Queryable, tenant: { readonly name: string; readonly parentUuid: string; readonly uuid?: string }): Promise<WriteResult<TenantRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<TenantRow>(
      `INSERT INTO tenant (uuid, name, parent_uuid) VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3) RETURNING ${COLUMNS}`,
      [tenant.uuid ?? null, tenant.name, tenant.parentUuid],
    );
    return rows;
  });
}

export async function findTenant(db: Queryable, uuid: string, visible: readonly string[]): Promise<TenantRow | undefined> {
  if (!isUuid(uuid)) return undefined;
  const { rows } = await db.query<TenantRow>(`SELECT ${COLUMNS} FROM tenant WHERE uuid = $1 AND uuid = ANY($2::uuid[])`, [uuid, [...visible]]);
  return rows[0];
}

const ORDER: Readonly<Record<TenantOrder, string>> = { name: 'lower(tenant.name)', uuid: 'tenant.uuid::text' };

export function listTenants(db: Queryable, visible: readonly string[], query: PageQuery & { readonly order?: TenantOrder }): Promise<Page<TenantRow>> {
  return selectPage<TenantRow>(db, {
    from: 'FROM tenant',
    columns: COLUMNS,
    where: ['tenant.uuid = ANY($1::uuid[])'],
    params: [[...visible]],
    searchColumns: ['tenant.name', 'tenant.uuid'],
    orderBy: ORDER[query.order ?? 'name'],
    tieBreaker: 'tenant.uuid',
  }, query);
}

export function renameTenant(db: Queryable, uuid: string, visible: readonly string[], name: string): Promise<WriteResult<TenantRow>> {
  if (!isUuid(uuid)) return Promise.resolve(NOT_FOUND);
  return writeRow(async () => {
    const { rows } = await db.query<TenantRow>(`UPDATE tenant SET name = $3 WHERE uuid = $1 AND uuid = ANY($2::uuid[]) RETURNING ${COLUMNS}`, [uuid, [...visible], name]);
    return rows;
  }, NOT_FOUND);
}

/** Deletes a leaf tenant with everything it owns; the root and a tenant with children are refused. */
export async function deleteTenant(db: Queryable, uuid: string, visible: readonly string[]): Promise<'deleted' | 'not-found' | 'has-children' | 'root'> {
  const tenant = await findTenant(db, uuid, visible);
  if (tenant === undefined) return 'not-found';
  if (tenant.isDefault) return 'root';
  const { rows } = await db.query('SELECT 1 FROM tenant WHERE parent_uuid = $1 LIMIT 1', [uuid]);
  if (rows.length > 0) return 'has-children';
  await db.query('DELETE FROM tenant WHERE uuid = $1', [uuid]);
  return 'deleted';
}
