import { readFile, unlink, writeFile } from 'node:fs/promises';
import { DataDirLockedError } from './errors.ts';

/** Releases a lock taken by `lockDataDir`. */
export type ReleaseDataDirLock = () => Promise<void>;

/**
 * Takes an exclusive lock on an embedded database directory for this process.
 *
 * @remarks
 * The embedded engine has no postmaster to refuse a second server on the same files, and two
 * processes writing one data directory corrupt it. The lock is a file created with `O_EXCL`
 * holding the owner's pid; a lock whose owner is no longer alive (a crash) is taken over.
 * Throws `DataDirLockedError` when a live process, this one included, holds it.
 */
export async function lockDataDir(lockPath: string, ownPid: number = process.pid): Promise<ReleaseDataDirLock> {
  if (!(await tryCreateLock(lockPath, ownPid))) {
    const holder = await readHolder(lockPath);
    if (holder !== undefined && isAlive(holder)) {
      throw new DataDirLockedError(`the embedded database is in use by process ${holder} (lock file ${lockPath})`);
    }
    await unlink(lockPath).catch(ignoreMissing);
    if (!(await tryCreateLock(lockPath, ownPid))) {
      throw new DataDirLockedError(`another process took the embedded database lock ${lockPath} at the same time`);
    }
  }
  return async () => {
    if ((await readHolder(lockPath)) === ownPid) await unlink(lockPath).catch(ignoreMissing);
  };
}

async function tryCreateLock(lockPath: string, ownPid: number): Promise<boolean> {
  try {
    await writeFile(lockPath, `${ownPid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

async function readHolder(lockPath: string): Promise<number | undefined> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}

function ignoreMissing(error: unknown): void {
  if (errorCode(error) !== 'ENOENT') throw error;
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
}
