/**
 * The preprocess subroutines set on users, incalls, outcalls and conference rooms (seed CF-24),
 * read in one query for the hooks of live calls.
 */
import type { Queryable } from '../database.ts';

/** The hook names set on objects, by object id. */
export interface PreprocessSubroutines {
  readonly users: ReadonlyMap<number, string>;
  readonly incalls: ReadonlyMap<number, string>;
  readonly outcalls: ReadonlyMap<number, string>;
  readonly conferences: ReadonlyMap<number, string>;
}

const QUERY = `SELECT 'users' AS kind, id, preprocess_subroutine AS name FROM users WHERE preprocess_subroutine IS NOT NULL
  UNION ALL SELECT 'incalls', id, preprocess_subroutine FROM incall WHERE preprocess_subroutine IS NOT NULL
  UNION ALL SELECT 'outcalls', id, preprocess_subroutine FROM outcall WHERE preprocess_subroutine IS NOT NULL
  UNION ALL SELECT 'conferences', id, preprocess_subroutine FROM conference WHERE preprocess_subroutine IS NOT NULL`;

export async function loadPreprocessSubroutines(db: Queryable): Promise<PreprocessSubroutines> {
  const { rows } = await db.query<{ kind: keyof PreprocessSubroutines; id: number; name: string }>(QUERY);
  const found = { users: new Map<number, string>(), incalls: new Map<number, string>(), outcalls: new Map<number, string>(), conferences: new Map<number, string>() };
  for (const row of rows) found[row.kind].set(Number(row.id), row.name);
  return found;
}
