/**
 * The mixers hosted by one worker, and the `mixer.*` commands that act on them.
 *
 * @remarks
 * A mixer's members are sessions of the same worker (the pool moves a session onto the mixer's
 * worker before it joins). A session is a member of one mixer at most. A member session destroyed
 * (or moved away) leaves its mixer first. `mixer.play` replies once the file is loaded and queued;
 * a file that cannot be loaded fails the command and is also reported as `mixer.play_failed`, so
 * that a caller that does not wait for the reply (a join sound) learns it too.
 */
import type { MediaClock } from '../clock.ts';
import { MEDIA_ERROR_CODES, isMediaFailure, mediaFailure } from '../errors.ts';
import type { MediaCommand, MediaEvent, MediaReply, MediaSessionId, MixerCommand, MixerId } from '../media-protocol.ts';
import { Mixer } from '../mixer/mixer.ts';
import { loadSoundFile } from '../player/sound-file.ts';
import type { MediaSession } from '../session/media-session.ts';

type AnyReply = MediaReply<MediaCommand['type']>;
const OK = { type: 'ok' } as const;

/** What the mixers need from their worker. */
export type MixerHostContext = {
  readonly clock: MediaClock;
  readonly emit: (event: MediaEvent) => void;
  /** The session hosted under this id on this worker. */
  readonly sessionOf: (sessionId: MediaSessionId) => MediaSession | undefined;
};

/** Hosts the mixers of one worker thread. */
export class MixerHost {
  readonly #context: MixerHostContext;
  readonly #mixers = new Map<MixerId, Mixer>();
  /** The mixer each member session is in. */
  readonly #memberOf = new Map<MediaSessionId, Mixer>();

  constructor(context: MixerHostContext) {
    this.#context = context;
  }

  /** Number of mixers hosted. */
  get size(): number {
    return this.#mixers.size;
  }

  /** Runs one mixer command (already checked by `validateMixerCommand`). */
  async execute(command: MixerCommand): Promise<AnyReply> {
    if (command.type === 'mixer.create') return this.#create(command);
    const mixer = this.#mixers.get(command.mixerId);
    if (mixer === undefined) return mediaFailure(MEDIA_ERROR_CODES.mixerNotFound, `no mixer ${command.mixerId} on this worker`);
    switch (command.type) {
      case 'mixer.join':
        return this.#join(mixer, command.sessionId, command.muted ?? false);
      case 'mixer.leave':
        if (!mixer.has(command.sessionId)) return notMember(mixer, command.sessionId);
        this.#leave(mixer, command.sessionId);
        return OK;
      case 'mixer.mute':
        return mixer.mute(command.sessionId, command.muted) ? OK : notMember(mixer, command.sessionId);
      case 'mixer.play':
        return this.#play(mixer, command.file);
      case 'mixer.record':
        return mixer.record(command.file) ? OK : mediaFailure(MEDIA_ERROR_CODES.alreadyRecording, `mixer ${mixer.mixerId} is already recording into ${mixer.recordingFile ?? ''}`);
      case 'mixer.stop_record':
        mixer.stopRecord();
        return OK;
      case 'mixer.destroy':
        this.#destroy(mixer);
        return { type: 'mixer.destroyed', mixerId: mixer.mixerId };
    }
  }

  /** Takes a session out of its mixer before it is destroyed or moved away. */
  sessionEnded(sessionId: MediaSessionId): void {
    const mixer = this.#memberOf.get(sessionId);
    if (mixer !== undefined) this.#leave(mixer, sessionId);
  }

  /** Ends every mixer (worker shutdown). */
  closeAll(): void {
    for (const mixer of [...this.#mixers.values()]) this.#destroy(mixer);
  }

  #create(command: Extract<MixerCommand, { type: 'mixer.create' }>): AnyReply {
    if (this.#mixers.has(command.mixerId)) return mediaFailure(MEDIA_ERROR_CODES.mixerExists, `mixer ${command.mixerId} already exists`);
    this.#mixers.set(command.mixerId, new Mixer(command.mixerId, command.talkDetection, this.#context.clock, this.#context.emit));
    return { type: 'mixer.created', mixerId: command.mixerId };
  }

  #join(mixer: Mixer, sessionId: MediaSessionId, muted: boolean): AnyReply {
    const session = this.#context.sessionOf(sessionId);
    if (session === undefined) return mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `no media session ${sessionId} on the worker of mixer ${mixer.mixerId}`);
    const current = this.#memberOf.get(sessionId);
    if (current !== undefined) return mediaFailure(MEDIA_ERROR_CODES.alreadyMember, `media session ${sessionId} is already a member of mixer ${current.mixerId}`);
    mixer.join(session, muted);
    this.#memberOf.set(sessionId, mixer);
    return OK;
  }

  #leave(mixer: Mixer, sessionId: MediaSessionId): void {
    mixer.leave(sessionId);
    if (this.#memberOf.get(sessionId) === mixer) this.#memberOf.delete(sessionId);
  }

  async #play(mixer: Mixer, file: string): Promise<AnyReply> {
    const loaded = await loadSoundFile(file);
    if (isMediaFailure(loaded)) {
      this.#context.emit({ type: 'mixer.play_failed', mixerId: mixer.mixerId, file, error: loaded });
      return loaded;
    }
    if (this.#mixers.get(mixer.mixerId) !== mixer) return mediaFailure(MEDIA_ERROR_CODES.mixerNotFound, `mixer ${mixer.mixerId} ended while the sound loaded`);
    mixer.play(file, loaded);
    return OK;
  }

  #destroy(mixer: Mixer): void {
    for (const { sessionId } of mixer.snapshot().members) this.#memberOf.delete(sessionId);
    mixer.destroy();
    this.#mixers.delete(mixer.mixerId);
  }
}

function notMember(mixer: Mixer, sessionId: MediaSessionId): AnyReply {
  return mediaFailure(MEDIA_ERROR_CODES.notMember, `media session ${sessionId} is not a member of mixer ${mixer.mixerId}`);
}
