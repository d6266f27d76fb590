import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callRoute } from '../../test/support/api-request.ts';
import { trunkStatusRoutes, type TrunkStatusPort } from './trunk-routes.ts';

const port: TrunkStatusPort = {
  statuses: () => [
    { tenantUuid: 'tenant-b', view: { id: 3, name: 'b-trunk', registered: null } },
    { tenantUuid: 'tenant-a', view: { id: 2, name: 'a-second', registered: false } },
    { tenantUuid: 'tenant-a', view: { id: 1, name: 'a-first', registered: true } },
  ],
};

describe('calld /trunks', () => {
  const routes = trunkStatusRoutes(port);

  it('lists the trunks of the tenant the request acts in, by id', async () => {
    const answer = await callRoute(routes, 'GET', '/trunks', { tenantUuid: 'tenant-a' });
    assert.deepEqual(answer.body, { items: [{ id: 1, name: 'a-first', registered: true }, { id: 2, name: 'a-second', registered: false }], total: 2, filtered: 2 });
  });

  it('shows one trunk of a visible tenant, and answers 404 for another tenant\'s', async () => {
    assert.equal((await callRoute(routes, 'GET', '/trunks/1', { tenantUuid: 'tenant-a' })).status, 200);
    assert.equal((await callRoute(routes, 'GET', '/trunks/3', { tenantUuid: 'tenant-a' })).status, 404);
  });
});
