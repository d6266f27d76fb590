/**
 * agentd's live queue statistics: the queues of the acting tenant in snake_case as `{total,
 * items}`, one queue of a visible tenant, and 404 for any other.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { callRoute } from '../../test/support/api-request.ts';
import { createFakeAgentd, type FakeAgentd } from '../../test/support/fake-agentd.ts';
import type { QueueLiveStatistics } from './agentd-port.ts';
import { queueStatisticsRoutes } from './queue-statistics-routes.ts';

const TENANT = 'tenant-a';
const OTHER = 'tenant-b';

const queue = (queueId: number, tenantUuid: string): QueueLiveStatistics => ({
  queueId, name: `queue-${queueId}`, tenantUuid, waitingCalls: 2, longestWaitSeconds: 41, estimatedWaitSeconds: 30,
  members: { loggedIn: 3, available: 1, talking: 1, paused: 1, loggedOut: 2 }, answered: 12, abandoned: 3, serviceLevelSeconds: 20, serviceLevelPercent: 75,
});

let agentd: FakeAgentd;

beforeEach(() => {
  agentd = createFakeAgentd();
  agentd.statistics.push(queue(5, TENANT), queue(2, TENANT), queue(9, OTHER));
});

const request = (target: string) => callRoute(queueStatisticsRoutes(agentd), 'GET', target, { tenantUuid: TENANT });

describe('GET /queues/statistics', () => {
  it("MUST list the acting tenant's queues by id as {total, items}", async () => {
    const body = (await request('/queues/statistics')).body as { total: number; items: { queue_id: number }[] };
    assert.deepEqual([body.total, body.items.map((item) => item.queue_id)], [2, [2, 5]]);
  });

  it('MUST serialise every figure in snake_case', async () => {
    const body = (await request('/queues/statistics')).body as { items: unknown[] };
    assert.deepEqual(body.items[0], {
      queue_id: 2, name: 'queue-2', tenant_uuid: TENANT, waiting_calls: 2, longest_wait_seconds: 41, estimated_wait_seconds: 30,
      members: { logged_in: 3, available: 1, talking: 1, paused: 1, logged_out: 2 }, answered: 12, abandoned: 3, service_level_seconds: 20, service_level_percent: 75,
    });
  });
});

describe('GET /queues/{queue_id}/statistics', () => {
  it('MUST show one queue of the tenant', async () => {
    const answer = await request('/queues/5/statistics');
    assert.deepEqual([answer.status, (answer.body as { queue_id: number }).queue_id], [200, 5]);
  });

  it("MUST answer 404 for another tenant's queue, an unknown one and an id that is not one", async () => {
    const statuses = await Promise.all(['/queues/9/statistics', '/queues/77/statistics', '/queues/x/statistics', '/queues/0/statistics'].map(async (target) => (await request(target)).status));
    assert.deepEqual(statuses, [404, 404, 404, 404]);
  });
});
