/**
 * The call routes of calld under `/api/calld/1.0` (seed API-01, API-06): `/calls` for a tenant's
 * administrators, `/users/me/calls` for the token's user. The ACLs are the seed's, derived from
 * the path (`calld.calls.read`, `calld.calls.{call_id}.delete`, `calld.users.me.calls.read` …).
 *
 * @remarks
 * A token sees the calls of the tenant it acts in (all it may see with `recurse=true`), lists and
 * single calls alike, as calld filters channels by tenant; another tenant's call is a 404. On `/users/me/calls/{call_id}` an unknown call is a 404 and a call of another
 * user a 403, as calld answers (its UserPermissionDenied).
 */
import { apiError, apiList, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { listScope } from '../http/tenant-filter.ts';
import type { ActiveCall, CallControlPort, CallControlResult } from './call-control-port.ts';


const MAX_DTMF_DIGITS = 64;
const DTMF_DIGITS = new RegExp(`^[0-9*#A-D]{1,${MAX_DTMF_DIGITS}}$`);

/** What a verb did, or the request's own mistake (400). */
type VerbResult = CallControlResult | { readonly type: 'invalid-input'; readonly message: string };
type Verb = (callId: string, request: ApiRequest) => VerbResult | Promise<VerbResult>;

/** A verb's outcome as an answer: 204 when done. */
export function verbAnswer(result: VerbResult, callId: string): JsonAnswer {
  switch (result.type) {
    case 'invalid-input':
      return apiError(400, result.message);
    case 'done':
      return { status: 204, body: undefined };
    case 'not-found':
      return apiError(404, `no such call: ${callId}`);
    case 'invalid-state':
      return apiError(409, result.message);
    case 'unsupported':
      return apiError(400, result.message);
  }
}

const callIdOf = (request: ApiRequest): string => request.params['call_id'] ?? '';

/** The call if the request's tenants may see it. */
async function visibleCall(port: CallControlPort, request: ApiRequest): Promise<ActiveCall | undefined> {
  const found = await port.getCall(callIdOf(request));
  if (found === undefined || found.tenantUuid === null || !listScope(request).includes(found.tenantUuid)) return undefined;
  return found;
}

/** The token user's call, or the answer that refuses it. */
async function ownCall(port: CallControlPort, request: ApiRequest): Promise<{ readonly type: 'own' } | { readonly type: 'refused'; readonly answer: JsonAnswer }> {
  const callId = callIdOf(request);
  const found = await port.getCall(callId);
  if (found === undefined) return { type: 'refused', answer: apiError(404, `no such call: ${callId}`) };
  const userUuid = request.token?.userUuid;
  if (userUuid === undefined || found.model.user_uuid !== userUuid) return { type: 'refused', answer: apiError(403, `call ${callId} is not a call of user ${userUuid ?? '(none)'}`) };
  return { type: 'own' };
}

/** A verb on `/calls/{call_id}/…`, in the request's tenants. */
function callVerb(port: CallControlPort, method: 'PUT' | 'DELETE', path: string, verb: Verb): ApiRoute {
  return {
    method, path,
    async handle(request) {
      const callId = callIdOf(request);
      if ((await visibleCall(port, request)) === undefined) return apiError(404, `no such call: ${callId}`);
      return verbAnswer(await verb(callId, request), callId);
    },
  };
}

/** The same verb on `/users/me/calls/{call_id}/…`, for the token user's own channels. */
function userVerb(port: CallControlPort, method: 'PUT' | 'DELETE', path: string, verb: Verb): ApiRoute {
  return {
    method, path,
    async handle(request) {
      const own = await ownCall(port, request);
      if (own.type === 'refused') return own.answer;
      return verbAnswer(await verb(callIdOf(request), request), callIdOf(request));
    },
  };
}

export function callRoutes(port: CallControlPort): ApiRoute[] {
  const verbs: readonly [method: 'PUT' | 'DELETE', suffix: string, verb: Verb][] = [
    ['DELETE', '', (callId) => port.hangUp(callId)],
    ['PUT', '/answer', (callId) => port.answer(callId)],
    ['PUT', '/hold/start', (callId) => port.hold(callId, true)],
    ['PUT', '/hold/stop', (callId) => port.hold(callId, false)],
    ['PUT', '/mute/start', (callId) => port.mute(callId, true)],
    ['PUT', '/mute/stop', (callId) => port.mute(callId, false)],
    ['PUT', '/dtmf', (callId, request) => {
      const digits = request.query.get('digits');
      if (digits === null || !DTMF_DIGITS.test(digits)) return { type: 'invalid-input', message: `digits must be 1 to ${MAX_DTMF_DIGITS} of 0-9, *, #, A-D; got ${JSON.stringify(digits)}` };
      return port.sendDtmf(callId, digits);
    }],
  ];
  return [
    {
      method: 'GET', path: '/calls',
      async handle(request) {
        const tenants = listScope(request);
        const application = request.query.get('application');
        const user = request.query.get('user_uuid');
        const calls = (await port.listCalls()).filter((found) =>
          found.tenantUuid !== null && tenants.includes(found.tenantUuid)
          // No call of this node belongs to a Stasis application yet: filtering by one finds none.
          && application === null
          && (user === null || found.model.user_uuid === user));
        const items = calls.map((found) => found.model);
        return apiList(items, items.length);
      },
    },
    {
      method: 'GET', path: '/calls/:call_id',
      async handle(request) {
        const found = await visibleCall(port, request);
        return found === undefined ? apiError(404, `no such call: ${callIdOf(request)}`) : { status: 200, body: found.model };
      },
    },
    {
      method: 'GET', path: '/users/me/calls',
      async handle(request) {
        const userUuid = request.token?.userUuid;
        const application = request.query.get('application');
        const items = userUuid === undefined || application !== null ? [] : (await port.listCalls()).filter((found) => found.model.user_uuid === userUuid).map((found) => found.model);
        return apiList(items, items.length);
      },
    },
    ...verbs.map(([method, suffix, verb]) => callVerb(port, method, `/calls/:call_id${suffix}`, verb)),
    ...verbs.map(([method, suffix, verb]) => userVerb(port, method, `/users/me/calls/:call_id${suffix}`, verb)),
  ];
}
