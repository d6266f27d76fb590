/**
 * One page of a list with its counts, the way the reference APIs list every resource (seed
 * API-01): `total` counts the rows of the tenants asked for, `filtered` the rows that also match
 * the search, and `items` is the page of those, sorted.
 *
 * @remarks
 * The caller names the sort column from a fixed map and the search columns from code, never from
 * input: only values travel as parameters. The search is a case-insensitive substring, with `%`,
 * `_` and `\` taken literally.
 */
import type { Queryable } from '../database.ts';

export interface PageQuery {
  readonly limit?: number;
  readonly offset?: number;
  readonly direction?: 'asc' | 'desc';
  readonly search?: string;
}

export interface Page<Row> {
  readonly total: number;
  readonly filtered: number;
  readonly items: readonly Row[];
}

export interface PageSource {
  /** `FROM …` with its joins. */
  readonly from: string;
  readonly columns: string;
  /** Conditions that scope the list (tenants): they count in `total`. */
  readonly where: readonly string[];
  readonly params: readonly unknown[];
  readonly searchColumns: readonly string[];
  /** An SQL expression from code; ties broken by `tieBreaker`. */
  readonly orderBy: string;
  readonly tieBreaker: string;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function selectPage<Row>(db: Queryable, source: PageSource, query: PageQuery): Promise<Page<Row>> {
  const params = [...source.params];
  const scope = source.where.length === 0 ? 'true' : source.where.join(' AND ');
  let searchCondition = 'true';
  if (query.search !== undefined && query.search !== '') {
    params.push(`%${escapeLike(query.search)}%`);
    const placeholder = `$${params.length}`;
    searchCondition = `(${source.searchColumns.map((column) => `${column}::text ILIKE ${placeholder}`).join(' OR ')})`;
  }
  const direction = query.direction === 'desc' ? 'DESC' : 'ASC';
  params.push(query.limit ?? null, query.offset ?? 0);
  const { rows } = await db.query<Row & { __total: number; __filtered: number }>(
    `WITH scoped AS (SELECT ${source.columns}, (${searchCondition}) AS __match, ${source.orderBy} AS __order, ${source.tieBreaker} AS __tie
                     ${source.from} WHERE ${scope})
     SELECT *, (SELECT count(*) FROM scoped)::float8 AS __total, (SELECT count(*) FROM scoped WHERE __match)::float8 AS __filtered
     FROM scoped WHERE __match ORDER BY __order ${direction} NULLS LAST, __tie ${direction}
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  if (rows.length === 0) {
    const { rows: counts } = await db.query<{ total: number }>(`SELECT count(*)::float8 AS total ${source.from} WHERE ${scope}`, source.params);
    const filtered = query.search === undefined || query.search === '' ? (counts[0]?.total ?? 0) : undefined;
    return { total: counts[0]?.total ?? 0, filtered: filtered ?? (await countFiltered(db, source, query.search ?? '')), items: [] };
  }
  const first = rows[0];
  return {
    total: first?.__total ?? 0,
    filtered: first?.__filtered ?? 0,
    items: rows.map(({ __total, __filtered, __match, __order, __tie, ...row }: Record<string, unknown>) => row as Row),
  };
}

async function countFiltered(db: Queryable, source: PageSource, search: string): Promise<number> {
  const params = [...source.params, `%${escapeLike(search)}%`];
  const placeholder = `$${params.length}`;
  const condition = source.searchColumns.map((column) => `${column}::text ILIKE ${placeholder}`).join(' OR ');
  const { rows } = await db.query<{ count: number }>(`SELECT count(*)::float8 AS count ${source.from} WHERE ${source.where.length === 0 ? 'true' : source.where.join(' AND ')} AND (${condition})`, params);
  return rows[0]?.count ?? 0;
}
