/**
 * `PUT|DELETE /ivr/{ivr_id}/extensions/{extension_id}`: an extension of an internal context that
 * leads to the IVR (the seed's internal entry to an IVR, such as 8899). Wazo reaches IVRs through
 * incalls and dialplan code only; this association is parley's (docs/decisions.md). The extension
 * must be free (no line, no other object) and in the IVR's tenant; `ivr_extension_associated` and
 * `ivr_extension_dissociated` events tell the change.
 */
import { associateIvrExtension, dissociateIvrExtension, findContext, findExtensionDetail, findIvr } from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { param } from './confd-lists.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export function ivrExtensionRoutes(deps: ConfdDeps): ApiRoute[] {
  const both = async (request: ApiRequest) => ({
    ivr: await findIvr(deps.db, param(request, 'ivr_id'), objectScope(request)),
    extension: await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request)),
  });
  return [
    {
      method: 'PUT', path: '/ivr/:ivr_id/extensions/:extension_id',
      async handle(request) {
        const { ivr, extension } = await both(request);
        if (ivr === undefined) return apiError(404, 'no such ivr');
        if (extension === undefined) return apiError(404, 'no such extension');
        if (extension.tenantUuid !== ivr.tenantUuid) return apiError(400, 'the IVR and the extension belong to different tenants');
        const context = await findContext(deps.db, extension.context, extension.tenantUuid);
        if (context?.type !== 'internal') return apiError(400, `extension ${extension.id} is in context '${extension.context}', which is not an internal context`);
        if (await associateIvrExtension(deps.db, ivr.id, extension.id) === 'in-use') {
          return apiError(400, `extension ${extension.id} is already in use (${extension.lines.length > 0 ? 'by a line' : extension.type})`);
        }
        publishChange(deps, ivr.tenantUuid, 'ivr_extension_associated', 'config.ivr.extensions.updated', { ivr_id: ivr.id, extension_id: extension.id });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/ivr/:ivr_id/extensions/:extension_id',
      async handle(request) {
        const { ivr, extension } = await both(request);
        if (ivr === undefined) return apiError(404, 'no such ivr');
        if (extension === undefined) return apiError(404, 'no such extension');
        if (await dissociateIvrExtension(deps.db, ivr.id, extension.id)) {
          publishChange(deps, ivr.tenantUuid, 'ivr_extension_dissociated', 'config.ivr.extensions.deleted', { ivr_id: ivr.id, extension_id: extension.id });
        }
        return NO_CONTENT;
      },
    },
  ];
}
