/**
 * `/lines` and `/endpoints/sip` of confd 1.1: a line (its context, position and provisioning code)
 * and the SIP endpoint a phone registers with (Wazo's `auth_section_options` username and
 * password), each listed, created, read, partly updated and deleted; `line_*` and
 * `sip_endpoint_*` events on each change.
 */
import { z } from 'zod';
import {
  createEndpointSip, createLine, deleteEndpointSip, deleteLineDetail, findEndpointSip, findLineDetail, listEndpointSipPage,
  listLinePage, updateEndpointSip, updateLineDetail,
  type EndpointSipOrder, type EndpointSipRow, type LineDetailRow, type LineOrder, type TenantUuid,
} from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { TrunkEndpointFields, trunkEndpointValues, trunkEndpointView } from './endpoint-sip-trunk-fields.ts';

export function lineView(line: LineDetailRow): Record<string, unknown> {
  return {
    id: line.id,
    tenant_uuid: line.tenantUuid,
    name: line.endpointSip?.username ?? null,
    context: line.context,
    protocol: line.protocol,
    provisioning_code: line.provisioningCode,
    provisioning_extension: line.provisioningCode,
    position: line.position,
    caller_id_name: null,
    caller_id_num: null,
    registrar: 'default',
    device_id: null,
    device_slot: line.position,
    endpoint_sip: line.endpointSip === null ? null : { uuid: line.endpointSip.uuid, name: line.endpointSip.username, label: line.endpointSip.username },
    endpoint_sccp: null,
    endpoint_custom: null,
    application: null,
    extensions: line.extensions,
    users: line.users,
  };
}

export function endpointSipView(endpoint: EndpointSipRow): Record<string, unknown> {
  return {
    uuid: endpoint.uuid,
    tenant_uuid: endpoint.tenantUuid,
    name: endpoint.username,
    label: endpoint.username,
    auth_section_options: [['username', endpoint.username], ['password', endpoint.secret]],
    aor_section_options: [],
    endpoint_section_options: [],
    registration_section_options: [],
    registration_outbound_auth_section_options: [],
    identify_section_options: [],
    outbound_auth_section_options: [],
    templates: [],
    asterisk_id: null,
    transport: null,
    line: endpoint.lineId === null ? null : { id: endpoint.lineId },
    ...trunkEndpointView(endpoint),
  };
}

const ContextName = z.string().regex(/^[A-Za-z0-9_-]{1,79}$/, 'must be a context name');
const LineFields = z.object({
  context: ContextName,
  position: z.number().int().min(1).max(64),
  provisioning_code: z.string().regex(/^[1-9][0-9]{5}$/, 'must be six digits, not starting with 0'),
});
export const NewLine = LineFields.partial().required({ context: true });
export const LineUpdate = LineFields.partial();

const Username = z.string().regex(/^[A-Za-z0-9_.!~*()&=+$,;?/-]{1,64}$/, 'must be 1 to 64 characters of a SIP user part');
const Secret = z.string().min(1).max(128).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
const AuthOptions = z.array(z.tuple([z.string(), z.string()])).max(32);
export const EndpointFields = z.object({ name: Username.optional(), label: z.string().max(128).optional(), auth_section_options: AuthOptions.optional(), ...TrunkEndpointFields.shape });

/** The username and password of an endpoint body: `auth_section_options` first, then `name`. */
function credentials(body: z.infer<typeof EndpointFields>): { readonly username?: string; readonly secret?: string; readonly errors: string[] } {
  const options = new Map(body.auth_section_options ?? []);
  const username = options.get('username') ?? body.username ?? body.name;
  const secret = options.get('password') ?? body.secret;
  const errors: string[] = [];
  if (username !== undefined && !Username.safeParse(username).success) errors.push('auth_section_options.username: must be 1 to 64 characters of a SIP user part');
  if (secret !== undefined && !Secret.safeParse(secret).success) errors.push('auth_section_options.password: 1 to 128 characters, no control characters');
  return { ...(username === undefined ? {} : { username }), ...(secret === undefined ? {} : { secret }), errors };
}

const LINE_ORDERS: readonly LineOrder[] = ['id', 'context', 'provisioning_code', 'position', 'name'];
const ENDPOINT_ORDERS: readonly EndpointSipOrder[] = ['name', 'uuid'];

export function lineRoutes(deps: ConfdDeps): ApiRoute[] {
  const lineEvent = (action: string, line: LineDetailRow) =>
    publishChange(deps, line.tenantUuid, `line_${action}`, `config.line.${action}`, { id: line.id, tenant_uuid: line.tenantUuid, protocol: line.protocol, name: line.endpointSip?.username ?? null });
  const endpointEvent = (action: string, endpoint: EndpointSipRow) =>
    publishChange(deps, endpoint.tenantUuid, `sip_endpoint_${action}`, `config.sip_endpoint.${action}`, { uuid: endpoint.uuid, tenant_uuid: endpoint.tenantUuid, name: endpoint.username });
  return [
    { method: 'GET', path: '/lines', handle: (request) => listAnswer(request, LINE_ORDERS, 'id', (tenants, query) => listLinePage(deps.db, tenants, query), lineView) },
    {
      method: 'POST', path: '/lines',
      async handle(request) {
        const parsed = NewLine.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const created = await createLine(deps.db, {
          tenantUuid: creationTenant(request) as TenantUuid, context: parsed.data.context,
          ...(parsed.data.position === undefined ? {} : { position: parsed.data.position }),
          ...(parsed.data.provisioning_code === undefined ? {} : { provisioningCode: parsed.data.provisioning_code }),
        });
        if (created.type === 'error') return writeFailure(created, 'line');
        lineEvent('created', created.value);
        return { status: 201, body: lineView(created.value) };
      },
    },
    {
      method: 'GET', path: '/lines/:line_id',
      async handle(request) {
        const line = await findLineDetail(deps.db, param(request, 'line_id'), objectScope(request));
        return line === undefined ? apiError(404, 'no such line') : { status: 200, body: lineView(line) };
      },
    },
    {
      method: 'PUT', path: '/lines/:line_id',
      async handle(request) {
        const parsed = LineUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const updated = await updateLineDetail(deps.db, param(request, 'line_id'), objectScope(request), {
          ...(parsed.data.context === undefined ? {} : { context: parsed.data.context }),
          ...(parsed.data.position === undefined ? {} : { position: parsed.data.position }),
          ...(parsed.data.provisioning_code === undefined ? {} : { provisioningCode: parsed.data.provisioning_code }),
        });
        if (updated.type === 'error') return writeFailure(updated, 'line');
        lineEvent('edited', updated.value);
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'DELETE', path: '/lines/:line_id',
      async handle(request) {
        const deleted = await deps.db.transaction((tx) => deleteLineDetail(tx, param(request, 'line_id'), objectScope(request)));
        if (deleted === undefined) return apiError(404, 'no such line');
        lineEvent('deleted', deleted);
        return { status: 204, body: undefined };
      },
    },
    { method: 'GET', path: '/endpoints/sip', handle: (request) => listAnswer(request, ENDPOINT_ORDERS, 'name', (tenants, query) => listEndpointSipPage(deps.db, tenants, query), endpointSipView) },
    {
      method: 'POST', path: '/endpoints/sip',
      async handle(request) {
        const parsed = EndpointFields.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const { username, secret, errors } = credentials(parsed.data);
        if (username === undefined) errors.push('auth_section_options.username: required (or name)');
        if (secret === undefined) errors.push('auth_section_options.password: required');
        if (errors.length > 0 || username === undefined || secret === undefined) return apiError(400, ...errors);
        const created = await createEndpointSip(deps.db, { tenantUuid: creationTenant(request) as TenantUuid, username, secret, ...trunkEndpointValues(parsed.data) });
        if (created.type === 'error') return writeFailure(created, 'endpoint_sip');
        endpointEvent('created', created.value);
        return { status: 201, body: endpointSipView(created.value) };
      },
    },
    {
      method: 'GET', path: '/endpoints/sip/:endpoint_uuid',
      async handle(request) {
        const endpoint = await findEndpointSip(deps.db, param(request, 'endpoint_uuid'), objectScope(request));
        return endpoint === undefined ? apiError(404, 'no such SIP endpoint') : { status: 200, body: endpointSipView(endpoint) };
      },
    },
    {
      method: 'PUT', path: '/endpoints/sip/:endpoint_uuid',
      async handle(request) {
        const parsed = EndpointFields.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const { username, secret, errors } = credentials(parsed.data);
        if (errors.length > 0) return apiError(400, ...errors);
        const updated = await updateEndpointSip(deps.db, param(request, 'endpoint_uuid'), objectScope(request), {
          ...(username === undefined ? {} : { username }), ...(secret === undefined ? {} : { secret }), ...trunkEndpointValues(parsed.data),
        });
        if (updated.type === 'error') return writeFailure(updated, 'endpoint_sip');
        endpointEvent('edited', updated.value);
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'DELETE', path: '/endpoints/sip/:endpoint_uuid',
      async handle(request) {
        const deleted = await deleteEndpointSip(deps.db, param(request, 'endpoint_uuid'), objectScope(request));
        if (deleted === undefined) return apiError(404, 'no such SIP endpoint');
        endpointEvent('deleted', deleted);
        return { status: 204, body: undefined };
      },
    },
  ];
}
