/**
 * A route of a REST service: its method and path pattern, what it requires of the caller, and its
 * handler. Services (auth, confd, calld, call-logd …) are lists of routes mounted under
 * `/api/<service>/<version>` by {@link mountApiService}, which applies the seed's conventions
 * (API-01) before a handler runs: X-Auth-Token checked (401), the route's ACL checked (403), the
 * `Wazo-Tenant` header checked against the token's tenants (401), Accept (406) and Content-Type
 * (415) negotiated, the JSON body parsed (400). Handlers answer values, never throw for expected
 * failures: errors are a JSON list of messages.
 */
import type { VerifiedToken } from '../auth/verified-token.ts';
import type { JsonAnswer } from './respond-json.ts';

export type ApiMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRequest {
  readonly method: ApiMethod;
  /** The path under the service prefix, decoded per segment: `/users/17/lines`. */
  readonly path: string;
  /** The `:name` segments of the route's pattern. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: ReadonlyMap<string, string>;
  /** The parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
  /** The caller's token; undefined only on routes with `auth: 'none'`. */
  readonly token: VerifiedToken | undefined;
  /** The tenant the request acts in: the `Wazo-Tenant` header when the token may act there, else the token's. */
  readonly tenantUuid: string | undefined;
  /** The tenants the token may see: its own and the ones below it (for `recurse=true` lists). */
  readonly visibleTenantUuids: readonly string[];
  /** The client's address (for login throttling and logs). */
  readonly remoteAddress: string;
}

export interface ApiRoute {
  readonly method: ApiMethod;
  /** A path under the service prefix; `:name` segments are parameters: `/users/:user_uuid/lines/:line_id`. */
  readonly path: string;
  /** `token` (default): a valid X-Auth-Token is required; `none`: the handler authenticates (POST /token). */
  readonly auth?: 'token' | 'none';
  /**
   * The ACL the route requires. Default: derived from the request's concrete path and method
   * (`confd.users.17.lines.read`, seed API-03). A function may compute it from the request.
   */
  readonly acl?: string | ((request: ApiRequest) => string);
  /**
   * The media type of a route that answers bytes (a recording) rather than JSON: its requests are
   * not held to accepting JSON, and its handler answers a `Uint8Array` body.
   */
  readonly produces?: string;
  handle(request: ApiRequest): JsonAnswer | Promise<JsonAnswer>;
}

/** An error answer: the seed wants every error body to be a JSON list of messages. */
export function apiError(status: number, ...messages: string[]): JsonAnswer {
  return { status, body: messages };
}

/** A list answer of the seed's shape: `{ total, items }`, `total` counting every match, not just the page. */
export function apiList(items: readonly unknown[], total: number): JsonAnswer {
  return { status: 200, body: { total, items } };
}
