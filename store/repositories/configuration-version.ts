/**
 * The configuration version: moved on by every statement that changes what routing reads
 * (migration 0004), so a node checks with one read whether its dialplan is still current.
 */
import type { Queryable } from '../database.ts';

/** The current configuration version. */
export async function readConfigurationVersion(db: Queryable): Promise<bigint> {
  const { rows } = await db.query<{ version: string }>('SELECT version::text AS version FROM configuration_version WHERE id = 1');
  return BigInt(rows[0]?.version ?? '0');
}
