/** The HTTP and WebSocket APIs: requests in, actor messages out, snapshots back. */
export { registerHealthRoute, type HealthCheck, type HealthRouteOptions } from './health/health-route.ts';
export { respondJson, type JsonAnswer } from './http/respond-json.ts';
export { aclAction, createAclCheck, requiredAcl, type AclCheck } from './auth/acl.ts';
export { hashPassword, verifyPassword, SCRYPT_COST } from './auth/password-hash.ts';
export { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottlePolicy, type LoginVerdict } from './auth/login-throttle.ts';
export { deliverEvent, openWebsocketd, receiveFrame, tokenGone, WEBSOCKETD_CLOSE, type WebsocketdMessage, type WebsocketdState, type WebsocketdStep, type WebsocketdToken } from './ws/websocketd-protocol.ts';
export { parseListQuery, type ListQuery, type ListQueryResult, type ListQuerySpec } from './http/list-query.ts';
export { acceptsJson, isJsonContentType, mediaTypeRefusal } from './http/content-negotiation.ts';
export type { VerifiedToken, TokenResolver } from './auth/verified-token.ts';
export { mountApiService, type ApiServiceOptions, type TenantScope } from './http/api-service.ts';
export { apiError, apiList, type ApiMethod, type ApiRequest, type ApiRoute } from './http/api-route.ts';
export { parseAclTemplate, renderAcls, type AclTemplate } from './auth/acl-template.ts';
