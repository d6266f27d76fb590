/**
 * Calls a REST route's handler directly, with a request built as the router would build it: the
 * route found by method and path among a service's routes, its parameters bound, a token with every
 * ACL in the given tenant. For handler tests that need no HTTP server.
 */
import type { ApiMethod, ApiRequest, ApiRoute, JsonAnswer } from '../../api/index.ts';

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
  const words = path.split('/').filter(Boolean);
  const candidates = routes
    .filter((route) => route.method === method)
    .map((route) => ({ route, pattern: route.path.split('/').filter(Boolean) }))
    .filter(({ pattern }) => pattern.length === words.length && pattern.every((word, index) => word.startsWith(':') || word === words[index]))
    // Literal segments win, as the router's matcher does.
    .sort((a, b) => b.pattern.filter((word) => !word.startsWith(':')).length - a.pattern.filter((word) => !word.startsWith(':')).length);
  const found = candidates[0];
  if (found === undefined) throw new Error(`no route ${method} ${path}`);
  const params: Record<string, string> = {};
  found.pattern.forEach((word, index) => {
    if (word.startsWith(':')) params[word.slice(1)] = words[index] ?? '';
  });
  const request: ApiRequest = {
    method, path, params,
    query: new URLSearchParams(options.query ?? queryInPath),
    headers: new Map(),
    body: options.body,
    token: { token: 'test-token', tenantUuid: options.tenantUuid, authId: options.userUuid ?? 'test', userUuid: options.userUuid, acl: ['#'], issuedAtMs: 0, expiresAtMs: Number.MAX_SAFE_INTEGER },
    tenantUuid: options.tenantUuid,
    visibleTenantUuids: options.visibleTenantUuids ?? [options.tenantUuid],
    remoteAddress: '127.0.0.1',
  };
  return found.route.handle(request);
}
