/**
 * `/api/auth/0.1/policies` (seed API-03): named lists of ACL templates. Every template is parsed
 * when it is written, so a policy that cannot render is refused with 400 at the API rather than
 * found broken at the next login. Built-in and inherited shared policies are read-only.
 */
import { z } from 'zod';
import { createAuthPolicy, deleteAuthPolicy, findAuthPolicy, listAuthPolicies, updateAuthPolicy, type AuthPolicyRow } from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { parseListQuery } from '../http/list-query.ts';
import { listScope, objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { parseAclTemplate } from './acl-template.ts';
import type { AuthDeps } from './auth-deps.ts';

const Acl = z.array(z.string().min(1).max(1024)).max(1024);
const NewPolicy = z.strictObject({
  name: z.string().min(1).max(80).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters'),
  slug: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/).optional(),
  description: z.string().max(1024).nullable().optional(),
  acl: Acl.optional(),
  acl_templates: Acl.optional(),
  shared: z.boolean().optional(),
});
const PolicyChanges = NewPolicy.partial().extend({ uuid: z.string().optional(), tenant_uuid: z.string().optional(), read_only: z.boolean().optional() });

export function policyView(policy: AuthPolicyRow): Record<string, unknown> {
  return {
    uuid: policy.uuid, tenant_uuid: policy.tenantUuid, name: policy.name, slug: policy.slug, description: policy.description,
    acl: policy.acl, shared: policy.shared, read_only: policy.readOnly,
  };
}

/** The templates that do not parse, as error messages. */
function templateErrors(acl: readonly string[]): string[] {
  return acl.flatMap((source, index) => {
    const parsed = parseAclTemplate(source);
    return parsed.type === 'invalid' ? [`acl.${index}: ${parsed.reason}`] : [];
  });
}

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'policy';
const ORDER = ['name', 'slug', 'description', 'uuid'] as const;

export function policyRoutes(deps: AuthDeps): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/policies',
      async handle(request) {
        const query = parseListQuery(request.query, { orderColumns: ORDER, defaultOrder: 'name' });
        if (query.type === 'invalid') return apiError(400, ...query.errors);
        const page = await listAuthPolicies(deps.db, listScope(request), { ...query.query, order: query.query.order as (typeof ORDER)[number] });
        return { status: 200, body: { total: page.total, filtered: page.filtered, items: page.items.map(policyView) } };
      },
    },
    {
      method: 'POST', path: '/policies',
      async handle(request) {
        const parsed = NewPolicy.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const acl = parsed.data.acl ?? parsed.data.acl_templates ?? [];
        const errors = templateErrors(acl);
        if (errors.length > 0) return apiError(400, ...errors);
        const created = await createAuthPolicy(deps.db, {
          tenantUuid: request.tenantUuid ?? '', slug: parsed.data.slug ?? slugOf(parsed.data.name), name: parsed.data.name,
          description: parsed.data.description ?? null, acl, ...(parsed.data.shared === undefined ? {} : { shared: parsed.data.shared }),
        });
        return created.type === 'error' ? writeFailure(created, 'policy') : { status: 201, body: policyView(created.value) };
      },
    },
    {
      method: 'GET', path: '/policies/:policy_uuid',
      async handle(request) {
        const policy = await findAuthPolicy(deps.db, request.params['policy_uuid'] ?? '', objectScope(request));
        return policy === undefined ? apiError(404, 'no such policy') : { status: 200, body: policyView(policy) };
      },
    },
    {
      method: 'PUT', path: '/policies/:policy_uuid',
      async handle(request) {
        const parsed = PolicyChanges.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const acl = parsed.data.acl ?? parsed.data.acl_templates;
        const errors = acl === undefined ? [] : templateErrors(acl);
        if (errors.length > 0) return apiError(400, ...errors);
        const updated = await updateAuthPolicy(deps.db, request.params['policy_uuid'] ?? '', objectScope(request), {
          ...(parsed.data.name === undefined ? {} : { name: parsed.data.name }),
          ...(parsed.data.description === undefined ? {} : { description: parsed.data.description }),
          ...(acl === undefined ? {} : { acl }),
          ...(parsed.data.shared === undefined ? {} : { shared: parsed.data.shared }),
        });
        return updated.type === 'error' ? writeFailure(updated, 'policy') : { status: 200, body: policyView(updated.value) };
      },
    },
    {
      method: 'DELETE', path: '/policies/:policy_uuid',
      async handle(request) {
        const outcome = await deleteAuthPolicy(deps.db, request.params['policy_uuid'] ?? '', objectScope(request));
        if (outcome === 'not-found') return apiError(404, 'no such policy');
        if (outcome === 'read-only') return apiError(403, 'a built-in or inherited policy cannot be deleted');
        return { status: 204, body: undefined };
      },
    },
  ];
}
