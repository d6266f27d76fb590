/**
 * `/api/auth/0.1/users` (seed API-02): the users who log in, their passwords, their policies and
 * their refresh tokens, within the tenants the caller may see.
 */
import { z } from 'zod';
import {
  attachUserPolicy, createAuthUser, deleteAuthTokensOf, deleteAuthUser, deleteRefreshToken, detachUserPolicy, findAuthPolicy, findAuthUser,
  findAuthUserPasswordHash, listAuthUsers, listRefreshTokens, listUserPolicies, setAuthUserPasswordHash, updateAuthUser,
  type AuthUserRow,
} from '../../store/index.ts';
import { apiError, apiList, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { parseListQuery } from '../http/list-query.ts';
import { listScope, objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import type { AuthDeps } from './auth-deps.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { policyView } from './policy-routes.ts';

const name = z.string().min(1).max(128).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
const Username = z.string().min(1).max(256).regex(/^[^\s:\u0000-\u001f\u007f]+$/, 'no spaces, colons or control characters');
const Password = z.string().min(1).max(1024);
const Purpose = z.enum(['user', 'internal', 'external_api']);

const NewUser = z.strictObject({
  uuid: z.uuid().optional(),
  username: Username,
  password: Password.optional(),
  firstname: name.nullable().optional(),
  lastname: name.nullable().optional(),
  email_address: z.email().max(254).nullable().optional(),
  purpose: Purpose.optional(),
  enabled: z.boolean().optional(),
});
const UserChanges = z.strictObject({
  username: Username.optional(),
  firstname: name.nullable().optional(),
  lastname: name.nullable().optional(),
  email_address: z.email().max(254).nullable().optional(),
  purpose: Purpose.optional(),
  enabled: z.boolean().optional(),
  // The reference API sends the whole object back on PUT: read-only fields are accepted and ignored.
  uuid: z.string().optional(),
  tenant_uuid: z.string().optional(),
  emails: z.array(z.unknown()).optional(),
  authentication_method: z.string().optional(),
});
const PasswordChange = z.strictObject({ old_password: Password, new_password: Password });

export function userView(user: AuthUserRow): Record<string, unknown> {
  return {
    uuid: user.uuid,
    tenant_uuid: user.tenantUuid,
    username: user.username,
    firstname: user.firstname,
    lastname: user.lastname,
    emails: user.email === null ? [] : [{ address: user.email, main: true, confirmed: true }],
    purpose: user.purpose,
    enabled: user.enabled,
    authentication_method: 'default',
  };
}

const USER_ORDER = ['username', 'firstname', 'lastname', 'email', 'purpose', 'uuid'] as const;

export function userRoutes(deps: AuthDeps): ApiRoute[] {
  // `/users/me/...`: the token's own user (the reference clients use it for refresh tokens).
  const find = (request: ApiRequest) => {
    const asked = request.params['user_uuid'] ?? '';
    return findAuthUser(deps.db, asked === 'me' ? (request.token?.userUuid ?? '') : asked, objectScope(request));
  };
  return [
    {
      method: 'GET', path: '/users',
      async handle(request) {
        const query = parseListQuery(request.query, { orderColumns: USER_ORDER, defaultOrder: 'username' });
        if (query.type === 'invalid') return apiError(400, ...query.errors);
        const page = await listAuthUsers(deps.db, listScope(request), { ...query.query, order: query.query.order as (typeof USER_ORDER)[number] });
        return { status: 200, body: { total: page.total, filtered: page.filtered, items: page.items.map(userView) } };
      },
    },
    {
      method: 'POST', path: '/users',
      async handle(request) {
        const parsed = NewUser.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const body = parsed.data;
        const created = await createAuthUser(deps.db, {
          username: body.username,
          tenantUuid: request.tenantUuid as never,
          ...(body.uuid === undefined ? {} : { uuid: body.uuid }),
          ...(body.password === undefined ? {} : { passwordHash: await hashPassword(body.password, deps.hashCost) }),
          ...(body.firstname == null ? {} : { firstname: body.firstname }),
          ...(body.lastname == null ? {} : { lastname: body.lastname }),
          ...(body.email_address == null ? {} : { email: body.email_address }),
          ...(body.purpose === undefined ? {} : { purpose: body.purpose }),
          ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
        });
        if (created.type === 'error') return writeFailure(created, 'user');
        return { status: 201, body: userView(created.value) };
      },
    },
    {
      method: 'GET', path: '/users/:user_uuid',
      async handle(request) {
        const user = await find(request);
        return user === undefined ? apiError(404, 'no such user') : { status: 200, body: userView(user) };
      },
    },
    {
      method: 'PUT', path: '/users/:user_uuid',
      async handle(request) {
        const parsed = UserChanges.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const body = parsed.data;
        const changes = {
          ...(body.username === undefined ? {} : { username: body.username }),
          ...(body.firstname === undefined ? {} : { firstname: body.firstname as string }),
          ...(body.lastname === undefined ? {} : { lastname: body.lastname as string }),
          ...(body.email_address === undefined ? {} : { email: body.email_address as string }),
          ...(body.purpose === undefined ? {} : { purpose: body.purpose }),
          ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
        };
        const updated = await updateAuthUser(deps.db, request.params['user_uuid'] ?? '', objectScope(request), changes);
        if (updated.type === 'error') return writeFailure(updated, 'user');
        // A disabled user is logged out everywhere at once.
        if (!updated.value.enabled) {
          for (const token of await deleteAuthTokensOf(deps.db, updated.value.uuid)) deps.publish({ name: 'auth_token_deleted', origin_uuid: deps.nodeUuid, data: { token } });
        }
        return { status: 200, body: userView(updated.value) };
      },
    },
    {
      method: 'DELETE', path: '/users/:user_uuid',
      async handle(request) {
        const revoked = await deleteAuthUser(deps.db, request.params['user_uuid'] ?? '', objectScope(request));
        if (revoked === undefined) return apiError(404, 'no such user');
        for (const token of revoked) deps.publish({ name: 'auth_token_deleted', origin_uuid: deps.nodeUuid, data: { token } });
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'PUT', path: '/users/:user_uuid/password', acl: (request) => `auth.users.${request.params['user_uuid'] ?? ''}.password.edit`,
      async handle(request) {
        const parsed = PasswordChange.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const user = await find(request);
        if (user === undefined) return apiError(404, 'no such user');
        const stored = await findAuthUserPasswordHash(deps.db, user.uuid);
        if (stored == null || !(await verifyPassword(parsed.data.old_password, stored))) return apiError(401, 'the old password is wrong');
        await setAuthUserPasswordHash(deps.db, user.uuid, await hashPassword(parsed.data.new_password, deps.hashCost));
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'GET', path: '/users/:user_uuid/policies',
      async handle(request) {
        const user = await find(request);
        if (user === undefined) return apiError(404, 'no such user');
        const policies = await listUserPolicies(deps.db, user.uuid);
        return apiList(policies.map(policyView), policies.length);
      },
    },
    {
      method: 'PUT', path: '/users/:user_uuid/policies/:policy_uuid',
      acl: (request) => `auth.users.${request.params['user_uuid'] ?? ''}.policies.${request.params['policy_uuid'] ?? ''}.create`,
      async handle(request) {
        const user = await find(request);
        if (user === undefined) return apiError(404, 'no such user');
        const policy = await findAuthPolicy(deps.db, request.params['policy_uuid'] ?? '', objectScope(request));
        if (policy === undefined) return apiError(404, 'no such policy');
        await attachUserPolicy(deps.db, user.uuid, policy.uuid);
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'DELETE', path: '/users/:user_uuid/policies/:policy_uuid',
      async handle(request) {
        const user = await find(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (!(await detachUserPolicy(deps.db, user.uuid, request.params['policy_uuid'] ?? ''))) return apiError(404, 'the user has no such policy');
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'GET', path: '/users/:user_uuid/tokens',
      async handle(request) {
        const user = await find(request);
        if (user === undefined) return apiError(404, 'no such user');
        const tokens = await listRefreshTokens(deps.db, user.uuid);
        const items = tokens.map((token) => ({ client_id: token.clientId, created_at: new Date(token.createdAtMs).toISOString(), mobile: token.mobile, user_uuid: token.userUuid, tenant_uuid: user.tenantUuid }));
        return apiList(items, items.length);
      },
    },
    {
      method: 'DELETE', path: '/users/:user_uuid/tokens/:client_id',
      async handle(request) {
        const user = await find(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (!(await deleteRefreshToken(deps.db, user.uuid, request.params['client_id'] ?? ''))) return apiError(404, 'no refresh token for this client');
        return { status: 204, body: undefined };
      },
    },
  ];
}
