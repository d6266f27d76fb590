import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from './database.ts';
import { hasStoreErrorCode, StoreQueryError } from './errors.ts';
import { openDatabase } from './open-database.ts';
import { createTestDatabase, TEST_DATABASE_KINDS, TEST_POSTGRES_URL, type TestDatabase } from './test-database.ts';

const isInvalidOptions = (error: unknown): boolean => hasStoreErrorCode(error, 'PBX_ERR_STORE_INVALID_OPTIONS');

for (const kind of TEST_DATABASE_KINDS) {
  describe(`a database, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(kind);
      await db.executeScript('CREATE TABLE item (id integer PRIMARY KEY, name text NOT NULL)');
    });
    after(() => db.close());

    it(`MUST say it is ${kind}`, () => {
      assert.equal(db.kind, kind);
    });

    it('MUST work in the schema it was opened with', async () => {
      const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
      assert.equal(rows[0]?.schema, db.schema);
    });

    it('MUST pass parameters as values, never as SQL', async () => {
      const { rows } = await db.query<{ text: string }>('SELECT $1::text AS text', ["'; DROP TABLE item; --"]);
      assert.equal(rows[0]?.text, "'; DROP TABLE item; --");
    });

    it('MUST count the rows a statement changed', async () => {
      const result = await db.query('INSERT INTO item (id, name) VALUES (1, $1), (2, $2)', ['one', 'two']);
      assert.equal(result.rowCount, 2);
    });

    it('MUST run a script of several statements', async () => {
      await db.executeScript("INSERT INTO item VALUES (10, 'ten'); INSERT INTO item VALUES (11, 'eleven');");
      const { rows } = await db.query<{ count: number }>('SELECT count(*)::integer AS count FROM item WHERE id >= 10');
      assert.equal(rows[0]?.count, 2);
    });

    it('MUST commit a transaction whose work resolves', async () => {
      await db.transaction((tx) => tx.query("INSERT INTO item VALUES (20, 'kept')"));
      const { rowCount } = await db.query('SELECT 1 FROM item WHERE id = 20');
      assert.equal(rowCount, 1);
    });

    it('MUST roll back a transaction whose work rejects, and pass its error on', async () => {
      const failure = new Error('work failed');
      const work = db.transaction(async (tx) => {
        await tx.query("INSERT INTO item VALUES (30, 'dropped')");
        throw failure;
      });
      await assert.rejects(work, (error) => error === failure);
      assert.equal((await db.query('SELECT 1 FROM item WHERE id = 30')).rowCount, 0);
    });

    it('MUST refuse a transaction handle used after its transaction ended', async () => {
      const handle = await db.transaction(async (tx) => tx);
      await assert.rejects(handle.query('SELECT 1'), /after its transaction ended/);
    });

    it('MUST report a statement the server rejects as PBX_ERR_STORE_QUERY_FAILED with its SQLSTATE', async () => {
      await assert.rejects(
        db.query('INSERT INTO item (id, name) VALUES (1, $1)', ['again']),
        (error) => error instanceof StoreQueryError && error.sqlState === '23505' && error.constraint === 'item_pkey',
      );
    });
  });
}

describe('openDatabase', () => {
  it('MUST keep two schemas of one PostgreSQL database apart', async () => {
    const [first, second] = await Promise.all([createTestDatabase('postgres'), createTestDatabase('postgres')]);
    try {
      await first.executeScript('CREATE TABLE only_in_first (id integer)');
      const { rows } = await second.query<{ found: boolean }>("SELECT to_regclass('only_in_first') IS NOT NULL AS found");
      assert.equal(rows[0]?.found, false);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('MUST report a connection killed in the middle of a transaction as PBX_ERR_STORE_UNAVAILABLE', async () => {
    const [victim, killer] = await Promise.all([createTestDatabase('postgres'), createTestDatabase('postgres')]);
    try {
      const work = victim.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await killer.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
        await tx.query('SELECT 1');
      });
      await assert.rejects(work, (error) => hasStoreErrorCode(error, 'PBX_ERR_STORE_UNAVAILABLE'));
    } finally {
      await Promise.all([victim.close(), killer.close()]);
    }
  });

  it('MUST serve again after a pooled connection was killed', async () => {
    const [victim, killer] = await Promise.all([createTestDatabase('postgres'), createTestDatabase('postgres')]);
    try {
      await victim
        .transaction(async (tx) => {
          const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await killer.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
          await tx.query('SELECT 1');
        })
        .catch(() => undefined);
      const { rowCount } = await victim.query('SELECT 1');
      assert.equal(rowCount, 1);
    } finally {
      await Promise.all([victim.close(), killer.close()]);
    }
  });

  it('MUST throw PBX_ERR_STORE_UNAVAILABLE when the server cannot be reached', async () => {
    const unreachable = new URL(TEST_POSTGRES_URL);
    unreachable.port = '1';
    await assert.rejects(openDatabase({ url: unreachable.toString() }), (error) => hasStoreErrorCode(error, 'PBX_ERR_STORE_UNAVAILABLE'));
  });

  it('MUST refuse a URL that is not postgres:// or postgresql://', async () => {
    await assert.rejects(openDatabase({ url: 'mysql://root@127.0.0.1/test' }), isInvalidOptions);
  });

  it('MUST refuse a schema name that would need quoting', async () => {
    await assert.rejects(openDatabase({ inMemory: true, schema: 'a"; DROP SCHEMA public; --' }), isInvalidOptions);
  });

  it('MUST refuse to guess where the database is without a URL, a data directory or inMemory', async () => {
    await assert.rejects(openDatabase({}), isInvalidOptions);
  });
});

describe('openDatabase on a data directory', () => {
  let dataDir: string;
  let first: Database;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-store-'));
    first = await openDatabase({ dataDir });
    await first.executeScript("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
  });
  after(async () => {
    await first.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('MUST refuse a second open of the same directory with PBX_ERR_STORE_DATA_DIR_LOCKED', async () => {
    await assert.rejects(openDatabase({ dataDir }), (error) => hasStoreErrorCode(error, 'PBX_ERR_STORE_DATA_DIR_LOCKED'));
  });

  it('MUST find its data again after a restart', async () => {
    await first.close();
    first = await openDatabase({ dataDir });
    const { rows } = await first.query<{ note: string }>('SELECT note FROM kept');
    assert.deepEqual(rows, [{ note: 'still here' }]);
  });
});
