/**
 * The extensions as the configuration API manages them (Wazo confd's `/extensions`): pages with
 * total and search, one extension, partial updates and deletion; always within the tenants the
 * caller may see. Creation is `createExtension` (extensions.ts).
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowChanges, rowId } from './row-changes.ts';

export interface ExtensionDetailRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly exten: string;
  readonly context: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly lines: readonly { readonly id: number }[];
  readonly users: readonly { readonly id: number; readonly uuid: string; readonly firstname: string; readonly lastname: string }[];
}

export type ExtensionOrder = 'id' | 'exten' | 'context' | 'type';

export interface ExtensionChanges {
  readonly exten?: string;
  readonly context?: string;
  readonly enabled?: boolean;
}

const ORDER_COLUMNS: Readonly<Record<ExtensionOrder, string>> = { id: 'extension.id', exten: 'extension.exten', context: 'extension.context', type: 'extension.type' };

const COLUMNS = `extension.id, extension.tenant_uuid::text AS "tenantUuid", extension.exten, extension.context, extension.type, extension.enabled,
  COALESCE((SELECT json_agg(json_build_object('id', line_extension.line_id) ORDER BY line_extension.line_id)
    FROM line_extension WHERE line_extension.extension_id = extension.id), '[]'::json) AS lines,
  COALESCE((SELECT json_agg(DISTINCT jsonb_build_object('id', users.id, 'uuid', users.uuid, 'firstname', users.firstname, 'lastname', users.lastname))
    FROM line_extension JOIN user_line ON user_line.line_id = line_extension.line_id JOIN users ON users.id = user_line.user_id
    WHERE line_extension.extension_id = extension.id), '[]'::json) AS users`;

export function listExtensionPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: ExtensionOrder; readonly type?: string }): Promise<Page<ExtensionDetailRow>> {
  return selectPage<ExtensionDetailRow>(db, {
    from: 'FROM extension',
    columns: COLUMNS,
    where: ['extension.tenant_uuid = ANY($1::uuid[])', '($2::text IS NULL OR extension.type = $2::text)'],
    params: [tenantUuids, query.type ?? null],
    searchColumns: ['extension.exten', 'extension.context', 'extension.type'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'extension.id',
  }, query);
}

export async function findExtensionDetail(db: Queryable, extensionId: string, tenantUuids: readonly string[]): Promise<ExtensionDetailRow | undefined> {
  const id = rowId(extensionId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<ExtensionDetailRow>(`SELECT ${COLUMNS} FROM extension WHERE extension.id = $1 AND extension.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

export async function updateExtensionDetail(db: Queryable, extensionId: string, tenantUuids: readonly string[], changes: ExtensionChanges): Promise<WriteResult<ExtensionDetailRow>> {
  const missing = notFound(`no extension ${extensionId}`);
  const id = rowId(extensionId);
  if (id === undefined) return missing;
  const set = rowChanges({ exten: 'exten', context: 'context', enabled: 'enabled' }, changes as Record<string, unknown>, 3);
  if (set.assignments !== '') {
    const updated = await writeRow(async () => {
      const { rows } = await db.query<{ id: number }>(`UPDATE extension SET ${set.assignments} WHERE id = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING id`, [id, tenantUuids, ...set.values]);
      return rows;
    }, missing);
    if (updated.type === 'error') return updated;
  }
  const row = await findExtensionDetail(db, extensionId, tenantUuids);
  return row === undefined ? missing : { type: 'ok', value: row };
}

/**
 * Deletes an extension that no line uses.
 *
 * @remarks
 * As Wazo, an extension still associated with a line is refused (`in-use`): dissociate it first.
 */
export async function deleteExtensionDetail(db: Queryable, extensionId: string, tenantUuids: readonly string[]): Promise<'deleted' | 'not-found' | 'in-use'> {
  const row = await findExtensionDetail(db, extensionId, tenantUuids);
  if (row === undefined) return 'not-found';
  // One statement, so an association made meanwhile is never deleted along with the extension.
  const { rows } = await db.query('DELETE FROM extension WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM line_extension WHERE extension_id = $1) RETURNING id', [row.id]);
  return rows.length === 0 ? 'in-use' : 'deleted';
}
