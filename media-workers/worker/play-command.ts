/**
 * Runs `leg.play`: loads the sound (a file, or every file of a music-on-hold class) and starts
 * playing it into the leg.
 *
 * @remarks
 * Loading is asynchronous; when the session was destroyed (or the leg closed by a promote or remove)
 * meanwhile, nothing is started. The end is reported under the leg's name at that time (a consult
 * leg promoted while playing is named by its new slot). The file
 * path is used as given: resolving prompt names to paths (and keeping them inside the sounds
 * directory) is the caller's job.
 */
import type { MediaClock } from '../clock.ts';
import { MEDIA_ERROR_CODES, isMediaFailure, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';
import type { MediaCommand, MediaEvent, PlaySource } from '../media-protocol.ts';
import { startLegPlayback } from '../player/leg-playback.ts';
import { loadMohClass } from '../player/moh-library.ts';
import { loadSoundFile } from '../player/sound-file.ts';
import type { MediaSession } from '../session/media-session.ts';

/** What {@link startPlay} needs from its host. */
export type PlayContext = {
  readonly clock: MediaClock;
  readonly random: () => number;
  readonly mohDirectory: string;
  /** Whether the session is still hosted (it may be destroyed while the sound loads). */
  readonly isCurrent: () => boolean;
  readonly emit: (event: MediaEvent) => void;
};

/** Loads and starts a playback; returns a failure value, or `undefined` once playing. */
export async function startPlay(session: MediaSession, command: Extract<MediaCommand, { type: 'leg.play' }>, context: PlayContext): Promise<MediaFailure | undefined> {
  const leg = session.leg(command.leg);
  if (leg === undefined) return mediaFailure(MEDIA_ERROR_CODES.legNotFound, `media session ${session.sessionId} has no leg ${command.leg}`);
  const source: PlaySource = 'file' in command ? { type: 'file', file: command.file } : { type: 'moh', mohClass: command.mohClass, order: command.order ?? 'sequential' };
  const loaded = source.type === 'file' ? await loadSoundFile(source.file) : await loadMohClass(context.mohDirectory, source.mohClass);
  if (isMediaFailure(loaded)) return loaded;
  if (!context.isCurrent()) return mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `media session ${session.sessionId} ended while the sound loaded`);
  if (!session.holds(leg)) return mediaFailure(MEDIA_ERROR_CODES.legNotFound, `leg ${command.leg} of media session ${session.sessionId} closed while the sound loaded`);
  const tracks = loaded instanceof Int16Array ? [loaded] : loaded;
  startLegPlayback(leg, source, tracks, {
    clock: context.clock,
    random: context.random,
    onEnd: () => context.emit({ type: 'leg.play_finished', sessionId: session.sessionId, leg: leg.name }),
  });
  return undefined;
}
