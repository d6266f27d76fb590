/**
 * `/registers/sip` of confd 1.1 (seed §1.6.13): the outbound registrations a trunk sends REGISTERs
 * with (`auth_username`, `auth_password`, `transport`, `remote_host`, `remote_port`,
 * `callback_extension`, `expiration` …), listed, created, read, partly updated and deleted, with
 * `register_sip_*` events.
 */
import { z } from 'zod';
import {
  createRegisterSip, deleteRegisterSip, findRegisterSip, listRegisterSipPage, updateRegisterSip,
  type RegisterSipChanges, type RegisterSipOrder, type RegisterSipRow, type TenantUuid,
} from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

/** A registration as confd shows it; the password too, as Wazo's does for an administrator. */
export function registerSipView(register: RegisterSipRow): Record<string, unknown> {
  return {
    id: register.id,
    tenant_uuid: register.tenantUuid,
    transport: register.transport,
    sip_username: register.sipUsername,
    auth_username: register.authUsername,
    auth_password: register.authPassword,
    remote_host: register.remoteHost,
    remote_port: register.remotePort,
    callback_extension: register.callbackExtension,
    callback_context: register.callbackContext,
    expiration: register.expiration,
    enabled: register.enabled,
    trunk: register.trunkId === null ? null : { id: register.trunkId },
  };
}

const UserPart = z.string().regex(/^[A-Za-z0-9_.!~*()&=+$,;?/-]{1,64}$/, 'must be 1 to 64 characters of a SIP user part');
const RegisterFields = z.object({
  transport: z.enum(['udp', 'tcp']),
  sip_username: UserPart.nullable(),
  auth_username: z.string().regex(/^[A-Za-z0-9_.!~*()&=+$,;?/@-]{1,128}$/, 'must be 1 to 128 characters of a digest username').nullable(),
  auth_password: z.string().min(1).max(128).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters').nullable(),
  remote_host: z.string().regex(/^([A-Za-z0-9][A-Za-z0-9.-]{0,252}|\[[0-9A-Fa-f:.]{2,45}\])$/, 'must be a host name or an IP address'),
  remote_port: z.number().int().min(1).max(65535).nullable(),
  callback_extension: UserPart.nullable(),
  callback_context: z.string().regex(/^[A-Za-z0-9_-]{1,79}$/, 'must be a context name').nullable(),
  expiration: z.number().int().min(10).max(3600),
  enabled: z.boolean(),
});
export const NewRegisterSip = RegisterFields.partial().required({ remote_host: true });
export const RegisterSipUpdate = RegisterFields.partial();

const ORDERS: readonly RegisterSipOrder[] = ['id', 'remote_host', 'auth_username'];

function fields(body: z.infer<typeof RegisterSipUpdate>): RegisterSipChanges {
  const mapped: Record<string, unknown> = {
    transport: body.transport, sipUsername: body.sip_username, authUsername: body.auth_username, authPassword: body.auth_password,
    remoteHost: body.remote_host, remotePort: body.remote_port, callbackExtension: body.callback_extension, callbackContext: body.callback_context,
    expiration: body.expiration, enabled: body.enabled,
  };
  return Object.fromEntries(Object.entries(mapped).filter(([, value]) => value !== undefined)) as RegisterSipChanges;
}

export function registerSipRoutes(deps: ConfdDeps): ApiRoute[] {
  const registerEvent = (action: string, register: RegisterSipRow) =>
    publishChange(deps, register.tenantUuid, `register_sip_${action}`, `config.register.sip.${action}`, { id: register.id, tenant_uuid: register.tenantUuid });
  return [
    { method: 'GET', path: '/registers/sip', handle: (request) => listAnswer(request, ORDERS, 'id', (tenants, query) => listRegisterSipPage(deps.db, tenants, query), registerSipView) },
    {
      method: 'POST', path: '/registers/sip',
      async handle(request) {
        const parsed = NewRegisterSip.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const created = await createRegisterSip(deps.db, { ...fields(parsed.data), tenantUuid: creationTenant(request) as TenantUuid, remoteHost: parsed.data.remote_host });
        if (created.type === 'error') return writeFailure(created, 'SIP registration');
        registerEvent('created', created.value);
        return { status: 201, body: registerSipView(created.value) };
      },
    },
    {
      method: 'GET', path: '/registers/sip/:register_id',
      async handle(request) {
        const register = await findRegisterSip(deps.db, param(request, 'register_id'), objectScope(request));
        return register === undefined ? apiError(404, 'no such SIP registration') : { status: 200, body: registerSipView(register) };
      },
    },
    {
      method: 'PUT', path: '/registers/sip/:register_id',
      async handle(request) {
        const parsed = RegisterSipUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const updated = await updateRegisterSip(deps.db, param(request, 'register_id'), objectScope(request), fields(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'SIP registration');
        registerEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/registers/sip/:register_id',
      async handle(request) {
        const deleted = await deleteRegisterSip(deps.db, param(request, 'register_id'), objectScope(request));
        if (deleted === undefined) return apiError(404, 'no such SIP registration');
        registerEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
  ];
}
