import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { tenantOrDefault } from './default-tenant.ts';

/** A row of `context_include`: `context` reaches the extensions of `include`. */
export interface ContextIncludeRow {
  readonly tenantUuid: TenantUuid;
  readonly context: string;
  readonly include: string;
  /** Lower first: the order in which included contexts are searched. */
  readonly priority: number;
}

/** The fields of a new include; absent ones take the column defaults. */
export interface NewContextInclude {
  readonly context: string;
  readonly include: string;
  readonly priority?: number;
  /** The default tenant when absent. */
  readonly tenantUuid?: TenantUuid;
}

/**
 * Makes a context include another of the same tenant (Wazo's `default` includes `to-extern`).
 *
 * @remarks
 * Both contexts must exist in the tenant (`context_include_context_fkey`,
 * `context_include_include_fkey`); a context cannot include itself (`context_include_self_check`)
 * nor include one context twice (`context_include_pkey`). Longer loops (a includes b includes a)
 * are allowed, as in Asterisk: whoever walks the includes stops at a context already visited.
 */
export function includeContext(db: Queryable, include: NewContextInclude): Promise<WriteResult<ContextIncludeRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<ContextIncludeRow>(
      `INSERT INTO context_include (tenant_uuid, context, include, priority)
       VALUES (${tenantOrDefault('$1')}, $2, $3, COALESCE($4::integer, 0))
       RETURNING tenant_uuid AS "tenantUuid", context, include, priority`,
      [include.tenantUuid ?? null, include.context, include.include, include.priority ?? null],
    );
    return rows;
  });
}
