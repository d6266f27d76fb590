/**
 * A user's fallbacks (Wazo confd's `/users/{id}/fallbacks`): where a call to the user goes when
 * the user does not answer, is busy, the call is congested or the user's phones cannot be reached.
 */
import type { Queryable } from '../database.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import type { StoredDestination } from './incalls.ts';

/** The four cases of a user's fallbacks, named as Wazo names them (`<case>_destination`). */
export type UserFallbackName = 'noanswer' | 'busy' | 'congestion' | 'fail';

/** The names of {@link UserFallbackName}, in Wazo's order. */
export const USER_FALLBACK_NAMES: readonly UserFallbackName[] = ['noanswer', 'busy', 'congestion', 'fail'];

/** A user's fallbacks: a stored destination form per case, null for none. */
export type UserFallbacks = Readonly<Record<UserFallbackName, StoredDestination | null>>;

/** The SQL that builds a user's fallbacks as JSON (for the dialplan load), from the `users` row in scope. */
export const USER_FALLBACKS_JSON = `json_build_object('noanswer', users.noanswer_destination, 'busy', users.busy_destination,
  'congestion', users.congestion_destination, 'fail', users.fail_destination)`;

/** The fallbacks of user `userId`, undefined when there is no such user. */
export async function findUserFallbacks(db: Queryable, userId: number): Promise<UserFallbacks | undefined> {
  const { rows } = await db.query<{ fallbacks: UserFallbacks }>(`SELECT ${USER_FALLBACKS_JSON} AS fallbacks FROM users WHERE id = $1`, [userId]);
  return rows[0]?.fallbacks;
}

/**
 * Sets the fallbacks named in `changes` (null removes one); the cases not named keep theirs, as
 * Wazo's `PUT` leaves the keys a body omits.
 */
export function setUserFallbacks(db: Queryable, userId: number, changes: Partial<UserFallbacks>): Promise<WriteResult<{ readonly id: number }>> {
  const named = USER_FALLBACK_NAMES.filter((name) => changes[name] !== undefined);
  const assignments = named.map((name, index) => `${name}_destination = $${index + 2}`);
  const values = named.map((name) => {
    const destination = changes[name];
    return destination === null || destination === undefined ? null : JSON.stringify(destination);
  });
  const sql = named.length === 0 ? 'SELECT id FROM users WHERE id = $1' : `UPDATE users SET ${assignments.join(', ')} WHERE id = $1 RETURNING id`;
  return writeRow(async () => (await db.query<{ id: number }>(sql, [userId, ...values])).rows, notFound(`no user ${userId}`));
}
