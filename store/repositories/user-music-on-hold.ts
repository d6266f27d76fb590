/**
 * A user's music on hold (Wazo's user `music_on_hold`): the class the other party hears when the
 * user puts a call on hold; null for the tenant's `default` class.
 */
import type { Queryable } from '../database.ts';
import { isUuid, type UserUuid } from '../ids.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';


/**
 * Sets the class a user's held parties hear, and returns it.
 *
 * @remarks
 * The class must exist in the user's tenant (`users_music_on_hold_fkey`, a broken reference
 * otherwise); an unknown user is `PBX_ERR_STORE_NOT_FOUND`.
 */
export function setUserMusicOnHold(db: Queryable, userUuid: UserUuid, mohClass: string | null): Promise<WriteResult<{ readonly musicOnHold: string | null }>> {
  const unknownUser = notFound(`no user ${userUuid}`);
  if (!isUuid(userUuid)) return Promise.resolve(unknownUser);
  return writeRow(async () => {
    const { rows } = await db.query<{ musicOnHold: string | null }>(
      'UPDATE users SET music_on_hold = $2 WHERE uuid = $1 RETURNING music_on_hold AS "musicOnHold"',
      [userUuid, mohClass],
    );
    return rows;
  }, unknownUser);
}
