/**
 * The tenants a request reads: the tenant it acts in, or, with `recurse=true`, every tenant the
 * token may see (the reference APIs' `recurse` parameter). Single objects are found among every
 * visible tenant; another tenant's object is a 404, never a 403 that would confirm it exists.
 */
import type { ApiRequest } from './api-route.ts';

export function listScope(request: ApiRequest): readonly string[] {
  if (request.query.get('recurse') === 'true') return request.visibleTenantUuids;
  return request.tenantUuid === undefined ? [] : [request.tenantUuid];
}

export function objectScope(request: ApiRequest): readonly string[] {
  return request.visibleTenantUuids;
}
