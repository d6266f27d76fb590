import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { TenantUuid } from '../ids.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { countUsers, createUser } from './users.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`createUser, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
    });
    after(() => db.close());

    it('MUST give a new user the defaults: ring 30 s, 5 simultaneous calls, enabled, default tenant', async () => {
      const user = expectWritten(await createUser(db, { firstname: 'Ada' }));
      const { rows } = await db.query<{ uuid: string }>('SELECT uuid FROM tenant WHERE is_default');
      assert.deepEqual(
        [user.ringSeconds, user.simultaneousCalls, user.enabled, user.tenantUuid],
        [30, 5, true, rows[0]?.uuid],
      );
    });

    it('MUST give each user a uuid of its own', async () => {
      const first = expectWritten(await createUser(db, { firstname: 'Uuid', lastname: 'One' }));
      const second = expectWritten(await createUser(db, { firstname: 'Uuid', lastname: 'Two' }));
      assert.notEqual(first.uuid, second.uuid);
    });

    it('MUST refuse ring_seconds that is not a multiple of 5, naming users_ring_seconds_check', async () => {
      const result = await createUser(db, { firstname: 'Ring', ringSeconds: 12 });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_INVALID_VALUE', 'users_ring_seconds_check']);
    });

    it('MUST refuse ring_seconds of 0', async () => {
      const result = await createUser(db, { firstname: 'Ring', ringSeconds: 0 });
      assert.equal(result.type === 'error' && result.constraint, 'users_ring_seconds_check');
    });

    it('MUST accept ring_seconds of 5', async () => {
      const result = await createUser(db, { firstname: 'Ring', ringSeconds: 5 });
      assert.equal(result.type, 'ok');
    });

    it('MUST refuse a fractional ring_seconds as an invalid value', async () => {
      const result = await createUser(db, { firstname: 'Ring', ringSeconds: 30.5 });
      assert.equal(result.type === 'error' && result.code, 'PBX_ERR_STORE_INVALID_VALUE');
    });

    it('MUST refuse simultaneous_calls of 0', async () => {
      const result = await createUser(db, { firstname: 'Calls', simultaneousCalls: 0 });
      assert.equal(result.type === 'error' && result.constraint, 'users_simultaneous_calls_check');
    });

    it('MUST refuse an e-mail already used, whatever its case, naming users_email_key', async () => {
      expectWritten(await createUser(db, { firstname: 'Mail', email: 'mail@example.com' }));
      const result = await createUser(db, { firstname: 'Mail', email: 'MAIL@example.com' });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_DUPLICATE', 'users_email_key']);
    });

    it('MUST allow any number of users without an e-mail', async () => {
      expectWritten(await createUser(db, { firstname: 'NoMail' }));
      const result = await createUser(db, { firstname: 'NoMail' });
      assert.equal(result.type, 'ok');
    });

    it('MUST refuse a caller id carrying CR LF (SIP header injection)', async () => {
      const result = await createUser(db, { firstname: 'Evil', callerId: '"Evil" <1000>\r\nX-Injected: yes' });
      assert.equal(result.type === 'error' && result.constraint, 'users_caller_id_check');
    });

    it('MUST refuse an empty first name', async () => {
      const result = await createUser(db, { firstname: '' });
      assert.equal(result.type === 'error' && result.constraint, 'users_firstname_check');
    });

    it('MUST refuse a malformed tenant uuid as an invalid value', async () => {
      const result = await createUser(db, { firstname: 'Tenant', tenantUuid: 'not-a-uuid' as TenantUuid });
      assert.equal(result.type === 'error' && result.code, 'PBX_ERR_STORE_INVALID_VALUE');
    });

    it('MUST refuse an unknown tenant as a broken reference', async () => {
      const result = await createUser(db, { firstname: 'Tenant', tenantUuid: '00000000-0000-4000-8000-000000000000' as TenantUuid });
      assert.equal(result.type === 'error' && result.code, 'PBX_ERR_STORE_BROKEN_REFERENCE');
    });

    it('MUST count the users created', async () => {
      const before = await countUsers(db);
      expectWritten(await createUser(db, { firstname: 'Counted' }));
      assert.equal(await countUsers(db), before + 1);
    });
  });
}

for (const kind of TEST_DATABASE_KINDS) {
  describe(`createUser caller ids and userfield, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
    });
    after(() => db.close());

    it("MUST give a new user the outgoing caller id 'default' and no userfield", async () => {
      const user = expectWritten(await createUser(db, { firstname: 'Out' }));
      assert.deepEqual([user.outgoingCallerId, user.userfield], ['default', null]);
    });

    it('MUST keep an explicit outgoing caller id and userfield', async () => {
      const user = expectWritten(
        await createUser(db, { firstname: 'Out', outgoingCallerId: '"Sales" <5551234>', userfield: 'sales,paris' }),
      );
      assert.deepEqual([user.outgoingCallerId, user.userfield], ['"Sales" <5551234>', 'sales,paris']);
    });

    it('MUST refuse an outgoing caller id carrying CR LF, naming users_outgoing_caller_id_check', async () => {
      const result = await createUser(db, { firstname: 'Evil', outgoingCallerId: 'anonymous\r\nX-Injected: yes' });
      assert.equal(result.type === 'error' && result.constraint, 'users_outgoing_caller_id_check');
    });
  });
}
