/**
 * confd's `PUT|DELETE /ivr/{id}/extensions/{extension_id}` on a real database: an internal
 * extension leads to the IVR in the dialplan routing reads, a used or foreign extension is refused,
 * and a deleted IVR frees its extensions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMigratedTestDatabase, createTenant, findRootTenant, loadDialplan, type TestDatabase } from '../../store/index.ts';
import { expectWritten } from '../../store/expect-written.ts';
import { callRoute } from '../../test/support/api-request.ts';
import type { ApiRoute } from '../http/api-route.ts';
import type { ConfigEvent } from './confd-deps.ts';
import { confdRoutes } from './confd-service.ts';

type Item = Record<string, unknown> & { id: number };

describe('confd /ivr/{id}/extensions', () => {
  let db: TestDatabase;
  let routes: ApiRoute[];
  const events: ConfigEvent[] = [];
  let tenant = '';
  let other = '';
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, tenantUuid = tenant) =>
    callRoute(routes, method, path, { tenantUuid, ...(body === undefined ? {} : { body }) });
  const created = async (path: string, body: unknown, tenantUuid = tenant): Promise<Item> => {
    const answer = await call('POST', path, body, tenantUuid);
    assert.equal(answer.status, 201, `${path}: ${JSON.stringify(answer.body)}`);
    return answer.body as Item;
  };
  const destinationOf = async (extensionId: number) => (await loadDialplan(db)).extensions.find((extension) => Number(extension.id) === extensionId)?.destination;

  before(async () => {
    db = await createMigratedTestDatabase('postgres');
    routes = confdRoutes({ db, publish: (event) => events.push(event), nodeUuid: 'node-uuid' });
    const root = (await findRootTenant(db)).uuid;
    tenant = expectWritten(await createTenant(db, { name: 'company', parentUuid: root })).uuid;
    other = expectWritten(await createTenant(db, { name: 'rival', parentUuid: root })).uuid;
    await created('/contexts', { name: 'office', label: 'Office' });
    await created('/contexts', { name: 'from-extern', label: 'DIDs', type: 'incall' });
    await created('/contexts', { name: 'rival-office', label: 'Office' }, other);
  });
  after(() => db.close());

  it('MUST make an internal extension lead to the IVR (204, ivr_extension_associated), twice without harm, and free it on DELETE', async () => {
    const ivr = await created('/ivr', { name: 'menu', menu_sound: 'choices' });
    const extension = await created('/extensions', { exten: '8899', context: 'office' });
    assert.equal((await call('PUT', `/ivr/${ivr.id}/extensions/${extension.id}`)).status, 204);
    assert.equal((await call('PUT', `/ivr/${ivr.id}/extensions/${extension.id}`)).status, 204);
    assert.deepEqual([events.at(-1)?.name, events.at(-1)?.data], ['ivr_extension_associated', { ivr_id: ivr.id, extension_id: extension.id }]);
    assert.deepEqual(await destinationOf(extension.id), { type: 'ivr', typeval: String(ivr.id) });
    assert.equal((await call('DELETE', `/ivr/${ivr.id}/extensions/${extension.id}`)).status, 204);
    assert.deepEqual(await destinationOf(extension.id), { type: 'unassigned' });
  });

  it('MUST refuse an extension held by another IVR, one of an incall context, and one of another tenant', async () => {
    const first = await created('/ivr', { name: 'first', menu_sound: 'choices' });
    const second = await created('/ivr', { name: 'second', menu_sound: 'choices' });
    const held = await created('/extensions', { exten: '8898', context: 'office' });
    assert.equal((await call('PUT', `/ivr/${first.id}/extensions/${held.id}`)).status, 204);
    assert.equal((await call('PUT', `/ivr/${second.id}/extensions/${held.id}`)).status, 400);
    const did = await created('/extensions', { exten: '5000', context: 'from-extern' });
    assert.equal((await call('PUT', `/ivr/${first.id}/extensions/${did.id}`)).status, 400);
    const foreign = await created('/extensions', { exten: '8897', context: 'rival-office' }, other);
    assert.equal((await call('PUT', `/ivr/${first.id}/extensions/${foreign.id}`)).status, 404);
  });

  it('MUST free the extensions of a deleted IVR', async () => {
    const ivr = await created('/ivr', { name: 'gone', menu_sound: 'choices' });
    const extension = await created('/extensions', { exten: '8896', context: 'office' });
    assert.equal((await call('PUT', `/ivr/${ivr.id}/extensions/${extension.id}`)).status, 204);
    assert.equal((await call('DELETE', `/ivr/${ivr.id}`)).status, 204);
    assert.deepEqual(await destinationOf(extension.id), { type: 'unassigned' });
  });
});
