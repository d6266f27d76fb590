/**
 * `/api/auth/0.1/tenants` (seed API-04): a token sees its tenant and the tenants below it; a new
 * tenant goes below the tenant the request acts in. Changes are published as
 * `auth_tenant_created`, `auth_tenant_updated` and `auth_tenant_deleted`.
 */
import { z } from 'zod';
import { createTenant, deleteTenant, findTenant, listTenants as listTenantRows, renameTenant, type TenantRow } from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { parseListQuery } from '../http/list-query.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import type { AuthDeps } from './auth-deps.ts';

const TenantName = z.string().min(1).max(128).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
const NewTenant = z.strictObject({ name: TenantName, uuid: z.uuid().optional(), parent_uuid: z.uuid().optional() });
const TenantChanges = z.strictObject({ name: TenantName, uuid: z.string().optional(), parent_uuid: z.string().nullable().optional() });

export function tenantView(tenant: TenantRow): Record<string, unknown> {
  return { uuid: tenant.uuid, name: tenant.name, parent_uuid: tenant.parentUuid ?? tenant.uuid };
}

const ORDER = ['name', 'uuid'] as const;

export function tenantRoutes(deps: AuthDeps): ApiRoute[] {
  const publish = (action: 'created' | 'updated' | 'deleted', data: Record<string, unknown>, uuid: string) =>
    deps.publish({ name: `auth_tenant_${action}`, origin_uuid: deps.nodeUuid, required_acl: `events.auth.tenants.${uuid}.${action}`, tenant_uuid: uuid, data });
  return [
    {
      method: 'GET', path: '/tenants',
      async handle(request) {
        const query = parseListQuery(request.query, { orderColumns: ORDER, defaultOrder: 'name' });
        if (query.type === 'invalid') return apiError(400, ...query.errors);
        const page = await listTenantRows(deps.db, request.visibleTenantUuids, { ...query.query, order: query.query.order as (typeof ORDER)[number] });
        return { status: 200, body: { total: page.total, filtered: page.filtered, items: page.items.map(tenantView) } };
      },
    },
    {
      method: 'POST', path: '/tenants',
      async handle(request) {
        const parsed = NewTenant.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const parent = parsed.data.parent_uuid ?? request.tenantUuid ?? '';
        if (!request.visibleTenantUuids.includes(parent)) return apiError(401, `unauthorized tenant ${parent}`);
        const created = await createTenant(deps.db, { name: parsed.data.name, parentUuid: parent, ...(parsed.data.uuid === undefined ? {} : { uuid: parsed.data.uuid }) });
        if (created.type === 'error') return writeFailure(created, 'tenant');
        publish('created', { uuid: created.value.uuid, name: created.value.name }, created.value.uuid);
        return { status: 201, body: tenantView(created.value) };
      },
    },
    {
      method: 'GET', path: '/tenants/:tenant_uuid',
      async handle(request) {
        const tenant = await findTenant(deps.db, request.params['tenant_uuid'] ?? '', request.visibleTenantUuids);
        return tenant === undefined ? apiError(404, 'no such tenant') : { status: 200, body: tenantView(tenant) };
      },
    },
    {
      method: 'PUT', path: '/tenants/:tenant_uuid',
      async handle(request) {
        const parsed = TenantChanges.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const renamed = await renameTenant(deps.db, request.params['tenant_uuid'] ?? '', request.visibleTenantUuids, parsed.data.name);
        if (renamed.type === 'error') return writeFailure(renamed, 'tenant');
        publish('updated', { uuid: renamed.value.uuid, name: renamed.value.name }, renamed.value.uuid);
        return { status: 200, body: tenantView(renamed.value) };
      },
    },
    {
      method: 'DELETE', path: '/tenants/:tenant_uuid',
      async handle(request) {
        const uuid = request.params['tenant_uuid'] ?? '';
        if (uuid === request.token?.tenantUuid) return apiError(400, 'a token cannot delete its own tenant');
        const outcome = await deleteTenant(deps.db, uuid, request.visibleTenantUuids);
        if (outcome === 'not-found') return apiError(404, 'no such tenant');
        if (outcome === 'has-children') return apiError(400, 'the tenant has tenants below it: delete them first');
        if (outcome === 'root') return apiError(400, 'the root tenant cannot be deleted');
        publish('deleted', { uuid }, uuid);
        return { status: 204, body: undefined };
      },
    },
  ];
}
