/**
 * The configuration service of the reference platform (Wazo confd) under `/api/confd/1.1`: users,
 * lines and SIP endpoints, extensions, contexts, their associations, and users' services and
 * forwards, IVRs, feature extensions, groups, the blacklist and the incoming caller-ID rules, voicemails, conferences,
 * and the contact center's queues, agents, skills and skill rule sets, the provisioning registrars
 * and the node's HA configuration, with its OpenAPI document.
 */
import type { ApiRoute } from '../http/api-route.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import { associationRoutes } from './association-routes.ts';
import type { ConfdDeps } from './confd-deps.ts';
import { confdOpenApiDetails } from './confd-openapi.ts';
import { extensionRoutes } from './extension-routes.ts';
import { featureExtensionRoutes } from './feature-extension-routes.ts';
import { ivrRoutes } from './ivr-routes.ts';
import { ivrExtensionRoutes } from './ivr-extension-routes.ts';
import { lineRoutes } from './line-routes.ts';
import { registerSipRoutes } from './register-sip-routes.ts';
import { trunkRoutes } from './trunk-routes.ts';
import { userRoutes } from './user-routes.ts';
import { userServiceRoutes } from './user-service-routes.ts';
import { callPermissionRoutes } from './call-permission-routes.ts';
import { incallRoutes } from './incall-routes.ts';
import { outcallRoutes } from './outcall-routes.ts';
import { scheduleRoutes } from './schedule-routes.ts';
import { groupRoutes } from './group-routes.ts';
import { groupAssociationRoutes } from './group-association-routes.ts';
import { blacklistRoutes } from './blacklist-routes.ts';
import { voicemailRoutes } from './voicemail-routes.ts';
import { conferenceRoutes } from './conference-routes.ts';
import { queueRoutes } from './queue-routes.ts';
import { queueAssociationRoutes } from './queue-association-routes.ts';
import { agentRoutes } from './agent-routes.ts';
import { skillRoutes } from './skill-routes.ts';
import { userFallbackRoutes } from './user-fallback-routes.ts';
import { haRoutes } from '../ha/ha-routes.ts';
import { registrarRoutes } from '../ha/registrar-routes.ts';

export const CONFD_PREFIX = '/api/confd/1.1';

export function confdRoutes(deps: ConfdDeps): ApiRoute[] {
  return [
    ...userRoutes(deps), ...userServiceRoutes(deps), ...lineRoutes(deps), ...featureExtensionRoutes(deps), ...extensionRoutes(deps), ...associationRoutes(deps),
    ...incallRoutes(deps), ...outcallRoutes(deps), ...callPermissionRoutes(deps), ...scheduleRoutes(deps), ...ivrRoutes(deps), ...ivrExtensionRoutes(deps),
    ...trunkRoutes(deps), ...registerSipRoutes(deps), ...groupRoutes(deps), ...groupAssociationRoutes(deps), ...blacklistRoutes(deps),
    ...voicemailRoutes(deps), ...conferenceRoutes(deps), ...queueRoutes(deps), ...queueAssociationRoutes(deps), ...agentRoutes(deps), ...skillRoutes(deps), ...userFallbackRoutes(deps),
    ...registrarRoutes(deps), ...(deps.ha === undefined ? [] : haRoutes(deps.ha)),
  ];
}

export function confdOpenApi(routes: readonly ApiRoute[]): unknown {
  return confdOpenApiDetails(openApiDocument({ title: 'parley confd', version: '1.1', prefix: CONFD_PREFIX, service: 'confd', routes }));
}
