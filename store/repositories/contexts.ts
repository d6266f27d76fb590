import type { Queryable } from '../database.ts';
import type { ContextId, TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { tenantOrDefault } from './default-tenant.ts';

/** What a context is for, as Wazo classifies them. */
export type ContextType = 'internal' | 'incall' | 'outcall' | 'services' | 'others';

/** A row of `context`. */
export interface ContextRow {
  readonly id: ContextId;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly label: string;
  readonly type: ContextType;
  readonly enabled: boolean;
}

/** The fields of a new context; absent ones take the column defaults. */
export interface NewContext {
  readonly name: string;
  readonly label?: string;
  readonly type?: ContextType;
  readonly enabled?: boolean;
  /** The default tenant when absent. */
  readonly tenantUuid?: TenantUuid;
}

const CONTEXT_COLUMNS = 'id, tenant_uuid AS "tenantUuid", name, label, type, enabled';

/**
 * Creates a context.
 *
 * @remarks
 * The name is unique per tenant and must be a dialplan identifier other than the names Wazo
 * reserves (`context_name_check`); a refusal comes back as a `StoreViolation`.
 */
export function createContext(db: Queryable, context: NewContext): Promise<WriteResult<ContextRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<ContextRow>(
      `INSERT INTO context (tenant_uuid, name, label, type, enabled)
       VALUES (${tenantOrDefault('$1')}, $2, COALESCE($3::text, ''), COALESCE($4::text, 'internal'), COALESCE($5::boolean, true))
       RETURNING ${CONTEXT_COLUMNS}`,
      [context.tenantUuid ?? null, context.name, context.label ?? null, context.type ?? null, context.enabled ?? null],
    );
    return rows;
  });
}

/** Finds a context by name in a tenant (the default tenant when absent). */
export async function findContext(db: Queryable, name: string, tenantUuid?: TenantUuid): Promise<ContextRow | undefined> {
  const { rows } = await db.query<ContextRow>(
    `SELECT ${CONTEXT_COLUMNS} FROM context WHERE tenant_uuid = ${tenantOrDefault('$1')} AND name = $2`,
    [tenantUuid ?? null, name],
  );
  return rows[0];
}
