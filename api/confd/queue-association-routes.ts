/**
 * The associations of confd 1.1's `/queues` (seed CC-02, CC-04): the fallbacks
 * (`GET|PUT /queues/{id}/fallbacks`: no answer, busy, congestion, fail), the members
 * (`PUT|DELETE /queues/{id}/members/agents/{agent_id}` and `/members/users/{user_id}`, with the
 * penalty and the position `priority`), the extensions (`PUT|DELETE /queues/{id}/extensions/{id}`,
 * a free extension of an internal context) and the schedule
 * (`PUT|DELETE /queues/{id}/schedules/{schedule_id}`). Each change is told by its Wazo event.
 */
import { z } from 'zod';
import {
  associateQueueExtension, dissociateQueueExtension, findAgent, findContext, findExtensionDetail, findQueue, findSchedule, findUserDetail,
  putQueueMember, removeQueueMember, setQueueFallbacks, setQueueSchedule, type QueueRow, type StoredDestination,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { param } from './confd-lists.ts';
import { queueDestinationProblems } from './queue-destinations.ts';
import { queueFallbacksView } from './queue-routes.ts';
import { Destination } from './routing-forms.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export const QueueFallbacksBody = z.object({
  noanswer_destination: Destination.nullable().optional(),
  busy_destination: Destination.nullable().optional(),
  congestion_destination: Destination.nullable().optional(),
  fail_destination: Destination.nullable().optional(),
}).strict();

const Rank = z.number().int().min(0).max(1_000_000);
export const QueueMemberBody = z.object({ penalty: Rank.optional(), priority: Rank.optional() }).strict();

type Handler = (request: ApiRequest, queue: QueueRow) => Promise<JsonAnswer>;
type Tell = (queue: QueueRow, name: string, routingKey: string, data: Record<string, unknown>) => void;

export function queueAssociationRoutes(deps: ConfdDeps): ApiRoute[] {
  const onQueue = (method: ApiRoute['method'], path: string, handle: Handler): ApiRoute => ({
    method, path: `/queues/:queue_id${path}`,
    async handle(request) {
      const queue = await findQueue(deps.db, param(request, 'queue_id'), objectScope(request));
      return queue === undefined ? apiError(404, 'no such queue') : handle(request, queue);
    },
  });
  const tell: Tell = (queue, name, routingKey, data) => publishChange(deps, queue.tenantUuid, name, routingKey, { queue_id: queue.id, queue_name: queue.name, ...data });
  return [
    onQueue('GET', '/fallbacks', (_request, queue) => Promise.resolve({ status: 200, body: queueFallbacksView(queue) })),
    onQueue('PUT', '/fallbacks', async (request, queue) => {
      const parsed = QueueFallbacksBody.safeParse(request.body ?? {});
      if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
      const problems = await queueDestinationProblems(deps, queue.tenantUuid, Object.entries(parsed.data));
      if (problems.length > 0) return apiError(400, ...problems);
      const stored = (destination: z.infer<typeof Destination> | null | undefined) => (destination == null || destination.type === 'none' ? null : destination as StoredDestination);
      const written = await setQueueFallbacks(deps.db, queue.id, {
        noanswerDestination: stored(parsed.data.noanswer_destination), busyDestination: stored(parsed.data.busy_destination),
        congestionDestination: stored(parsed.data.congestion_destination), failDestination: stored(parsed.data.fail_destination),
      });
      if (written.type === 'error') return writeFailure(written, 'queue fallbacks');
      tell(queue, 'queue_fallback_edited', 'config.queues.fallbacks.edited', {});
      return NO_CONTENT;
    }),
    ...memberRoutes(deps, onQueue, tell),
    ...extensionAndScheduleRoutes(deps, onQueue, tell),
  ];
}

function memberRoutes(deps: ConfdDeps, onQueue: (method: ApiRoute['method'], path: string, handle: Handler) => ApiRoute, tell: Tell): ApiRoute[] {
  const findMember = async (kind: 'agent' | 'user', request: ApiRequest, queue: QueueRow): Promise<{ id: number; uuid?: string } | undefined> => {
    if (kind === 'agent') return findAgent(deps.db, param(request, 'agent_id'), [queue.tenantUuid]);
    const user = await findUserDetail(deps.db, param(request, 'user_id'), [queue.tenantUuid]);
    return user === undefined ? undefined : { id: Number(user.id), uuid: user.uuid };
  };
  return (['agent', 'user'] as const).flatMap((kind) => {
    const path = `/members/${kind}s/:${kind}_id`;
    const routingKey = `config.queues.members.${kind}s`;
    return [
      onQueue('PUT', path, async (request, queue) => {
        const parsed = QueueMemberBody.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const member = await findMember(kind, request, queue);
        if (member === undefined) return apiError(404, `no such ${kind} in the queue's tenant`);
        const penalty = parsed.data.penalty ?? 0;
        const priority = parsed.data.priority ?? 0;
        const written = await putQueueMember(deps.db, queue, { kind, id: member.id, penalty, priority });
        if (written.type === 'error') return writeFailure(written, `queue ${kind} member`);
        tell(queue, `queue_member_${kind}_associated`, `${routingKey}.updated`, { [`${kind}_id`]: member.id, penalty, priority });
        return NO_CONTENT;
      }),
      onQueue('DELETE', path, async (request, queue) => {
        const member = await findMember(kind, request, queue);
        if (member === undefined) return apiError(404, `no such ${kind} in the queue's tenant`);
        if (await removeQueueMember(deps.db, queue.id, { kind, id: member.id })) tell(queue, `queue_member_${kind}_dissociated`, `${routingKey}.deleted`, { [`${kind}_id`]: member.id });
        return NO_CONTENT;
      }),
    ];
  });
}

function extensionAndScheduleRoutes(deps: ConfdDeps, onQueue: (method: ApiRoute['method'], path: string, handle: Handler) => ApiRoute, tell: Tell): ApiRoute[] {
  return [
    onQueue('PUT', '/extensions/:extension_id', async (request, queue) => {
      const extension = await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request));
      if (extension === undefined) return apiError(404, 'no such extension');
      if (extension.tenantUuid !== queue.tenantUuid) return apiError(400, 'the queue and the extension belong to different tenants');
      const context = await findContext(deps.db, extension.context, extension.tenantUuid);
      if (context?.type !== 'internal') return apiError(400, `extension ${extension.id} is in context '${extension.context}', which is not an internal context`);
      if (await associateQueueExtension(deps.db, queue.id, extension.id) === 'in-use') {
        return apiError(400, `extension ${extension.id} is already in use (${extension.lines.length > 0 ? 'by a line' : extension.type})`);
      }
      tell(queue, 'queue_extension_associated', 'config.queues.extensions.updated', { extension_id: extension.id });
      return NO_CONTENT;
    }),
    onQueue('DELETE', '/extensions/:extension_id', async (request, queue) => {
      const extension = await findExtensionDetail(deps.db, param(request, 'extension_id'), objectScope(request));
      if (extension === undefined) return apiError(404, 'no such extension');
      if (await dissociateQueueExtension(deps.db, queue.id, extension.id)) tell(queue, 'queue_extension_dissociated', 'config.queues.extensions.deleted', { extension_id: extension.id });
      return NO_CONTENT;
    }),
    onQueue('PUT', '/schedules/:schedule_id', async (request, queue) => {
      const schedule = await findSchedule(deps.db, param(request, 'schedule_id'), objectScope(request));
      if (schedule === undefined) return apiError(404, 'no such schedule');
      if (schedule.tenantUuid !== queue.tenantUuid) return apiError(400, 'the queue and the schedule belong to different tenants');
      const written = await setQueueSchedule(deps.db, queue.id, schedule.id);
      if (written.type === 'error') return writeFailure(written, 'queue schedule');
      tell(queue, 'queue_schedule_associated', 'config.queues.schedules.updated', { schedule_id: schedule.id });
      return NO_CONTENT;
    }),
    onQueue('DELETE', '/schedules/:schedule_id', async (request, queue) => {
      const schedule = await findSchedule(deps.db, param(request, 'schedule_id'), objectScope(request));
      if (schedule === undefined) return apiError(404, 'no such schedule');
      if (queue.scheduleId !== schedule.id) return NO_CONTENT;
      const written = await setQueueSchedule(deps.db, queue.id, null);
      if (written.type === 'error') return writeFailure(written, 'queue schedule');
      tell(queue, 'queue_schedule_dissociated', 'config.queues.schedules.deleted', { schedule_id: schedule.id });
      return NO_CONTENT;
    }),
  ];
}
