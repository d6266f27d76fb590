/**
 * `/extensions` and `/contexts` of confd 1.1: list, create, read, partial update and delete, with
 * `extension_*` and `context_*` events. An extension a line still uses, and a context lines or
 * extensions still use, are refused with a 400 naming the conflict, as Wazo does.
 */
import { z } from 'zod';
import {
  createContext, createExtension, deleteContextById, deleteExtensionDetail, findContextById, findExtensionDetail, listContextPage,
  listExtensionPage, updateContextById, updateExtensionDetail,
  type ContextOrder, type ContextRow, type ExtensionDetailRow, type ExtensionOrder, type TenantUuid,
} from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';

export function extensionView(extension: ExtensionDetailRow): Record<string, unknown> {
  return {
    id: extension.id,
    tenant_uuid: extension.tenantUuid,
    exten: extension.exten,
    context: extension.context,
    commented: !extension.enabled,
    enabled: extension.enabled,
    type: extension.type,
    lines: extension.lines,
    users: extension.users,
    incall: null,
    outcall: null,
    group: null,
    queue: null,
    conference: null,
    parking_lot: null,
  };
}

export function contextView(context: ContextRow): Record<string, unknown> {
  return {
    id: context.id,
    tenant_uuid: context.tenantUuid,
    name: context.name,
    label: context.label,
    type: context.type,
    enabled: context.enabled,
    description: null,
    user_ranges: [],
    group_ranges: [],
    queue_ranges: [],
    conference_room_ranges: [],
    incall_ranges: [],
    contexts: [],
  };
}

const ContextName = z.string().regex(/^[A-Za-z0-9_-]{1,79}$/, 'must be 1 to 79 letters, digits, _ or -');
const Exten = z.string().regex(/^(\+?[0-9*#]{1,40}|_[0-9A-Za-z*#+.!\[\]-]{1,40})$/, 'must be a number or a pattern starting with _');
const ExtensionFields = z.object({ exten: Exten, context: ContextName, enabled: z.boolean() });
export const NewExtension = ExtensionFields.partial({ enabled: true });
export const ExtensionUpdate = ExtensionFields.partial();
const ContextFields = z.object({
  name: ContextName,
  label: z.string().max(128).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters'),
  type: z.enum(['internal', 'incall', 'outcall', 'services', 'others']),
  enabled: z.boolean(),
});
export const NewContext = ContextFields.partial().required({ name: true });
export const ContextUpdate = ContextFields.partial();

const EXTENSION_ORDERS: readonly ExtensionOrder[] = ['id', 'exten', 'context', 'type'];
const CONTEXT_ORDERS: readonly ContextOrder[] = ['id', 'name', 'label', 'type'];
const EXTENSION_TYPES = ['extenfeatures', 'featuremap', 'generalfeatures', 'group', 'incall', 'meetme', 'outcall', 'queue', 'user', 'voicemenu', 'conference', 'parking'];

const defined = <Value extends Record<string, unknown>>(value: Value) =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as { [Key in keyof Value]?: Exclude<Value[Key], undefined> };

export function extensionRoutes(deps: ConfdDeps): ApiRoute[] {
  const extensionEvent = (action: string, extension: ExtensionDetailRow) =>
    publishChange(deps, extension.tenantUuid, `extension_${action}`, `config.extension.${action}`, { id: extension.id, exten: extension.exten, context: extension.context, tenant_uuid: extension.tenantUuid });
  const contextEvent = (action: string, context: ContextRow) =>
    publishChange(deps, context.tenantUuid, `context_${action}`, `config.contexts.${action}`, { id: context.id, name: context.name, tenant_uuid: context.tenantUuid });
  return [
    {
      method: 'GET', path: '/extensions',
      handle(request) {
        const type = request.query.get('type') ?? undefined;
        if (type !== undefined && !EXTENSION_TYPES.includes(type)) return apiError(400, `type: must be one of ${EXTENSION_TYPES.join(', ')}`);
        return listAnswer(request, EXTENSION_ORDERS, 'exten', (tenants, query) => listExtensionPage(deps.db, tenants, { ...query, ...(type === undefined ? {} : { type }) }), extensionView);
      },
    },
    {
      method: 'POST', path: '/extensions',
      async handle(request) {
        const parsed = NewExtension.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const created = await createExtension(deps.db, { tenantUuid: creationTenant(request) as TenantUuid, ...defined(parsed.data), exten: parsed.data.exten, context: parsed.data.context });
        if (created.type === 'error') return created.code === 'PBX_ERR_STORE_DUPLICATE' ? apiError(400, `extension ${parsed.data.exten}@${parsed.data.context} already exists`) : writeFailure(created, 'extension');
        const extension = await findExtensionDetail(deps.db, String(created.value.id), [created.value.tenantUuid]);
        if (extension === undefined) return apiError(404, 'no such extension');
        extensionEvent('created', extension);
        return { status: 201, body: extensionView(extension) };
      },
    },
    {
      method: 'GET', path: '/extensions/:extension_id',
      async handle(request) {
        const extension = await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request));
        return extension === undefined ? apiError(404, 'no such extension') : { status: 200, body: extensionView(extension) };
      },
    },
    {
      method: 'PUT', path: '/extensions/:extension_id',
      async handle(request) {
        const parsed = ExtensionUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const updated = await updateExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request), defined(parsed.data));
        if (updated.type === 'error') return updated.code === 'PBX_ERR_STORE_DUPLICATE' ? apiError(400, 'the extension already exists in that context') : writeFailure(updated, 'extension');
        extensionEvent('edited', updated.value);
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'DELETE', path: '/extensions/:extension_id',
      async handle(request) {
        const extension = await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request));
        if (extension === undefined) return apiError(404, 'no such extension');
        const outcome = await deleteExtensionDetail(deps.db, String(extension.id), [extension.tenantUuid]);
        if (outcome === 'in-use') return apiError(400, `extension ${extension.id} is associated with a line: dissociate it first`);
        if (outcome === 'not-found') return apiError(404, 'no such extension');
        extensionEvent('deleted', extension);
        return { status: 204, body: undefined };
      },
    },
    { method: 'GET', path: '/contexts', handle: (request) => listAnswer(request, CONTEXT_ORDERS, 'name', (tenants, query) => listContextPage(deps.db, tenants, query), contextView) },
    {
      method: 'POST', path: '/contexts',
      async handle(request) {
        const parsed = NewContext.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const created = await createContext(deps.db, { tenantUuid: creationTenant(request) as TenantUuid, ...defined(parsed.data), name: parsed.data.name });
        if (created.type === 'error') return created.code === 'PBX_ERR_STORE_DUPLICATE' ? apiError(400, `context ${parsed.data.name} already exists`) : writeFailure(created, 'context');
        contextEvent('created', created.value);
        return { status: 201, body: contextView(created.value) };
      },
    },
    {
      method: 'GET', path: '/contexts/:context_id',
      async handle(request) {
        const context = await findContextById(deps.db, param(request, 'context_id'), objectScope(request));
        return context === undefined ? apiError(404, 'no such context') : { status: 200, body: contextView(context) };
      },
    },
    {
      method: 'PUT', path: '/contexts/:context_id',
      async handle(request) {
        const parsed = ContextUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const updated = await updateContextById(deps.db, param(request, 'context_id'), objectScope(request), defined(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'context');
        contextEvent('edited', updated.value);
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'DELETE', path: '/contexts/:context_id',
      async handle(request) {
        const deleted = await deleteContextById(deps.db, param(request, 'context_id'), objectScope(request));
        if (deleted.type === 'error') {
          return deleted.code === 'PBX_ERR_STORE_BROKEN_REFERENCE' ? apiError(400, 'the context is used by lines or extensions: delete or move them first') : writeFailure(deleted, 'context');
        }
        contextEvent('deleted', deleted.value);
        return { status: 204, body: undefined };
      },
    },
  ];
}
