/**
 * The media port of conference rooms: each room's mixer orders run on the media pool, in order
 * (a mixer exists before its members join), with sounds looked up in the room's tenant and
 * recordings written under the node's conference folder.
 *
 * @remarks
 * One mixer per room, named `conference-<id>`; each participant's media session (the call's, keyed
 * by the call id) becomes a member. A failed order is logged and the room goes on: a participant
 * whose session could not join hears nothing of the mix, which the room cannot mend (its call
 * still ends normally). Recordings go to `<conference dir>/<tenant>/<conference id>/<time>-<uuid>.wav`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { conference, Logger } from '../../actors/index.ts';
import { MEDIA_ERROR_CODES, type MediaCommand, type MediaEvent, type MediaPool, type MediaSessionId, type MixerId } from '../../media-workers/index.ts';
import { findPromptFile } from '../calls/prompt-files.ts';

export interface ConferenceMixersOptions {
  readonly pool: Pick<MediaPool, 'request'>;
  readonly soundsDir: string;
  /** The folder the rooms' recordings go under. */
  readonly directory: string;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
  readonly now?: () => number;
  /** The language of the sounds played into a mix. */
  readonly language: string;
}

/** A room's mixer as the pool knows it. */
export function mixerIdOf(conferenceId: number): MixerId {
  return `conference-${conferenceId}` as MixerId;
}

/** The room of a mixer id, when it is a room's. */
export function conferenceIdOfMixer(mixerId: string): number | undefined {
  const match = /^conference-([0-9]+)$/.exec(mixerId);
  return match === null ? undefined : Number(match[1]);
}

export interface ConferenceMixers {
  /** The mixer port of one room. */
  forRoom(conferenceId: number, tenantUuid: string): (effect: conference.MixerEffect) => void;
  /** The file a room records into now, if it records. */
  recordingOf(conferenceId: number): string | undefined;
  /** Takes the pool's events: a recording that ended or failed is forgotten. */
  onMediaEvent(event: MediaEvent): void;
}

export function createConferenceMixers(options: ConferenceMixersOptions): ConferenceMixers {
  const now = options.now ?? Date.now;
  /** Each room's orders, chained so they reach the pool in order. */
  const queues = new Map<number, Promise<void>>();
  const recordings = new Map<number, string>();

  const send = async (conferenceId: number, command: MediaCommand): Promise<void> => {
    try {
      const reply = await options.pool.request(command);
      // A call that ended released its media session, which left the mixer with it: its leave finds nothing.
      if (reply.type === 'error' && command.type === 'mixer.leave' && reply.code === MEDIA_ERROR_CODES.notMember) return;
      if (reply.type === 'error') options.logger.warn({ conferenceId, command: command.type, code: reply.code, reason: reply.message }, 'mixer order failed');
    } catch (error) {
      options.logger.error({ conferenceId, command: command.type, error: String(error) }, 'mixer order failed');
    }
  };

  const commandOf = async (conferenceId: number, tenantUuid: string, effect: conference.MixerEffect): Promise<MediaCommand | undefined> => {
    const mixerId = mixerIdOf(conferenceId);
    switch (effect.type) {
      case 'mixer.create':
        return { type: 'mixer.create', mixerId };
      case 'mixer.join':
        return { type: 'mixer.join', mixerId, sessionId: effect.callId as MediaSessionId, muted: effect.muted };
      case 'mixer.leave':
        return { type: 'mixer.leave', mixerId, sessionId: effect.callId as MediaSessionId };
      case 'mixer.mute':
        return { type: 'mixer.mute', mixerId, sessionId: effect.callId as MediaSessionId, muted: effect.muted };
      case 'mixer.play': {
        const file = await findPromptFile(options.soundsDir, { sound: effect.sound, tenantUuid, language: options.language });
        if (file === undefined) options.logger.warn({ conferenceId, sound: effect.sound }, 'conference sound not found');
        return file === undefined ? undefined : { type: 'mixer.play', mixerId, file };
      }
      case 'mixer.record': {
        const folder = join(options.directory, tenantUuid, String(conferenceId));
        await mkdir(folder, { recursive: true });
        const file = join(folder, `${now()}-${randomUUID()}.wav`);
        recordings.set(conferenceId, file);
        return { type: 'mixer.record', mixerId, file };
      }
      case 'mixer.stop_record':
        return { type: 'mixer.stop_record', mixerId };
      case 'mixer.destroy':
        return { type: 'mixer.destroy', mixerId };
      default:
        return effect satisfies never;
    }
  };

  return {
    forRoom(conferenceId, tenantUuid) {
      return (effect) => {
        const previous = queues.get(conferenceId) ?? Promise.resolve();
        const next = previous.then(async () => {
          const command = await commandOf(conferenceId, tenantUuid, effect);
          if (command !== undefined) await send(conferenceId, command);
        }).catch((error: unknown) => options.logger.error({ conferenceId, effect: effect.type, error: String(error) }, 'mixer order failed'));
        queues.set(conferenceId, next);
        void next.then(() => {
          if (queues.get(conferenceId) === next) queues.delete(conferenceId);
        });
      };
    },
    recordingOf: (conferenceId) => recordings.get(conferenceId),
    onMediaEvent(event) {
      if (event.type !== 'mixer.record_finished' && event.type !== 'mixer.record_failed') return;
      const conferenceId = conferenceIdOfMixer(event.mixerId);
      if (conferenceId === undefined || recordings.get(conferenceId) !== event.file) return;
      recordings.delete(conferenceId);
      if (event.type === 'mixer.record_failed') options.logger.error({ conferenceId, file: event.file, code: event.error.code, reason: event.error.message }, 'conference recording lost');
    },
  };
}
