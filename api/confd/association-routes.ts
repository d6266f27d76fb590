/**
 * The associations of confd 1.1 that make a phone ring: a user's lines
 * (`PUT|DELETE /users/{id}/lines/{line_id}`), a line's extensions
 * (`PUT|DELETE /lines/{id}/extensions/{extension_id}`) and a line's SIP endpoint
 * (`PUT|DELETE /lines/{id}/endpoints/sip/{endpoint_uuid}`). Both ends must be visible to the
 * request (404 otherwise) and in one tenant; an association made twice, or a line that has another
 * endpoint, is a 400 naming the conflict. Dissociating what is not associated changes nothing.
 * A user's lines are listed, and the SIP endpoint of one of them read
 * (`GET /users/{id}/lines/{line_id}/associated/endpoints/sip`, how Wazo clients find their
 * softphone's credentials).
 */
import {
  associateLineEndpointSip, associateLineExtension, associateUserLine, dissociateLineEndpointSip, dissociateLineExtension,
  dissociateUserLine, findEndpointSip, findExtensionDetail, findLineDetail, findUserDetail,
  type ExtensionId, type LineId, type UserId,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { param } from './confd-lists.ts';
import { endpointSipView } from './line-routes.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export function associationRoutes(deps: ConfdDeps): ApiRoute[] {
  const line = (request: ApiRequest, name: string) => findLineDetail(deps.db, param(request, name), objectScope(request));
  const userAndLine = async (request: ApiRequest) => {
    const user = await findUserDetail(deps.db, param(request, 'user_id'), objectScope(request));
    const found = await line(request, 'line_id');
    return { user, line: found };
  };
  const lineAndExtension = async (request: ApiRequest) => ({
    line: await line(request, 'line_id'),
    extension: await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request)),
  });
  const lineAndEndpoint = async (request: ApiRequest) => ({
    line: await line(request, 'line_id'),
    endpoint: await findEndpointSip(deps.db, param(request, 'endpoint_uuid'), objectScope(request)),
  });
  return [
    {
      method: 'GET', path: '/users/:user_id/lines',
      async handle(request) {
        const user = await findUserDetail(deps.db, param(request, 'user_id'), objectScope(request));
        if (user === undefined) return apiError(404, 'no such user');
        const items = user.lines.map((line, index) => ({ user_id: user.id, line_id: line.id, main_line: index === 0 }));
        return { status: 200, body: { total: items.length, items } };
      },
    },
    {
      // What the Wazo clients read to register a softphone: the SIP endpoint of one of the user's lines.
      method: 'GET', path: '/users/:user_id/lines/:line_id/associated/endpoints/sip',
      async handle(request) {
        const { user, line: found } = await userAndLine(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (found === undefined || !found.users.some((other) => other.id === user.id)) return apiError(404, 'the user has no such line');
        const endpoint = found.endpointSip === null ? undefined : await findEndpointSip(deps.db, found.endpointSip.uuid, [found.tenantUuid]);
        return endpoint === undefined ? apiError(404, 'the line has no SIP endpoint') : { status: 200, body: endpointSipView(endpoint) };
      },
    },
    {
      method: 'PUT', path: '/users/:user_id/lines/:line_id',
      async handle(request) {
        const { user, line: found } = await userAndLine(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (found === undefined) return apiError(404, 'no such line');
        if (user.tenantUuid !== found.tenantUuid) return apiError(400, 'the user and the line belong to different tenants');
        if (found.users.some((other) => other.id === user.id)) return NO_CONTENT;
        const written = await associateUserLine(deps.db, { userId: user.id as UserId, lineId: found.id as LineId });
        if (written.type === 'error') return writeFailure(written, 'user line');
        publishChange(deps, user.tenantUuid, 'user_line_associated', `config.users.${user.uuid}.lines.${found.id}.updated`, { user: { id: user.id, uuid: user.uuid, tenant_uuid: user.tenantUuid }, line: { id: found.id }, main_user: written.value.mainUser, main_line: written.value.mainLine });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/users/:user_id/lines/:line_id',
      async handle(request) {
        const { user, line: found } = await userAndLine(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (found === undefined) return apiError(404, 'no such line');
        if (await deps.db.transaction((tx) => dissociateUserLine(tx, { userId: user.id as UserId, lineId: found.id as LineId }))) {
          publishChange(deps, user.tenantUuid, 'user_line_dissociated', `config.users.${user.uuid}.lines.${found.id}.deleted`, { user: { id: user.id, uuid: user.uuid, tenant_uuid: user.tenantUuid }, line: { id: found.id } });
        }
        return NO_CONTENT;
      },
    },
    {
      method: 'PUT', path: '/lines/:line_id/extensions/:extension_id',
      async handle(request) {
        const { line: found, extension } = await lineAndExtension(request);
        if (found === undefined) return apiError(404, 'no such line');
        if (extension === undefined) return apiError(404, 'no such extension');
        if (found.tenantUuid !== extension.tenantUuid) return apiError(400, 'the line and the extension belong to different tenants');
        if (found.extensions.some((other) => other.id === extension.id)) return NO_CONTENT;
        if (extension.lines.length > 0) return apiError(400, `extension ${extension.id} is already associated with line ${extension.lines[0]?.id ?? ''}`);
        const written = await associateLineExtension(deps.db, { lineId: found.id as LineId, extensionId: extension.id as ExtensionId });
        if (written.type === 'error') return writeFailure(written, 'line extension');
        publishChange(deps, found.tenantUuid, 'line_extension_associated', 'config.line_extension_associated.updated', { line: { id: found.id }, extension: { id: extension.id, exten: extension.exten, context: extension.context } });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/lines/:line_id/extensions/:extension_id',
      async handle(request) {
        const { line: found, extension } = await lineAndExtension(request);
        if (found === undefined) return apiError(404, 'no such line');
        if (extension === undefined) return apiError(404, 'no such extension');
        if (await deps.db.transaction((tx) => dissociateLineExtension(tx, { lineId: found.id as LineId, extensionId: extension.id as ExtensionId }))) {
          publishChange(deps, found.tenantUuid, 'line_extension_dissociated', 'config.line_extension_dissociated.deleted', { line: { id: found.id }, extension: { id: extension.id, exten: extension.exten, context: extension.context } });
        }
        return NO_CONTENT;
      },
    },
    {
      method: 'PUT', path: '/lines/:line_id/endpoints/sip/:endpoint_uuid',
      async handle(request) {
        const { line: found, endpoint } = await lineAndEndpoint(request);
        if (found === undefined) return apiError(404, 'no such line');
        if (endpoint === undefined) return apiError(404, 'no such SIP endpoint');
        if (found.tenantUuid !== endpoint.tenantUuid) return apiError(400, 'the line and the endpoint belong to different tenants');
        if (found.endpointSip !== null && found.endpointSip.id !== endpoint.id) return apiError(400, `line ${found.id} is already associated with another endpoint`);
        if (endpoint.lineId !== null && endpoint.lineId !== found.id) return apiError(400, `the endpoint is already associated with line ${endpoint.lineId}`);
        const written = await associateLineEndpointSip(deps.db, found.id, endpoint.id);
        if (written.type === 'error') return writeFailure(written, 'line endpoint');
        publishChange(deps, found.tenantUuid, 'line_endpoint_sip_associated', `config.lines.${found.id}.endpoints.sip.${endpoint.uuid}.updated`, { line: { id: found.id, tenant_uuid: found.tenantUuid }, endpoint_sip: { uuid: endpoint.uuid, name: endpoint.username } });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/lines/:line_id/endpoints/sip/:endpoint_uuid',
      async handle(request) {
        const { line: found, endpoint } = await lineAndEndpoint(request);
        if (found === undefined) return apiError(404, 'no such line');
        if (endpoint === undefined) return apiError(404, 'no such SIP endpoint');
        if (await dissociateLineEndpointSip(deps.db, found.id, endpoint.id)) {
          publishChange(deps, found.tenantUuid, 'line_endpoint_sip_dissociated', `config.lines.${found.id}.endpoints.sip.${endpoint.uuid}.deleted`, { line: { id: found.id, tenant_uuid: found.tenantUuid }, endpoint_sip: { uuid: endpoint.uuid, name: endpoint.username } });
        }
        return NO_CONTENT;
      },
    },
  ];
}
