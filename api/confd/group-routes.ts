/**
 * `/groups` of confd 1.1 (seed CF-22): list, create, read, partial update and delete hunt groups;
 * `group_created`, `group_edited` and `group_deleted` events. Members, extensions, the no-answer
 * fallback, the schedule and call permissions are in `group-association-routes.ts`.
 *
 * @remarks
 * The name `general` is refused (seed L774, the reserved section of Asterisk's queues.conf). The
 * strategies that need queue statistics (`fewest_calls`, `least_recent`, `weight_random`,
 * `memorized_round_robin`) are refused with a 400 until the contact-center statistics exist
 * (docs/decisions.md); `all`, `linear` and `random` are served.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createGroup, deleteGroup, findGroup, listGroupPage, updateGroup, type GroupFields, type GroupOrder, type GroupRow, type TenantUuid } from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

/** The strategies groups ring with now. */
export const SERVED_STRATEGIES = ['all', 'linear', 'random'] as const;
/** The strategies that wait for the queue statistics of the contact-center work. */
export const STATISTICS_STRATEGIES = ['fewest_calls', 'least_recent', 'weight_random', 'memorized_round_robin'] as const;

export function groupView(group: GroupRow): Record<string, unknown> {
  return {
    id: group.id,
    uuid: group.uuid,
    tenant_uuid: group.tenantUuid,
    name: group.name,
    label: group.label,
    ring_strategy: group.ringStrategy,
    timeout: group.timeout,
    user_timeout: group.userTimeout,
    retry_delay: group.retryDelay,
    ring_in_use: group.ringInUse,
    ignore_forward: group.ignoreForward,
    caller_id_mode: group.callerIdMode,
    caller_id_name: group.callerIdName,
    music_on_hold: group.musicOnHold,
    preprocess_subroutine: group.preprocessSubroutine,
    enabled: group.enabled,
    mark_answered_elsewhere: true,
    members: {
      users: group.members.map((member) => ({ uuid: member.uuid, firstname: member.firstname, lastname: member.lastname, priority: member.priority })),
      extensions: [],
    },
    extensions: group.extensions,
    incalls: [],
    fallbacks: { noanswer_destination: group.noanswerDestination },
    schedules: group.scheduleId === null ? [] : [{ id: group.scheduleId }],
    call_permissions: group.callPermissionIds.map((id) => ({ id })),
  };
}

const Strategy = z.string().superRefine((value, context) => {
  if ((SERVED_STRATEGIES as readonly string[]).includes(value)) return;
  const message = (STATISTICS_STRATEGIES as readonly string[]).includes(value)
    ? `'${value}' needs queue statistics, which this engine does not keep yet; use one of ${SERVED_STRATEGIES.join(', ')}`
    : `must be one of ${[...SERVED_STRATEGIES, ...STATISTICS_STRATEGIES].join(', ')}`;
  context.addIssue({ code: 'custom', message });
});

const GroupForm = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be 1 to 128 letters, digits, _ . -').refine((name) => name !== 'general', "'general' is reserved"),
  label: z.string().min(1).max(128).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters'),
  ring_strategy: Strategy,
  timeout: z.number().int().min(1).max(86_400).nullable(),
  user_timeout: z.number().int().min(1).max(3600),
  retry_delay: z.number().int().min(0).max(3600),
  ring_in_use: z.boolean(),
  ignore_forward: z.boolean(),
  caller_id_mode: z.enum(['prepend', 'append', 'overwrite']).nullable(),
  caller_id_name: z.string().max(80).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters').nullable(),
  music_on_hold: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be a music-on-hold class name').nullable(),
  preprocess_subroutine: z.string().regex(/^[A-Za-z0-9_-]{1,79}$/, 'must be a subroutine name').nullable(),
  enabled: z.boolean(),
});
export const NewGroup = GroupForm.partial().required({ label: true });
export const GroupUpdate = GroupForm.partial();

const GROUP_ORDERS: readonly GroupOrder[] = ['id', 'name', 'label', 'ring_strategy'];

function fields(body: z.infer<typeof GroupUpdate>): GroupFields {
  const entries: [keyof GroupFields, unknown][] = [
    ['name', body.name], ['label', body.label], ['ringStrategy', body.ring_strategy], ['timeout', body.timeout], ['userTimeout', body.user_timeout],
    ['retryDelay', body.retry_delay], ['ringInUse', body.ring_in_use], ['ignoreForward', body.ignore_forward], ['callerIdMode', body.caller_id_mode],
    ['callerIdName', body.caller_id_name], ['musicOnHold', body.music_on_hold], ['preprocessSubroutine', body.preprocess_subroutine], ['enabled', body.enabled],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as GroupFields;
}

export function groupRoutes(deps: ConfdDeps): ApiRoute[] {
  const groupEvent = (action: string, group: GroupRow) =>
    publishChange(deps, group.tenantUuid, `group_${action}`, `config.groups.${action}`, { id: group.id, uuid: group.uuid, name: group.name, label: group.label, tenant_uuid: group.tenantUuid });
  return [
    { method: 'GET', path: '/groups', handle: (request) => listAnswer(request, GROUP_ORDERS, 'id', (tenants, query) => listGroupPage(deps.db, tenants, query), groupView) },
    {
      method: 'POST', path: '/groups',
      async handle(request) {
        const parsed = NewGroup.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        // Wazo names a group without a name itself (`grp-…`); the name stays unique per tenant.
        const name = parsed.data.name ?? `grp-${randomUUID()}`;
        const created = await createGroup(deps.db, creationTenant(request) as TenantUuid, { ...fields(parsed.data), name, label: parsed.data.label });
        if (created.type === 'error') return writeFailure(created, 'group');
        groupEvent('created', created.value);
        return { status: 201, body: groupView(created.value) };
      },
    },
    {
      method: 'GET', path: '/groups/:group_id',
      async handle(request) {
        const group = await findGroup(deps.db, param(request, 'group_id'), objectScope(request));
        return group === undefined ? apiError(404, 'no such group') : { status: 200, body: groupView(group) };
      },
    },
    {
      method: 'PUT', path: '/groups/:group_id',
      async handle(request) {
        const parsed = GroupUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const updated = await updateGroup(deps.db, param(request, 'group_id'), objectScope(request), fields(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'group');
        groupEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/groups/:group_id',
      async handle(request) {
        const deleted = await deps.db.transaction((tx) => deleteGroup(tx, param(request, 'group_id'), objectScope(request)));
        if (deleted === undefined) return apiError(404, 'no such group');
        groupEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
  ];
}
