/** The HTTP and WebSocket APIs: requests in, actor messages out, snapshots back. */
export { registerHealthRoute, type HealthCheck, type HealthRouteOptions } from './health/health-route.ts';
export { respondJson, type JsonAnswer } from './http/respond-json.ts';
export { aclAction, createAclCheck, requiredAcl, type AclCheck } from './auth/acl.ts';
export { hashPassword, verifyPassword, SCRYPT_COST } from './auth/password-hash.ts';
export { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottlePolicy, type LoginVerdict } from './auth/login-throttle.ts';
export { deliverEvent, openWebsocketd, receiveFrame, renewToken, tokenGone, WEBSOCKETD_CLOSE, type WebsocketdMessage, type WebsocketdState, type WebsocketdStep, type WebsocketdToken } from './ws/websocketd-protocol.ts';
export { parseListQuery, type ListQuery, type ListQueryResult, type ListQuerySpec } from './http/list-query.ts';
export { acceptsJson, isJsonContentType, mediaTypeRefusal } from './http/content-negotiation.ts';
export type { VerifiedToken, TokenResolver } from './auth/verified-token.ts';
export { mountApiService, type ApiServiceOptions, type TenantScope } from './http/api-service.ts';
export { isServiceUnavailable, ServiceUnavailableError } from './http/service-unavailable.ts';
export { apiError, apiList, type ApiMethod, type ApiRequest, type ApiRoute } from './http/api-route.ts';
export { parseAclTemplate, renderAcls, type AclTemplate } from './auth/acl-template.ts';
export { listScope, objectScope } from './http/tenant-filter.ts';
export { writeFailure } from './http/write-failure.ts';
export { zodMessages } from './http/zod-messages.ts';
export { openApiDocument, type OpenApiOptions } from './http/openapi-document.ts';
export { AUTH_PREFIX, authOpenApi, authRoutes } from './auth/auth-service.ts';
export { DEFAULT_TOKEN_EXPIRATION_S, MAX_TOKEN_EXPIRATION_S, type ApiEvent, type AuthDeps } from './auth/auth-deps.ts';
export { storeTenantScope, storeTokenResolver } from './auth/store-token-resolver.ts';
export { ADMINISTRATOR_USERNAME, ensureAdministrator, type AdministratorOutcome } from './auth/ensure-administrator.ts';
export { CONFD_PREFIX, confdOpenApi, confdRoutes } from './confd/confd-service.ts';
export type { ConfdDeps, ConfigEvent } from './confd/confd-deps.ts';
export { CALL_LOGD_PREFIX, callLogdOpenApi, callLogdRoutes, type CallLogdDeps } from './call-logd/call-logd-service.ts';
export { createWebsocketd, WEBSOCKETD_PATHS, WEBSOCKETD_TOO_SLOW, type SubscribeToEvents, type Websocketd, type WebsocketdEvent, type WebsocketdLog, type WebsocketdOptions } from './ws/websocketd-endpoint.ts';
export { createControlApi, mountControlApi, type ControlApi } from './ws/control-api.ts';
export { CONTROL_PATH, DEFAULT_CONTROL_LIMITS, type ControlApiOptions } from './ws/control-api-options.ts';
export { builtInCommands, controlCommand, type BuiltInCommandPorts, type CommandOutcome, type CommandRegistry, type ControlCaller, type ControlCommand } from './ws/control-commands.ts';
export { CONTROL_CLOSE, CONTROL_ERROR, type ControlEvent } from './ws/control-frames.ts';
export { CONTROL_SUBPROTOCOLS } from './ws/control-codec.ts';
export type {
  ActiveCall, CallControlPort, CallControlResult, HandoverRefusal, OriginateRequest, OriginateResult, RelocateCompletion, RelocateDestination, RelocateModel, RelocateRequest, RelocateResult,
  TransferControlPort, TransferFlow, TransferModel, TransferRequest, TransferResult, TransferStatus,
} from './calld/call-control-port.ts';
export { CALLD_PREFIX, calldOpenApi, calldRoutes } from './calld/calld-service.ts';
export type { ConferenceControlPort, ConferenceParticipantView, ConferenceVerbResult, ConferenceView } from './calld/conference-control-port.ts';
export type { TrunkStatusItem, TrunkStatusPort } from './calld/trunk-routes.ts';
export { calldCommands } from './calld/calld-commands.ts';
export { callDetailsCommands } from './calld/call-details-commands.ts';
export type { CallDetailsPort, ChannelDetails } from './calld/call-details-port.ts';
export type { AgentActivity, AgentCommandResult, AgentdPort, AgentRef, AgentStatusView, QueueLiveStatistics } from './agentd/agentd-port.ts';
export type { HaConfiguration, HaControlPort, HaNodeView, HaStatusView, SwitchoverResult } from './ha/ha-control-port.ts';
export { haRoutes, type HaRouteDeps } from './ha/ha-routes.ts';
export { registrarRoutes } from './ha/registrar-routes.ts';
export { haCommands } from './ha/ha-commands.ts';
export { AGENTD_PREFIX, agentdOpenApi, agentdRoutes } from './agentd/agentd-service.ts';
export { CONSOLE_PATH, CONSOLE_STATIC_DIR, loadConsoleAssets, lookupConsoleAsset, type ConsoleAsset, type ConsoleAssets, type ConsoleLookup } from './console/console-assets.ts';
export { registerConsoleRoute } from './console/console-route.ts';
