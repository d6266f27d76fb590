/**
 * Calls a REST route's handler directly, with a request built as the router would build it: the
 * route found by method and path among a service's routes, its parameters bound, a token with every
 * ACL in the given tenant. For handler tests that need no HTTP server.
 */
import type { ApiMethod, ApiRequest, ApiRoute, JsonAnswer } from '../../api/index.ts';
import { createRouteMatcher } from '../../api/http/route-matcher.ts';

export interface CallOptions {
  readonly body?: unknown;
  readonly query?: string;
  /** The tenant the request acts in. */
  readonly tenantUuid: string;
  /** The tenants the token sees (default: the acting tenant). */
  readonly visibleTenantUuids?: readonly string[];
  readonly userUuid?: string;
}

export async function callRoute(routes: readonly ApiRoute[], method: ApiMethod, target: string, options: CallOptions): Promise<JsonAnswer> {
  const [path = '', queryInPath = ''] = target.split('?');
  // The router's own matcher: literal segments win, parameters bound and decoded as in production.
  const match = createRouteMatcher(routes).match(method, path);
  if (match.type !== 'found') throw new Error(`no route ${method} ${path} (${match.type})`);
  const request: ApiRequest = {
    method, path, params: match.params,
    query: new URLSearchParams(options.query ?? queryInPath),
    headers: new Map(),
    body: options.body,
    token: { token: 'test-token', tenantUuid: options.tenantUuid, authId: options.userUuid ?? 'test', userUuid: options.userUuid, acl: ['#'], issuedAtMs: 0, expiresAtMs: Number.MAX_SAFE_INTEGER },
    tenantUuid: options.tenantUuid,
    visibleTenantUuids: options.visibleTenantUuids ?? [options.tenantUuid],
    remoteAddress: '127.0.0.1',
  };
  return match.route.handle(request);
}
