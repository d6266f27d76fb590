/**
 * `/schedules` of confd 1.1 (seed CF-20): list, create, read, partial update and delete a
 * schedule (time zone, opening periods, exceptional periods with their destinations, closed
 * destination), and attach one to a user (`PUT|DELETE /users/{user_id}/schedules/{schedule_id}`);
 * incalls and outcalls attach theirs through their own routes. An unknown time zone or a malformed
 * period is a 400. `schedule_*` events on each change.
 */
import { z } from 'zod';
import {
  createSchedule, deleteSchedule, findSchedule, findUserDetail, listSchedulePage, setUserSchedule, updateSchedule,
  type ScheduleOrder, type ScheduleRow, type StoredDestination, type StoredPeriod, type TenantUuid,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { Destination, ExceptionalPeriod, Period, Timezone } from './routing-forms.ts';
import { queueDestinationProblems } from './queue-destinations.ts';
import { unknownConferenceTargets, type NamedDestination } from './conference-destinations.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export function scheduleView(schedule: ScheduleRow): Record<string, unknown> {
  return {
    id: schedule.id,
    tenant_uuid: schedule.tenantUuid,
    name: schedule.name,
    timezone: schedule.timezone,
    enabled: schedule.enabled,
    closed_destination: schedule.closedDestination,
    open_periods: schedule.openPeriods,
    exceptional_periods: schedule.exceptionalPeriods,
    incalls: schedule.incalls,
    outcalls: schedule.outcalls,
    users: schedule.users,
    groups: [],
    queues: [],
  };
}

const ScheduleFields = z.object({
  name: z.string().min(1).max(128).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters'),
  timezone: Timezone,
  enabled: z.boolean(),
  closed_destination: Destination,
  open_periods: z.array(Period).max(64),
  exceptional_periods: z.array(ExceptionalPeriod).max(64),
});
export const NewSchedule = ScheduleFields.partial().required({ name: true });
export const ScheduleUpdate = ScheduleFields.partial();

const SCHEDULE_ORDERS: readonly ScheduleOrder[] = ['id', 'name', 'timezone'];

function fields(body: z.infer<typeof ScheduleUpdate>) {
  return {
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.timezone === undefined ? {} : { timezone: body.timezone }),
    ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
    ...(body.closed_destination === undefined ? {} : { closedDestination: body.closed_destination as StoredDestination }),
    ...(body.open_periods === undefined ? {} : { openPeriods: body.open_periods as StoredPeriod[] }),
    ...(body.exceptional_periods === undefined ? {} : { exceptionalPeriods: body.exceptional_periods as StoredPeriod[] }),
  };
}

/** The destinations a schedule body names (closed, then each exceptional period's). */
function scheduleDestinations(body: z.infer<typeof ScheduleUpdate>): NamedDestination[] {
  return [['closed_destination', body.closed_destination], ...(body.exceptional_periods ?? []).map((period, index) => [`exceptional_periods.${index}.destination`, period.destination] as const)];
}

export function scheduleRoutes(deps: ConfdDeps): ApiRoute[] {
  const scheduleEvent = (action: string, schedule: ScheduleRow) =>
    publishChange(deps, schedule.tenantUuid, `schedule_${action}`, `config.schedules.${action}`, { id: schedule.id, tenant_uuid: schedule.tenantUuid });
  const scheduleOf = (request: ApiRequest) => findSchedule(deps.db, param(request, 'schedule_id'), objectScope(request));
  const userAndSchedule = async (request: ApiRequest) => ({ user: await findUserDetail(deps.db, param(request, 'user_id'), objectScope(request)), schedule: await scheduleOf(request) });
  return [
    { method: 'GET', path: '/schedules', handle: (request) => listAnswer(request, SCHEDULE_ORDERS, 'id', (tenants, query) => listSchedulePage(deps.db, tenants, query), scheduleView) },
    {
      method: 'POST', path: '/schedules',
      async handle(request) {
        const parsed = NewSchedule.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const unknown = [...await unknownConferenceTargets(deps, creationTenant(request), scheduleDestinations(parsed.data)), ...await queueDestinationProblems(deps, creationTenant(request), scheduleDestinations(parsed.data))];
        if (unknown.length > 0) return apiError(400, ...unknown);
        const created = await createSchedule(deps.db, creationTenant(request) as TenantUuid, { ...fields(parsed.data), name: parsed.data.name });
        if (created.type === 'error') return writeFailure(created, 'schedule');
        scheduleEvent('created', created.value);
        return { status: 201, body: scheduleView(created.value) };
      },
    },
    {
      method: 'GET', path: '/schedules/:schedule_id',
      async handle(request) {
        const schedule = await scheduleOf(request);
        return schedule === undefined ? apiError(404, 'no such schedule') : { status: 200, body: scheduleView(schedule) };
      },
    },
    {
      method: 'PUT', path: '/schedules/:schedule_id',
      async handle(request) {
        const parsed = ScheduleUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const current = await scheduleOf(request);
        const unknown = current === undefined ? [] : [...await unknownConferenceTargets(deps, current.tenantUuid, scheduleDestinations(parsed.data)), ...await queueDestinationProblems(deps, current.tenantUuid, scheduleDestinations(parsed.data))];
        if (unknown.length > 0) return apiError(400, ...unknown);
        const updated = await updateSchedule(deps.db, param(request, 'schedule_id'), objectScope(request), fields(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'schedule');
        scheduleEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/schedules/:schedule_id',
      async handle(request) {
        const deleted = await deleteSchedule(deps.db, param(request, 'schedule_id'), objectScope(request));
        if (deleted === undefined) return apiError(404, 'no such schedule');
        scheduleEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
    {
      method: 'PUT', path: '/users/:user_id/schedules/:schedule_id',
      async handle(request) {
        const { user, schedule } = await userAndSchedule(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (schedule === undefined) return apiError(404, 'no such schedule');
        if (user.tenantUuid !== schedule.tenantUuid) return apiError(400, 'the user and the schedule belong to different tenants');
        const written = await setUserSchedule(deps.db, user, schedule.id);
        if (written.type === 'error') return writeFailure(written, 'user schedule');
        publishChange(deps, user.tenantUuid, 'user_schedule_associated', `config.users.${user.uuid}.schedules.updated`, { user_id: user.id, user_uuid: user.uuid, schedule_id: schedule.id });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/users/:user_id/schedules/:schedule_id',
      async handle(request) {
        const { user, schedule } = await userAndSchedule(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (schedule === undefined) return apiError(404, 'no such schedule');
        if (!schedule.users.some((other) => other.id === user.id)) return NO_CONTENT;
        const written = await setUserSchedule(deps.db, user, null);
        if (written.type === 'error') return writeFailure(written, 'user schedule');
        publishChange(deps, user.tenantUuid, 'user_schedule_dissociated', `config.users.${user.uuid}.schedules.deleted`, { user_id: user.id, user_uuid: user.uuid, schedule_id: schedule.id });
        return NO_CONTENT;
      },
    },
  ];
}
