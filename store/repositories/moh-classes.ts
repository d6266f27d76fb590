import type { Queryable } from '../database.ts';
import type { MohId, MohUuid, TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { tenantOrDefault } from './default-tenant.ts';

/**
 * How a music-on-hold class makes its sound.
 *
 * @remarks
 * `files` plays the files of the class's directory, always from the start; `custom` runs
 * `application`, which writes audio on its standard output for as long as the class exists.
 */
export type MohMode = 'files' | 'custom';

/** The order in which a `files` class plays its files: by name, or shuffled. */
export type MohPlayOrder = 'sorted' | 'random';

/** A row of `moh`, one music-on-hold class. */
export interface MohClassRow {
  readonly id: MohId;
  readonly uuid: MohUuid;
  readonly tenantUuid: TenantUuid;
  /** Unique in the tenant; also the name of the class's directory of sound files. */
  readonly name: string;
  readonly label: string;
  readonly mode: MohMode;
  readonly playOrder: MohPlayOrder;
  /** The command line of a `custom` class; null for `files`. */
  readonly application: string | null;
}

/** The fields of a new class: a `files` class, or a `custom` one with its command line. */
export type NewMohClass = {
  readonly name: string;
  readonly label?: string;
  readonly playOrder?: MohPlayOrder;
  /** The default tenant when absent. */
  readonly tenantUuid?: TenantUuid;
} & ({ readonly mode?: 'files' } | { readonly mode: 'custom'; readonly application: string });

/** The name of the class every tenant has from its creation. */
export const DEFAULT_MOH_CLASS = 'default';

const MOH_COLUMNS = 'id, uuid, tenant_uuid AS "tenantUuid", name, label, mode, play_order AS "playOrder", application';

/**
 * Creates a music-on-hold class.
 *
 * @remarks
 * The name is a directory name (`moh_name_check`: letters, digits, `_` and `-`, so never `..`
 * nor a slash) unique in the tenant (`moh_tenant_name_key`). A `files` class has no
 * application and a `custom` one must have one (`moh_application_check`).
 */
export function createMohClass(db: Queryable, moh: NewMohClass): Promise<WriteResult<MohClassRow>> {
  const application = moh.mode === 'custom' ? moh.application : null;
  return writeRow(async () => {
    const { rows } = await db.query<MohClassRow>(
      `INSERT INTO moh (tenant_uuid, name, label, mode, play_order, application)
       VALUES (${tenantOrDefault('$1')}, $2, COALESCE($3::text, ''), COALESCE($4::text, 'files'), COALESCE($5::text, 'sorted'), $6)
       RETURNING ${MOH_COLUMNS}`,
      [moh.tenantUuid ?? null, moh.name, moh.label ?? null, moh.mode ?? null, moh.playOrder ?? null, application],
    );
    return rows;
  });
}

/** Finds a class by name in a tenant (the default tenant when absent). */
export async function findMohClass(db: Queryable, name: string, tenantUuid?: TenantUuid): Promise<MohClassRow | undefined> {
  const { rows } = await db.query<MohClassRow>(
    `SELECT ${MOH_COLUMNS} FROM moh WHERE tenant_uuid = ${tenantOrDefault('$1')} AND name = $2`,
    [tenantUuid ?? null, name],
  );
  return rows[0];
}

/** Lists the classes of a tenant (the default tenant when absent) by name. */
export async function listMohClasses(db: Queryable, tenantUuid?: TenantUuid): Promise<MohClassRow[]> {
  const { rows } = await db.query<MohClassRow>(
    `SELECT ${MOH_COLUMNS} FROM moh WHERE tenant_uuid = ${tenantOrDefault('$1')} ORDER BY name`,
    [tenantUuid ?? null],
  );
  return rows;
}
