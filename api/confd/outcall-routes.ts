/**
 * `/outcalls` of confd 1.1 (seed CF-08): list, create, read, partial update and delete; the trunks
 * tried in order (`PUT /outcalls/{id}/trunks` with `{"trunks": [{"id": …}, …]}`); the outgoing
 * patterns (`PUT|DELETE /outcalls/{id}/extensions/{extension_id}` with `strip_digits`, `prefix`
 * and `caller_id`), which must be valid patterns of an outcall context; the call permissions
 * (`PUT|DELETE /outcalls/{id}/callpermissions/{callpermission_id}`) and a schedule
 * (`PUT|DELETE /outcalls/{id}/schedules/{schedule_id}`). `outcall_*` events on each change.
 */
import { z } from 'zod';
import {
  associateOutcallCallPermission, associateOutcallExtension, createOutcall, deleteOutcall, dissociateOutcallCallPermission, dissociateOutcallExtension,
  findCallPermission, findContext, findExtensionDetail, findOutcall, findSchedule, listOutcallPage, setOutcallSchedule, setOutcallTrunks, updateOutcall,
  type OutcallOrder, type OutcallRow, type TenantUuid,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { PreprocessSubroutineField, preprocessSubroutineProblem } from './preprocess-subroutine.ts';
import { patternProblem } from './routing-forms.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export function outcallView(outcall: OutcallRow): Record<string, unknown> {
  return {
    id: outcall.id,
    tenant_uuid: outcall.tenantUuid,
    name: outcall.name,
    label: outcall.name,
    internal_caller_id: outcall.internalCallerId,
    enabled: outcall.enabled,
    description: outcall.description,
    ring_time: outcall.ringSeconds,
    preprocess_subroutine: outcall.preprocessSubroutine,
    trunks: outcall.trunkIds.map((id) => ({ id })),
    extensions: outcall.extensions.map((extension) => ({
      id: extension.id, exten: extension.exten, context: extension.context,
      strip_digits: extension.stripDigits, prefix: extension.prefix === '' ? null : extension.prefix, external_prefix: null, caller_id: extension.callerId,
    })),
    call_permissions: outcall.callPermissions,
    schedules: outcall.scheduleId === null ? [] : [{ id: outcall.scheduleId }],
  };
}

const OutcallFields = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be 1 to 128 letters, digits, _ . or -'),
  internal_caller_id: z.boolean(),
  enabled: z.boolean(),
  description: z.string().max(1024),
  ring_time: z.number().int().min(1).max(3600).nullable(),
  preprocess_subroutine: PreprocessSubroutineField,
});
export const NewOutcall = OutcallFields.partial().required({ name: true });
export const OutcallUpdate = OutcallFields.partial();
/** The ordered trunks; ids of the trunks resource (checked against it when trunks and outcalls meet). */
export const OutcallTrunks = z.object({ trunks: z.array(z.object({ id: z.number().int().min(1).max(2_147_483_647) })).max(64) })
  .refine((body) => new Set(body.trunks.map((trunk) => trunk.id)).size === body.trunks.length, { message: 'a trunk appears twice', path: ['trunks'] });
export const OutcallExtensionBody = z.object({
  strip_digits: z.number().int().min(0).max(40).default(0),
  prefix: z.string().regex(/^[0-9*#+]{0,32}$/, 'must be dial characters').nullable().default(null),
  caller_id: z.string().max(160).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters').nullable().default(null),
});

const OUTCALL_ORDERS: readonly OutcallOrder[] = ['id', 'name', 'description'];

function fields(body: z.infer<typeof OutcallUpdate>) {
  return {
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.internal_caller_id === undefined ? {} : { internalCallerId: body.internal_caller_id }),
    ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.preprocess_subroutine === undefined ? {} : { preprocessSubroutine: body.preprocess_subroutine }),
    ...(body.ring_time === undefined ? {} : { ringSeconds: body.ring_time }),
  };
}

export function outcallRoutes(deps: ConfdDeps): ApiRoute[] {
  const outcallEvent = (action: string, outcall: OutcallRow) =>
    publishChange(deps, outcall.tenantUuid, `outcall_${action}`, `config.outcalls.${action}`, { id: outcall.id, name: outcall.name, tenant_uuid: outcall.tenantUuid });
  const outcallOf = (request: ApiRequest) => findOutcall(deps.db, param(request, 'outcall_id'), objectScope(request));
  return [
    { method: 'GET', path: '/outcalls', handle: (request) => listAnswer(request, OUTCALL_ORDERS, 'id', (tenants, query) => listOutcallPage(deps.db, tenants, query), outcallView) },
    {
      method: 'POST', path: '/outcalls',
      async handle(request) {
        const parsed = NewOutcall.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const hookProblem = preprocessSubroutineProblem(deps, parsed.data.preprocess_subroutine);
        if (hookProblem !== undefined) return apiError(400, hookProblem);
        const created = await createOutcall(deps.db, creationTenant(request) as TenantUuid, { ...fields(parsed.data), name: parsed.data.name });
        if (created.type === 'error') return writeFailure(created, 'outcall');
        outcallEvent('created', created.value);
        return { status: 201, body: outcallView(created.value) };
      },
    },
    {
      method: 'GET', path: '/outcalls/:outcall_id',
      async handle(request) {
        const outcall = await outcallOf(request);
        return outcall === undefined ? apiError(404, 'no such outcall') : { status: 200, body: outcallView(outcall) };
      },
    },
    {
      method: 'PUT', path: '/outcalls/:outcall_id',
      async handle(request) {
        const parsed = OutcallUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const hookProblem = preprocessSubroutineProblem(deps, parsed.data.preprocess_subroutine);
        if (hookProblem !== undefined) return apiError(400, hookProblem);
        const updated = await updateOutcall(deps.db, param(request, 'outcall_id'), objectScope(request), fields(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'outcall');
        outcallEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/outcalls/:outcall_id',
      async handle(request) {
        const deleted = await deps.db.transaction((tx) => deleteOutcall(tx, param(request, 'outcall_id'), objectScope(request)));
        if (deleted === undefined) return apiError(404, 'no such outcall');
        outcallEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
    {
      method: 'PUT', path: '/outcalls/:outcall_id/trunks',
      async handle(request) {
        const parsed = OutcallTrunks.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const outcall = await outcallOf(request);
        if (outcall === undefined) return apiError(404, 'no such outcall');
        const trunkIds = parsed.data.trunks.map((trunk) => trunk.id);
        const written = await deps.db.transaction((tx) => setOutcallTrunks(tx, outcall.id, trunkIds));
        if (written.type === 'error') return writeFailure(written, 'outcall trunks');
        publishChange(deps, outcall.tenantUuid, 'outcall_trunks_associated', 'config.outcalls.trunks.updated', { outcall_id: outcall.id, trunk_ids: trunkIds });
        return NO_CONTENT;
      },
    },
    ...outcallExtensionRoutes(deps, outcallOf),
    ...outcallPermissionAndScheduleRoutes(deps, outcallOf),
  ];
}

function outcallExtensionRoutes(deps: ConfdDeps, outcallOf: (request: ApiRequest) => Promise<OutcallRow | undefined>): ApiRoute[] {
  return [
    {
      method: 'PUT', path: '/outcalls/:outcall_id/extensions/:extension_id',
      async handle(request) {
        const parsed = OutcallExtensionBody.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const outcall = await outcallOf(request);
        if (outcall === undefined) return apiError(404, 'no such outcall');
        const extension = await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request));
        if (extension === undefined) return apiError(404, 'no such extension');
        if (extension.tenantUuid !== outcall.tenantUuid) return apiError(400, 'the outcall and the extension belong to different tenants');
        const mine = outcall.extensions.some((other) => other.id === extension.id);
        if (!mine && (extension.lines.length > 0 || extension.type !== 'user')) return apiError(400, `extension ${extension.id} is already in use (${extension.lines.length > 0 ? 'by a line' : extension.type})`);
        const context = await findContext(deps.db, extension.context, extension.tenantUuid);
        if (context?.type !== 'outcall') return apiError(400, `extension ${extension.id} is in context '${extension.context}', which is not an outcall context`);
        const problem = patternProblem(extension.exten);
        if (problem !== undefined) return apiError(400, `extension ${extension.id}: ${problem}`);
        const settings = { stripDigits: parsed.data.strip_digits, prefix: parsed.data.prefix ?? '', callerId: parsed.data.caller_id };
        const written = await deps.db.transaction((tx) => associateOutcallExtension(tx, outcall, extension.id, settings));
        if (written.type === 'error') return writeFailure(written, 'outcall extension');
        publishChange(deps, outcall.tenantUuid, 'outcall_extension_associated', 'config.outcalls.extensions.updated', { outcall_id: outcall.id, extension_id: extension.id });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/outcalls/:outcall_id/extensions/:extension_id',
      async handle(request) {
        const outcall = await outcallOf(request);
        if (outcall === undefined) return apiError(404, 'no such outcall');
        const extension = await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request));
        if (extension === undefined) return apiError(404, 'no such extension');
        if (await deps.db.transaction((tx) => dissociateOutcallExtension(tx, outcall.id, extension.id))) {
          publishChange(deps, outcall.tenantUuid, 'outcall_extension_dissociated', 'config.outcalls.extensions.deleted', { outcall_id: outcall.id, extension_id: extension.id });
        }
        return NO_CONTENT;
      },
    },
  ];
}

function outcallPermissionAndScheduleRoutes(deps: ConfdDeps, outcallOf: (request: ApiRequest) => Promise<OutcallRow | undefined>): ApiRoute[] {
  const permissionOf = (request: ApiRequest) => findCallPermission(deps.db, param(request, 'callpermission_id'), objectScope(request));
  const scheduleOf = (request: ApiRequest) => findSchedule(deps.db, param(request, 'schedule_id'), objectScope(request));
  return [
    {
      method: 'PUT', path: '/outcalls/:outcall_id/callpermissions/:callpermission_id',
      async handle(request) {
        const outcall = await outcallOf(request);
        if (outcall === undefined) return apiError(404, 'no such outcall');
        const permission = await permissionOf(request);
        if (permission === undefined) return apiError(404, 'no such call permission');
        if (permission.tenantUuid !== outcall.tenantUuid) return apiError(400, 'the outcall and the call permission belong to different tenants');
        const written = await associateOutcallCallPermission(deps.db, outcall, permission.id);
        if (written.type === 'error') return writeFailure(written, 'outcall call permission');
        publishChange(deps, outcall.tenantUuid, 'outcall_call_permission_associated', 'config.outcalls.callpermissions.updated', { outcall_id: outcall.id, call_permission_id: permission.id });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/outcalls/:outcall_id/callpermissions/:callpermission_id',
      async handle(request) {
        const outcall = await outcallOf(request);
        if (outcall === undefined) return apiError(404, 'no such outcall');
        const permission = await permissionOf(request);
        if (permission === undefined) return apiError(404, 'no such call permission');
        if (await dissociateOutcallCallPermission(deps.db, outcall.id, permission.id)) {
          publishChange(deps, outcall.tenantUuid, 'outcall_call_permission_dissociated', 'config.outcalls.callpermissions.deleted', { outcall_id: outcall.id, call_permission_id: permission.id });
        }
        return NO_CONTENT;
      },
    },
    {
      method: 'PUT', path: '/outcalls/:outcall_id/schedules/:schedule_id',
      async handle(request) {
        const outcall = await outcallOf(request);
        if (outcall === undefined) return apiError(404, 'no such outcall');
        const schedule = await scheduleOf(request);
        if (schedule === undefined) return apiError(404, 'no such schedule');
        if (schedule.tenantUuid !== outcall.tenantUuid) return apiError(400, 'the outcall and the schedule belong to different tenants');
        const written = await setOutcallSchedule(deps.db, outcall.id, schedule.id);
        if (written.type === 'error') return writeFailure(written, 'outcall schedule');
        publishChange(deps, outcall.tenantUuid, 'outcall_schedule_associated', 'config.outcalls.schedules.updated', { outcall_id: outcall.id, schedule_id: schedule.id });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/outcalls/:outcall_id/schedules/:schedule_id',
      async handle(request) {
        const outcall = await outcallOf(request);
        if (outcall === undefined) return apiError(404, 'no such outcall');
        const schedule = await scheduleOf(request);
        if (schedule === undefined) return apiError(404, 'no such schedule');
        if (outcall.scheduleId !== schedule.id) return NO_CONTENT;
        const written = await setOutcallSchedule(deps.db, outcall.id, null);
        if (written.type === 'error') return writeFailure(written, 'outcall schedule');
        publishChange(deps, outcall.tenantUuid, 'outcall_schedule_dissociated', 'config.outcalls.schedules.deleted', { outcall_id: outcall.id, schedule_id: schedule.id });
        return NO_CONTENT;
      },
    },
  ];
}
