/**
 * The list parameters every collection of the reference API takes (seed API-01): `limit`,
 * `offset`, `order` (a column the resource allows), `direction` (`asc` | `desc`) and `search`.
 * A bad value is a 400 whose body is the JSON list of what is wrong, every problem at once.
 */

export interface ListQuery {
  readonly limit?: number;
  readonly offset: number;
  readonly order: string;
  readonly direction: 'asc' | 'desc';
  readonly search?: string;
}

export interface ListQuerySpec {
  /** Columns `order` may name. */
  readonly orderColumns: readonly string[];
  readonly defaultOrder: string;
  /** The largest `limit` served; larger asks are refused rather than silently cut. */
  readonly maxLimit?: number;
}

export type ListQueryResult = { readonly type: 'ok'; readonly query: ListQuery } | { readonly type: 'invalid'; readonly errors: readonly string[] };

const MAX_SEARCH_LENGTH = 256;
const DEFAULT_MAX_LIMIT = 10_000;

function nonNegativeInteger(name: string, value: string | null, errors: string[]): number | undefined {
  if (value === null) return undefined;
  if (!/^\d{1,9}$/.test(value)) {
    errors.push(`${name}: must be a positive integer, got ${JSON.stringify(value.slice(0, 32))}`);
    return undefined;
  }
  return Number(value);
}

/** Reads the list parameters of a request's query string. */
export function parseListQuery(params: URLSearchParams, spec: ListQuerySpec): ListQueryResult {
  const errors: string[] = [];
  for (const name of ['limit', 'offset', 'order', 'direction', 'search']) {
    if (params.getAll(name).length > 1) errors.push(`${name}: given more than once`);
  }
  const limit = nonNegativeInteger('limit', params.get('limit'), errors);
  const maxLimit = spec.maxLimit ?? DEFAULT_MAX_LIMIT;
  if (limit !== undefined && limit > maxLimit) errors.push(`limit: at most ${maxLimit}`);
  const offset = nonNegativeInteger('offset', params.get('offset'), errors) ?? 0;
  const order = params.get('order') ?? spec.defaultOrder;
  if (!spec.orderColumns.includes(order)) errors.push(`order: must be one of ${spec.orderColumns.join(', ')}`);
  const direction = params.get('direction') ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') errors.push('direction: must be asc or desc');
  const search = params.get('search') ?? undefined;
  if (search !== undefined && search.length > MAX_SEARCH_LENGTH) errors.push(`search: at most ${MAX_SEARCH_LENGTH} characters`);
  if (search !== undefined && /[\u0000-\u001f\u007f]/.test(search)) errors.push('search: no control characters');
  if (errors.length > 0) return { type: 'invalid', errors };
  return {
    type: 'ok',
    query: {
      ...(limit === undefined ? {} : { limit }), offset, order, direction: direction as 'asc' | 'desc',
      ...(search === undefined || search === '' ? {} : { search }),
    },
  };
}
