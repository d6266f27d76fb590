import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { TenantUuid } from '../ids.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { readConfigurationVersion } from './configuration-version.ts';
import { createIvr, deleteIvr, findIvr, listIvrPage, updateIvr } from './ivrs.ts';

const SALES = { type: 'user', user_id: 12 } as const;
const HANGUP = { type: 'hangup', cause: 'normal' } as const;

for (const kind of TEST_DATABASE_KINDS) {
  describe(`IVRs, on ${kind}`, () => {
    let db: TestDatabase;
    let tenant: TenantUuid;
    let other: TenantUuid;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      const { rows } = await db.query<{ uuid: TenantUuid }>('SELECT uuid::text FROM tenant WHERE is_default');
      tenant = rows[0]?.uuid ?? ('' as TenantUuid);
      const created = await db.query<{ uuid: TenantUuid }>(`INSERT INTO tenant (name) VALUES ('other') RETURNING uuid::text`);
      other = created.rows[0]?.uuid ?? ('' as TenantUuid);
    });
    after(() => db.close());

    it('MUST create an IVR with Wazo’s defaults and its choices in order', async () => {
      const ivr = expectWritten(await createIvr(db, {
        tenantUuid: tenant, name: 'main', menuSound: 'ivr/choices',
        choices: [{ exten: '2', destination: HANGUP }, { exten: '1', destination: SALES }],
      }));
      assert.deepEqual(
        [ivr.timeout, ivr.maxTries, ivr.greetingSound, ivr.invalidDestination, ivr.choices],
        [5, 3, null, null, [{ exten: '2', destination: HANGUP }, { exten: '1', destination: SALES }]],
      );
      assert.deepEqual(await findIvr(db, String(ivr.id), [tenant]), ivr);
    });

    it('MUST refuse two choices with one exten and create nothing then', async () => {
      const before = await listIvrPage(db, [tenant], { order: 'id' });
      const result = await createIvr(db, { tenantUuid: tenant, name: 'twice', menuSound: 'menu', choices: [{ exten: '1', destination: SALES }, { exten: '1', destination: HANGUP }] });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_DUPLICATE', 'ivr_choice_exten_key']);
      assert.equal((await listIvrPage(db, [tenant], { order: 'id' })).total, before.total);
    });

    it('MUST refuse a sound name that leaves the sound folder', async () => {
      for (const sound of ['../etc/passwd', '/var/lib/sounds/x', 'a/../b', '.hidden', 'a//b']) {
        const result = await createIvr(db, { tenantUuid: tenant, name: 'bad', menuSound: sound });
        assert.equal(result.type === 'error' && result.constraint, 'ivr_sound_check', sound);
      }
    });

    it('MUST update partly, replace the choices when given, and clear a field set to null', async () => {
      const ivr = expectWritten(await createIvr(db, { tenantUuid: tenant, name: 'edit', menuSound: 'menu', greetingSound: 'hello', choices: [{ exten: '1', destination: SALES }] }));
      const renamed = expectWritten(await updateIvr(db, String(ivr.id), [tenant], { name: 'edited', abortDestination: HANGUP, greetingSound: null }));
      assert.deepEqual([renamed.name, renamed.greetingSound, renamed.abortDestination, renamed.choices.length], ['edited', null, HANGUP, 1]);
      const replaced = expectWritten(await updateIvr(db, String(ivr.id), [tenant], { choices: [{ exten: '9', destination: HANGUP }] }));
      assert.deepEqual(replaced.choices, [{ exten: '9', destination: HANGUP }]);
    });

    it('MUST keep IVRs within their tenants and move the configuration version on each change', async () => {
      const ivr = expectWritten(await createIvr(db, { tenantUuid: other, name: 'elsewhere', menuSound: 'menu' }));
      assert.equal(await findIvr(db, String(ivr.id), [tenant]), undefined);
      assert.equal((await updateIvr(db, String(ivr.id), [tenant], { name: 'stolen' })).type, 'error');
      assert.equal(await deleteIvr(db, String(ivr.id), [tenant]), undefined);
      const version = await readConfigurationVersion(db);
      assert.equal((await deleteIvr(db, String(ivr.id), [other]))?.name, 'elsewhere');
      assert.ok((await readConfigurationVersion(db)) > version);
      assert.equal((await db.query('SELECT 1 FROM ivr_choice WHERE ivr_id = $1', [ivr.id])).rows.length, 0);
    });

    it('MUST list with total, search and order', async () => {
      const page = await listIvrPage(db, [tenant], { order: 'name', direction: 'desc', search: 'EDIT' });
      assert.deepEqual([page.filtered, page.items.map((item) => item.name)], [1, ['edited']]);
      assert.ok(page.total >= 2);
    });
  });
}
