/**
 * The contexts as the configuration API manages them (Wazo confd's `/contexts`): pages with total
 * and search, one context by id, partial updates and deletion; always within the tenants the
 * caller may see. Creation is `createContext` (contexts.ts).
 */
import type { Queryable } from '../database.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import type { ContextRow, ContextType } from './contexts.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowChanges, rowId } from './row-changes.ts';

export type ContextOrder = 'id' | 'name' | 'label' | 'type';

export interface ContextChanges {
  readonly name?: string;
  readonly label?: string;
  readonly type?: ContextType;
  readonly enabled?: boolean;
}

const COLUMNS = 'context.id, context.tenant_uuid::text AS "tenantUuid", context.name, context.label, context.type, context.enabled';

const ORDER_COLUMNS: Readonly<Record<ContextOrder, string>> = { id: 'context.id', name: 'context.name', label: 'context.label', type: 'context.type' };

export function listContextPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: ContextOrder }): Promise<Page<ContextRow>> {
  return selectPage<ContextRow>(db, {
    from: 'FROM context',
    columns: COLUMNS,
    where: ['context.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['context.name', 'context.label', 'context.type'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'context.id',
  }, query);
}

export async function findContextById(db: Queryable, contextId: string, tenantUuids: readonly string[]): Promise<ContextRow | undefined> {
  const id = rowId(contextId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<ContextRow>(`SELECT ${COLUMNS} FROM context WHERE id = $1 AND tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

/** Changes a context; a new name follows into its lines and extensions (`ON UPDATE CASCADE`). */
export async function updateContextById(db: Queryable, contextId: string, tenantUuids: readonly string[], changes: ContextChanges): Promise<WriteResult<ContextRow>> {
  const missing = notFound(`no context ${contextId}`);
  const id = rowId(contextId);
  if (id === undefined) return missing;
  const set = rowChanges({ name: 'name', label: 'label', type: 'type', enabled: 'enabled' }, changes as Record<string, unknown>, 3);
  if (set.assignments === '') {
    const row = await findContextById(db, contextId, tenantUuids);
    return row === undefined ? missing : { type: 'ok', value: row };
  }
  return writeRow(async () => {
    const { rows } = await db.query<ContextRow>(`UPDATE context SET ${set.assignments} WHERE id = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING ${COLUMNS}`, [id, tenantUuids, ...set.values]);
    return rows;
  }, missing);
}

/**
 * Deletes a context no line or extension uses.
 *
 * @remarks
 * A context still in use is refused by its references (`line_context_fkey`,
 * `extension_context_fkey`) and comes back as a `StoreViolation`.
 */
export async function deleteContextById(db: Queryable, contextId: string, tenantUuids: readonly string[]): Promise<WriteResult<ContextRow>> {
  const missing = notFound(`no context ${contextId}`);
  const id = rowId(contextId);
  if (id === undefined) return missing;
  return writeRow(async () => {
    const { rows } = await db.query<ContextRow>(`DELETE FROM context WHERE id = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING ${COLUMNS}`, [id, tenantUuids]);
    return rows;
  }, missing);
}
