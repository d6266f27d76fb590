import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database, DatabaseKind } from './database.ts';
import { migrate } from './migrate.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';

/** The engines every store test runs against. */
export const TEST_DATABASE_KINDS: readonly DatabaseKind[] = ['postgres', 'pglite'];

/**
 * The PostgreSQL server tests use: `PARLEY_TEST_DATABASE_URL`, else a local server's `test`
 * database.
 */
export const TEST_POSTGRES_URL = process.env['PARLEY_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database of its own for one test, with the schema it lives in. */
export interface TestDatabase extends Database {
  readonly schema: string;
}

let pgliteTemplate: Promise<Blob> | undefined;

/**
 * Opens an empty database in a schema of its own, `t_<random>`, for one test.
 *
 * @remarks
 * On PostgreSQL the schema isolates the test from the others running in parallel on the same
 * database, and `close()` drops it. On the embedded engine the database is in memory and
 * starts from a cached, freshly initialised data directory, about three times faster than
 * running initdb each time.
 */
export async function createTestDatabase(kind: DatabaseKind = 'postgres'): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  if (kind === 'pglite') {
    pgliteTemplate ??= createPgliteTemplate();
    const database = await openPgliteDatabase({ schema, template: await pgliteTemplate });
    return { ...database, schema };
  }
  const database = await openPostgresDatabase({ url: TEST_POSTGRES_URL, schema, poolSize: 4 });
  return {
    ...database,
    schema,
    async close() {
      try {
        await database.executeScript(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await database.close();
      }
    },
  };
}

/**
 * Opens a test database as `createTestDatabase` does and applies every migration.
 *
 * @remarks
 * For tests of repositories and of code above the store, which need the schema but do not test
 * the migrations themselves.
 */
export async function createMigratedTestDatabase(kind: DatabaseKind = 'postgres'): Promise<TestDatabase> {
  const database = await createTestDatabase(kind);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/**
 * A freshly initialised data directory of the embedded engine, as a tarball.
 *
 * @remarks
 * initdb takes seconds; loading its result takes a third of that. The tarball is cached in the
 * temporary directory, keyed by the engine's version, so that the test files of one run (each
 * in its own process) and the following runs share it. It is written under a unique name and
 * renamed into place, so a reader never sees half of it.
 */
async function createPgliteTemplate(): Promise<Blob> {
  const cachePath = join(tmpdir(), `parley-pglite-template-${await pgliteVersion()}.tar`);
  const cached = await readFile(cachePath).catch(() => undefined);
  if (cached !== undefined) return new Blob([cached]);
  const engine = await PGlite.create();
  try {
    const template = await engine.dumpDataDir('none');
    const partialPath = `${cachePath}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partialPath, new Uint8Array(await template.arrayBuffer()));
    await rename(partialPath, cachePath);
    return template;
  } finally {
    await engine.close();
  }
}

async function pgliteVersion(): Promise<string> {
  const manifestUrl = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  const manifest: unknown = JSON.parse(await readFile(manifestUrl, 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, 'version') : undefined;
  if (typeof version !== 'string') throw new Error(`no version in ${manifestUrl.href}`);
  return version;
}
