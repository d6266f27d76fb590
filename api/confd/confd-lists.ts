/**
 * The list answer every confd collection shares (seed API-01): the list parameters parsed (400 with
 * every problem), the tenants read (the request's, or every visible one with `recurse=true`), and
 * `{total, filtered, items}` with each row shown as the resource's view.
 */
import type { Page, PageQuery } from '../../store/index.ts';
import { apiError, type ApiRequest } from '../http/api-route.ts';
import { parseListQuery } from '../http/list-query.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { listScope } from '../http/tenant-filter.ts';

export async function listAnswer<Row, Order extends string>(
  request: ApiRequest,
  orders: readonly Order[],
  defaultOrder: Order,
  fetch: (tenantUuids: readonly string[], query: PageQuery & { readonly order: Order }) => Promise<Page<Row>>,
  view: (row: Row) => unknown,
): Promise<JsonAnswer> {
  const parsed = parseListQuery(request.query, { orderColumns: orders, defaultOrder });
  if (parsed.type === 'invalid') return apiError(400, ...parsed.errors);
  const recurse = request.query.get('recurse');
  if (recurse !== null && recurse !== 'true' && recurse !== 'false') return apiError(400, 'recurse: must be true or false');
  const page = await fetch(listScope(request), { ...parsed.query, order: parsed.query.order as Order });
  return { status: 200, body: { total: page.total, filtered: page.filtered, items: page.items.map(view) } };
}

/** The tenant a new resource goes into: the one the request acts in. */
export function creationTenant(request: ApiRequest): string {
  return request.tenantUuid ?? '';
}

/** A request's path parameter (the router always binds the ones its pattern names). */
export function param(request: ApiRequest, name: string): string {
  return request.params[name] ?? '';
}
