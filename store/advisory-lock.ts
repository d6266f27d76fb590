import type { Queryable } from './database.ts';

/**
 * The purposes the store takes advisory locks for, as the first key of the two-key form.
 *
 * @remarks
 * The second key is a hash of the current schema, so that nodes sharing one schema exclude each
 * other while tests working in their own schemas of one database do not.
 */
export const ADVISORY_LOCK_CLASSES = {
  migrations: 0x7061_6d67,
  demoConfiguration: 0x7061_6463,
} as const;

/** What an advisory lock is taken for. */
export type AdvisoryLockPurpose = keyof typeof ADVISORY_LOCK_CLASSES;

/**
 * Waits for a transaction-scoped advisory lock, released at commit or rollback.
 *
 * @remarks
 * https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS
 * `coalesce` keeps the key defined when no schema of the search path exists: a NULL key would
 * make the (strict) function return without locking anything.
 */
export async function lockForTransaction(tx: Queryable, purpose: AdvisoryLockPurpose): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema(), '')))", [
    ADVISORY_LOCK_CLASSES[purpose],
  ]);
}
