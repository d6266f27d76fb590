/**
 * `/trunks` of confd 1.1 (seed §1.6.13): a trunk (its context, description and outgoing caller id
 * format) listed, created, read, partly updated and deleted, and its associations with a SIP
 * endpoint (`PUT|DELETE /trunks/{id}/endpoints/sip/{endpoint_uuid}`) and an outbound registration
 * (`PUT|DELETE /trunks/{id}/registers/sip/{register_id}`). `trunk_*` events on each change; the
 * running trunks of every node hear them on the bus.
 */
import { z } from 'zod';
import {
  associateTrunkEndpointSip, associateTrunkRegisterSip, createTrunk, deleteTrunk, dissociateTrunkEndpointSip, dissociateTrunkRegisterSip,
  findEndpointSip, findRegisterSip, findTrunk, listTrunkPage, updateTrunk,
  type TenantUuid, type TrunkOrder, type TrunkRow,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export function trunkView(trunk: TrunkRow): Record<string, unknown> {
  return {
    id: trunk.id,
    tenant_uuid: trunk.tenantUuid,
    name: trunk.endpointSip?.username ?? null,
    context: trunk.context,
    description: trunk.description,
    outgoing_caller_id_format: trunk.outgoingCallerIdFormat,
    twilio_incoming: false,
    endpoint_sip: trunk.endpointSip === null ? null : { id: trunk.endpointSip.id, uuid: trunk.endpointSip.uuid, name: trunk.endpointSip.username, label: trunk.endpointSip.username },
    endpoint_custom: null,
    endpoint_iax: null,
    register_sip: trunk.registerSip,
    register_iax: null,
    outcalls: [],
  };
}

const ContextName = z.string().regex(/^[A-Za-z0-9_-]{1,79}$/, 'must be a context name');
const TrunkFields = z.object({
  context: ContextName.nullable(),
  description: z.string().max(1024).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters'),
  outgoing_caller_id_format: z.enum(['+E164', 'E164', 'national']),
});
export const NewTrunk = TrunkFields.partial();
export const TrunkUpdate = TrunkFields.partial();

const ORDERS: readonly TrunkOrder[] = ['id', 'context', 'description', 'name'];

function changes(body: z.infer<typeof TrunkUpdate>) {
  return {
    ...(body.context === undefined ? {} : { context: body.context }),
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.outgoing_caller_id_format === undefined ? {} : { outgoingCallerIdFormat: body.outgoing_caller_id_format }),
  };
}

export function trunkRoutes(deps: ConfdDeps): ApiRoute[] {
  const trunkEvent = (action: string, trunk: TrunkRow) =>
    publishChange(deps, trunk.tenantUuid, `trunk_${action}`, `config.trunk.${action}`, { id: trunk.id, tenant_uuid: trunk.tenantUuid });
  const trunkOf = (request: ApiRequest) => findTrunk(deps.db, param(request, 'trunk_id'), objectScope(request));
  const trunkAndEndpoint = async (request: ApiRequest) => ({
    trunk: await trunkOf(request),
    endpoint: await findEndpointSip(deps.db, param(request, 'endpoint_uuid'), objectScope(request)),
  });
  const trunkAndRegister = async (request: ApiRequest) => ({
    trunk: await trunkOf(request),
    register: await findRegisterSip(deps.db, param(request, 'register_id'), objectScope(request)),
  });
  return [
    { method: 'GET', path: '/trunks', handle: (request) => listAnswer(request, ORDERS, 'id', (tenants, query) => listTrunkPage(deps.db, tenants, query), trunkView) },
    {
      method: 'POST', path: '/trunks',
      async handle(request) {
        const parsed = NewTrunk.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const created = await createTrunk(deps.db, { tenantUuid: creationTenant(request) as TenantUuid, ...changes(parsed.data) });
        if (created.type === 'error') return writeFailure(created, 'trunk');
        trunkEvent('created', created.value);
        return { status: 201, body: trunkView(created.value) };
      },
    },
    {
      method: 'GET', path: '/trunks/:trunk_id',
      async handle(request) {
        const trunk = await trunkOf(request);
        return trunk === undefined ? apiError(404, 'no such trunk') : { status: 200, body: trunkView(trunk) };
      },
    },
    {
      method: 'PUT', path: '/trunks/:trunk_id',
      async handle(request) {
        const parsed = TrunkUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const updated = await updateTrunk(deps.db, param(request, 'trunk_id'), objectScope(request), changes(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'trunk');
        trunkEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/trunks/:trunk_id',
      async handle(request) {
        const deleted = await deps.db.transaction((tx) => deleteTrunk(tx, param(request, 'trunk_id'), objectScope(request)));
        if (deleted === undefined) return apiError(404, 'no such trunk');
        trunkEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
    {
      method: 'PUT', path: '/trunks/:trunk_id/endpoints/sip/:endpoint_uuid',
      async handle(request) {
        const { trunk, endpoint } = await trunkAndEndpoint(request);
        if (trunk === undefined) return apiError(404, 'no such trunk');
        if (endpoint === undefined) return apiError(404, 'no such SIP endpoint');
        if (trunk.tenantUuid !== endpoint.tenantUuid) return apiError(400, 'the trunk and the SIP endpoint belong to different tenants');
        const written = await associateTrunkEndpointSip(deps.db, trunk.id, endpoint.id);
        if (written.type === 'error') return writeFailure(written, 'trunk endpoint');
        publishChange(deps, trunk.tenantUuid, 'trunk_endpoint_sip_associated', `config.trunks.${trunk.id}.endpoints.sip.${endpoint.uuid}.updated`,
          { trunk: { id: trunk.id, tenant_uuid: trunk.tenantUuid }, endpoint_sip: { uuid: endpoint.uuid, name: endpoint.username } });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/trunks/:trunk_id/endpoints/sip/:endpoint_uuid',
      async handle(request) {
        const { trunk, endpoint } = await trunkAndEndpoint(request);
        if (trunk === undefined) return apiError(404, 'no such trunk');
        if (endpoint === undefined) return apiError(404, 'no such SIP endpoint');
        if (await dissociateTrunkEndpointSip(deps.db, trunk.id, endpoint.id)) {
          publishChange(deps, trunk.tenantUuid, 'trunk_endpoint_sip_dissociated', `config.trunks.${trunk.id}.endpoints.sip.${endpoint.uuid}.deleted`,
            { trunk: { id: trunk.id, tenant_uuid: trunk.tenantUuid }, endpoint_sip: { uuid: endpoint.uuid, name: endpoint.username } });
        }
        return NO_CONTENT;
      },
    },
    {
      method: 'PUT', path: '/trunks/:trunk_id/registers/sip/:register_id',
      async handle(request) {
        const { trunk, register } = await trunkAndRegister(request);
        if (trunk === undefined) return apiError(404, 'no such trunk');
        if (register === undefined) return apiError(404, 'no such SIP registration');
        if (trunk.tenantUuid !== register.tenantUuid) return apiError(400, 'the trunk and the SIP registration belong to different tenants');
        const written = await associateTrunkRegisterSip(deps.db, trunk.id, register.id);
        if (written.type === 'error') return writeFailure(written, 'trunk registration');
        publishChange(deps, trunk.tenantUuid, 'trunk_register_sip_associated', `config.trunks.${trunk.id}.registers.sip.${register.id}.updated`,
          { trunk: { id: trunk.id, tenant_uuid: trunk.tenantUuid }, register_sip: { id: register.id } });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/trunks/:trunk_id/registers/sip/:register_id',
      async handle(request) {
        const { trunk, register } = await trunkAndRegister(request);
        if (trunk === undefined) return apiError(404, 'no such trunk');
        if (register === undefined) return apiError(404, 'no such SIP registration');
        if (await dissociateTrunkRegisterSip(deps.db, trunk.id, register.id)) {
          publishChange(deps, trunk.tenantUuid, 'trunk_register_sip_dissociated', `config.trunks.${trunk.id}.registers.sip.${register.id}.deleted`,
            { trunk: { id: trunk.id, tenant_uuid: trunk.tenantUuid }, register_sip: { id: register.id } });
        }
        return NO_CONTENT;
      },
    },
  ];
}
