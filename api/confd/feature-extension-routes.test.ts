/**
 * confd's `/extensions/features` on a real database: Wazo's defaults listed with the list
 * conventions, a code read and edited, the checks on an exten (a valid extension or pattern, no two
 * enabled codes alike) and `extension_feature_edited`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMigratedTestDatabase, findRootTenant, type TestDatabase } from '../../store/index.ts';
import { callRoute } from '../../test/support/api-request.ts';
import type { ApiRoute } from '../http/api-route.ts';
import type { ConfigEvent } from './confd-deps.ts';
import { confdRoutes } from './confd-service.ts';

interface Feature { uuid: string; context: string; exten: string; feature: string; enabled: boolean }

describe('confd feature extensions', () => {
  let db: TestDatabase;
  let routes: ApiRoute[];
  const events: ConfigEvent[] = [];
  let tenant = '';
  const call = (method: 'GET' | 'PUT', path: string, body?: unknown) => callRoute(routes, method, path, { tenantUuid: tenant, ...(body === undefined ? {} : { body }) });
  const list = async (query = '') => (await call('GET', `/extensions/features${query}`)).body as { total: number; filtered: number; items: Feature[] };
  const byName = async (feature: string): Promise<Feature> => {
    const found = (await list(`?search=${feature}`)).items.find((item) => item.feature === feature);
    assert.ok(found, feature);
    return found;
  };
  before(async () => {
    db = await createMigratedTestDatabase('postgres');
    routes = confdRoutes({ db, publish: (event) => events.push(event), nodeUuid: 'node-uuid' });
    tenant = (await findRootTenant(db)).uuid;
  });
  after(() => db.close());

  it("MUST list Wazo's default codes in the context xivo-features, with total and items", async () => {
    const page = await list();
    const shown = Object.fromEntries(page.items.map((item) => [item.feature, [item.exten, item.enabled]]));
    assert.deepEqual([shown['enablednd'], shown['incallfilter'], shown['fwdunc'], shown['fwdrna'], shown['fwdbusy'], shown['pickup']], [
      ['*25', true], ['*27', true], ['_*21.', true], ['_*22.', true], ['_*23.', true], ['_*8.', false],
    ]);
    assert.deepEqual([page.total, new Set(page.items.map((item) => item.context))], [page.items.length, new Set(['xivo-features'])]);
  });

  it('MUST search, order, limit and offset as every confd list does', async () => {
    const searched = await list('?search=fwd&order=feature&direction=desc');
    assert.deepEqual(searched.items.map((item) => item.feature), ['fwdundoall', 'fwdunc', 'fwdrna', 'fwdbusy']);
    const paged = await list('?order=exten&limit=2&offset=1');
    assert.deepEqual([paged.items.length, paged.total > 2], [2, true]);
  });

  it('MUST refuse a bad list parameter with 400', async () => {
    assert.equal((await call('GET', '/extensions/features?order=nothing')).status, 400);
  });

  it('MUST read one code by uuid, 404 for an unknown or malformed one', async () => {
    const dnd = await byName('enablednd');
    assert.deepEqual((await call('GET', `/extensions/features/${dnd.uuid}`)).body, dnd);
    assert.deepEqual([(await call('GET', '/extensions/features/00000000-0000-4000-8000-000000000000')).status, (await call('GET', '/extensions/features/nope')).status], [404, 404]);
  });

  it('MUST edit a code (204) and publish extension_feature_edited', async () => {
    const dnd = await byName('enablednd');
    assert.equal((await call('PUT', `/extensions/features/${dnd.uuid}`, { exten: '*250' })).status, 204);
    assert.deepEqual([(await byName('enablednd')).exten, events.at(-1)], ['*250', {
      name: 'extension_feature_edited', origin_uuid: 'node-uuid', tenant_uuid: tenant, required_acl: 'events.config.extension_feature.edited',
      data: { uuid: dnd.uuid, exten: '*250', feature: 'enablednd', enabled: true },
    }]);
    assert.equal((await call('PUT', `/extensions/features/${dnd.uuid}`, { exten: '*25' })).status, 204);
  });

  it('MUST refuse an exten that is not an extension or a valid pattern, with every problem', async () => {
    const dnd = await byName('enablednd');
    const refused = await call('PUT', `/extensions/features/${dnd.uuid}`, { exten: '_*2[5', enabled: 'yes' });
    assert.deepEqual([refused.status, (refused.body as string[]).length], [400, 2]);
    assert.equal((await call('PUT', `/extensions/features/${dnd.uuid}`, { exten: '*25.' })).status, 400);
  });

  it('MUST refuse to give an enabled code the exten of another enabled one, naming it', async () => {
    const dnd = await byName('enablednd');
    const refused = await call('PUT', `/extensions/features/${dnd.uuid}`, { exten: '*27' });
    assert.deepEqual([refused.status, String((refused.body as string[])[0]).includes('incallfilter')], [400, true]);
    assert.equal((await call('PUT', `/extensions/features/${dnd.uuid}`, { exten: '*21' })).status, 400, 'the bare form of _*21.');
  });

  it('MUST allow a clash with a disabled code, and refuse enabling a code whose exten is taken', async () => {
    const pickup = await byName('pickup');
    const group = await byName('pickupexten');
    assert.equal((await call('PUT', `/extensions/features/${group.uuid}`, { exten: '_*8.' })).status, 204);
    assert.equal((await call('PUT', `/extensions/features/${pickup.uuid}`, { enabled: true })).status, 400);
    assert.equal((await call('PUT', `/extensions/features/${group.uuid}`, { exten: '*8' })).status, 204);
    // Directed pickup dialed alone is not a code: `_*8.` and `*8` both stay enabled.
    assert.equal((await call('PUT', `/extensions/features/${pickup.uuid}`, { enabled: true })).status, 204);
    assert.equal((await call('PUT', `/extensions/features/${pickup.uuid}`, { enabled: false })).status, 204);
  });

  it('MUST answer 404 when editing an unknown code', async () => {
    assert.equal((await call('PUT', '/extensions/features/00000000-0000-4000-8000-000000000000', { enabled: false })).status, 404);
  });
});
