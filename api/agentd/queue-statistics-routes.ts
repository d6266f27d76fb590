/**
 * Live queue statistics under agentd (seed CC-02 `queue show`, CC-05, CC-10):
 * `GET /queues/statistics` (`{ total, items }`, the queues of the tenant the request acts in, or
 * every visible tenant with `recurse=true`) and `GET /queues/{queue_id}/statistics` (one queue of a
 * visible tenant; 404 otherwise). ACLs derived from the path: `agentd.queues.statistics.read`,
 * `agentd.queues.{queue_id}.statistics.read`.
 *
 * @remarks
 * The reference platform computes statistics offline from queue_log (`stat_*` tables, CC-10) and
 * reads live queue state through Asterisk's `queue show`; agentd is the service that already
 * answers for the contact center's live state (agents), so the live view of the queues is served
 * beside it rather than in a new service.
 */
import { apiError, apiList, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { listScope, objectScope } from '../http/tenant-filter.ts';
import type { AgentdPort } from './agentd-port.ts';
import { queueStatisticsModel } from './queue-statistics-model.ts';

const MAX_QUEUE_ID = 2_147_483_647;

function queueIdOf(request: ApiRequest): number | undefined {
  const raw = request.params['queue_id'] ?? '';
  if (!/^[0-9]{1,10}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id > 0 && id <= MAX_QUEUE_ID ? id : undefined;
}

export function queueStatisticsRoutes(port: AgentdPort): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/queues/statistics',
      async handle(request) {
        const items = [...(await port.queueStatistics(listScope(request)))].sort((left, right) => left.queueId - right.queueId).map(queueStatisticsModel);
        return apiList(items, items.length);
      },
    },
    {
      method: 'GET', path: '/queues/:queue_id/statistics',
      async handle(request) {
        const queueId = queueIdOf(request);
        const found = queueId === undefined ? undefined : (await port.queueStatistics(objectScope(request), queueId)).find((statistics) => statistics.queueId === queueId);
        return found === undefined ? apiError(404, `no such queue: ${(request.params['queue_id'] ?? '').slice(0, 64)}`) : { status: 200, body: queueStatisticsModel(found) };
      },
    },
  ];
}
