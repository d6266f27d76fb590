/**
 * The auth service of the reference platform (seed API-02 to API-04) under `/api/auth/0.1`:
 * tokens, users, policies and tenants, with its OpenAPI document.
 */
import type { ApiRoute } from '../http/api-route.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import type { AuthDeps } from './auth-deps.ts';
import { policyRoutes } from './policy-routes.ts';
import { tenantRoutes } from './tenant-routes.ts';
import { tokenRoutes } from './token-routes.ts';
import { userRoutes } from './user-routes.ts';

export const AUTH_PREFIX = '/api/auth/0.1';

export function authRoutes(deps: AuthDeps): ApiRoute[] {
  return [...tokenRoutes(deps), ...userRoutes(deps), ...policyRoutes(deps), ...tenantRoutes(deps)];
}

export function authOpenApi(routes: readonly ApiRoute[]): unknown {
  return openApiDocument({ title: 'parley auth', version: '0.1', prefix: AUTH_PREFIX, service: 'auth', routes });
}
