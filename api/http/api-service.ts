/**
 * Mounts a REST service (a list of {@link ApiRoute}) under `/api/<service>/<version>` and applies the
 * seed's conventions (API-01) before any handler runs, in this order: the route (404, 405), the
 * media types (406, 415), the body (413, 400), the token (401), the tenant (401), the ACL (403).
 *
 * @remarks
 * The OpenAPI document of the service is served without a token at `<prefix>/api/api.yml`, where the
 * reference platform serves its own (JSON is valid YAML). An unexpected throw of a handler is a 500
 * with the message logged, never a crashed node or a hung request.
 */
import { isServiceUnavailable } from './service-unavailable.ts';
import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { createAclCheck, requiredAcl } from '../auth/acl.ts';
import type { TokenResolver, VerifiedToken } from '../auth/verified-token.ts';
import { apiError, type ApiMethod, type ApiRequest, type ApiRoute } from './api-route.ts';
import { acceptsJson, isJsonContentType } from './content-negotiation.ts';
import { readBody, readHead, type RequestHead } from './read-request.ts';
import type { JsonAnswer } from './respond-json.ts';
import { createRouteMatcher } from './route-matcher.ts';
import { isUuid, StoreQueryError } from '../../store/index.ts';
import { writeAnswer } from './write-answer.ts';

/** The tenants a token's tenant may act in: itself and the tenants below it. */
export interface TenantScope {
  visibleFrom(tenantUuid: string): Promise<readonly string[]>;
}

export interface ApiServiceOptions {
  /** The service word of ACLs: `confd`. */
  readonly service: string;
  /** `/api/confd/1.1`. */
  readonly prefix: string;
  readonly routes: readonly ApiRoute[];
  readonly tokens: TokenResolver;
  readonly tenants: TenantScope;
  /** Served at `<prefix>/api/api.yml`. */
  readonly openapi?: unknown;
  /** Default 1 MiB. */
  readonly maxBodyBytes?: number;
  readonly onError?: (error: unknown, request: { readonly method: string; readonly url: string }) => void;
}

/** Refuses malformed UTF-8 rather than replacing it. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const METHODS: ReadonlySet<string> = new Set<ApiMethod>(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']);

export function mountApiService(app: TemplatedApp, options: ApiServiceOptions): void {
  const matcher = createRouteMatcher(options.routes);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const handler = (res: HttpResponse, req: Parameters<Parameters<TemplatedApp['any']>[1]>[1]): void => {
    const head = readHead(res, req);
    const state = { aborted: false };
    res.onAborted(() => {
      state.aborted = true;
    });
    const hasBody = expectsBody(head);
    const body = hasBody ? readBody(res, maxBodyBytes) : Promise.resolve({ type: 'body' as const, bytes: Buffer.alloc(0) });
    void serve(head, body, options, matcher)
      .catch((error: unknown): JsonAnswer => {
        if (isServiceUnavailable(error)) return apiError(503, error.message);
        options.onError?.(error, { method: head.method, url: head.url });
        // A value the database cannot take (SQLSTATE class 22, data exception) slipped past validation: still the client's input.
        if (error instanceof StoreQueryError && error.sqlState?.startsWith('22') === true) return apiError(400, 'a value of the request is not valid');
        return apiError(500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
      })
      .then((answer) => {
        if (!state.aborted) writeAnswer(res, answer, head.method === 'HEAD');
      });
  };
  app.any(options.prefix, handler);
  app.any(`${options.prefix}/*`, handler);
}

function expectsBody(head: RequestHead): boolean {
  const length = head.headers.get('content-length');
  if (length !== undefined) return length.trim() !== '0';
  return head.headers.has('transfer-encoding');
}

async function serve(
  head: RequestHead,
  bodyResult: Promise<Awaited<ReturnType<typeof readBody>>>,
  options: ApiServiceOptions,
  matcher: ReturnType<typeof createRouteMatcher>,
): Promise<JsonAnswer> {
  const path = head.url.slice(options.prefix.length) || '/';
  if (head.method === 'GET' && path === '/api/api.yml' && options.openapi !== undefined) {
    await bodyResult;
    return { status: 200, body: options.openapi };
  }
  if (!METHODS.has(head.method)) return { ...apiError(405, `method ${head.method} not allowed`), headers: { allow: 'GET, HEAD, POST, PUT, DELETE' } };
  const method = head.method as ApiMethod;
  const match = matcher.match(method, path);
  if (match.type === 'bad-path') return apiError(400, match.reason);
  if (match.type === 'not-found') return apiError(404, `no resource at ${path}`);
  if (match.type === 'method-not-allowed') return { ...apiError(405, `method ${method} not allowed on ${path}`), headers: { allow: match.allowed.join(', ') } };

  // Seed API-01: 406 and 415 answer with an empty body.
  if (method !== 'HEAD' && match.route.produces === undefined && !acceptsJson(head.headers.get('accept'))) return { status: 406, body: undefined };
  const received = await bodyResult;
  if (received.type === 'too-large') return apiError(413, `the body exceeds ${options.maxBodyBytes ?? 1024 * 1024} bytes`);
  let body: unknown;
  if (received.bytes.length > 0) {
    if (!isJsonContentType(head.headers.get('content-type'))) return { status: 415, body: undefined };
    try {
      body = JSON.parse(UTF8.decode(received.bytes));
    } catch {
      return apiError(400, 'the body is not valid JSON');
    }
  }

  let token: VerifiedToken | undefined;
  let tenantUuid: string | undefined;
  let visibleTenantUuids: readonly string[] = [];
  if (match.route.auth !== 'none') {
    const tokenId = head.headers.get('x-auth-token');
    if (tokenId === undefined || tokenId === '') return apiError(401, 'missing X-Auth-Token');
    token = await options.tokens.resolve(tokenId);
    if (token === undefined) return apiError(401, 'invalid or expired token');
    visibleTenantUuids = await options.tenants.visibleFrom(token.tenantUuid);
    const asked = head.headers.get('wazo-tenant');
    if (asked !== undefined && asked !== '') {
      if (!isUuid(asked) || !visibleTenantUuids.includes(asked.toLowerCase())) return apiError(401, `unauthorized tenant ${asked.slice(0, 64)}`);
      tenantUuid = asked.toLowerCase();
    } else {
      tenantUuid = token.tenantUuid;
    }
  }
  const request: ApiRequest = {
    method,
    path,
    params: match.params,
    query: new URLSearchParams(head.query),
    headers: head.headers,
    body,
    token,
    tenantUuid,
    visibleTenantUuids,
    remoteAddress: head.remoteAddress,
  };
  if (token !== undefined) {
    const acl = typeof match.route.acl === 'function' ? match.route.acl(request) : (match.route.acl ?? requiredAcl(options.service, path, method));
    if (!createAclCheck(token.acl, token.userUuid).allows(acl)) return apiError(403, `the token lacks the ACL ${acl ?? ''}`);
  }
  return match.route.handle(request);
}
