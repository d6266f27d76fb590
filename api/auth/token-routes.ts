/**
 * `/api/auth/0.1/token` (seed API-02): create a token with HTTP Basic credentials or a refresh
 * token, check it (HEAD, GET, with an optional `scope` ACL), revoke it (DELETE).
 *
 * @remarks
 * A failed login answers 401 and counts against its source (address and username): repeated
 * failures are slowed, then locked out (429 with Retry-After). An unknown username costs the same
 * scrypt work as a wrong password, so timing does not tell which usernames exist. Checking and
 * revoking need no other token: whoever holds a token may check or revoke it.
 */
import { z } from 'zod';
import {
  createAuthToken, deleteAuthToken, ensureRefreshToken, findAuthToken, findAuthUser, findAuthUserCredentials, findRefreshToken,
  type AuthUserRow,
} from '../../store/index.ts';
import { createAclCheck } from './acl.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { DEFAULT_TOKEN_EXPIRATION_S, MAX_TOKEN_EXPIRATION_S, type AuthDeps } from './auth-deps.ts';
import { parseBasicCredentials } from './basic-credentials.ts';
import { verifyPassword } from './password-hash.ts';
import { tokenAcls } from './token-acls.ts';
import { tokenView } from './token-view.ts';
import { zodMessages } from '../http/zod-messages.ts';

const TokenRequest = z.strictObject({
  backend: z.literal('wazo_user').optional(),
  expiration: z.number().int().min(1).max(MAX_TOKEN_EXPIRATION_S).optional(),
  access_type: z.enum(['online', 'offline']).optional(),
  client_id: z.string().regex(/^[A-Za-z0-9_.:@-]{1,128}$/).optional(),
  refresh_token: z.string().max(64).optional(),
  mobile: z.boolean().optional(),
  tenant_id: z.string().max(128).optional(),
  domain_name: z.string().max(256).optional(),
});

/** A well-formed hash of a password nobody has: unknown usernames are verified against it. */
const DECOY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function tokenRoutes(deps: AuthDeps): ApiRoute[] {
  return [
    { method: 'POST', path: '/token', auth: 'none', handle: (request) => createToken(deps, request) },
    { method: 'HEAD', path: '/token/:token', auth: 'none', handle: (request) => checkToken(deps, request, false) },
    { method: 'POST', path: '/token/:token/scopes/check', auth: 'none', handle: (request) => checkScopes(deps, request) },
    { method: 'GET', path: '/token/:token', auth: 'none', handle: (request) => checkToken(deps, request, true) },
    {
      method: 'DELETE', path: '/token/:token', auth: 'none',
      async handle(request) {
        const token = request.params['token'] ?? '';
        if (!(await deleteAuthToken(deps.db, token))) return apiError(404, 'no such token');
        deps.publish({ name: 'auth_token_deleted', origin_uuid: deps.nodeUuid, data: { token } });
        return { status: 204, body: undefined };
      },
    },
  ];
}

async function createToken(deps: AuthDeps, request: ApiRequest): Promise<JsonAnswer> {
  const parsed = TokenRequest.safeParse(request.body ?? {});
  if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
  const body = parsed.data;
  let user: AuthUserRow;
  if (body.refresh_token !== undefined) {
    if (body.client_id === undefined) return apiError(400, 'client_id: required with refresh_token');
    const refresh = await findRefreshToken(deps.db, body.refresh_token, body.client_id);
    const owner = refresh === undefined ? undefined : await findAuthUser(deps.db, refresh.userUuid);
    if (owner === undefined || !owner.enabled) return apiError(401, 'invalid refresh token');
    user = owner;
  } else {
    const login = await passwordLogin(deps, request);
    if (login.type === 'refused') return login.answer;
    user = login.user;
  }
  if (body.access_type === 'offline' && body.client_id === undefined) return apiError(400, 'client_id: required with access_type offline');
  const { acl, pbxUserUuid } = await tokenAcls(deps.db, user);
  const userAgent = request.headers.get('user-agent') ?? '';
  const created = await createAuthToken(deps.db, {
    authId: user.uuid, tenantUuid: user.tenantUuid, acl, expirationS: body.expiration ?? DEFAULT_TOKEN_EXPIRATION_S, nowMs: deps.now(),
    userAgent, remoteAddr: request.remoteAddress, ...(pbxUserUuid === undefined ? {} : { pbxUserUuid }),
  });
  if (created.type === 'error') return apiError(400, created.message);
  let refreshToken: string | undefined;
  if (body.access_type === 'offline' && body.client_id !== undefined && body.refresh_token === undefined) {
    const refresh = await ensureRefreshToken(deps.db, user.uuid, body.client_id, body.mobile ?? false);
    if (refresh.type === 'ok') refreshToken = refresh.value.token;
  }
  return {
    status: 200,
    body: tokenView(created.value, { nodeUuid: deps.nodeUuid, purpose: user.purpose, userAgent, remoteAddr: request.remoteAddress, ...(refreshToken === undefined ? {} : { refreshToken }) }),
  };
}

type Login = { readonly type: 'ok'; readonly user: AuthUserRow } | { readonly type: 'refused'; readonly answer: JsonAnswer };

async function passwordLogin(deps: AuthDeps, request: ApiRequest): Promise<Login> {
  const credentials = parseBasicCredentials(request.headers.get('authorization'));
  if (credentials === undefined) return { type: 'refused', answer: { ...apiError(401, 'HTTP Basic credentials required'), headers: { 'www-authenticate': 'Basic realm="parley"' } } };
  const source = `${request.remoteAddress}|${credentials.username.toLowerCase()}`;
  const verdict = deps.throttle.check(source, deps.now());
  if (verdict.type !== 'allowed') {
    const answer = apiError(429, verdict.type === 'locked' ? 'too many failed logins: locked out for a while' : 'too many failed logins: try again later');
    return { type: 'refused', answer: { ...answer, headers: { 'retry-after': String(Math.ceil(verdict.retryAfterMs / 1000)) } } };
  }
  const user = await findAuthUserCredentials(deps.db, credentials.username);
  const matches = await verifyPassword(credentials.password, user?.passwordHash ?? DECOY_HASH);
  if (user === undefined || user.passwordHash === null || !matches || !user.enabled) {
    deps.throttle.failed(source, deps.now());
    return { type: 'refused', answer: apiError(401, 'authentication failed') };
  }
  deps.throttle.succeeded(source);
  return { type: 'ok', user };
}

async function checkToken(deps: AuthDeps, request: ApiRequest, withBody: boolean): Promise<JsonAnswer> {
  const token = await findAuthToken(deps.db, request.params['token'] ?? '', deps.now());
  if (token === undefined) return apiError(404, 'no such token');
  const scope = request.query.get('scope');
  if (scope !== null && !createAclCheck(token.acl, token.authId).allows(scope)) return apiError(403, `the token lacks the ACL ${scope.slice(0, 256)}`);
  const tenant = request.query.get('tenant');
  if (tenant !== null && tenant !== token.tenantUuid) return apiError(403, 'the token belongs to another tenant');
  if (!withBody) return { status: 204, body: undefined };
  return { status: 200, body: tokenView(token, { nodeUuid: deps.nodeUuid }) };
}

const ScopesCheck = z.strictObject({ scopes: z.array(z.string().min(1).max(1024)).max(256), tenant_uuid: z.string().max(64).optional() });

/** `POST /token/{token}/scopes/check`: which of the given ACLs the token holds, as `{scopes: {acl: bool}}`. */
async function checkScopes(deps: AuthDeps, request: ApiRequest): Promise<JsonAnswer> {
  const parsed = ScopesCheck.safeParse(request.body);
  if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
  const token = await findAuthToken(deps.db, request.params['token'] ?? '', deps.now());
  if (token === undefined) return apiError(404, 'no such token');
  if (parsed.data.tenant_uuid !== undefined && parsed.data.tenant_uuid !== token.tenantUuid) return apiError(403, 'the token belongs to another tenant');
  const check = createAclCheck(token.acl, token.authId);
  return { status: 200, body: { scopes: Object.fromEntries(parsed.data.scopes.map((scope) => [scope, check.allows(scope)])) } };
}
