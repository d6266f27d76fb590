/**
 * `/queues` of confd 1.1 (seed CC-02..CC-05): list, create, read, partial update and delete
 * queues; `queue_created`, `queue_edited` and `queue_deleted` events. Members, extensions,
 * fallbacks and the schedule are in `queue-association-routes.ts`.
 *
 * @remarks
 * The body is Wazo's: `name` (unique across tenants, never `general`), `label`, `enabled`,
 * `options` (Asterisk's settings as pairs, `queue-options.ts`), `timeout` (the ringing time, 0 or
 * null: no limit), the diversion thresholds with their destinations, and the call settings. A
 * queue's strategy cannot be changed to `linear` (seed L9354: delete and recreate the queue).
 */
import { z } from 'zod';
import { createQueue, deleteQueue, findQueue, listQueuePage, updateQueue, type QueueFields, type QueueOrder, type QueueRow, type StoredDestination, type TenantUuid } from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { PreprocessSubroutineField, preprocessSubroutineProblem } from './preprocess-subroutine.ts';
import { queueDestinationProblems } from './queue-destinations.ts';
import { QueueOptions, strategyOf } from './queue-options.ts';
import { Destination } from './routing-forms.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;
const Text = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

export function queueView(queue: QueueRow): Record<string, unknown> {
  return {
    id: queue.id,
    tenant_uuid: queue.tenantUuid,
    name: queue.name,
    label: queue.label,
    enabled: queue.enabled,
    options: queue.options,
    timeout: queue.timeout,
    retry_on_timeout: queue.retryOnTimeout,
    wait_time_threshold: queue.waitTimeThreshold,
    wait_time_destination: queue.waitTimeDestination,
    wait_ratio_threshold: queue.waitRatioThreshold,
    wait_ratio_destination: queue.waitRatioDestination,
    music_on_hold: queue.musicOnHold,
    preprocess_subroutine: queue.preprocessSubroutine,
    announce_hold_time_on_entry: queue.announceHoldTimeOnEntry,
    ignore_forward: queue.ignoreForward,
    dtmf_hangup_callee_enabled: queue.dtmfHangupCalleeEnabled,
    dtmf_hangup_caller_enabled: queue.dtmfHangupCallerEnabled,
    dtmf_transfer_callee_enabled: queue.dtmfTransferCalleeEnabled,
    dtmf_transfer_caller_enabled: queue.dtmfTransferCallerEnabled,
    dtmf_record_callee_enabled: queue.dtmfRecordCalleeEnabled,
    dtmf_record_caller_enabled: queue.dtmfRecordCallerEnabled,
    mark_answered_elsewhere: queue.markAnsweredElsewhere,
    data_quality: queue.dataQuality,
    caller_id_mode: queue.callerIdMode,
    caller_id_name: queue.callerIdName,
    extensions: queue.extensions,
    schedules: queue.scheduleId === null ? [] : [{ id: queue.scheduleId }],
    members: {
      agents: queue.agents.map((agent) => ({ id: agent.id, penalty: agent.penalty, priority: agent.priority })),
      users: queue.users.map((user) => ({ id: user.id, uuid: user.uuid, penalty: user.penalty, priority: user.priority })),
    },
    fallbacks: queueFallbacksView(queue),
  };
}

export function queueFallbacksView(queue: QueueRow): Record<string, unknown> {
  return {
    noanswer_destination: queue.noanswerDestination,
    busy_destination: queue.busyDestination,
    congestion_destination: queue.congestionDestination,
    fail_destination: queue.failDestination,
  };
}

const QueueForm = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be 1 to 128 letters, digits, _ . -').refine((name) => name !== 'general', "'general' is reserved"),
  label: Text(128).min(1),
  enabled: z.boolean(),
  options: QueueOptions,
  timeout: z.number().int().min(0).max(86_400).nullable(),
  retry_on_timeout: z.boolean(),
  wait_time_threshold: z.number().int().min(0).max(86_400).nullable(),
  wait_time_destination: Destination.nullable(),
  wait_ratio_threshold: z.number().min(0).max(1_000_000).nullable(),
  wait_ratio_destination: Destination.nullable(),
  music_on_hold: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be a music-on-hold class name').nullable(),
  preprocess_subroutine: PreprocessSubroutineField,
  announce_hold_time_on_entry: z.boolean(),
  ignore_forward: z.boolean(),
  dtmf_hangup_callee_enabled: z.boolean(),
  dtmf_hangup_caller_enabled: z.boolean(),
  dtmf_transfer_callee_enabled: z.boolean(),
  dtmf_transfer_caller_enabled: z.boolean(),
  dtmf_record_callee_enabled: z.boolean(),
  dtmf_record_caller_enabled: z.boolean(),
  mark_answered_elsewhere: z.boolean(),
  data_quality: z.boolean(),
  caller_id_mode: z.enum(['prepend', 'append', 'overwrite']).nullable(),
  caller_id_name: Text(80).nullable(),
}).strict();
export const NewQueue = QueueForm.partial().required({ name: true });
export const QueueUpdate = QueueForm.partial();
type QueueBody = z.infer<typeof QueueUpdate>;

const QUEUE_ORDERS: readonly QueueOrder[] = ['id', 'name', 'label'];

const FIELD_NAMES: readonly (readonly [keyof QueueBody, keyof QueueFields])[] = [
  ['name', 'name'], ['label', 'label'], ['enabled', 'enabled'], ['options', 'options'], ['timeout', 'timeout'], ['retry_on_timeout', 'retryOnTimeout'],
  ['wait_time_threshold', 'waitTimeThreshold'], ['wait_time_destination', 'waitTimeDestination'], ['wait_ratio_threshold', 'waitRatioThreshold'],
  ['wait_ratio_destination', 'waitRatioDestination'], ['music_on_hold', 'musicOnHold'], ['preprocess_subroutine', 'preprocessSubroutine'],
  ['announce_hold_time_on_entry', 'announceHoldTimeOnEntry'], ['ignore_forward', 'ignoreForward'], ['dtmf_hangup_callee_enabled', 'dtmfHangupCalleeEnabled'],
  ['dtmf_hangup_caller_enabled', 'dtmfHangupCallerEnabled'], ['dtmf_transfer_callee_enabled', 'dtmfTransferCalleeEnabled'],
  ['dtmf_transfer_caller_enabled', 'dtmfTransferCallerEnabled'], ['dtmf_record_callee_enabled', 'dtmfRecordCalleeEnabled'],
  ['dtmf_record_caller_enabled', 'dtmfRecordCallerEnabled'], ['mark_answered_elsewhere', 'markAnsweredElsewhere'], ['data_quality', 'dataQuality'],
  ['caller_id_mode', 'callerIdMode'], ['caller_id_name', 'callerIdName'],
];

function fields(body: QueueBody): QueueFields {
  const entries = FIELD_NAMES.map(([from, to]) => {
    const value = body[from];
    const destination = (from === 'wait_time_destination' || from === 'wait_ratio_destination') && value !== undefined && value !== null
      && (value as StoredDestination).type === 'none' ? null : value;
    return [to, destination] as const;
  });
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as QueueFields;
}

/** The checks beyond shape: the hook, the queue destinations of the diversions. */
async function bodyProblems(deps: ConfdDeps, tenantUuid: string, body: QueueBody): Promise<string[]> {
  const hook = preprocessSubroutineProblem(deps, body.preprocess_subroutine);
  const destinations = await queueDestinationProblems(deps, tenantUuid, [['wait_time_destination', body.wait_time_destination], ['wait_ratio_destination', body.wait_ratio_destination]]);
  return [...(hook === undefined ? [] : [hook]), ...destinations];
}

export function queueRoutes(deps: ConfdDeps): ApiRoute[] {
  const queueEvent = (action: string, queue: QueueRow) =>
    publishChange(deps, queue.tenantUuid, `queue_${action}`, `config.queues.${action}`, { id: queue.id, name: queue.name, label: queue.label, tenant_uuid: queue.tenantUuid });
  return [
    { method: 'GET', path: '/queues', handle: (request) => listAnswer(request, QUEUE_ORDERS, 'id', (tenants, query) => listQueuePage(deps.db, tenants, query), queueView) },
    {
      method: 'POST', path: '/queues',
      async handle(request) {
        const parsed = NewQueue.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const tenantUuid = creationTenant(request);
        const problems = await bodyProblems(deps, tenantUuid, parsed.data);
        if (problems.length > 0) return apiError(400, ...problems);
        const created = await createQueue(deps.db, tenantUuid as TenantUuid, { ...fields(parsed.data), name: parsed.data.name, label: parsed.data.label ?? parsed.data.name });
        if (created.type === 'error') return writeFailure(created, 'queue');
        queueEvent('created', created.value);
        return { status: 201, body: queueView(created.value) };
      },
    },
    {
      method: 'GET', path: '/queues/:queue_id',
      async handle(request) {
        const queue = await findQueue(deps.db, param(request, 'queue_id'), objectScope(request));
        return queue === undefined ? apiError(404, 'no such queue') : { status: 200, body: queueView(queue) };
      },
    },
    {
      method: 'PUT', path: '/queues/:queue_id',
      async handle(request) {
        const parsed = QueueUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const queue = await findQueue(deps.db, param(request, 'queue_id'), objectScope(request));
        if (queue === undefined) return apiError(404, 'no such queue');
        const problems = await bodyProblems(deps, queue.tenantUuid, parsed.data);
        if (parsed.data.options !== undefined && strategyOf(parsed.data.options) === 'linear' && strategyOf(queue.options) !== 'linear') {
          problems.push(`options: the strategy of an existing queue cannot be changed to linear (it is ${strategyOf(queue.options)}); delete the queue and create it again`);
        }
        if (problems.length > 0) return apiError(400, ...problems);
        const updated = await updateQueue(deps.db, String(queue.id), [queue.tenantUuid], fields(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'queue');
        queueEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/queues/:queue_id',
      async handle(request) {
        const deleted = await deps.db.transaction((tx) => deleteQueue(tx, param(request, 'queue_id'), objectScope(request)));
        if (deleted === undefined) return apiError(404, 'no such queue');
        queueEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
  ];
}
