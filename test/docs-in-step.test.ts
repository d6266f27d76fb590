/**
 * The documentation that operators rely on stays in step with the code: every error code is in
 * docs/errors.md and every code listed there exists; every setting is in the README.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_KEYS } from '../supervisors/index.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const SOURCE_FOLDERS = ['actors', 'api', 'drivers', 'media-workers', 'store', 'supervisors', 'transport'];

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, folder), { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

async function codesInCode(): Promise<Set<string>> {
  const files = (await Promise.all(SOURCE_FOLDERS.map(sourceFiles))).flat();
  const codes = new Set<string>();
  for (const file of files) {
    for (const match of (await readFile(file, 'utf8')).matchAll(/['"`](PBX_ERR_[A-Z0-9_]*[A-Z0-9])['"`]/g)) codes.add(match[1] ?? '');
  }
  return codes;
}

describe('docs/errors.md', () => {
  it('MUST list every error code the code defines, and no code the code does not define', async () => {
    const documented = new Set([...(await readFile(join(ROOT, 'docs/errors.md'), 'utf8')).matchAll(/`(PBX_ERR_[A-Z0-9_]+)`/g)].map((match) => match[1] ?? ''));
    assert.deepEqual([...documented].sort(), [...(await codesInCode())].sort());
  });
});

describe('README configuration', () => {
  it('MUST list every flag and environment variable', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const missing = CONFIG_KEYS.flatMap((key) => [key.flag, key.env]).filter((name) => !readme.includes(`\`${name}\``));
    assert.deepEqual(missing, []);
  });
});
