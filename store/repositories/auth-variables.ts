/**
 * What the ACL templates of a policy may use when a token is issued (seed API-03, the
 * `wazo_user` backend): the PBX user of the same uuid, its lines and its extensions.
 */
import type { Queryable } from '../database.ts';
import { isUuid } from '../ids.ts';

export interface AuthTemplateVariables {
  /** Whether a PBX user has the auth user's uuid. */
  readonly pbxUser: boolean;
  readonly lines: readonly number[];
  readonly extensions: readonly { readonly exten: string; readonly context: string }[];
}

export async function findAuthTemplateVariables(db: Queryable, userUuid: string): Promise<AuthTemplateVariables> {
  if (!isUuid(userUuid)) return { pbxUser: false, lines: [], extensions: [] };
  const { rows } = await db.query<{ id: number }>('SELECT id FROM users WHERE uuid = $1', [userUuid]);
  const user = rows[0];
  if (user === undefined) return { pbxUser: false, lines: [], extensions: [] };
  const { rows: lines } = await db.query<{ id: number }>('SELECT line_id AS id FROM user_line WHERE user_id = $1 ORDER BY line_id', [user.id]);
  const { rows: extensions } = await db.query<{ exten: string; context: string }>(
    `SELECT DISTINCT extension.exten, extension.context FROM user_line
     JOIN line_extension ON line_extension.line_id = user_line.line_id JOIN extension ON extension.id = line_extension.extension_id
     WHERE user_line.user_id = $1 ORDER BY extension.exten, extension.context`,
    [user.id],
  );
  return { pbxUser: true, lines: lines.map((line) => line.id), extensions };
}
