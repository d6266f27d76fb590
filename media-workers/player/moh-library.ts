/**
 * Music-on-hold classes: a class is a folder of sound files under the MOH directory.
 *
 * @remarks
 * Class names come from configuration and API calls, so they are restricted to
 * `[A-Za-z0-9_-]{1,64}`: no path separators, no `..`, nothing outside the MOH directory can be
 * reached. Files play in name order (or shuffled by the caller); hidden files and files of other
 * types are ignored. The `default` class is generated on first use when missing.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MEDIA_ERROR_CODES, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';
import { DEFAULT_MOH_CLASS, ensureDefaultMohClass } from './default-moh.ts';
import { isSoundFileName, loadSoundFile } from './sound-file.ts';

const CLASS_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Most files of one class loaded for playback. */
export const MAX_MOH_FILES = 64;

/** Loads every sound of a music-on-hold class, in file-name order. */
export async function loadMohClass(mohDirectory: string, mohClass: string): Promise<readonly Int16Array[] | MediaFailure> {
  if (!CLASS_NAME.test(mohClass)) return mediaFailure(MEDIA_ERROR_CODES.invalidCommand, `invalid music-on-hold class name ${JSON.stringify(mohClass)}`);
  try {
    if (mohClass === DEFAULT_MOH_CLASS) await ensureDefaultMohClass(mohDirectory);
    const classDirectory = join(mohDirectory, mohClass);
    const names = (await readdir(classDirectory)).filter((name) => !name.startsWith('.') && isSoundFileName(name)).sort().slice(0, MAX_MOH_FILES);
    const tracks: Int16Array[] = [];
    for (const name of names) {
      const loaded = await loadSoundFile(join(classDirectory, name));
      if (loaded instanceof Int16Array) tracks.push(loaded);
    }
    if (tracks.length === 0) return mediaFailure(MEDIA_ERROR_CODES.mohClassEmpty, `music-on-hold class ${mohClass} has no playable file`);
    return tracks;
  } catch (error) {
    return mediaFailure(MEDIA_ERROR_CODES.mohClassEmpty, `music-on-hold class ${mohClass} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}
