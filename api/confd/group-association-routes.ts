/**
 * The associations of confd 1.1's `/groups` (seed CF-22): members
 * (`PUT /groups/{id}/members/users`, priority = order of the hunting strategies), extensions
 * (`PUT|DELETE /groups/{id}/extensions/{extension_id}`, an internal context's free extension),
 * the no-answer fallback (`GET|PUT /groups/{id}/fallbacks`), a schedule
 * (`PUT|DELETE /groups/{id}/schedules/{schedule_id}`) and call permissions
 * (`PUT|DELETE /groups/{id}/callpermissions/{callpermission_id}`, applied to calls from the
 * members, seed CF-10). Each change is told by its Wazo event.
 */
import { z } from 'zod';
import {
  associateGroupCallPermission, associateGroupExtension, dissociateGroupCallPermission, dissociateGroupExtension, findCallPermission, findContext,
  findExtensionDetail, findGroup, findSchedule, findUserDetail, setGroupFallback, setGroupMembers, setGroupSchedule, type GroupRow, type StoredDestination,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { param } from './confd-lists.ts';
import { Destination } from './routing-forms.ts';
import { queueDestinationProblems } from './queue-destinations.ts';
import { unknownConferenceTargets } from './conference-destinations.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export const GroupMemberUsers = z.object({
  users: z.array(z.object({ uuid: z.string().uuid(), priority: z.number().int().min(0).max(1_000_000).optional() }).strict()).max(500),
}).strict();

export const GroupFallbacks = z.object({ noanswer_destination: Destination.nullable().optional() }).strict();

type Handler = (request: ApiRequest, group: GroupRow) => Promise<JsonAnswer>;

export function groupAssociationRoutes(deps: ConfdDeps): ApiRoute[] {
  /** A route on one group of the request's tenants (404 when there is none). */
  const onGroup = (method: ApiRoute['method'], path: string, handle: Handler): ApiRoute => ({
    method, path: `/groups/:group_id${path}`,
    async handle(request) {
      const group = await findGroup(deps.db, param(request, 'group_id'), objectScope(request));
      return group === undefined ? apiError(404, 'no such group') : handle(request, group);
    },
  });
  const tell = (group: GroupRow, name: string, routingKey: string, data: Record<string, unknown>) =>
    publishChange(deps, group.tenantUuid, name, routingKey, { group_id: group.id, group_uuid: group.uuid, ...data });
  return [
    onGroup('PUT', '/members/users', (request, group) => putMembers(deps, request, group, tell)),
    onGroup('PUT', '/extensions/:extension_id', async (request, group) => {
      const extension = await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request));
      if (extension === undefined) return apiError(404, 'no such extension');
      if (extension.tenantUuid !== group.tenantUuid) return apiError(400, 'the group and the extension belong to different tenants');
      const context = await findContext(deps.db, extension.context, extension.tenantUuid);
      if (context?.type !== 'internal') return apiError(400, `extension ${extension.id} is in context '${extension.context}', which is not an internal context`);
      if (await associateGroupExtension(deps.db, group.id, extension.id) === 'in-use') {
        return apiError(400, `extension ${extension.id} is already in use (${extension.lines.length > 0 ? 'by a line' : extension.type})`);
      }
      tell(group, 'group_extension_associated', 'config.groups.extensions.updated', { extension_id: extension.id });
      return NO_CONTENT;
    }),
    onGroup('DELETE', '/extensions/:extension_id', async (request, group) => {
      const extension = await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request));
      if (extension === undefined) return apiError(404, 'no such extension');
      if (await dissociateGroupExtension(deps.db, group.id, extension.id)) tell(group, 'group_extension_dissociated', 'config.groups.extensions.deleted', { extension_id: extension.id });
      return NO_CONTENT;
    }),
    onGroup('GET', '/fallbacks', (_request, group) => Promise.resolve({ status: 200, body: { noanswer_destination: group.noanswerDestination } })),
    onGroup('PUT', '/fallbacks', async (request, group) => {
      const parsed = GroupFallbacks.safeParse(request.body ?? {});
      if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
      const named = [['noanswer_destination', parsed.data.noanswer_destination]] as const;
      const unknown = [...await unknownConferenceTargets(deps, group.tenantUuid, named), ...await queueDestinationProblems(deps, group.tenantUuid, named)];
      if (unknown.length > 0) return apiError(400, ...unknown);
      const destination = (parsed.data.noanswer_destination ?? null) as StoredDestination | null;
      const written = await setGroupFallback(deps.db, group.id, destination?.type === 'none' ? null : destination);
      if (written.type === 'error') return writeFailure(written, 'group fallback');
      tell(group, 'group_fallback_edited', 'config.groups.fallbacks.edited', {});
      return NO_CONTENT;
    }),
    ...scheduleRoutes(deps, onGroup, tell),
    ...permissionRoutes(deps, onGroup, tell),
  ];
}

type OnGroup = (method: ApiRoute['method'], path: string, handle: Handler) => ApiRoute;
type Tell = (group: GroupRow, name: string, routingKey: string, data: Record<string, unknown>) => void;

async function putMembers(deps: ConfdDeps, request: ApiRequest, group: GroupRow, tell: Tell): Promise<JsonAnswer> {
  const parsed = GroupMemberUsers.safeParse(request.body);
  if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
  const uuids = parsed.data.users.map((user) => user.uuid.toLowerCase());
  if (new Set(uuids).size !== uuids.length) return apiError(400, 'users: a user is listed twice');
  const members: { userId: number; priority: number }[] = [];
  for (const [index, wanted] of parsed.data.users.entries()) {
    const user = await findUserDetail(deps.db, wanted.uuid, [group.tenantUuid]);
    if (user === undefined) return apiError(400, `users[${index}]: no user ${wanted.uuid} in the group's tenant`);
    members.push({ userId: Number(user.id), priority: wanted.priority ?? index });
  }
  const written = await deps.db.transaction((tx) => setGroupMembers(tx, group, members));
  if (written.type === 'error') return writeFailure(written, 'group members');
  tell(group, 'group_member_users_associated', 'config.groups.members.users.updated', { users: parsed.data.users.map((user, index) => ({ uuid: user.uuid, priority: user.priority ?? index })) });
  return NO_CONTENT;
}

function scheduleRoutes(deps: ConfdDeps, onGroup: OnGroup, tell: Tell): ApiRoute[] {
  return [
    onGroup('PUT', '/schedules/:schedule_id', async (request, group) => {
      const schedule = await findSchedule(deps.db, param(request, 'schedule_id'), objectScope(request));
      if (schedule === undefined) return apiError(404, 'no such schedule');
      if (schedule.tenantUuid !== group.tenantUuid) return apiError(400, 'the group and the schedule belong to different tenants');
      const written = await setGroupSchedule(deps.db, group.id, schedule.id);
      if (written.type === 'error') return writeFailure(written, 'group schedule');
      tell(group, 'group_schedule_associated', 'config.groups.schedules.updated', { schedule_id: schedule.id });
      return NO_CONTENT;
    }),
    onGroup('DELETE', '/schedules/:schedule_id', async (request, group) => {
      const schedule = await findSchedule(deps.db, param(request, 'schedule_id'), objectScope(request));
      if (schedule === undefined) return apiError(404, 'no such schedule');
      if (group.scheduleId !== schedule.id) return NO_CONTENT;
      const written = await setGroupSchedule(deps.db, group.id, null);
      if (written.type === 'error') return writeFailure(written, 'group schedule');
      tell(group, 'group_schedule_dissociated', 'config.groups.schedules.deleted', { schedule_id: schedule.id });
      return NO_CONTENT;
    }),
  ];
}

function permissionRoutes(deps: ConfdDeps, onGroup: OnGroup, tell: Tell): ApiRoute[] {
  return [
    onGroup('PUT', '/callpermissions/:callpermission_id', async (request, group) => {
      const permission = await findCallPermission(deps.db, param(request, 'callpermission_id'), objectScope(request));
      if (permission === undefined) return apiError(404, 'no such call permission');
      if (permission.tenantUuid !== group.tenantUuid) return apiError(400, 'the group and the call permission belong to different tenants');
      const written = await associateGroupCallPermission(deps.db, group.id, permission.id, group.tenantUuid);
      if (written.type === 'error') return writeFailure(written, 'group call permission');
      tell(group, 'group_call_permission_associated', 'config.groups.callpermissions.updated', { call_permission_id: permission.id });
      return NO_CONTENT;
    }),
    onGroup('DELETE', '/callpermissions/:callpermission_id', async (request, group) => {
      const permission = await findCallPermission(deps.db, param(request, 'callpermission_id'), objectScope(request));
      if (permission === undefined) return apiError(404, 'no such call permission');
      if (await dissociateGroupCallPermission(deps.db, group.id, permission.id)) {
        tell(group, 'group_call_permission_dissociated', 'config.groups.callpermissions.deleted', { call_permission_id: permission.id });
      }
      return NO_CONTENT;
    }),
  ];
}
