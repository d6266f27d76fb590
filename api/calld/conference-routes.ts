/**
 * calld 1.0's conference routes (seed CF-17, Wazo calld's conferences plugin):
 * `GET /conferences/{conference_id}/participants` (`{total, items}`),
 * `PUT …/participants/{participant_id}/mute` and `/unmute`, `DELETE …/participants/{participant_id}`
 * (kick), `POST` and `DELETE /conferences/{conference_id}/record`, and
 * `GET /users/me/conferences/{conference_id}/participants` for a participant. ACLs are derived from
 * the path as for the other calld routes (`calld.conferences.{conference_id}.participants.read` …).
 *
 * @remarks
 * A conference of another tenant than the one the request acts in is a 404, as calld's
 * `NoSuchConference`; an unknown participant a 404 (`NoSuchParticipant`); recording a room with no
 * participant, or one already recorded, or stopping one not recorded, a 400, as calld answers. On
 * `/users/me/conferences/…` a user who is not a participant gets a 403 (`UserPermissionDenied`).
 */
import { apiError, apiList, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { listScope } from '../http/tenant-filter.ts';
import type { ConferenceControlPort, ConferenceVerbResult, ConferenceView } from './conference-control-port.ts';

const MAX_CONFERENCE_ID = 2_147_483_647;

function conferenceIdOf(request: ApiRequest): number | undefined {
  const raw = request.params['conference_id'] ?? '';
  if (!/^[0-9]{1,10}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id > 0 && id <= MAX_CONFERENCE_ID ? id : undefined;
}

/** The conference if it exists in the tenant the request acts in. */
async function visibleConference(port: ConferenceControlPort, request: ApiRequest): Promise<{ readonly id: number; readonly view: ConferenceView } | undefined> {
  const id = conferenceIdOf(request);
  if (id === undefined) return undefined;
  const view = await port.conference(id);
  return view === undefined || !listScope(request).includes(view.tenantUuid) ? undefined : { id, view };
}

function noConference(request: ApiRequest): JsonAnswer {
  return apiError(404, `no such conference: ${request.params['conference_id'] ?? ''}`);
}

function verbAnswer(result: ConferenceVerbResult, request: ApiRequest): JsonAnswer {
  switch (result.type) {
    case 'done':
      return { status: 204, body: undefined };
    case 'no-participant':
      return apiError(404, `no such participant: ${request.params['participant_id'] ?? ''}`);
    case 'refused':
      return apiError(400, result.message);
  }
}

type Verb = (conferenceId: number, request: ApiRequest) => Promise<ConferenceVerbResult>;

function conferenceVerb(port: ConferenceControlPort, method: 'PUT' | 'POST' | 'DELETE', path: string, verb: Verb): ApiRoute {
  return {
    method, path,
    async handle(request) {
      const found = await visibleConference(port, request);
      if (found === undefined) return noConference(request);
      return verbAnswer(await verb(found.id, request), request);
    },
  };
}

const participantIdOf = (request: ApiRequest): string => request.params['participant_id'] ?? '';

export function conferenceRoutes(port: ConferenceControlPort): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/conferences/:conference_id/participants',
      async handle(request) {
        const found = await visibleConference(port, request);
        if (found === undefined) return noConference(request);
        const items = found.view.participants.map((participant) => participant.model);
        return apiList(items, items.length);
      },
    },
    {
      method: 'GET', path: '/users/me/conferences/:conference_id/participants',
      async handle(request) {
        const found = await visibleConference(port, request);
        if (found === undefined) return noConference(request);
        const userUuid = request.token?.userUuid ?? null;
        if (userUuid === null || !found.view.participants.some((participant) => participant.userUuid === userUuid)) {
          return apiError(403, `user ${userUuid ?? '(none)'} is not a participant of conference ${found.id}`);
        }
        const items = found.view.participants.map((participant) => participant.model);
        return apiList(items, items.length);
      },
    },
    conferenceVerb(port, 'PUT', '/conferences/:conference_id/participants/:participant_id/mute', (id, request) => port.mute(id, participantIdOf(request), true)),
    conferenceVerb(port, 'PUT', '/conferences/:conference_id/participants/:participant_id/unmute', (id, request) => port.mute(id, participantIdOf(request), false)),
    conferenceVerb(port, 'DELETE', '/conferences/:conference_id/participants/:participant_id', (id, request) => port.kick(id, participantIdOf(request))),
    conferenceVerb(port, 'POST', '/conferences/:conference_id/record', (id) => port.record(id, true)),
    conferenceVerb(port, 'DELETE', '/conferences/:conference_id/record', (id) => port.record(id, false)),
  ];
}
