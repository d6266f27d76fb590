/**
 * `/incalls` of confd 1.1 (seed CF-07): list, create, read, partial update and delete; a DID
 * associated (`PUT|DELETE /incalls/{id}/extensions/{extension_id}`), which must be an extension of
 * an incall context not used by anything else; and a schedule
 * (`PUT|DELETE /incalls/{id}/schedules/{schedule_id}`). `incall_*` events on each change.
 */
import { z } from 'zod';
import {
  associateIncallExtension, createIncall, deleteIncall, dissociateIncallExtension, findContext, findExtensionDetail, findIncall, findSchedule,
  listIncallPage, setIncallSchedule, updateIncall,
  type IncallOrder, type IncallRow, type StoredDestination, type TenantUuid,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { PreprocessSubroutineField, preprocessSubroutineProblem } from './preprocess-subroutine.ts';
import { Destination } from './routing-forms.ts';
import { queueDestinationProblems } from './queue-destinations.ts';
import { unknownConferenceTargets } from './conference-destinations.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export function incallView(incall: IncallRow): Record<string, unknown> {
  return {
    id: incall.id,
    tenant_uuid: incall.tenantUuid,
    destination: incall.destination,
    caller_id_mode: incall.callerIdMode,
    caller_id_name: incall.callerIdName,
    ring_seconds: incall.ringSeconds,
    description: incall.description,
    preprocess_subroutine: incall.preprocessSubroutine,
    greeting_sound: null,
    extensions: incall.extensions,
    schedules: incall.scheduleId === null ? [] : [{ id: incall.scheduleId }],
  };
}

const IncallFields = z.object({
  destination: Destination,
  caller_id_mode: z.enum(['prepend', 'append', 'overwrite']).nullable(),
  caller_id_name: z.string().max(80).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters').nullable(),
  ring_seconds: z.number().int().min(1).max(3600).nullable(),
  description: z.string().max(1024),
  preprocess_subroutine: PreprocessSubroutineField,
});
export const NewIncall = IncallFields.partial().required({ destination: true });
export const IncallUpdate = IncallFields.partial();

const INCALL_ORDERS: readonly IncallOrder[] = ['id', 'description', 'exten'];

function fields(body: z.infer<typeof IncallUpdate>) {
  return {
    ...(body.destination === undefined ? {} : { destination: body.destination as StoredDestination }),
    ...(body.caller_id_mode === undefined ? {} : { callerIdMode: body.caller_id_mode }),
    ...(body.caller_id_name === undefined ? {} : { callerIdName: body.caller_id_name }),
    ...(body.ring_seconds === undefined ? {} : { ringSeconds: body.ring_seconds }),
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.preprocess_subroutine === undefined ? {} : { preprocessSubroutine: body.preprocess_subroutine }),
  };
}

export function incallRoutes(deps: ConfdDeps): ApiRoute[] {
  const incallEvent = (action: string, incall: IncallRow) =>
    publishChange(deps, incall.tenantUuid, `incall_${action}`, `config.incalls.${action}`, { id: incall.id, tenant_uuid: incall.tenantUuid });
  const incallAnd = async (request: ApiRequest) => ({ incall: await findIncall(deps.db, param(request, 'incall_id'), objectScope(request)) });
  return [
    { method: 'GET', path: '/incalls', handle: (request) => listAnswer(request, INCALL_ORDERS, 'id', (tenants, query) => listIncallPage(deps.db, tenants, query), incallView) },
    {
      method: 'POST', path: '/incalls',
      async handle(request) {
        const parsed = NewIncall.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const hookProblem = preprocessSubroutineProblem(deps, parsed.data.preprocess_subroutine);
        if (hookProblem !== undefined) return apiError(400, hookProblem);
        const named = [['destination', parsed.data.destination]] as const;
        const unknown = [...await unknownConferenceTargets(deps, creationTenant(request), named), ...await queueDestinationProblems(deps, creationTenant(request), named)];
        if (unknown.length > 0) return apiError(400, ...unknown);
        const created = await createIncall(deps.db, creationTenant(request) as TenantUuid, fields(parsed.data));
        if (created.type === 'error') return writeFailure(created, 'incall');
        incallEvent('created', created.value);
        return { status: 201, body: incallView(created.value) };
      },
    },
    {
      method: 'GET', path: '/incalls/:incall_id',
      async handle(request) {
        const { incall } = await incallAnd(request);
        return incall === undefined ? apiError(404, 'no such incall') : { status: 200, body: incallView(incall) };
      },
    },
    {
      method: 'PUT', path: '/incalls/:incall_id',
      async handle(request) {
        const parsed = IncallUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const hookProblem = preprocessSubroutineProblem(deps, parsed.data.preprocess_subroutine);
        if (hookProblem !== undefined) return apiError(400, hookProblem);
        const { incall: current } = await incallAnd(request);
        const named = [['destination', parsed.data.destination]] as const;
        const unknown = current === undefined ? [] : [...await unknownConferenceTargets(deps, current.tenantUuid, named), ...await queueDestinationProblems(deps, current.tenantUuid, named)];
        if (unknown.length > 0) return apiError(400, ...unknown);
        const updated = await updateIncall(deps.db, param(request, 'incall_id'), objectScope(request), fields(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'incall');
        incallEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/incalls/:incall_id',
      async handle(request) {
        const deleted = await deps.db.transaction((tx) => deleteIncall(tx, param(request, 'incall_id'), objectScope(request)));
        if (deleted === undefined) return apiError(404, 'no such incall');
        incallEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
    {
      method: 'PUT', path: '/incalls/:incall_id/extensions/:extension_id',
      async handle(request) {
        const { incall } = await incallAnd(request);
        if (incall === undefined) return apiError(404, 'no such incall');
        const extension = await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request));
        if (extension === undefined) return apiError(404, 'no such extension');
        if (extension.tenantUuid !== incall.tenantUuid) return apiError(400, 'the incall and the extension belong to different tenants');
        if (incall.extensions.some((other) => other.id === extension.id)) return NO_CONTENT;
        if (extension.lines.length > 0 || extension.type !== 'user') return apiError(400, `extension ${extension.id} is already in use (${extension.lines.length > 0 ? 'by a line' : extension.type})`);
        const context = await findContext(deps.db, extension.context, extension.tenantUuid);
        if (context?.type !== 'incall') return apiError(400, `extension ${extension.id} is in context '${extension.context}', which is not an incall context`);
        await associateIncallExtension(deps.db, incall.id, extension.id);
        publishChange(deps, incall.tenantUuid, 'incall_extension_associated', 'config.incalls.extensions.updated', { incall_id: incall.id, extension_id: extension.id });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/incalls/:incall_id/extensions/:extension_id',
      async handle(request) {
        const { incall } = await incallAnd(request);
        if (incall === undefined) return apiError(404, 'no such incall');
        const extension = await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request));
        if (extension === undefined) return apiError(404, 'no such extension');
        if (await dissociateIncallExtension(deps.db, incall.id, extension.id)) {
          publishChange(deps, incall.tenantUuid, 'incall_extension_dissociated', 'config.incalls.extensions.deleted', { incall_id: incall.id, extension_id: extension.id });
        }
        return NO_CONTENT;
      },
    },
    ...scheduleAssociationRoutes(deps),
  ];
}

function scheduleAssociationRoutes(deps: ConfdDeps): ApiRoute[] {
  const both = async (request: ApiRequest) => ({
    incall: await findIncall(deps.db, param(request, 'incall_id'), objectScope(request)),
    schedule: await findSchedule(deps.db, param(request, 'schedule_id'), objectScope(request)),
  });
  return [
    {
      method: 'PUT', path: '/incalls/:incall_id/schedules/:schedule_id',
      async handle(request) {
        const { incall, schedule } = await both(request);
        if (incall === undefined) return apiError(404, 'no such incall');
        if (schedule === undefined) return apiError(404, 'no such schedule');
        if (incall.tenantUuid !== schedule.tenantUuid) return apiError(400, 'the incall and the schedule belong to different tenants');
        const written = await setIncallSchedule(deps.db, incall.id, schedule.id);
        if (written.type === 'error') return writeFailure(written, 'incall schedule');
        publishChange(deps, incall.tenantUuid, 'incall_schedule_associated', 'config.incalls.schedules.updated', { incall_id: incall.id, schedule_id: schedule.id });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/incalls/:incall_id/schedules/:schedule_id',
      async handle(request) {
        const { incall, schedule } = await both(request);
        if (incall === undefined) return apiError(404, 'no such incall');
        if (schedule === undefined) return apiError(404, 'no such schedule');
        if (incall.scheduleId !== schedule.id) return NO_CONTENT;
        const written = await setIncallSchedule(deps.db, incall.id, null);
        if (written.type === 'error') return writeFailure(written, 'incall schedule');
        publishChange(deps, incall.tenantUuid, 'incall_schedule_dissociated', 'config.incalls.schedules.deleted', { incall_id: incall.id, schedule_id: schedule.id });
        return NO_CONTENT;
      },
    },
  ];
}
