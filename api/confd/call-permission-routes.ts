/**
 * `/callpermissions` of confd 1.1 (seed CF-10): list, create, read, partial update and delete a
 * permission (its extensions and patterns, mode, password, enabled), and attach it to users
 * (`PUT|DELETE /users/{user_id}/callpermissions/{callpermission_id}`, `GET` the user's).
 * Outcalls attach them through their own routes. An extension that is not a number or a valid
 * pattern is a 400. `call_permission_*` events on each change.
 */
import { z } from 'zod';
import {
  associateUserCallPermission, createCallPermission, deleteCallPermission, dissociateUserCallPermission, findCallPermission, findUserDetail,
  listCallPermissionPage, listUserCallPermissions, updateCallPermission,
  type CallPermissionOrder, type CallPermissionRow, type TenantUuid,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { patternProblem } from './routing-forms.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export function callPermissionView(permission: CallPermissionRow): Record<string, unknown> {
  return {
    id: permission.id,
    tenant_uuid: permission.tenantUuid,
    name: permission.name,
    password: permission.password,
    mode: permission.mode,
    extensions: permission.extensions,
    enabled: permission.enabled,
    description: permission.description,
    users: permission.users,
    groups: [],
    outcalls: permission.outcalls,
  };
}

const PermissionExtension = z.string().regex(/^(\+?[0-9*#]{1,40}|_[0-9A-Za-z*#+.!\[\]-]{1,40})$/, 'must be a number or a pattern starting with _')
  .superRefine((exten, context) => {
    const problem = patternProblem(exten);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  });
const PermissionFields = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be 1 to 128 letters, digits, _ . or -'),
  password: z.string().regex(/^[0-9#*]{1,16}$/, 'must be 1 to 16 digits').nullable(),
  mode: z.enum(['allow', 'deny']),
  extensions: z.array(PermissionExtension).max(128).refine((list) => new Set(list).size === list.length, 'an extension appears twice'),
  enabled: z.boolean(),
  description: z.string().max(1024).nullable(),
});
export const NewCallPermission = PermissionFields.partial().required({ name: true });
export const CallPermissionUpdate = PermissionFields.partial();

const PERMISSION_ORDERS: readonly CallPermissionOrder[] = ['id', 'name', 'description', 'mode'];

function fields(body: z.infer<typeof CallPermissionUpdate>) {
  return {
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.password === undefined ? {} : { password: body.password }),
    ...(body.mode === undefined ? {} : { mode: body.mode }),
    ...(body.extensions === undefined ? {} : { extensions: body.extensions }),
    ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
    ...(body.description === undefined ? {} : { description: body.description ?? '' }),
  };
}

export function callPermissionRoutes(deps: ConfdDeps): ApiRoute[] {
  const permissionEvent = (action: string, permission: CallPermissionRow) =>
    publishChange(deps, permission.tenantUuid, `call_permission_${action}`, `config.callpermission.${action}`, { id: permission.id, name: permission.name, tenant_uuid: permission.tenantUuid });
  const permissionOf = (request: ApiRequest) => findCallPermission(deps.db, param(request, 'callpermission_id'), objectScope(request));
  const userAndPermission = async (request: ApiRequest) => ({
    user: await findUserDetail(deps.db, param(request, 'user_id'), objectScope(request)),
    permission: await permissionOf(request),
  });
  return [
    { method: 'GET', path: '/callpermissions', handle: (request) => listAnswer(request, PERMISSION_ORDERS, 'id', (tenants, query) => listCallPermissionPage(deps.db, tenants, query), callPermissionView) },
    {
      method: 'POST', path: '/callpermissions',
      async handle(request) {
        const parsed = NewCallPermission.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const created = await createCallPermission(deps.db, creationTenant(request) as TenantUuid, { ...fields(parsed.data), name: parsed.data.name });
        if (created.type === 'error') return writeFailure(created, 'call permission');
        permissionEvent('created', created.value);
        return { status: 201, body: callPermissionView(created.value) };
      },
    },
    {
      method: 'GET', path: '/callpermissions/:callpermission_id',
      async handle(request) {
        const permission = await permissionOf(request);
        return permission === undefined ? apiError(404, 'no such call permission') : { status: 200, body: callPermissionView(permission) };
      },
    },
    {
      method: 'PUT', path: '/callpermissions/:callpermission_id',
      async handle(request) {
        const parsed = CallPermissionUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const updated = await updateCallPermission(deps.db, param(request, 'callpermission_id'), objectScope(request), fields(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'call permission');
        permissionEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/callpermissions/:callpermission_id',
      async handle(request) {
        const deleted = await deleteCallPermission(deps.db, param(request, 'callpermission_id'), objectScope(request));
        if (deleted === undefined) return apiError(404, 'no such call permission');
        permissionEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
    {
      method: 'GET', path: '/users/:user_id/callpermissions',
      async handle(request) {
        const user = await findUserDetail(deps.db, param(request, 'user_id'), objectScope(request));
        if (user === undefined) return apiError(404, 'no such user');
        const items = (await listUserCallPermissions(deps.db, user.uuid)).map((permission) => ({ user_id: user.id, user_uuid: user.uuid, call_permission_id: permission.id }));
        return { status: 200, body: { total: items.length, items } };
      },
    },
    {
      method: 'PUT', path: '/users/:user_id/callpermissions/:callpermission_id',
      async handle(request) {
        const { user, permission } = await userAndPermission(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (permission === undefined) return apiError(404, 'no such call permission');
        if (user.tenantUuid !== permission.tenantUuid) return apiError(400, 'the user and the call permission belong to different tenants');
        const written = await associateUserCallPermission(deps.db, user.id, permission.id, user.tenantUuid);
        if (written.type === 'error') return writeFailure(written, 'user call permission');
        publishChange(deps, user.tenantUuid, 'user_call_permission_associated', `config.users.${user.uuid}.callpermissions.updated`, { user: { id: user.id, uuid: user.uuid, tenant_uuid: user.tenantUuid }, call_permission: { id: permission.id } });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/users/:user_id/callpermissions/:callpermission_id',
      async handle(request) {
        const { user, permission } = await userAndPermission(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (permission === undefined) return apiError(404, 'no such call permission');
        if (await dissociateUserCallPermission(deps.db, user.id, permission.id)) {
          publishChange(deps, user.tenantUuid, 'user_call_permission_dissociated', `config.users.${user.uuid}.callpermissions.deleted`, { user: { id: user.id, uuid: user.uuid, tenant_uuid: user.tenantUuid }, call_permission: { id: permission.id } });
        }
        return NO_CONTENT;
      },
    },
  ];
}
