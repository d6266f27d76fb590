/**
 * Extensions that lead to an IVR (type `ivr`, typeval the IVR's id): parley's association for the
 * seed's internal entry to an IVR (an extension such as 8899 dialed from an internal context).
 */
import type { Queryable } from '../database.ts';

/**
 * Points a free extension (a `user` extension no line uses, or one of this IVR already) at the
 * IVR; `in-use` when something else holds it.
 */
export async function associateIvrExtension(db: Queryable, ivrId: number, extensionId: number): Promise<'associated' | 'in-use'> {
  const { rowCount } = await db.query(
    `UPDATE extension SET type = 'ivr', typeval = $2
     WHERE id = $1 AND ((type = 'user' AND NOT EXISTS (SELECT 1 FROM line_extension WHERE line_extension.extension_id = extension.id)) OR (type = 'ivr' AND typeval = $2))`,
    [extensionId, String(ivrId)],
  );
  return rowCount > 0 ? 'associated' : 'in-use';
}

/** Frees an extension of the IVR; false when it was not one. */
export async function dissociateIvrExtension(db: Queryable, ivrId: number, extensionId: number): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE extension SET type = 'user', typeval = '0' WHERE id = $1 AND type = 'ivr' AND typeval = $2`, [extensionId, String(ivrId)]);
  return rowCount > 0;
}

/** Frees every extension of an IVR (it is being deleted). */
export async function freeIvrExtensions(db: Queryable, ivrId: number): Promise<void> {
  await db.query(`UPDATE extension SET type = 'user', typeval = '0' WHERE type = 'ivr' AND typeval = $1`, [String(ivrId)]);
}

/** The ids of the extensions that lead to the IVR. */
export async function ivrExtensionIds(db: Queryable, ivrId: number): Promise<readonly number[]> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM extension WHERE type = 'ivr' AND typeval = $1 ORDER BY id`, [String(ivrId)]);
  return rows.map((row) => row.id);
}
