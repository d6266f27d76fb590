/**
 * calld's trunk status (`GET /api/calld/1.0/trunks`, Wazo calld's endpoints plugin): each trunk's
 * technology, name, whether it is registered and its current call count, for the tenants the
 * request reads; `GET /trunks/{id}` for one (404 for another tenant's). The running trunks behind
 * the port belong to the node; the route knows nothing else of them.
 */
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { listScope, objectScope } from '../http/tenant-filter.ts';

/** One trunk's status as calld shows it, with the tenant it belongs to. */
export interface TrunkStatusItem {
  readonly tenantUuid: string;
  readonly view: Readonly<Record<string, unknown>> & { readonly id: number };
}

/** What calld reads the running trunks through. */
export interface TrunkStatusPort {
  statuses(): readonly TrunkStatusItem[];
}

export function trunkStatusRoutes(port: TrunkStatusPort): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/trunks',
      handle(request) {
        const tenants = new Set(listScope(request));
        const items = port.statuses().filter((item) => tenants.has(item.tenantUuid)).map((item) => item.view).sort((left, right) => left.id - right.id);
        return { status: 200, body: { items, total: items.length, filtered: items.length } };
      },
    },
    {
      method: 'GET', path: '/trunks/:trunk_id',
      handle(request) {
        const tenants = new Set(objectScope(request));
        const found = port.statuses().find((item) => String(item.view.id) === request.params['trunk_id'] && tenants.has(item.tenantUuid));
        return found === undefined ? apiError(404, 'no such trunk') : { status: 200, body: found.view };
      },
    },
  ];
}
