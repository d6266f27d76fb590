import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lockDataDir } from './data-dir-lock.ts';
import { hasStoreErrorCode } from './errors.ts';

/** The pid of a process that has exited, hence of no live process (barring reuse). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 0;
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

describe('lockDataDir', () => {
  let directory: string;
  let counter = 0;
  const nextLockPath = (): string => join(directory, `lock-${(counter += 1)}`);
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'parley-lock-'));
  });
  after(() => rm(directory, { recursive: true, force: true }));

  it('MUST refuse a lock held by this live process with PBX_ERR_STORE_DATA_DIR_LOCKED', async () => {
    const lockPath = nextLockPath();
    await lockDataDir(lockPath);
    await assert.rejects(lockDataDir(lockPath), (error) => hasStoreErrorCode(error, 'PBX_ERR_STORE_DATA_DIR_LOCKED'));
  });

  it('MUST take over a lock left by a process that no longer runs', async () => {
    const lockPath = nextLockPath();
    await writeFile(lockPath, `${deadPid()}\n`);
    const release = await lockDataDir(lockPath);
    assert.equal(typeof release, 'function');
  });

  it('MUST take over a lock file that holds no pid', async () => {
    const lockPath = nextLockPath();
    await writeFile(lockPath, 'garbage');
    await assert.doesNotReject(lockDataDir(lockPath));
  });

  it('MUST remove the lock file on release', async () => {
    const lockPath = nextLockPath();
    const release = await lockDataDir(lockPath);
    await release();
    assert.equal(await exists(lockPath), false);
  });

  it('MUST NOT remove a lock another process took over', async () => {
    const lockPath = nextLockPath();
    const release = await lockDataDir(lockPath);
    await writeFile(lockPath, `${process.ppid}\n`);
    await release();
    assert.equal(await exists(lockPath), true);
  });
});
