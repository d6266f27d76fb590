import type { Queryable } from '../database.ts';
import type { ExtensionId, TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { tenantOrDefault } from './default-tenant.ts';

/** What an extension leads to, as Wazo types them. */
export type ExtensionType =
  | 'extenfeatures'
  | 'featuremap'
  | 'generalfeatures'
  | 'group'
  | 'incall'
  /** An IVR reached from an internal context (parley's association, docs/decisions.md). */
  | 'ivr'
  | 'meetme'
  | 'outcall'
  | 'queue'
  | 'user'
  | 'voicemenu'
  | 'conference'
  | 'parking';

/** A row of `extension`. */
export interface ExtensionRow {
  readonly id: ExtensionId;
  readonly tenantUuid: TenantUuid;
  readonly context: string;
  /** A number, or a pattern starting with `_`. */
  readonly exten: string;
  readonly type: ExtensionType;
  /** The id of the destination of `type`, `'0'` while unassigned. */
  readonly typeval: string;
  readonly enabled: boolean;
}

/** The fields of a new extension; absent ones take the column defaults. */
export interface NewExtension {
  readonly exten: string;
  /** The name of an existing context of the tenant. */
  readonly context: string;
  readonly type?: ExtensionType;
  readonly typeval?: string;
  readonly enabled?: boolean;
  /** The default tenant when absent. */
  readonly tenantUuid?: TenantUuid;
}

/**
 * Creates an extension in a context.
 *
 * @remarks
 * An extension is unique in its context (`extension_exten_context_key`); a duplicate, an unknown
 * context or a malformed number comes back as a `StoreViolation`.
 */
export function createExtension(db: Queryable, extension: NewExtension): Promise<WriteResult<ExtensionRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<ExtensionRow>(
      `INSERT INTO extension (tenant_uuid, context, exten, type, typeval, enabled)
       VALUES (${tenantOrDefault('$1')}, $2, $3, COALESCE($4::text, 'user'), COALESCE($5::text, '0'), COALESCE($6::boolean, true))
       RETURNING id, tenant_uuid AS "tenantUuid", context, exten, type, typeval, enabled`,
      [
        extension.tenantUuid ?? null,
        extension.context,
        extension.exten,
        extension.type ?? null,
        extension.typeval ?? null,
        extension.enabled ?? null,
      ],
    );
    return rows;
  });
}
