import type { Queryable } from '../database.ts';
import type { ExtensionId, LineId, UserId } from '../ids.ts';
import { missingReference, writeRow, type WriteResult } from '../write-result.ts';

/** A row of `user_line`. */
export interface UserLineRow {
  readonly userId: UserId;
  readonly lineId: LineId;
  /** This user is the line's main user (the first associated). */
  readonly mainUser: boolean;
  /** This line is the user's main line (the first associated). */
  readonly mainLine: boolean;
}

/** A row of `line_extension`. */
export interface LineExtensionRow {
  readonly lineId: LineId;
  readonly extensionId: ExtensionId;
  /** This extension is the line's main one (the first associated). */
  readonly mainExtension: boolean;
}

/**
 * Associates a line with a user.
 *
 * @remarks
 * The first user of a line becomes its main user and the first line of a user its main line, as
 * in Wazo's `PUT /users/{id}/lines/{id}`. Both must belong to one tenant
 * (`user_line_user_fkey`); an association made twice is a duplicate (`user_line_pkey`).
 */
export function associateUserLine(
  db: Queryable,
  association: { readonly userId: UserId; readonly lineId: LineId },
): Promise<WriteResult<UserLineRow>> {
  const { userId, lineId } = association;
  return writeRow(
    async () => {
      const { rows } = await db.query<UserLineRow>(
        `INSERT INTO user_line (user_id, line_id, tenant_uuid, main_user, main_line)
         SELECT $1::integer, line.id, line.tenant_uuid,
                NOT EXISTS (SELECT 1 FROM user_line WHERE line_id = $2::integer AND main_user),
                NOT EXISTS (SELECT 1 FROM user_line WHERE user_id = $1::integer AND main_line)
         FROM line WHERE line.id = $2::integer
         RETURNING user_id AS "userId", line_id AS "lineId", main_user AS "mainUser", main_line AS "mainLine"`,
        [userId, lineId],
      );
      return rows;
    },
    missingReference('user_line_line_fkey', `line ${lineId} does not exist`),
  );
}

/**
 * Associates an extension with a line.
 *
 * @remarks
 * The line's first extension becomes its main extension. Both must belong to one tenant
 * (`line_extension_extension_fkey`); an association made twice is a duplicate
 * (`line_extension_pkey`).
 */
export function associateLineExtension(
  db: Queryable,
  association: { readonly lineId: LineId; readonly extensionId: ExtensionId },
): Promise<WriteResult<LineExtensionRow>> {
  const { lineId, extensionId } = association;
  return writeRow(
    async () => {
      const { rows } = await db.query<LineExtensionRow>(
        `INSERT INTO line_extension (line_id, extension_id, tenant_uuid, main_extension)
         SELECT line.id, $2::integer, line.tenant_uuid,
                NOT EXISTS (SELECT 1 FROM line_extension WHERE line_id = $1::integer AND main_extension)
         FROM line WHERE line.id = $1::integer
         RETURNING line_id AS "lineId", extension_id AS "extensionId", main_extension AS "mainExtension"`,
        [lineId, extensionId],
      );
      return rows;
    },
    missingReference('line_extension_line_fkey', `line ${lineId} does not exist`),
  );
}

/**
 * Ends the association of a line with a user; false when there was none.
 *
 * @remarks
 * When the main user or main line goes, the next one (lowest id) becomes main, so a line with
 * users always has a main user and a user with lines a main line.
 */
export async function dissociateUserLine(db: Queryable, association: { readonly userId: UserId; readonly lineId: LineId }): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM user_line WHERE user_id = $1 AND line_id = $2 RETURNING 1', [association.userId, association.lineId]);
  if (rows.length === 0) return false;
  await db.query(
    `UPDATE user_line SET main_user = true WHERE line_id = $1 AND user_id = (SELECT min(user_id) FROM user_line WHERE line_id = $1)
       AND NOT EXISTS (SELECT 1 FROM user_line WHERE line_id = $1 AND main_user)`,
    [association.lineId],
  );
  await db.query(
    `UPDATE user_line SET main_line = true WHERE user_id = $1 AND line_id = (SELECT min(line_id) FROM user_line WHERE user_id = $1)
       AND NOT EXISTS (SELECT 1 FROM user_line WHERE user_id = $1 AND main_line)`,
    [association.userId],
  );
  return true;
}

/** Ends the association of an extension with a line; false when there was none. The next extension becomes main. */
export async function dissociateLineExtension(db: Queryable, association: { readonly lineId: LineId; readonly extensionId: ExtensionId }): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM line_extension WHERE line_id = $1 AND extension_id = $2 RETURNING 1', [association.lineId, association.extensionId]);
  if (rows.length === 0) return false;
  await db.query(
    `UPDATE line_extension SET main_extension = true WHERE line_id = $1 AND extension_id = (SELECT min(extension_id) FROM line_extension WHERE line_id = $1)
       AND NOT EXISTS (SELECT 1 FROM line_extension WHERE line_id = $1 AND main_extension)`,
    [association.lineId],
  );
  return true;
}
