/**
 * The relocate routes of calld under `/api/calld/1.0` (seed API-01; wazo-calld's relocates
 * plugin): the token's user moves their side of a call to another of their devices (a line, their
 * mobile, an interface), keeping the peer. Only the users/me form exists, as in calld. The ACLs
 * are derived from the path (`calld.users.me.relocates.create`,
 * `calld.users.me.relocates.{relocate_uuid}.cancel.update` …).
 *
 * @remarks
 * As calld, a relocate of another user is a 404 (its relocates are looked up by uuid and user);
 * relocating another user's call is a 403, an unknown call a 400 (relocate-creation-error), a
 * relocate already started from the call a 409, and a completion or cancellation the relocate's
 * state does not allow a 400.
 */
import { z } from 'zod';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { zodMessages } from '../http/zod-messages.ts';
import type { CallControlPort, CallControlResult, RelocateModel, RelocateResult } from './call-control-port.ts';
import { handoverRefusalAnswer, handoverVerbAnswer } from './transfer-routes.ts';
import { relocateRequest, userRelocateBody } from './transfer-requests.ts';

const UserRelocateBody = userRelocateBody(z.object);

/** What creating a relocate did, as an answer: 201 with the relocate. */
export function relocateCreatedAnswer(result: RelocateResult): JsonAnswer {
  return result.type === 'created' ? { status: 201, body: result.relocate } : handoverRefusalAnswer(result);
}

const relocateUuidOf = (request: ApiRequest): string => request.params['relocate_uuid'] ?? '';

/** The relocate if the token's user initiated it. */
function ownRelocate(port: CallControlPort, request: ApiRequest): RelocateModel | undefined {
  const found = port.getRelocate(relocateUuidOf(request));
  const userUuid = request.token?.userUuid;
  return found !== undefined && userUuid !== undefined && found.initiator === userUuid ? found : undefined;
}

/** A verb on `/users/me/relocates/{relocate_uuid}/…`, for a relocate of the token's user. */
function userVerb(port: CallControlPort, suffix: string, verb: (relocateUuid: string) => CallControlResult): ApiRoute {
  return {
    method: 'PUT', path: `/users/me/relocates/:relocate_uuid${suffix}`,
    handle(request) {
      const relocate = ownRelocate(port, request);
      if (relocate === undefined) return apiError(404, `no such relocate: ${relocateUuidOf(request)}`);
      return handoverVerbAnswer(verb(relocate.uuid), `relocate: ${relocate.uuid}`);
    },
  };
}

/** The routes of `/users/me/relocates`. */
export function relocateRoutes(port: CallControlPort): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/users/me/relocates',
      handle(request) {
        const userUuid = request.token?.userUuid;
        return { status: 200, body: { items: userUuid === undefined ? [] : port.relocatesOfUser(userUuid) } };
      },
    },
    {
      method: 'POST', path: '/users/me/relocates',
      async handle(request) {
        const parsed = UserRelocateBody.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const userUuid = request.token?.userUuid;
        if (userUuid === undefined || request.token === undefined) return apiError(400, 'the token stands for no user');
        return relocateCreatedAnswer(await port.createRelocate(relocateRequest(parsed.data, userUuid, [request.token.tenantUuid])));
      },
    },
    {
      method: 'GET', path: '/users/me/relocates/:relocate_uuid',
      handle(request) {
        const relocate = ownRelocate(port, request);
        return relocate === undefined ? apiError(404, `no such relocate: ${relocateUuidOf(request)}`) : { status: 200, body: relocate };
      },
    },
    userVerb(port, '/complete', (relocateUuid) => port.completeRelocate(relocateUuid)),
    userVerb(port, '/cancel', (relocateUuid) => port.cancelRelocate(relocateUuid)),
  ];
}
