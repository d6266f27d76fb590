import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { TenantUuid } from '../ids.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { createMohClass, DEFAULT_MOH_CLASS, findMohClass, listMohClasses, type MohPlayOrder } from './moh-classes.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`music-on-hold classes, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
    });
    after(() => db.close());

    it("MUST give the default tenant a 'default' class playing its files in sorted order", async () => {
      const moh = await findMohClass(db, DEFAULT_MOH_CLASS);
      assert.deepEqual([moh?.mode, moh?.playOrder, moh?.application], ['files', 'sorted', null]);
    });

    it("MUST give a tenant created later its own 'default' class", async () => {
      const { rows } = await db.query<{ uuid: TenantUuid }>("INSERT INTO tenant (name) VALUES ('later') RETURNING uuid");
      const tenantUuid = rows[0]?.uuid;
      assert.ok(tenantUuid !== undefined);
      const classes = await listMohClasses(db, tenantUuid);
      assert.deepEqual(classes.map((moh) => moh.name), [DEFAULT_MOH_CLASS]);
    });

    it('MUST create a custom class with its application', async () => {
      const moh = expectWritten(await createMohClass(db, { name: 'stream', mode: 'custom', application: '/usr/bin/feed --mono' }));
      assert.deepEqual([moh.mode, moh.application], ['custom', '/usr/bin/feed --mono']);
    });

    it('MUST refuse a second class of one name in a tenant, naming moh_tenant_name_key', async () => {
      const result = await createMohClass(db, { name: DEFAULT_MOH_CLASS });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_DUPLICATE', 'moh_tenant_name_key']);
    });

    it('MUST refuse a name that could leave the sound directory', async () => {
      const result = await createMohClass(db, { name: '../etc' });
      assert.equal(result.type === 'error' && result.constraint, 'moh_name_check');
    });

    it('MUST refuse a custom class whose application is empty', async () => {
      const result = await createMohClass(db, { name: 'silent', mode: 'custom', application: '' });
      assert.equal(result.type === 'error' && result.constraint, 'moh_application_check');
    });

    it('MUST refuse an unknown play order, naming moh_play_order_check', async () => {
      const result = await createMohClass(db, { name: 'odd', playOrder: 'alphabetical' as MohPlayOrder });
      assert.equal(result.type === 'error' && result.constraint, 'moh_play_order_check');
    });

    it('MUST list the classes of the tenant by name', async () => {
      expectWritten(await createMohClass(db, { name: 'jazz', label: 'Jazz', playOrder: 'random' }));
      const names = (await listMohClasses(db)).map((moh) => moh.name);
      assert.deepEqual(names, [...names].sort());
    });
  });
}
