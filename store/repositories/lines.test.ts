import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { TenantUuid } from '../ids.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { createContext } from './contexts.ts';
import { createSipLine, listLines } from './lines.ts';

async function countEndpoints(db: TestDatabase, username: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::integer AS count FROM endpoint_sip WHERE username = $1', [username]);
  return rows[0]?.count ?? 0;
}

for (const kind of TEST_DATABASE_KINDS) {
  describe(`createSipLine, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      expectWritten(await createContext(db, { name: 'default' }));
    });
    after(() => db.close());

    it('MUST create a SIP line at position 1 bound to an endpoint with the username', async () => {
      const line = expectWritten(await createSipLine(db, { username: 'alice', secret: 's3cret', context: 'default' }));
      assert.deepEqual([line.protocol, line.position, line.username, line.context], ['sip', 1, 'alice', 'default']);
    });

    it('MUST draw a six-digit provisioning code not starting with 0', async () => {
      const line = expectWritten(await createSipLine(db, { username: 'provisioned', secret: 's3cret', context: 'default' }));
      assert.match(line.provisioningCode, /^[1-9][0-9]{5}$/);
    });

    it('MUST refuse a username already taken, naming endpoint_sip_username_key', async () => {
      expectWritten(await createSipLine(db, { username: 'taken', secret: 'one', context: 'default' }));
      const result = await createSipLine(db, { username: 'taken', secret: 'two', context: 'default' });
      assert.deepEqual(result.type === 'error' && [result.code, result.constraint], ['PBX_ERR_STORE_DUPLICATE', 'endpoint_sip_username_key']);
    });

    it('MUST leave no endpoint behind when the line is refused for an unknown context', async () => {
      const result = await createSipLine(db, { username: 'orphan', secret: 's3cret', context: 'missing' });
      assert.equal(result.type === 'error' && result.constraint, 'line_context_fkey');
      assert.equal(await countEndpoints(db, 'orphan'), 0);
    });

    it('MUST refuse a username with characters a SIP user part cannot hold unescaped', async () => {
      const result = await createSipLine(db, { username: 'bob@example.com', secret: 's3cret', context: 'default' });
      assert.equal(result.type === 'error' && result.constraint, 'endpoint_sip_username_check');
    });

    it('MUST refuse an empty secret', async () => {
      const result = await createSipLine(db, { username: 'nosecret', secret: '', context: 'default' });
      assert.equal(result.type === 'error' && result.constraint, 'endpoint_sip_secret_check');
    });
  });

  describe(`listLines, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      expectWritten(await createContext(db, { name: 'default' }));
      for (const username of ['l1', 'l2', 'l3']) {
        expectWritten(await createSipLine(db, { username, secret: 's3cret', context: 'default' }));
      }
    });
    after(() => db.close());

    it('MUST list the lines in creation order with their usernames', async () => {
      const lines = await listLines(db);
      assert.deepEqual(lines.map((line) => line.username), ['l1', 'l2', 'l3']);
    });

    it('MUST honour limit and offset', async () => {
      const lines = await listLines(db, { limit: 1, offset: 1 });
      assert.deepEqual(lines.map((line) => line.username), ['l2']);
    });

    it('MUST list only the lines of the tenant asked for', async () => {
      const lines = await listLines(db, { tenantUuid: '00000000-0000-4000-8000-000000000000' as TenantUuid });
      assert.deepEqual(lines, []);
    });
  });
}
