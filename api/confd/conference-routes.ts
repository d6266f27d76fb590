/**
 * `/conferences` of confd 1.1 (seed CF-17): list, create, read, partial update and delete
 * conference rooms, and the extensions that lead to them
 * (`PUT|DELETE /conferences/{id}/extensions/{extension_id}`, an internal context's free extension
 * of the room's tenant). `conference_*` events on each change.
 *
 * @remarks
 * As Wazo: every field is optional (`name` too), `max_users` defaults to 50 (0: no limit), the PIN
 * and the admin PIN are digits (at most 80, Asterisk's longest ConfBridge PIN). Deleting a room
 * frees its extensions; incalls, IVRs, schedules and group fallbacks naming it then refuse their
 * calls (the routing port finds no room), as they do for a deleted group.
 */
import { z } from 'zod';
import {
  associateConferenceExtension, createConference, deleteConference, dissociateConferenceExtension, findConference, findContext, findExtensionDetail,
  listConferencePage, updateConference, type ConferenceFields, type ConferenceOrder, type ConferenceRow, type TenantUuid,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { PreprocessSubroutineField, preprocessSubroutineProblem } from './preprocess-subroutine.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export function conferenceView(conference: ConferenceRow): Record<string, unknown> {
  return {
    id: conference.id,
    tenant_uuid: conference.tenantUuid,
    name: conference.name,
    preprocess_subroutine: conference.preprocessSubroutine,
    max_users: conference.maxUsers,
    record: conference.record,
    pin: conference.pin,
    admin_pin: conference.adminPin,
    quiet_join: conference.quietJoin,
    announce_join_leave: conference.announceJoinLeave,
    announce_user_count: conference.announceUserCount,
    announce_only_user: conference.announceOnlyUser,
    music_on_hold: conference.musicOnHold,
    extensions: conference.extensions,
    incalls: conference.incalls,
  };
}

const Pin = z.string().regex(/^[0-9]{1,80}$/, 'must be 1 to 80 digits').nullable();

const ConferenceForm = z.object({
  name: z.string().max(128).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters').nullable(),
  preprocess_subroutine: PreprocessSubroutineField,
  max_users: z.number().int().min(0).max(100_000),
  record: z.boolean(),
  pin: Pin,
  admin_pin: Pin,
  quiet_join: z.boolean(),
  announce_join_leave: z.boolean(),
  announce_user_count: z.boolean(),
  announce_only_user: z.boolean(),
  music_on_hold: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be a music-on-hold class name').nullable(),
}).strict();
export const NewConference = ConferenceForm.partial();
export const ConferenceUpdate = ConferenceForm.partial();

const CONFERENCE_ORDERS: readonly ConferenceOrder[] = ['id', 'name', 'preprocess_subroutine', 'max_users'];

function fields(body: z.infer<typeof ConferenceUpdate>): ConferenceFields {
  const entries: [keyof ConferenceFields, unknown][] = [
    ['name', body.name], ['preprocessSubroutine', body.preprocess_subroutine], ['maxUsers', body.max_users], ['record', body.record], ['pin', body.pin],
    ['adminPin', body.admin_pin], ['quietJoin', body.quiet_join], ['announceJoinLeave', body.announce_join_leave], ['announceUserCount', body.announce_user_count],
    ['announceOnlyUser', body.announce_only_user], ['musicOnHold', body.music_on_hold],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as ConferenceFields;
}

/** The body of a POST or PUT, checked: its fields, or the 400's messages. */
function parsedBody(deps: ConfdDeps, body: unknown): { readonly type: 'ok'; readonly fields: ConferenceFields } | { readonly type: 'invalid'; readonly messages: string[] } {
  const parsed = ConferenceUpdate.safeParse(body ?? {});
  if (!parsed.success) return { type: 'invalid', messages: zodMessages(parsed.error) };
  const hookProblem = preprocessSubroutineProblem(deps, parsed.data.preprocess_subroutine);
  return hookProblem === undefined ? { type: 'ok', fields: fields(parsed.data) } : { type: 'invalid', messages: [hookProblem] };
}

export function conferenceRoutes(deps: ConfdDeps): ApiRoute[] {
  const conferenceEvent = (action: string, conference: ConferenceRow) =>
    publishChange(deps, conference.tenantUuid, `conference_${action}`, `config.conferences.${action}`, { id: conference.id, tenant_uuid: conference.tenantUuid });
  const conferenceOf = (request: ApiRequest) => findConference(deps.db, param(request, 'conference_id'), objectScope(request));
  return [
    { method: 'GET', path: '/conferences', handle: (request) => listAnswer(request, CONFERENCE_ORDERS, 'id', (tenants, query) => listConferencePage(deps.db, tenants, query), conferenceView) },
    {
      method: 'POST', path: '/conferences',
      async handle(request) {
        const body = parsedBody(deps, request.body);
        if (body.type === 'invalid') return apiError(400, ...body.messages);
        const created = await createConference(deps.db, creationTenant(request) as TenantUuid, body.fields);
        if (created.type === 'error') return writeFailure(created, 'conference');
        conferenceEvent('created', created.value);
        return { status: 201, body: conferenceView(created.value) };
      },
    },
    {
      method: 'GET', path: '/conferences/:conference_id',
      async handle(request) {
        const conference = await conferenceOf(request);
        return conference === undefined ? apiError(404, 'no such conference') : { status: 200, body: conferenceView(conference) };
      },
    },
    {
      method: 'PUT', path: '/conferences/:conference_id',
      async handle(request) {
        const body = parsedBody(deps, request.body);
        if (body.type === 'invalid') return apiError(400, ...body.messages);
        const updated = await updateConference(deps.db, param(request, 'conference_id'), objectScope(request), body.fields);
        if (updated.type === 'error') return writeFailure(updated, 'conference');
        conferenceEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/conferences/:conference_id',
      async handle(request) {
        const deleted = await deps.db.transaction((tx) => deleteConference(tx, param(request, 'conference_id'), objectScope(request)));
        if (deleted === undefined) return apiError(404, 'no such conference');
        conferenceEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
    ...extensionRoutes(deps, conferenceOf),
  ];
}

function extensionRoutes(deps: ConfdDeps, conferenceOf: (request: ApiRequest) => Promise<ConferenceRow | undefined>): ApiRoute[] {
  const both = async (request: ApiRequest) => ({
    conference: await conferenceOf(request),
    extension: await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request)),
  });
  const tell = (conference: ConferenceRow, action: 'associated' | 'dissociated', extensionId: number) =>
    publishChange(deps, conference.tenantUuid, `conference_extension_${action}`, `config.conferences.extensions.${action === 'associated' ? 'updated' : 'deleted'}`,
      { conference_id: conference.id, extension_id: extensionId });
  return [
    {
      method: 'PUT', path: '/conferences/:conference_id/extensions/:extension_id',
      async handle(request) {
        const { conference, extension } = await both(request);
        if (conference === undefined) return apiError(404, 'no such conference');
        if (extension === undefined) return apiError(404, 'no such extension');
        if (extension.tenantUuid !== conference.tenantUuid) return apiError(400, 'the conference and the extension belong to different tenants');
        const context = await findContext(deps.db, extension.context, extension.tenantUuid);
        if (context?.type !== 'internal') return apiError(400, `extension ${extension.id} is in context '${extension.context}', which is not an internal context`);
        if (await associateConferenceExtension(deps.db, conference.id, extension.id) === 'in-use') {
          return apiError(400, `extension ${extension.id} is already in use (${extension.lines.length > 0 ? 'by a line' : extension.type})`);
        }
        tell(conference, 'associated', extension.id);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/conferences/:conference_id/extensions/:extension_id',
      async handle(request) {
        const { conference, extension } = await both(request);
        if (conference === undefined) return apiError(404, 'no such conference');
        if (extension === undefined) return apiError(404, 'no such extension');
        if (await dissociateConferenceExtension(deps.db, conference.id, extension.id)) tell(conference, 'dissociated', extension.id);
        return NO_CONTENT;
      },
    },
  ];
}
