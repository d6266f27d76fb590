import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { hasStoreErrorCode } from './errors.ts';
import { checkVersions, loadMigrations } from './migration-files.ts';

async function withDirectory(files: Record<string, string>, use: (directory: URL) => Promise<void>): Promise<void> {
  const path = await mkdtemp(join(tmpdir(), 'parley-migrations-'));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(path, name), content);
    await use(pathToFileURL(`${path}/`));
  } finally {
    await rm(path, { recursive: true, force: true });
  }
}

const isInvalid = (error: unknown): boolean => hasStoreErrorCode(error, 'PBX_ERR_STORE_MIGRATION_INVALID');

describe('loadMigrations', () => {
  it('MUST find the shipped migrations beside the module, starting with 0001-foundation', async () => {
    const [first] = await loadMigrations();
    assert.deepEqual({ version: first?.version, name: first?.name }, { version: 1, name: 'foundation' });
  });

  it('MUST sort migrations by version', async () => {
    await withDirectory({ '0002-second.sql': 'SELECT 2', '0001-first.sql': 'SELECT 1' }, async (directory) => {
      const migrations = await loadMigrations(directory);
      assert.deepEqual(migrations.map((migration) => migration.name), ['first', 'second']);
    });
  });

  it('MUST ignore files that are not .sql', async () => {
    await withDirectory({ '0001-first.sql': 'SELECT 1', 'README.md': 'notes' }, async (directory) => {
      assert.equal((await loadMigrations(directory)).length, 1);
    });
  });

  it('MUST reject an .sql file not named NNNN-name.sql with PBX_ERR_STORE_MIGRATION_INVALID', async () => {
    await withDirectory({ '0001-first.sql': 'SELECT 1', '2-second.sql': 'SELECT 2' }, async (directory) => {
      await assert.rejects(loadMigrations(directory), isInvalid);
    });
  });

  it('MUST reject two migrations with one version', async () => {
    await withDirectory({ '0001-first.sql': 'SELECT 1', '0001-other.sql': 'SELECT 2' }, async (directory) => {
      await assert.rejects(loadMigrations(directory), isInvalid);
    });
  });

  it('MUST reject a directory without migrations', async () => {
    await withDirectory({}, async (directory) => {
      await assert.rejects(loadMigrations(directory), isInvalid);
    });
  });
});

describe('checkVersions', () => {
  it('MUST reject a version below 1', () => {
    assert.throws(() => checkVersions([{ version: 0, name: 'zero', sql: '' }]), isInvalid);
  });
});
