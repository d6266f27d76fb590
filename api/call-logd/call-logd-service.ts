/**
 * The call-log service of the reference platform (Wazo call-logd) under `/api/call-logd/1.0`: the
 * CDRs of the calls the engine logged, filtered as call-logd filters them, for the tenant acted in
 * (every visible tenant with `recurse=true`), for the token's user (`/users/me/cdr`) or for a
 * user (`/users/{uuid}/cdr`); one CDR by id. A CDR of another tenant is a 404.
 */
import { findCallLogById, isUuid, listCallLogs, type CallLogQuery, type Queryable, type TenantUuid, type UserUuid } from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import { LIST_PARAMETERS, withListParameters, type QueryParameter } from '../http/openapi-list-parameters.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { parseCdrQuery } from './cdr-query.ts';
import { cdrView } from './cdr-view.ts';


export const CALL_LOGD_PREFIX = '/api/call-logd/1.0';

export interface CallLogdDeps {
  readonly db: Queryable;
}

async function cdrList(deps: CallLogdDeps, request: ApiRequest, userUuid: string | undefined): Promise<JsonAnswer> {
  const parsed = parseCdrQuery(request);
  if (parsed.type === 'invalid') return apiError(400, ...parsed.errors);
  const tenants = (parsed.recurse ? request.visibleTenantUuids : request.tenantUuid === undefined ? [] : [request.tenantUuid]) as TenantUuid[];
  const query: CallLogQuery = { ...parsed.query, tenantUuids: tenants, ...(userUuid === undefined ? {} : { userUuids: [userUuid.toLowerCase() as UserUuid] }) };
  if (query.distinctPeerExten === true && query.userUuids === undefined) return apiError(400, 'distinct: peer_exten needs a user (/users/me/cdr, /users/{uuid}/cdr or user_uuid)');
  const page = await listCallLogs(deps.db, query);
  return { status: 200, body: { total: page.total, filtered: page.filtered, items: page.items.map(cdrView) } };
}

export function callLogdRoutes(deps: CallLogdDeps): ApiRoute[] {
  return [
    { method: 'GET', path: '/cdr', handle: (request) => cdrList(deps, request, undefined) },
    {
      method: 'GET', path: '/cdr/:cdr_id',
      async handle(request) {
        const id = request.params['cdr_id'] ?? '';
        const log = /^\d{1,15}$/.test(id) ? await findCallLogById(deps.db, Number(id), request.visibleTenantUuids as TenantUuid[]) : undefined;
        return log === undefined ? apiError(404, 'no such CDR') : { status: 200, body: cdrView(log) };
      },
    },
    {
      method: 'GET', path: '/users/me/cdr',
      handle(request) {
        const userUuid = request.token?.userUuid;
        return userUuid === undefined ? Promise.resolve(apiError(400, 'the token stands for no user')) : cdrList(deps, request, userUuid);
      },
    },
    {
      method: 'GET', path: '/users/:user_uuid/cdr',
      handle(request) {
        const userUuid = request.params['user_uuid'] ?? '';
        return isUuid(userUuid) ? cdrList(deps, request, userUuid) : Promise.resolve(apiError(404, 'no such user'));
      },
    },
  ];
}

const CDR_FILTERS: readonly QueryParameter[] = [
  ...LIST_PARAMETERS,
  { name: 'from', description: 'Calls started at or after this ISO 8601 time', schema: { type: 'string', format: 'date-time' } },
  { name: 'until', description: 'Calls started before this ISO 8601 time', schema: { type: 'string', format: 'date-time' } },
  { name: 'call_direction', description: 'internal, inbound or outbound', schema: { type: 'string', enum: ['internal', 'inbound', 'outbound'] } },
  { name: 'number', description: 'Source or destination number; _ is any one character', schema: { type: 'string' } },
  { name: 'tags', description: 'Comma-separated tags, all required', schema: { type: 'string' } },
  { name: 'user_uuid', description: 'Comma-separated user uuids, any of them', schema: { type: 'string' } },
  { name: 'from_id', description: 'CDRs with a greater id', schema: { type: 'integer' } },
  { name: 'distinct', description: 'peer_exten: the newest CDR with each number the user talked with', schema: { type: 'string', enum: ['peer_exten'] } },
];

export function callLogdOpenApi(routes: readonly ApiRoute[]): unknown {
  const document = openApiDocument({ title: 'parley call-logd', version: '1.0', prefix: CALL_LOGD_PREFIX, service: 'call-logd', routes });
  return withListParameters(document, { '/cdr': CDR_FILTERS, '/users/me/cdr': CDR_FILTERS, '/users/{user_uuid}/cdr': CDR_FILTERS });
}
